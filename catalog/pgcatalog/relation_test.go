package pgcatalog

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// textFallback are the PostgreSQL types of system columns that KalamDB
// does not represent; such columns read as text.
var textFallback = map[uint32]string{
	28: "xid", 194: "pg_node_tree", 869: "inet", 1186: "interval", 2277: "anyarray",
	3220: "pg_lsn", 3361: "pg_ndistinct", 3402: "pg_dependencies", 5017: "pg_mcv_list",
	10028: "pg_statistic[]",
}

// TestColumnsMatchPostgres checks every relation against the generated
// definitions read afresh: same relations, same column names in order,
// same type OIDs and typmods (text for the types in textFallback).
func TestColumnsMatchPostgres(t *testing.T) {
	defs, err := readTable("relations")
	require.NoError(t, err)
	type col struct {
		name string
		oid  uint32
		mod  int32
	}
	want := map[string][]col{}
	var order []string
	for _, r := range defs.rows {
		c := r.cells // nspname relname oid relkind attname atttypid atttypmod
		key := c[0] + "." + c[1]
		if _, ok := want[key]; !ok {
			order = append(order, key)
		}
		oid, err := strconv.ParseUint(c[5], 10, 32)
		require.NoError(t, err)
		mod, err := strconv.ParseInt(c[6], 10, 32)
		require.NoError(t, err)
		want[key] = append(want[key], col{c[4], uint32(oid), int32(mod)})
	}
	rels := Relations()
	require.Len(t, rels, len(order))
	fallbacks := 0
	for i, r := range rels {
		key := r.Namespace + "." + r.Name
		require.Equal(t, order[i], key, "relations are sorted by namespace, name")
		cols := want[key]
		require.Len(t, r.Columns, len(cols), key)
		for j, c := range r.Columns {
			w := cols[j]
			require.Equal(t, w.name, c.Name, key)
			if _, ok := textFallback[w.oid]; ok {
				assert.Equal(t, types.Text, c.Type, "%s.%s", key, c.Name)
				fallbacks++
				continue
			}
			assert.Equal(t, w.oid, c.Type.OID(), "%s.%s", key, c.Name)
			assert.Equal(t, w.mod, c.Type.Mod, "%s.%s", key, c.Name)
		}
	}
	assert.Less(t, fallbacks, 80, "few columns fall back to text")
}

func TestFixedOIDsAndLookups(t *testing.T) {
	for name, oid := range map[string]uint32{
		"pg_type": 1247, "pg_attribute": 1249, "pg_proc": 1255, "pg_class": 1259, "pg_database": 1262,
		"pg_am": 2601, "pg_attrdef": 2604, "pg_constraint": 2606, "pg_description": 2609,
		"pg_index": 2610, "pg_namespace": 2615, "pg_authid": 1260, "pg_tablespace": 1213,
	} {
		r, ok := Lookup("pg_catalog", name)
		require.True(t, ok, name)
		assert.Equal(t, oid, r.OID, name)
		assert.Equal(t, byte('r'), r.Kind, name)
		byOID, ok := ByOID(oid)
		require.True(t, ok, name)
		assert.Same(t, r, byOID)
	}
	r, ok := Lookup("pg_catalog", "pg_roles")
	require.True(t, ok)
	assert.Equal(t, byte('v'), r.Kind)
	_, ok = Lookup("pg_catalog", "no_such_relation")
	assert.False(t, ok)
	_, ok = Lookup("information_schema", "pg_class")
	assert.False(t, ok)
	_, ok = ByOID(16384)
	assert.False(t, ok)

	// Relations returns a copy.
	a := Relations()
	a[0] = nil
	assert.NotNil(t, Relations()[0])

	ns, ok := SystemNamespaceOID("information_schema")
	require.True(t, ok)
	assert.Equal(t, uint32(13207), ns)
}

// TestClientSurfaceExists: every relation the captured clients touch
// (reference/pgwire-peers.md §2.9) exists, and information_schema's
// columns carry base types, not domains.
func TestClientSurfaceExists(t *testing.T) {
	for _, name := range []string{
		"pg_class", "pg_namespace", "pg_attribute", "pg_type", "pg_index", "pg_constraint", "pg_attrdef",
		"pg_am", "pg_description", "pg_database", "pg_roles", "pg_authid", "pg_user", "pg_auth_members",
		"pg_proc", "pg_settings", "pg_tables", "pg_views", "pg_matviews", "pg_indexes", "pg_enum",
		"pg_collation", "pg_extension", "pg_tablespace", "pg_inherits", "pg_partitioned_table",
		"pg_policy", "pg_statistic_ext", "pg_publication", "pg_publication_namespace",
		"pg_publication_rel", "pg_trigger", "pg_stat_user_tables", "pg_stat_activity", "pg_stat_ssl",
		"pg_sequence", "pg_sequences", "pg_rewrite", "pg_depend", "pg_shdescription", "pg_foreign_table",
		"pg_foreign_server", "pg_foreign_data_wrapper", "pg_event_trigger", "pg_locks",
		"pg_prepared_statements", "pg_operator", "pg_opclass", "pg_cast", "pg_range", "pg_aggregate",
	} {
		_, ok := Lookup("pg_catalog", name)
		assert.True(t, ok, name)
	}
	for _, name := range []string{
		"tables", "columns", "schemata", "views", "table_constraints", "key_column_usage",
		"referential_constraints", "routines", "parameters", "sequences",
	} {
		_, ok := Lookup("information_schema", name)
		assert.True(t, ok, name)
	}
	cols, _ := Lookup("information_schema", "columns")
	for name, want := range map[string]types.Type{
		"table_name": types.Name, "ordinal_position": types.Int4, "is_nullable": {Kind: types.KindVarchar, Mod: 3 + 4}, // yes_or_no is varchar(3)
		"data_type": types.Varchar, "character_maximum_length": types.Int4,
	} {
		assert.Equal(t, want, cols.Columns[cols.ColumnIndex(name)].Type, name)
	}
}

// TestEveryRelationScans runs every relation's Rows against the sample
// catalog: rows have the relation's width and each value the kind of its
// column (or NULL). Relations without rows have nil Rows.
func TestEveryRelationScans(t *testing.T) {
	ctx, _ := sampleContext(t)
	withRows, staticOnly := 0, 0
	for _, r := range Relations() {
		key := r.Namespace + "." + r.Name
		_, dynamic := rowSources[key]
		if !dynamic && hasData(key) {
			staticOnly++
		}
		if r.Rows == nil {
			continue
		}
		withRows++
		rows, err := r.Rows(ctx)
		require.NoError(t, err, r.Name)
		for _, row := range rows {
			require.Len(t, row, len(r.Columns), r.Name)
			for i, v := range row {
				if v.IsNull() {
					continue
				}
				require.Equal(t, r.Columns[i].Type.Kind, v.K, "%s.%s", r.Name, r.Columns[i].Name)
			}
		}
	}
	// Every source is attached to a relation (no misspelt names).
	assert.Equal(t, len(rowSources)+staticOnly, withRows)
	assert.Greater(t, staticOnly, 15)
	empty, _ := Lookup("pg_catalog", "pg_trigger")
	assert.Nil(t, empty.Rows)
}
