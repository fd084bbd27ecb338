package pgcatalog

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected values below are what PostgreSQL 15.18 returns for the
// table in sampleTable. OIDs differ and are checked for consistency
// instead. Known differences from PostgreSQL, by design: reltype 0 (no
// composite row type), reltoastrelid 0 (no TOAST), relfrozenxid 0, and
// defaults shown as the SQL text KalamDB stored ('x' where PostgreSQL
// deparses 'x'::character varying).

func TestSamplePgClass(t *testing.T) {
	ctx, tbl := sampleContext(t)
	ns, ok := ctx.Catalog.Namespace("pgcat_probe")
	require.True(t, ok)
	nsOID := strconv.Itoa(int(ns.OID))

	rows := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relnamespace", nsOID)
	require.Len(t, rows, 2)
	expectColumns(t, map[string]string{
		"oid": strconv.Itoa(int(tbl.OID)), "relname": "items", "reltype": "0", "reloftype": "0",
		"relowner": "10", "relam": "2", "reltablespace": "0", "relpages": "0", "reltuples": "-1",
		"relallvisible": "0", "relhasindex": "t", "relisshared": "f", "relpersistence": "p",
		"relkind": "r", "relnatts": "19", "relchecks": "0", "relhasrules": "f", "relhastriggers": "f",
		"relhassubclass": "f", "relrowsecurity": "f", "relforcerowsecurity": "f", "relispopulated": "t",
		"relreplident": "d", "relispartition": "f", "relrewrite": "0", "relminmxid": "1",
		"relacl": "<NULL>", "reloptions": "<NULL>", "relpartbound": "<NULL>",
	}, rows[0], "items")
	expectColumns(t, map[string]string{
		"oid": strconv.Itoa(int(tbl.OID + 1)), "relname": "items_pkey", "reltype": "0", "reloftype": "0",
		"relowner": "10", "relam": "403", "reltablespace": "0", "relpages": "1", "reltuples": "0",
		"relallvisible": "0", "reltoastrelid": "0", "relhasindex": "f", "relisshared": "f",
		"relpersistence": "p", "relkind": "i", "relnatts": "2", "relchecks": "0", "relhasrules": "f",
		"relhastriggers": "f", "relhassubclass": "f", "relrowsecurity": "f", "relforcerowsecurity": "f",
		"relispopulated": "t", "relreplident": "n", "relispartition": "f", "relrewrite": "0",
		"relfrozenxid": "0", "relminmxid": "0", "relacl": "<NULL>", "reloptions": "<NULL>",
	}, rows[1], "items_pkey")

	// The system relations are there too, with PostgreSQL's OIDs.
	cls := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "pg_class")
	require.Len(t, cls, 1)
	expectColumns(t, map[string]string{"oid": "1259", "relnamespace": "11", "relkind": "r", "relnatts": "33", "reltype": "83"}, cls[0], "pg_class")
	tables := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "tables")
	require.Len(t, tables, 1)
	expectColumns(t, map[string]string{"relkind": "v", "relnamespace": "13207"}, tables[0], "information_schema.tables")
	// A table without a primary key has no index.
	log := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "log")
	require.Len(t, log, 1)
	expectColumns(t, map[string]string{"relnamespace": "2200", "relhasindex": "f", "relnatts": "1"}, log[0], "log")
	require.Empty(t, rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "log_pkey"))
}

