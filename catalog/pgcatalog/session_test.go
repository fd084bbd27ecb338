package pgcatalog

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionRelations(t *testing.T) {
	ctx, tbl := sampleContext(t)

	db := rowsWhere(t, ctx, "pg_catalog", "pg_database", "datname", "kalamdb")
	require.Len(t, db, 1)
	expectColumns(t, map[string]string{
		"oid": "5", "datdba": "10", "encoding": "6", "datlocprovider": "c", "datistemplate": "f",
		"datallowconn": "t", "datconnlimit": "-1", "dattablespace": "1663", "datcollate": "C",
		"datctype": "C", "daticulocale": "<NULL>", "datacl": "<NULL>",
	}, db[0], "pg_database")

	for _, rel := range []string{"pg_roles", "pg_authid"} {
		roles := rowsWhere(t, ctx, "pg_catalog", rel, "rolname", "root")
		require.Len(t, roles, 1, rel)
		expectColumns(t, map[string]string{
			"oid": "10", "rolsuper": "t", "rolinherit": "t", "rolcreaterole": "t", "rolcreatedb": "t",
			"rolcanlogin": "t", "rolreplication": "t", "rolconnlimit": "-1", "rolbypassrls": "t",
			"rolvaliduntil": "<NULL>",
		}, roles[0], rel)
	}
	users := rowsWhere(t, ctx, "pg_catalog", "pg_user", "usename", "root")
	require.Len(t, users, 1)
	expectColumns(t, map[string]string{"usesysid": "10", "usesuper": "t", "passwd": "********"}, users[0], "pg_user")

	act := rowsWhere(t, ctx, "pg_catalog", "pg_stat_activity", "pid", "42")
	require.Len(t, act, 1)
	expectColumns(t, map[string]string{
		"datid": "5", "datname": "kalamdb", "usesysid": "10", "usename": "root",
		"application_name": "psql", "state": "active", "backend_type": "client backend",
	}, act[0], "pg_stat_activity")

	var nsNames []string
	for _, n := range rowsWhere(t, ctx, "pg_catalog", "pg_namespace", "nspowner", "10") {
		nsNames = append(nsNames, n["nspname"]+":"+n["oid"])
	}
	probe, _ := ctx.Catalog.Namespace("pgcat_probe")
	assert.Equal(t, []string{"pg_catalog:11", "pg_toast:99", "information_schema:13207",
		"pgcat_probe:" + strconv.Itoa(int(probe.OID)), "public:2200"}, nsNames)

	tables := rowsWhere(t, ctx, "pg_catalog", "pg_tables", "tablename", "items")
	require.Len(t, tables, 1)
	expectColumns(t, map[string]string{"schemaname": "pgcat_probe", "tableowner": "root", "tablespace": "<NULL>", "hasindexes": "t", "hasrules": "f"}, tables[0], "pg_tables")
	assert.Len(t, rowsWhere(t, ctx, "pg_catalog", "pg_tables", "schemaname", "pg_catalog"), 64)

	stats := rowsWhere(t, ctx, "pg_catalog", "pg_stat_user_tables", "relname", "items")
	require.Len(t, stats, 1)
	expectColumns(t, map[string]string{"relid": strconv.Itoa(int(tbl.OID)), "schemaname": "pgcat_probe", "n_live_tup": "0", "seq_scan": "0", "last_vacuum": "<NULL>"}, stats[0], "pg_stat_user_tables")
	idx := rowsWhere(t, ctx, "pg_catalog", "pg_stat_user_indexes", "relname", "items")
	require.Len(t, idx, 1)
	assert.Equal(t, "items_pkey", idx[0]["indexrelname"])

	// Relations that have rows in PostgreSQL but not here.
	for _, name := range []string{"pg_description", "pg_trigger", "pg_views", "pg_enum"} {
		r, ok := Lookup("pg_catalog", name)
		require.True(t, ok)
		assert.Nil(t, r.Rows, name)
	}
}

func TestSettings(t *testing.T) {
	ctx, _ := sampleContext(t)
	get := func(name string) map[string]string {
		rows := rowsWhere(t, ctx, "pg_catalog", "pg_settings", "name", name)
		require.Len(t, rows, 1, name)
		return rows[0]
	}
	expectColumns(t, map[string]string{
		"setting": "psql", "category": "Reporting and Logging / What to Log", "context": "user",
		"vartype": "string", "short_desc": "Sets the application name to be reported in statistics and logs.",
		"reset_val": "psql", "pending_restart": "f",
	}, get("application_name"), "application_name")
	expectColumns(t, map[string]string{"setting": "ISO, MDY", "extra_desc": "Also controls interpretation of ambiguous date inputs."}, get("DateStyle"), "DateStyle")
	// Not a session setting: PostgreSQL's compile-time value (pgjdbc asks).
	expectColumns(t, map[string]string{"setting": "32", "context": "internal", "vartype": "integer", "min_val": "32", "max_val": "32"}, get("max_index_keys"), "max_index_keys")
	expectColumns(t, map[string]string{"setting": "u1", "category": "Customized Options", "vartype": "string"}, get("kalam.user_id"), "kalam.user_id")
	// Settings PostgreSQL has but the session does not list are absent,
	// unless they are compile-time constants.
	assert.Empty(t, rowsWhere(t, ctx, "pg_catalog", "pg_settings", "name", "work_mem"))
	// Listed by the session without a value: PostgreSQL's boot value.
	expectColumns(t, map[string]string{
		"setting": "notice", "vartype": "enum",
		"enumvals": "{debug5,debug4,debug3,debug2,debug1,log,notice,warning,error}",
	}, get("client_min_messages"), "client_min_messages")
}

func TestKeywordsAndQuoteIdent(t *testing.T) {
	kw := Keywords()
	require.Len(t, kw, 460)
	assert.Equal(t, "abort", kw[0][0].S)
	c, ok := KeywordCategory("select")
	require.True(t, ok)
	assert.Equal(t, byte('R'), c)
	_, ok = KeywordCategory("items")
	assert.False(t, ok)

	// quote_ident's answers in PostgreSQL 15.
	for in, want := range map[string]string{
		"select": `"select"`, "Id": `"Id"`, "a b": `"a b"`, "user": `"user"`, "name": "name",
		"int": `"int"`, "_x1": "_x1", "1x": `"1x"`, `a"b`: `"a""b"`, "abs": "abs",
		"between": `"between"`, "été": `"été"`, "": `""`,
	} {
		assert.Equal(t, want, QuoteIdent(in), in)
	}
}
