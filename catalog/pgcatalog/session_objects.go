package pgcatalog

import (
	"time"

	"github.com/kalamdb/kalamdb/types"
)

// The session's own named objects: pg_prepared_statements and pg_cursors
// describe what Context.PreparedStatements and Context.Cursors report.

// PreparedStatement is one row of pg_prepared_statements.
type PreparedStatement struct {
	Name        string
	Statement   string // the PREPARE statement, or the query text of a protocol Parse
	PrepareTime time.Time
	ParamTypes  []types.Type
	FromSQL     bool // PREPARE rather than the extended protocol's Parse
	// GenericPlans and CustomPlans count executions by plan kind.
	GenericPlans, CustomPlans int64
}

// Cursor is one row of pg_cursors.
type Cursor struct {
	Name         string
	Statement    string // the DECLARE statement
	Holdable     bool
	Binary       bool
	Scrollable   bool
	CreationTime time.Time
}

func init() {
	register("pg_catalog", "pg_prepared_statements", preparedStatementRows)
	register("pg_catalog", "pg_cursors", cursorRows)
}

var (
	preparedTpl = newTemplate("pg_catalog", "pg_prepared_statements", nil)
	cursorTpl   = newTemplate("pg_catalog", "pg_cursors", nil)
)

func preparedStatementRows(ctx *Context) ([][]types.Value, error) {
	if ctx.PreparedStatements == nil {
		return nil, nil
	}
	list := ctx.PreparedStatements()
	tpl := preparedTpl()
	out := make([][]types.Value, 0, len(list))
	for _, ps := range list {
		row := tpl.row()
		tpl.str(row, "name", ps.Name)
		tpl.str(row, "statement", ps.Statement)
		tpl.set(row, "prepare_time", types.NewTimestamptz(ps.PrepareTime.UnixMicro()))
		tpl.set(row, "parameter_types", regtypeArray(ps.ParamTypes))
		tpl.bool(row, "from_sql", ps.FromSQL)
		tpl.int(row, "generic_plans", ps.GenericPlans)
		tpl.int(row, "custom_plans", ps.CustomPlans)
		out = append(out, row)
	}
	return out, nil
}

// regtypeArray is a regtype[] of ts, each printed as format_type prints a
// type without its modifier.
func regtypeArray(ts []types.Type) types.Value {
	elems := make([]types.Value, len(ts))
	for i, t := range ts {
		t.Mod = -1
		elems[i] = types.NewReg(types.KindRegtype, t.OID(), t.Name())
	}
	return types.NewArray(types.Regtype, elems)
}

func cursorRows(ctx *Context) ([][]types.Value, error) {
	if ctx.Cursors == nil {
		return nil, nil
	}
	list := ctx.Cursors()
	tpl := cursorTpl()
	out := make([][]types.Value, 0, len(list))
	for _, c := range list {
		row := tpl.row()
		tpl.str(row, "name", c.Name)
		tpl.str(row, "statement", c.Statement)
		tpl.bool(row, "is_holdable", c.Holdable)
		tpl.bool(row, "is_binary", c.Binary)
		tpl.bool(row, "is_scrollable", c.Scrollable)
		tpl.set(row, "creation_time", types.NewTimestamptz(c.CreationTime.UnixMicro()))
		out = append(out, row)
	}
	return out, nil
}