// pgAttribute is PostgreSQL's pg_attribute for the sample table:
// attname, atttypid, attlen, attnum, atttypmod, attbyval, attalign,
// attstorage, attnotnull, atthasdef, attcollation.
const pgAttribute = `tenant|23|4|1|-1|t|i|p|t|f|0
id|20|8|2|-1|t|d|p|t|f|0
name|1043|-1|3|54|f|i|x|t|t|100
price|1700|-1|4|655366|f|i|m|f|f|0
qty|21|2|5|-1|t|s|p|f|t|0
ok|16|1|6|-1|t|c|p|f|f|0
code|1042|-1|7|7|f|i|x|f|f|100
note|25|-1|8|-1|f|i|x|f|f|100
f|700|4|9|-1|t|i|p|f|f|0
d|701|8|10|-1|t|d|p|f|f|0
created|1184|8|11|-1|t|d|p|f|t|0
ts|1114|8|12|3|t|d|p|f|f|0
t|1083|8|13|-1|t|d|p|f|f|0
dt|1082|4|14|-1|t|i|p|f|f|0
b|17|-1|15|-1|f|i|x|f|f|0
u|2950|16|16|-1|f|c|p|f|f|0
j|114|-1|17|-1|f|i|x|f|f|0
jb|3802|-1|18|-1|f|i|x|f|f|0
n|1700|-1|19|-1|f|i|m|f|f|0`

var pgAttributeCols = strings.Split("attname atttypid attlen attnum atttypmod attbyval attalign attstorage attnotnull atthasdef attcollation", " ")

func TestSamplePgAttribute(t *testing.T) {
	ctx, tbl := sampleContext(t)
	rows := rowsWhere(t, ctx, "pg_catalog", "pg_attribute", "attrelid", strconv.Itoa(int(tbl.OID)))
	want := strings.Split(pgAttribute, "\n")
	require.Len(t, rows, len(want))
	for i, line := range want {
		exp := map[string]string{
			"attstattarget": "-1", "attndims": "0", "attcacheoff": "-1", "attcompression": "",
			"atthasmissing": "f", "attidentity": "", "attgenerated": "", "attisdropped": "f",
			"attislocal": "t", "attinhcount": "0", "attacl": "<NULL>", "attoptions": "<NULL>",
		}
		for j, v := range strings.Split(line, "|") {
			exp[pgAttributeCols[j]] = v
		}
		expectColumns(t, exp, rows[i], "column "+rows[i]["attname"])
	}

	// The index's columns: PostgreSQL gives them attnotnull false, no default.
	idx := rowsWhere(t, ctx, "pg_catalog", "pg_attribute", "attrelid", strconv.Itoa(int(tbl.OID+1)))
	require.Len(t, idx, 2)
	expectColumns(t, map[string]string{"attname": "tenant", "atttypid": "23", "attnum": "1", "attnotnull": "f", "atthasdef": "f", "attstattarget": "-1"}, idx[0], "pkey tenant")
	expectColumns(t, map[string]string{"attname": "id", "atttypid": "20", "attnum": "2", "attalign": "d"}, idx[1], "pkey id")

	// System relations' columns are PostgreSQL's (domains included).
	sys := rowsWhere(t, ctx, "pg_catalog", "pg_attribute", "attrelid", "1259")
	require.Len(t, sys, 33)
	expectColumns(t, map[string]string{"attname": "relname", "atttypid": "19", "attlen": "64", "attnum": "2", "attnotnull": "t", "attcollation": "950"}, sys[1], "pg_class.relname")
}

func TestSamplePgAttrdef(t *testing.T) {
	ctx, tbl := sampleContext(t)
	rows := rowsWhere(t, ctx, "pg_catalog", "pg_attrdef", "adrelid", strconv.Itoa(int(tbl.OID)))
	require.Len(t, rows, 3)
	got := map[string]string{}
	oids := map[string]bool{}
	for _, r := range rows {
		got[r["adnum"]] = r["adbin"]
		oids[r["oid"]] = true
	}
	assert.Equal(t, map[string]string{"3": "'x'", "5": "0", "11": "now()"}, got)
	assert.Len(t, oids, 3, "attrdef OIDs are distinct")
}

