package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Lookup finds a column by optional table qualifier and name, with
// PostgreSQL's errors: 42703 for a missing column, 42702 when an
// unqualified name matches several tables, 42P01 for an unknown qualifier.
// loc is the 0-based source offset reported in the error.
func (s *Scope) Lookup(table, name string, loc int) (int, error) {
	found, tableSeen := -1, false
	for i, col := range s.Columns {
		if table != "" {
			if col.Table != table {
				continue
			}
			tableSeen = true
		}
		if col.Name != name {
			continue
		}
		if found >= 0 {
			ref := name
			if table != "" {
				ref = table + "." + name
			}
			return -1, at(pgerr.New(pgerr.AmbiguousColumn, "column reference \"%s\" is ambiguous", ref), loc)
		}
		found = i
	}
	if found >= 0 {
		return found, nil
	}
	switch {
	case table == "":
		return -1, at(pgerr.New(pgerr.UndefinedColumn, "column \"%s\" does not exist", name), loc)
	case tableSeen:
		return -1, at(pgerr.New(pgerr.UndefinedColumn, "column %s.%s does not exist", table, name), loc)
	}
	return -1, at(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table \"%s\"", table), loc)
}

// column compiles a column reference into a row read.
func (c *compiler) column(n *ast.ColumnRef) (*Expr, error) {
	i, err := c.scope.Lookup(n.Table, n.Column, n.Location)
	if err != nil {
		return nil, err
	}
	return &Expr{
		Type: c.scope.Columns[i].Type, col: i, loc: n.Location, usesRow: true,
		fn: func(_ *Env, row []types.Value) (types.Value, error) { return row[i], nil },
	}, nil
}
