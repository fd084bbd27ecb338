package pgcatalog

import (
	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

func init() {
	register("pg_catalog", "pg_attribute", attributeRows)
	register("pg_catalog", "pg_attrdef", attrdefRows)
}

// attributeTpl is pg_attribute as PostgreSQL 15 fills it for a user column.
var attributeTpl = newTemplate("pg_catalog", "pg_attribute", map[string]string{
	"attstattarget": "-1", "attndims": "0", "attcacheoff": "-1", "attcompression": "",
	"atthasmissing": "f", "attidentity": "", "attgenerated": "", "attisdropped": "f",
	"attislocal": "t", "attinhcount": "0", "atthasdef": "f", "attnotnull": "f",
})

// attributeRows: the system relations' columns (generated), then the
// columns of each of our tables and of its primary-key index, then the
// columns of KalamDB's system relations (system_ns.go). Like
// PostgreSQL, a primary-key column is NOT NULL. Our hidden columns (_seq,
// _deleted) and PostgreSQL's system columns (ctid, xmin …) are not listed.
func attributeRows(ctx *Context) ([][]types.Value, error) {
	static, err := staticRows(mustLookup("pg_catalog", "pg_attribute"))
	if err != nil {
		return nil, err
	}
	out := append([][]types.Value(nil), static...)
	tpl := attributeTpl()
	for _, t := range ctx.Catalog.Tables("") {
		for i, c := range t.Columns {
			row := attributeRow(tpl, t.OID, c, i+1)
			tpl.bool(row, "attnotnull", c.NotNull || t.IsKeyColumn(i))
			tpl.bool(row, "atthasdef", c.Default != "")
			tpl.int(row, "attidentity", int64(identityCode(c.Identity)))
			out = append(out, row)
		}
		for n, k := range t.PrimaryKey {
			out = append(out, attributeRow(tpl, IndexOID(t), t.Columns[k], n+1))
		}
	}
	return append(out, systemAttributeRows(ctx, tpl)...), nil
}

// identityCode is pg_attribute.attidentity for catalog.Column.Identity:
// 'a' for GENERATED ALWAYS, 'd' for BY DEFAULT, 0 (shown as ”) otherwise.
func identityCode(identity string) byte {
	switch identity {
	case "always":
		return 'a'
	case "by default":
		return 'd'
	}
	return 0
}

// attributeRow describes column c at position attnum of relation rel.
func attributeRow(tpl *rowTemplate, rel uint32, c catalog.Column, attnum int) []types.Value {
	return typedAttributeRow(tpl, rel, c.Name, c.Type, attnum)
}

// typedAttributeRow describes column name of type typ at position attnum
// of relation rel.
func typedAttributeRow(tpl *rowTemplate, rel uint32, name string, typ types.Type, attnum int) []types.Value {
	ti := typeInfoOf(typ)
	row := tpl.row()
	tpl.int(row, "attrelid", int64(rel))
	tpl.str(row, "attname", name)
	tpl.int(row, "atttypid", int64(typ.OID()))
	tpl.int(row, "attlen", ti.len)
	tpl.int(row, "attnum", int64(attnum))
	tpl.int(row, "atttypmod", int64(typ.Mod))
	tpl.bool(row, "attbyval", ti.byVal)
	tpl.int(row, "attalign", int64(ti.align))
	tpl.int(row, "attstorage", int64(ti.storage))
	tpl.int(row, "attcollation", int64(ti.collation))
	return row
}

// AttrdefOID is pg_attrdef.oid for the default of column attnum (1-based)
// of table t: attnum in the top 10 bits, the table OID below. It is unique
// while table OIDs stay below 2^22 (two million tables) and tables have
// fewer than 1024 columns.
func AttrdefOID(t *catalog.Table, attnum int) uint32 { return uint32(attnum)<<22 | t.OID }

var attrdefTpl = newTemplate("pg_catalog", "pg_attrdef", nil)

// attrdefRows: one row per column with a DEFAULT. adbin holds the default
// as SQL text (not a node tree); pg_get_expr returns it unchanged.
func attrdefRows(ctx *Context) ([][]types.Value, error) {
	var out [][]types.Value
	tpl := attrdefTpl()
	for _, t := range ctx.Catalog.Tables("") {
		for i, c := range t.Columns {
			if c.Default == "" {
				continue
			}
			row := tpl.row()
			tpl.int(row, "oid", int64(AttrdefOID(t, i+1)))
			tpl.int(row, "adrelid", int64(t.OID))
			tpl.int(row, "adnum", int64(i+1))
			tpl.str(row, "adbin", c.Default)
			out = append(out, row)
		}
	}
	return out, nil
}
