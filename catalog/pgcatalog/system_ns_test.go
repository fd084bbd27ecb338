package pgcatalog

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

// withSystemRelations gives ctx a system namespace of two relations,
// listed out of name order to check the OIDs follow name order.
func withSystemRelations(ctx *Context) {
	ctx.SystemRelations = func() []SystemRelation {
		return []SystemRelation{
			{Name: "users", Columns: []Column{{Name: "user_id", Type: types.Text}, {Name: "created_at", Type: types.Int8}}},
			{Name: "stats", Columns: []Column{{Name: "metric_name", Type: types.Text}}},
		}
	}
}

func TestSystemNamespaceRows(t *testing.T) {
	ctx, _ := sampleContext(t)
	withSystemRelations(ctx)

	ns := rowsWhere(t, ctx, "pg_catalog", "pg_namespace", "nspname", "system")
	require.Len(t, ns, 1)
	assert.Equal(t, "16000", ns[0]["oid"])

	cls := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "users")
	require.Len(t, cls, 1)
	expectColumns(t, map[string]string{"oid": "16002", "relnamespace": "16000", "relkind": "v", "relnatts": "2", "relhasindex": "f"}, cls[0], "pg_class users")
	stats := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "stats")
	require.Len(t, stats, 1)
	assert.Equal(t, "16001", stats[0]["oid"])

	att := rowsWhere(t, ctx, "pg_catalog", "pg_attribute", "attrelid", "16002")
	require.Len(t, att, 2)
	expectColumns(t, map[string]string{"attname": "created_at", "attnum": "2", "atttypid": "20", "attnotnull": "f"}, att[1], "pg_attribute")

	tbl := rowsWhere(t, ctx, infoSchema, "tables", "table_schema", "system")
	require.Len(t, tbl, 2)
	expectColumns(t, map[string]string{"table_type": "VIEW", "is_insertable_into": "NO", "table_catalog": "kalamdb"}, tbl[0], "tables")
	cols := rowsWhere(t, ctx, infoSchema, "columns", "table_schema", "system")
	require.Len(t, cols, 3)
	expectColumns(t, map[string]string{"column_name": "metric_name", "data_type": "text", "is_nullable": "YES", "is_updatable": "NO"}, cols[0], "columns")
	require.Len(t, rowsWhere(t, ctx, infoSchema, "schemata", "schema_name", "system"), 1)

	res := Resolver(ctx)
	for _, tc := range []struct {
		k    types.Kind
		in   string
		oid  uint32
		name string
	}{
		{types.KindRegclass, "system.users", 16002, "system.users"},
		{types.KindRegclass, "system.stats", 16001, "system.stats"},
		{types.KindRegnamespace, "system", 16000, "system"},
	} {
		oid, name, err := res.ResolveRegName(tc.k, tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.oid, oid, tc.in)
		assert.Equal(t, tc.name, name, tc.in)
	}
	_, _, err := res.ResolveRegName(types.KindRegclass, "users")
	assert.Error(t, err, "system is not on the search path")
}

func TestSystemNamespaceHiddenWithoutHook(t *testing.T) {
	ctx, _ := sampleContext(t)
	assert.Empty(t, rowsWhere(t, ctx, "pg_catalog", "pg_namespace", "nspname", "system"))
	_, _, err := Resolver(ctx).ResolveRegName(types.KindRegnamespace, "system")
	assert.Error(t, err)
}

