package exec

import (
	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/exec/parse"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// insertPlan inserts VALUES rows or the rows of a SELECT.
type insertPlan struct {
	table *catalog.Table
	// values[r][c] computes table column c of VALUES row r (defaults filled in).
	values [][]*expr.Expr
	// source feeds INSERT … SELECT; sourceCols[i] is the table column that
	// source output i fills; the other columns take defaults.
	source     plan
	sourceCols []int
	defaults   []*expr.Expr
	returning  *returning
}

// updatePlan rewrites the rows matching filter.
type updatePlan struct {
	table     *catalog.Table
	access    *accessPath
	filter    *expr.Expr
	set       []assignment
	returning *returning
}

type assignment struct {
	column int
	value  *expr.Expr // compiled over the table scope, cast to the column type
}

// deletePlan removes the rows matching filter.
type deletePlan struct {
	table     *catalog.Table
	access    *accessPath
	filter    *expr.Expr
	returning *returning
}

// returning is a RETURNING list, evaluated over the written row.
type returning struct {
	exprs []*expr.Expr
	cols  []Column
}

func (r *returning) columns() []Column {
	if r == nil {
		return nil
	}
	return r.cols
}

func (p *insertPlan) columns() []Column { return p.returning.columns() }
func (p *updatePlan) columns() []Column { return p.returning.columns() }
func (p *deletePlan) columns() []Column { return p.returning.columns() }

func (p *planner) planInsert(n *ast.Insert) (plan, error) {
	if isSystemUsers(n.Table) {
		return p.planUsersInsert(n) // users_dml.go
	}
	t, err := p.resolveTable(n.Table)
	if err != nil {
		return nil, err
	}
	targetCols, err := insertColumns(t, n.Columns)
	if err != nil {
		return nil, err
	}
	plan := &insertPlan{table: t}
	if plan.defaults, err = p.compileDefaults(t); err != nil {
		return nil, err
	}
	empty := &expr.Scope{}
	if n.Query != nil {
		src, err := p.planQuery(n.Query, nil)
		if err != nil {
			return nil, err
		}
		if len(src.columns()) > len(targetCols) {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
		}
		if len(src.columns()) < len(targetCols) {
			if len(n.Columns) > 0 {
				return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
			}
			// Without a column list the query fills the leading columns.
			targetCols = targetCols[:len(src.columns())]
		}
		for _, col := range targetCols {
			if err := identityAlways(t, col, false); err != nil {
				return nil, err
			}
		}
		plan.source, plan.sourceCols = src, targetCols
	}
	for i, row := range n.Values {
		if i > 0 && len(row) != len(n.Values[0]) {
			return nil, pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length")
		}
		if len(row) > len(targetCols) {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
		}
		if len(row) < len(targetCols) && len(n.Columns) > 0 {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
		}
		exprs := append([]*expr.Expr(nil), plan.defaults...)
		for i, e := range row {
			col := targetCols[i]
			if _, isDefault := e.(*ast.Default); isDefault {
				continue
			}
			if err := identityAlways(t, col, false); err != nil {
				return nil, err
			}
			if exprs[col], err = expr.CompileAssign(e, t.Columns[col].Type, t.Columns[col].Name, empty, p.params); err != nil {
				return nil, err
			}
		}
		plan.values = append(plan.values, exprs)
	}
	if plan.returning, err = p.planReturning(n.Returning, t, ""); err != nil {
		return nil, err
	}
	return plan, nil
}

// insertColumns maps an INSERT column list to table column indexes.
func insertColumns(t *catalog.Table, names []string) ([]int, error) {
	if len(names) == 0 {
		cols := make([]int, len(t.Columns))
		for i := range cols {
			cols[i] = i
		}
		return cols, nil
	}
	seen := map[int]bool{}
	cols := make([]int, len(names))
	for i, name := range names {
		idx := t.ColumnIndex(name)
		if idx < 0 {
			return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
		}
		if seen[idx] {
			return nil, pgerr.New(pgerr.DuplicateColumn, "column %q specified more than once", name)
		}
		seen[idx] = true
		cols[i] = idx
	}
	return cols, nil
}

// compileDefaults compiles every column's DEFAULT (NULL when none).
func (p *planner) compileDefaults(t *catalog.Table) ([]*expr.Expr, error) {
	out := make([]*expr.Expr, len(t.Columns))
	for i, c := range t.Columns {
		if c.Sequence != nil {
			compiled, err := sequenceDefault(&t.Columns[i], p.params) // sequences.go
			if err != nil {
				return nil, err
			}
			out[i] = compiled
			continue
		}
		var e ast.Expr = &ast.Const{}
		if c.Default != "" {
			parsed, err := parseDefault(c.Default)
			if err != nil {
				return nil, err
			}
			e = parsed
		}
		compiled, err := expr.CompileAs(e, c.Type, &expr.Scope{}, p.params)
		if err != nil {
			return nil, err
		}
		out[i] = compiled
	}
	return out, nil
}

// parseDefault parses a stored DEFAULT expression.
func parseDefault(sql string) (ast.Expr, error) {
	stmts, err := parse.Parse("SELECT " + sql)
	if err != nil {
		return nil, err
	}
	sel, ok := stmts[0].AST.(*ast.Select)
	if !ok || len(stmts) != 1 || len(sel.Targets) != 1 {
		return nil, pgerr.New(pgerr.InternalError, "bad stored default %q", sql)
	}
	return sel.Targets[0].Expr, nil
}

func (p *planner) planReturning(list []ast.Target, t *catalog.Table, alias string) (*returning, error) {
	if len(list) == 0 {
		return nil, nil
	}
	cols := newTableRel(t, alias).cols
	scope := scopeOf(cols, nil)
	targets, err := p.expandTargets(list, cols, false)
	if err != nil {
		return nil, err
	}
	r := &returning{}
	for _, tg := range targets {
		if hasAggregate(tg.expr) {
			return nil, pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in RETURNING")
		}
		e, err := expr.Compile(tg.expr, scope, p.params)
		if err != nil {
			return nil, err
		}
		col := Column{Name: tg.name, Type: e.Type}
		if tg.ref >= 0 {
			col.TableOID, col.AttNum = cols[tg.ref].tableOID, cols[tg.ref].attnum
		}
		r.exprs = append(r.exprs, e)
		r.cols = append(r.cols, col)
	}
	return r, nil
}

func (p *planner) planUpdate(n *ast.Update) (plan, error) {
	if isSystemUsers(n.Table) {
		return p.planUsersUpdate(n) // users_dml.go
	}
	t, err := p.resolveTable(n.Table)
	if err != nil {
		return nil, err
	}
	scope := scopeOf(newTableRel(t, n.Alias).cols, nil)
	plan := &updatePlan{table: t}
	var defaults []*expr.Expr
	for _, a := range n.Set {
		col := t.ColumnIndex(a.Column)
		if col < 0 {
			return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", a.Column, t.Name)
		}
		var value *expr.Expr
		if _, isDefault := a.Value.(*ast.Default); isDefault {
			if defaults == nil {
				if defaults, err = p.compileDefaults(t); err != nil {
					return nil, err
				}
			}
			value = defaults[col]
		} else if err := identityAlways(t, col, true); err != nil {
			return nil, err
		} else if value, err = expr.CompileAssign(a.Value, t.Columns[col].Type, t.Columns[col].Name, scope, p.params); err != nil {
			return nil, err
		}
		plan.set = append(plan.set, assignment{column: col, value: value})
	}
	if n.Where != nil {
		if plan.filter, err = p.compileCondition(n.Where, scope, "WHERE"); err != nil {
			return nil, err
		}
		plan.access = p.chooseAccessPath(t, scope, n.Where)
	}
	if plan.returning, err = p.planReturning(n.Returning, t, n.Alias); err != nil {
		return nil, err
	}
	return plan, nil
}

func (p *planner) planDelete(n *ast.Delete) (plan, error) {
	if isSystemUsers(n.Table) {
		return p.planUsersDelete(n) // users_dml.go
	}
	t, err := p.resolveTable(n.Table)
	if err != nil {
		return nil, err
	}
	scope := scopeOf(newTableRel(t, n.Alias).cols, nil)
	plan := &deletePlan{table: t}
	if n.Where != nil {
		if plan.filter, err = p.compileCondition(n.Where, scope, "WHERE"); err != nil {
			return nil, err
		}
		plan.access = p.chooseAccessPath(t, scope, n.Where)
	}
	if plan.returning, err = p.planReturning(n.Returning, t, n.Alias); err != nil {
		return nil, err
	}
	return plan, nil
}

var _ = types.Null