func TestSamplePgIndexAndConstraint(t *testing.T) {
	ctx, tbl := sampleContext(t)
	ns, _ := ctx.Catalog.Namespace("pgcat_probe")
	idx := rowsWhere(t, ctx, "pg_catalog", "pg_index", "indrelid", strconv.Itoa(int(tbl.OID)))
	require.Len(t, idx, 1)
	expectColumns(t, map[string]string{
		"indexrelid": strconv.Itoa(int(tbl.OID + 1)), "indnatts": "2", "indnkeyatts": "2",
		"indisunique": "t", "indnullsnotdistinct": "f", "indisprimary": "t", "indisexclusion": "f",
		"indimmediate": "t", "indisclustered": "f", "indisvalid": "t", "indcheckxmin": "f",
		"indisready": "t", "indislive": "t", "indisreplident": "f", "indkey": "1 2",
		"indcollation": "0 0", "indclass": "1978 3124", "indoption": "0 0",
		"indexprs": "<NULL>", "indpred": "<NULL>",
	}, idx[0], "pg_index")

	con := rowsWhere(t, ctx, "pg_catalog", "pg_constraint", "conrelid", strconv.Itoa(int(tbl.OID)))
	require.Len(t, con, 1)
	expectColumns(t, map[string]string{
		"oid": strconv.Itoa(int(tbl.OID + 1)), "conname": "items_pkey", "connamespace": strconv.Itoa(int(ns.OID)),
		"contype": "p", "condeferrable": "f", "condeferred": "f", "convalidated": "t", "contypid": "0",
		"conindid": strconv.Itoa(int(tbl.OID + 1)), "conparentid": "0", "confrelid": "0",
		"confupdtype": " ", "confdeltype": " ", "confmatchtype": " ", "conislocal": "t",
		"coninhcount": "0", "connoinherit": "t", "conkey": "{1,2}", "confkey": "<NULL>", "conbin": "<NULL>",
	}, con[0], "pg_constraint")

	ix := rowsWhere(t, ctx, "pg_catalog", "pg_indexes", "schemaname", "pgcat_probe")
	require.Len(t, ix, 1)
	expectColumns(t, map[string]string{
		"tablename": "items", "indexname": "items_pkey", "tablespace": "<NULL>",
		"indexdef": "CREATE UNIQUE INDEX items_pkey ON pgcat_probe.items USING btree (tenant, id)",
	}, ix[0], "pg_indexes")
}

// infoColumns is PostgreSQL's information_schema.columns for the sample
// table: column_name, ordinal_position, column_default, is_nullable,
// data_type, character_maximum_length, character_octet_length,
// numeric_precision, numeric_precision_radix, numeric_scale,
// datetime_precision, udt_name (empty = NULL).
const infoColumns = `tenant|1||NO|integer|||32|2|0||int4
id|2||NO|bigint|||64|2|0||int8
name|3|'x'|NO|character varying|50|200|||||varchar
price|4||YES|numeric|||10|10|2||numeric
qty|5|0|YES|smallint|||16|2|0||int2
ok|6||YES|boolean|||||||bool
code|7||YES|character|3|12|||||bpchar
note|8||YES|text||1073741824|||||text
f|9||YES|real|||24|2|||float4
d|10||YES|double precision|||53|2|||float8
created|11|now()|YES|timestamp with time zone||||||6|timestamptz
ts|12||YES|timestamp without time zone||||||3|timestamp
t|13||YES|time without time zone||||||6|time
dt|14||YES|date||||||0|date
b|15||YES|bytea|||||||bytea
u|16||YES|uuid|||||||uuid
j|17||YES|json|||||||json
jb|18||YES|jsonb|||||||jsonb
n|19||YES|numeric||||10|||numeric`

var infoColumnsCols = strings.Split("column_name ordinal_position column_default is_nullable data_type character_maximum_length character_octet_length numeric_precision numeric_precision_radix numeric_scale datetime_precision udt_name", " ")

