package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Lookup finds a column by optional table qualifier and name, searching s
// and then its Outer scopes as PostgreSQL resolves names in correlated
// subqueries. depth is 0 for a column of s itself, 1 for the enclosing
// query's scope, and so on; idx indexes that scope's Columns.
//
// A name resolves at the innermost level that has it. Errors follow
// PostgreSQL: 42702 when an unqualified name matches several columns of
// one level, 42703 for a missing column (also when the qualifier names a
// table of some level that lacks the column), 42P01 for an unknown
// qualifier. loc is the 0-based source offset reported in the error.
func (s *Scope) Lookup(table, name string, loc int) (idx, depth int, err error) {
	var first error
	for level := s; level != nil; level = level.Outer {
		i, tableSeen, err := level.lookupLocal(table, name, loc)
		if err == nil {
			return i, depth, nil
		}
		if first == nil {
			first = err
		}
		if pgerr.From(err).Code == pgerr.AmbiguousColumn || tableSeen {
			return -1, 0, err
		}
		depth++
	}
	if first == nil { // a nil scope: nothing is visible
		_, _, first = (&Scope{}).lookupLocal(table, name, loc)
	}
	return -1, 0, first
}

// lookupLocal resolves a name in s alone; tableSeen reports whether the
// qualifier names a table of s (which stops the search outward).
func (s *Scope) lookupLocal(table, name string, loc int) (idx int, tableSeen bool, err error) {
	found := -1
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
			return -1, tableSeen, at(pgerr.New(pgerr.AmbiguousColumn, "column reference \"%s\" is ambiguous", ref), loc)
		}
		found = i
	}
	if found >= 0 {
		return found, tableSeen, nil
	}
	switch {
	case table == "":
		return -1, false, at(pgerr.New(pgerr.UndefinedColumn, "column \"%s\" does not exist", name), loc)
	case tableSeen:
		return -1, true, at(pgerr.New(pgerr.UndefinedColumn, "column %s.%s does not exist", table, name), loc)
	}
	return -1, false, at(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table \"%s\"", table), loc)
}

// level returns the scope depth levels out from s (0 is s).
func (s *Scope) level(depth int) *Scope {
	for ; depth > 0; depth-- {
		s = s.Outer
	}
	return s
}

// column compiles a column reference. A local column is a plain row read;
// an outer one reads the enclosing query's current row from env.Outer,
// which the subquery's caller pushed before running it.
func (c *compiler) column(n *ast.ColumnRef) (*Expr, error) {
	i, depth, err := c.scope.Lookup(n.Table, n.Column, n.Location)
	if err != nil {
		return nil, err
	}
	t := c.scope.level(depth).Columns[i].Type
	if depth == 0 {
		return &Expr{
			Type: t, col: i, loc: n.Location, usesRow: true,
			fn: func(_ *Env, row []types.Value) (types.Value, error) { return row[i], nil },
		}, nil
	}
	return &Expr{
		Type: t, col: -1, loc: n.Location, outerDepth: depth,
		fn: func(env *Env, _ []types.Value) (types.Value, error) {
			k := len(env.Outer) - depth
			if k < 0 {
				return types.NullValue, pgerr.New(pgerr.InternalError, "outer row for %s is not available", n.Column)
			}
			return env.Outer[k][i], nil
		},
	}, nil
}
