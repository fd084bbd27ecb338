package pgcatalog

import (
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

func init() {
	register("pg_catalog", "pg_index", indexRows)
	register("pg_catalog", "pg_constraint", constraintRows)
	register("pg_catalog", "pg_indexes", indexesRows)
}

// indexTpl is pg_index for a valid, ready btree primary key.
var indexTpl = newTemplate("pg_catalog", "pg_index", map[string]string{
	"indisunique": "t", "indnullsnotdistinct": "f", "indisprimary": "t", "indisexclusion": "f",
	"indimmediate": "t", "indisclustered": "f", "indisvalid": "t", "indcheckxmin": "f",
	"indisready": "t", "indislive": "t", "indisreplident": "f",
})

// indexRows: one row per primary key. indkey holds 1-based column
// numbers; indclass the type's default btree class; indcollation the
// default collation for collatable key columns.
func indexRows(ctx *Context) ([][]types.Value, error) {
	var out [][]types.Value
	tpl := indexTpl()
	for _, t := range ctx.Catalog.Tables("") {
		if !t.HasPrimaryKey() {
			continue
		}
		n := len(t.PrimaryKey)
		keys := make([]types.Value, n)
		classes := make([]types.Value, n)
		colls := make([]types.Value, n)
		opts := make([]types.Value, n)
		for i, k := range t.PrimaryKey {
			ti := typeInfoOf(t.Columns[k].Type)
			keys[i] = types.NewInt2(int16(k + 1))
			classes[i] = oidValue(ti.btreeOpc)
			colls[i] = oidValue(ti.collation)
			opts[i] = types.NewInt2(0)
		}
		row := tpl.row()
		tpl.int(row, "indexrelid", int64(IndexOID(t)))
		tpl.int(row, "indrelid", int64(t.OID))
		tpl.int(row, "indnatts", int64(n))
		tpl.int(row, "indnkeyatts", int64(n))
		tpl.set(row, "indkey", types.NewVector(types.KindInt2Vector, keys))
		tpl.set(row, "indcollation", types.NewVector(types.KindOIDVector, colls))
		tpl.set(row, "indclass", types.NewVector(types.KindOIDVector, classes))
		tpl.set(row, "indoption", types.NewVector(types.KindInt2Vector, opts))
		out = append(out, row)
	}
	return out, nil
}

func oidValue(oid uint32) types.Value { return types.Value{K: types.KindOID, I: int64(oid)} }

// constraintTpl is pg_constraint for a primary key.
var constraintTpl = newTemplate("pg_catalog", "pg_constraint", map[string]string{
	"contype": "p", "condeferrable": "f", "condeferred": "f", "convalidated": "t",
	"contypid": "0", "conparentid": "0", "confrelid": "0", "confupdtype": " ",
	"confdeltype": " ", "confmatchtype": " ", "conislocal": "t", "coninhcount": "0",
	"connoinherit": "t",
})

// constraintRows: one row per primary key, oid IndexOID(t) (see there).
func constraintRows(ctx *Context) ([][]types.Value, error) {
	var out [][]types.Value
	tpl := constraintTpl()
	for _, t := range ctx.Catalog.Tables("") {
		if !t.HasPrimaryKey() {
			continue
		}
		keys := make([]types.Value, len(t.PrimaryKey))
		for i, k := range t.PrimaryKey {
			keys[i] = types.NewInt2(int16(k + 1))
		}
		row := tpl.row()
		tpl.int(row, "oid", int64(IndexOID(t)))
		tpl.str(row, "conname", t.PrimaryKeyName())
		tpl.int(row, "connamespace", int64(namespaceOID(ctx, t.Namespace)))
		tpl.int(row, "conrelid", int64(t.OID))
		tpl.int(row, "conindid", int64(IndexOID(t)))
		tpl.set(row, "conkey", types.NewArray(types.Int2, keys))
		out = append(out, row)
	}
	return out, nil
}

var indexesTpl = newTemplate("pg_catalog", "pg_indexes", nil)

// indexesRows: the pg_indexes view over our primary keys.
func indexesRows(ctx *Context) ([][]types.Value, error) {
	var out [][]types.Value
	tpl := indexesTpl()
	for _, t := range ctx.Catalog.Tables("") {
		if !t.HasPrimaryKey() {
			continue
		}
		row := tpl.row()
		tpl.str(row, "schemaname", t.Namespace)
		tpl.str(row, "tablename", t.Name)
		tpl.str(row, "indexname", t.PrimaryKeyName())
		tpl.str(row, "indexdef", IndexDef(t))
		out = append(out, row)
	}
	return out, nil
}

// IndexDef is pg_get_indexdef of a table's primary-key index, as
// PostgreSQL prints it: "CREATE UNIQUE INDEX t_pkey ON ns.t USING btree (id)".
func IndexDef(t *catalog.Table) string {
	var b strings.Builder
	b.WriteString("CREATE UNIQUE INDEX ")
	b.WriteString(QuoteIdent(t.PrimaryKeyName()))
	b.WriteString(" ON ")
	b.WriteString(QuoteIdent(t.Namespace))
	b.WriteByte('.')
	b.WriteString(QuoteIdent(t.Name))
	b.WriteString(" USING btree (")
	for i, k := range t.PrimaryKey {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(QuoteIdent(t.Columns[k].Name))
	}
	b.WriteByte(')')
	return b.String()
}