func TestSampleInformationSchemaColumns(t *testing.T) {
	ctx, _ := sampleContext(t)
	rows := rowsWhere(t, ctx, "information_schema", "columns", "table_name", "items")
	want := strings.Split(infoColumns, "\n")
	require.Len(t, rows, len(want))
	for i, line := range want {
		exp := map[string]string{
			"table_catalog": "kalamdb", "table_schema": "pgcat_probe", "udt_catalog": "kalamdb",
			"udt_schema": "pg_catalog", "collation_name": "<NULL>", "domain_name": "<NULL>",
			"interval_type": "<NULL>", "dtd_identifier": strconv.Itoa(i + 1), "is_self_referencing": "NO",
			"is_identity": "NO", "identity_cycle": "NO", "is_generated": "NEVER", "is_updatable": "YES",
		}
		for j, v := range strings.Split(line, "|") {
			if v == "" {
				v = "<NULL>"
			}
			exp[infoColumnsCols[j]] = v
		}
		expectColumns(t, exp, rows[i], "column "+rows[i]["column_name"])
	}

	// System relations are described as PostgreSQL describes them, in our
	// database.
	sys := rowsWhere(t, ctx, "information_schema", "columns", "table_name", "pg_class")
	require.Len(t, sys, 33)
	expectColumns(t, map[string]string{
		"table_catalog": "kalamdb", "table_schema": "pg_catalog", "column_name": "relacl",
		"data_type": "ARRAY", "udt_name": "_aclitem", "is_nullable": "YES", "udt_catalog": "kalamdb",
	}, sys[30], "pg_class.relacl")
}

func TestSampleInformationSchemaTablesAndConstraints(t *testing.T) {
	ctx, tbl := sampleContext(t)
	ns, _ := ctx.Catalog.Namespace("pgcat_probe")
	tables := rowsWhere(t, ctx, "information_schema", "tables", "table_schema", "pgcat_probe")
	require.Len(t, tables, 1)
	expectColumns(t, map[string]string{
		"table_catalog": "kalamdb", "table_name": "items", "table_type": "BASE TABLE",
		"self_referencing_column_name": "<NULL>", "is_insertable_into": "YES", "is_typed": "NO", "commit_action": "<NULL>",
	}, tables[0], "tables")
	sys := rowsWhere(t, ctx, "information_schema", "tables", "table_name", "pg_roles")
	require.Len(t, sys, 1)
	expectColumns(t, map[string]string{"table_catalog": "kalamdb", "table_type": "VIEW", "is_insertable_into": "NO"}, sys[0], "pg_roles")

	cons := rowsWhere(t, ctx, "information_schema", "table_constraints", "table_name", "items")
	prefix := strconv.Itoa(int(ns.OID)) + "_" + strconv.Itoa(int(tbl.OID)) + "_"
	var got [][2]string
	for _, c := range cons {
		require.Equal(t, "NO", c["is_deferrable"])
		require.Equal(t, "YES", c["enforced"])
		require.Equal(t, "kalamdb", c["constraint_catalog"])
		got = append(got, [2]string{c["constraint_name"], c["constraint_type"]})
	}
	assert.Equal(t, [][2]string{
		{"items_pkey", "PRIMARY KEY"},
		{prefix + "1_not_null", "CHECK"}, {prefix + "2_not_null", "CHECK"}, {prefix + "3_not_null", "CHECK"},
	}, got)

	kcu := rowsWhere(t, ctx, "information_schema", "key_column_usage", "table_name", "items")
	require.Len(t, kcu, 2)
	expectColumns(t, map[string]string{"constraint_name": "items_pkey", "column_name": "tenant", "ordinal_position": "1", "position_in_unique_constraint": "<NULL>"}, kcu[0], "kcu 1")
	expectColumns(t, map[string]string{"constraint_name": "items_pkey", "column_name": "id", "ordinal_position": "2"}, kcu[1], "kcu 2")

	ccu := rowsWhere(t, ctx, "information_schema", "constraint_column_usage", "table_name", "items")
	require.Len(t, ccu, 2)
	assert.Equal(t, "tenant", ccu[0]["column_name"])

	schemata := rowsWhere(t, ctx, "information_schema", "schemata", "catalog_name", "kalamdb")
	var names []string
	for _, s := range schemata {
		names = append(names, s["schema_name"])
	}
	assert.Equal(t, []string{"pg_catalog", "pg_toast", "information_schema", "pgcat_probe", "public"}, names)
}