func TestSequenceRows(t *testing.T) {
	ctx, _ := sampleContext(t)
	st := newCatalogWithSequences(t)
	ctx.Catalog = st
	tbl, ok := st.Table("public", "s")
	require.True(t, ok)
	seqOID := func(col int) string { return strconv.Itoa(int(tbl.Columns[col].Sequence.OID)) }

	cls := rowsWhere(t, ctx, "pg_catalog", "pg_class", "relname", "s_id_seq")
	require.Len(t, cls, 1)
	expectColumns(t, map[string]string{"oid": seqOID(0), "relkind": "S", "relnatts": "3", "relpages": "1", "reltuples": "1", "relam": "0", "relreplident": "n"}, cls[0], "pg_class seq")

	att := rowsWhere(t, ctx, "pg_catalog", "pg_attribute", "attrelid", strconv.Itoa(int(tbl.OID)))
	require.Len(t, att, 3)
	for i, want := range []string{"", "a", "d"} {
		assert.Equal(t, want, att[i]["attidentity"], att[i]["attname"])
		assert.Equal(t, "t", att[i]["attnotnull"], att[i]["attname"])
	}
	def := rowsWhere(t, ctx, "pg_catalog", "pg_attrdef", "adrelid", strconv.Itoa(int(tbl.OID)))
	require.Len(t, def, 1)
	assert.Equal(t, "nextval('s_id_seq'::regclass)", def[0]["adbin"])

	seq := rowsWhere(t, ctx, "pg_catalog", "pg_sequence", "seqrelid", seqOID(1))
	require.Len(t, seq, 1)
	expectColumns(t, map[string]string{"seqtypid": "23", "seqstart": "1", "seqincrement": "1", "seqmax": "2147483647", "seqmin": "1", "seqcache": "1", "seqcycle": "f"}, seq[0], "pg_sequence")
	seqs := rowsWhere(t, ctx, "pg_catalog", "pg_sequences", "sequencename", "s_b_seq")
	require.Len(t, seqs, 1)
	expectColumns(t, map[string]string{"schemaname": "public", "sequenceowner": "root", "data_type": "bigint", "max_value": "9223372036854775807", "last_value": "<NULL>"}, seqs[0], "pg_sequences")

	cols := rowsWhere(t, ctx, infoSchema, "columns", "table_name", "s")
	require.Len(t, cols, 3)
	expectColumns(t, map[string]string{"is_identity": "NO", "column_default": "nextval('s_id_seq'::regclass)", "identity_generation": "<NULL>"}, cols[0], "id")
	expectColumns(t, map[string]string{"is_identity": "YES", "identity_generation": "ALWAYS", "identity_start": "1", "identity_maximum": "2147483647", "identity_cycle": "NO"}, cols[1], "a")
	expectColumns(t, map[string]string{"identity_generation": "BY DEFAULT", "identity_maximum": "9223372036854775807"}, cols[2], "b")

	res := Resolver(ctx)
	oid, name, err := res.ResolveRegName(types.KindRegclass, "s_id_seq")
	require.NoError(t, err)
	assert.Equal(t, seqOID(0), strconv.Itoa(int(oid)))
	assert.Equal(t, "s_id_seq", name)
	oid, name, err = res.ResolveRegName(types.KindRegclass, "public.s_a_seq")
	require.NoError(t, err)
	assert.Equal(t, seqOID(1), strconv.Itoa(int(oid)))
	assert.Equal(t, "s_a_seq", name)
}

// newCatalogWithSequences is a catalog holding public.s(id serial,
// a int identity always, b bigint identity by default).
func newCatalogWithSequences(t *testing.T) *catalog.Snapshot {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	cat, err := catalog.Open(context.Background(), st)
	require.NoError(t, err)
	require.NoError(t, cat.Change(context.Background(), func(ch *catalog.Change) error {
		return ch.CreateTable(&catalog.Table{Namespace: "public", Name: "s", Kind: catalog.KindShared, Columns: []catalog.Column{
			{Name: "id", Type: types.Int4, NotNull: true, Sequence: &catalog.Sequence{}},
			{Name: "a", Type: types.Int4, NotNull: true, Identity: "always", Sequence: &catalog.Sequence{}},
			{Name: "b", Type: types.Int8, NotNull: true, Identity: "by default", Sequence: &catalog.Sequence{}},
		}})
	}))
	return cat.Current()
}
