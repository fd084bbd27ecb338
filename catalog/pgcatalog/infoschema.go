package pgcatalog

import (
	"strconv"
	"strings"
	"sync"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

const infoSchema = "information_schema"

func init() {
	register(infoSchema, "schemata", schemataRows)
	register(infoSchema, "tables", infoTablesRows)
	register(infoSchema, "columns", infoColumnsRows)
	register(infoSchema, "table_constraints", tableConstraintsRows)
	register(infoSchema, "key_column_usage", keyColumnUsageRows)
	register(infoSchema, "constraint_column_usage", constraintColumnUsageRows)
}

var schemataTpl = newTemplate(infoSchema, "schemata", nil)

// schemataRows: the system schemas, then ours.
func schemataRows(ctx *Context) ([][]types.Value, error) {
	names := []string{"pg_catalog", "pg_toast", infoSchema}
	if ctx.SystemRelations != nil {
		names = append(names, KalamSystemNamespace)
	}
	for _, ns := range ctx.Catalog.Namespaces() {
		names = append(names, ns.Name)
	}
	tpl := schemataTpl()
	out := make([][]types.Value, 0, len(names))
	for _, n := range names {
		row := tpl.row()
		tpl.str(row, "catalog_name", ctx.databaseName())
		tpl.str(row, "schema_name", n)
		tpl.str(row, "schema_owner", ctx.roleName())
		out = append(out, row)
	}
	return out, nil
}

// staticInfoRows returns the generated rows of an information_schema view
// describing the system relations, with their catalog columns
// (table_catalog, udt_catalog …) naming database instead of the
// generating server's. The rows are cached per database name.
func staticInfoRows(rel *Relation, database string) ([][]types.Value, error) {
	key := rel.Name + "\x00" + database
	if rows, ok := infoCache.Load(key); ok {
		return rows.([][]types.Value), nil
	}
	static, err := staticRows(rel)
	if err != nil {
		return nil, err
	}
	var catalogCols []int
	for i, c := range rel.Columns {
		if strings.HasSuffix(c.Name, "_catalog") {
			catalogCols = append(catalogCols, i)
		}
	}
	rows := make([][]types.Value, len(static))
	for i, r := range static {
		row := append([]types.Value(nil), r...)
		for _, c := range catalogCols {
			if !row[c].IsNull() {
				row[c].S = database
			}
		}
		rows[i] = row
	}
	infoCache.Store(key, rows)
	return rows, nil
}

var infoCache sync.Map // view name + "\x00" + database → [][]types.Value

var infoTablesTpl = newTemplate(infoSchema, "tables", map[string]string{
	"table_type": "BASE TABLE", "is_insertable_into": "YES", "is_typed": "NO",
})

func infoTablesRows(ctx *Context) ([][]types.Value, error) {
	static, err := staticInfoRows(mustLookup(infoSchema, "tables"), ctx.databaseName())
	if err != nil {
		return nil, err
	}
	out := append([][]types.Value(nil), static...)
	tpl := infoTablesTpl()
	for _, t := range ctx.Catalog.Tables("") {
		row := tpl.row()
		tpl.str(row, "table_catalog", ctx.databaseName())
		tpl.str(row, "table_schema", t.Namespace)
		tpl.str(row, "table_name", t.Name)
		out = append(out, row)
	}
	return append(out, systemInfoTableRows(ctx, tpl)...), nil
}

var infoColumnsTpl = newTemplate(infoSchema, "columns", map[string]string{
	"udt_schema": "pg_catalog", "is_self_referencing": "NO", "is_identity": "NO",
	"identity_cycle": "NO", "is_generated": "NEVER", "is_updatable": "YES",
})

func infoColumnsRows(ctx *Context) ([][]types.Value, error) {
	static, err := staticInfoRows(mustLookup(infoSchema, "columns"), ctx.databaseName())
	if err != nil {
		return nil, err
	}
	out := append([][]types.Value(nil), static...)
	tpl := infoColumnsTpl()
	db := ctx.databaseName()
	for _, t := range ctx.Catalog.Tables("") {
		for i, c := range t.Columns {
			row := infoColumnRow(tpl, db, t.Namespace, t.Name, c.Name, c.Type, i+1)
			if c.Default != "" {
				tpl.str(row, "column_default", c.Default)
			}
			tpl.str(row, "is_nullable", yesNo(!c.NotNull && !t.IsKeyColumn(i)))
			setIdentityFacts(tpl, row, c)
			out = append(out, row)
		}
	}
	return append(out, systemInfoColumnRows(ctx, tpl)...), nil
}

// infoColumnRow is information_schema.columns' row for column name of
// type typ at position pos of db.schema.table.
func infoColumnRow(tpl *rowTemplate, db, schema, table, name string, typ types.Type, pos int) []types.Value {
	row := tpl.row()
	tpl.str(row, "table_catalog", db)
	tpl.str(row, "table_schema", schema)
	tpl.str(row, "table_name", table)
	tpl.str(row, "column_name", name)
	tpl.int(row, "ordinal_position", int64(pos))
	tpl.str(row, "udt_catalog", db)
	tpl.str(row, "udt_name", typeInfoOf(typ).name)
	tpl.str(row, "dtd_identifier", strconv.Itoa(pos))
	setTypeFacts(tpl, row, typ)
	return row
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

// maxVarlena is character_octet_length of unbounded character types
// (PostgreSQL's 1 GB varlena limit).
const maxVarlena = 1073741824

// setTypeFacts fills information_schema.columns' description of a type
// the way PostgreSQL's _pg_char_max_length, _pg_numeric_precision … do.
func setTypeFacts(tpl *rowTemplate, row []types.Value, t types.Type) {
	if t.Kind == types.KindArray {
		tpl.str(row, "data_type", "ARRAY")
		return
	}
	tpl.str(row, "data_type", types.Type{Kind: t.Kind, Mod: -1}.Name())
	switch t.Kind {
	case types.KindVarchar, types.KindBpchar, types.KindText:
		if t.Mod >= 4 && t.Kind != types.KindText {
			n := int64(t.Mod - 4)
			tpl.int(row, "character_maximum_length", n)
			tpl.int(row, "character_octet_length", n*4) // UTF8: up to 4 bytes a character
		} else {
			tpl.int(row, "character_octet_length", maxVarlena)
		}
	case types.KindInt2, types.KindInt4, types.KindInt8:
		tpl.int(row, "numeric_precision", int64(t.Size())*8)
		tpl.int(row, "numeric_precision_radix", 2)
		tpl.int(row, "numeric_scale", 0)
	case types.KindFloat4, types.KindFloat8:
		bits := int64(24)
		if t.Kind == types.KindFloat8 {
			bits = 53
		}
		tpl.int(row, "numeric_precision", bits)
		tpl.int(row, "numeric_precision_radix", 2)
	case types.KindNumeric:
		tpl.int(row, "numeric_precision_radix", 10)
		if t.Mod >= 4 {
			p, s := t.NumericPrecisionScale()
			tpl.int(row, "numeric_precision", int64(p))
			tpl.int(row, "numeric_scale", int64(s))
		}
	case types.KindDate:
		tpl.int(row, "datetime_precision", 0)
	case types.KindTime, types.KindTimestamp, types.KindTimestamptz:
		p := int64(6)
		if t.Mod >= 0 {
			p = int64(t.Mod)
		}
		tpl.int(row, "datetime_precision", p)
	}
}

var tableConstraintsTpl = newTemplate(infoSchema, "table_constraints", map[string]string{
	"is_deferrable": "NO", "initially_deferred": "NO", "enforced": "YES",
})

// tableConstraintsRows: each primary key, and — as PostgreSQL 15 lists
// them — a CHECK row per NOT NULL column, named nspoid_reloid_attnum_not_null.
func tableConstraintsRows(ctx *Context) ([][]types.Value, error) {
	tpl := tableConstraintsTpl()
	db := ctx.databaseName()
	var out [][]types.Value
	add := func(t *catalog.Table, name, typ string) {
		row := tpl.row()
		tpl.str(row, "constraint_catalog", db)
		tpl.str(row, "constraint_schema", t.Namespace)
		tpl.str(row, "constraint_name", name)
		tpl.str(row, "table_catalog", db)
		tpl.str(row, "table_schema", t.Namespace)
		tpl.str(row, "table_name", t.Name)
		tpl.str(row, "constraint_type", typ)
		out = append(out, row)
	}
	for _, t := range ctx.Catalog.Tables("") {
		if t.HasPrimaryKey() {
			add(t, t.PrimaryKeyName(), "PRIMARY KEY")
		}
		nsOID := strconv.FormatUint(uint64(namespaceOID(ctx, t.Namespace)), 10)
		relOID := strconv.FormatUint(uint64(t.OID), 10)
		for i, c := range t.Columns {
			if c.NotNull || t.IsKeyColumn(i) {
				add(t, nsOID+"_"+relOID+"_"+strconv.Itoa(i+1)+"_not_null", "CHECK")
			}
		}
	}
	return out, nil
}

var keyColumnUsageTpl = newTemplate(infoSchema, "key_column_usage", nil)

// keyColumnUsageRows: the columns of each primary key, in key order.
func keyColumnUsageRows(ctx *Context) ([][]types.Value, error) {
	tpl := keyColumnUsageTpl()
	db := ctx.databaseName()
	var out [][]types.Value
	for _, t := range ctx.Catalog.Tables("") {
		for i, k := range t.PrimaryKey {
			row := tpl.row()
			tpl.str(row, "constraint_catalog", db)
			tpl.str(row, "constraint_schema", t.Namespace)
			tpl.str(row, "constraint_name", t.PrimaryKeyName())
			tpl.str(row, "table_catalog", db)
			tpl.str(row, "table_schema", t.Namespace)
			tpl.str(row, "table_name", t.Name)
			tpl.str(row, "column_name", t.Columns[k].Name)
			tpl.int(row, "ordinal_position", int64(i+1))
			out = append(out, row)
		}
	}
	return out, nil
}

var constraintColumnUsageTpl = newTemplate(infoSchema, "constraint_column_usage", nil)

// constraintColumnUsageRows: the columns each primary key uses.
func constraintColumnUsageRows(ctx *Context) ([][]types.Value, error) {
	tpl := constraintColumnUsageTpl()
	db := ctx.databaseName()
	var out [][]types.Value
	for _, t := range ctx.Catalog.Tables("") {
		for _, k := range t.PrimaryKey {
			row := tpl.row()
			tpl.str(row, "table_catalog", db)
			tpl.str(row, "table_schema", t.Namespace)
			tpl.str(row, "table_name", t.Name)
			tpl.str(row, "column_name", t.Columns[k].Name)
			tpl.str(row, "constraint_catalog", db)
			tpl.str(row, "constraint_schema", t.Namespace)
			tpl.str(row, "constraint_name", t.PrimaryKeyName())
			out = append(out, row)
		}
	}
	return out, nil
}
