package exec

import (
	"fmt"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// selectPlan is a single-table (or table-less) SELECT.
//
// Rows flow: scan (narrowed by access) → filter → either project, or group
// and aggregate then having → project → distinct → sort → offset/limit.
// project holds the visible output columns followed by hidden sort keys.
type selectPlan struct {
	cols     []Column
	table    *catalog.Table // nil: SELECT without FROM
	access   *accessPath
	filter   *expr.Expr
	agg      *aggPlan
	project  []*expr.Expr
	distinct bool
	order    []sortKey
	limit    *expr.Expr
	offset   *expr.Expr
	// keyOrdered: the scan already returns rows in the requested order, so
	// no sort is needed and LIMIT can stop the scan early.
	keyOrdered bool
}

// aggPlan groups input rows. project and having then read rows laid out as
// the group-by values followed by the aggregate results.
type aggPlan struct {
	groupBy []*expr.Expr
	aggs    []*expr.Aggregate
	having  *expr.Expr
}

type sortKey struct {
	col        int // index into the projected row
	desc       bool
	nullsFirst bool
}

func (p *selectPlan) columns() []Column { return p.cols }

// Synthetic column names that stand for group-by values and aggregate
// results after grouping; they cannot collide with identifiers users write.
const (
	groupColumnPrefix = "?group?"
	aggColumnPrefix   = "?agg?"
)

func (p *planner) planSelect(n *ast.Select) (*selectPlan, error) {
	plan := &selectPlan{distinct: n.Distinct}
	scope := &expr.Scope{}
	if n.From != nil {
		t, err := p.resolveTable(*n.From)
		if err != nil {
			return nil, err
		}
		plan.table = t
		scope = tableScope(t, n.Alias)
	}

	targets, err := p.expandTargets(n.Targets, plan.table, scope)
	if err != nil {
		return nil, err
	}

	if n.Where != nil {
		if hasAggregate(n.Where) {
			return nil, pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in WHERE")
		}
		if plan.filter, err = p.compileCondition(n.Where, scope, "WHERE"); err != nil {
			return nil, err
		}
		if plan.table != nil {
			plan.access = p.chooseAccessPath(plan.table, scope, n.Where)
		}
	}

	orderExprs, err := p.resolveOrderBy(n, targets)
	if err != nil {
		return nil, err
	}

	grouped := len(n.GroupBy) > 0 || n.Having != nil
	for _, t := range targets {
		grouped = grouped || hasAggregate(t.expr)
	}
	for _, o := range orderExprs {
		grouped = grouped || hasAggregate(o.expr)
	}

	outScope := scope
	having := n.Having
	if grouped {
		if plan.agg, outScope, err = p.planGrouping(n, targets, orderExprs, &having, scope); err != nil {
			return nil, err
		}
	}

	// Visible outputs.
	for _, t := range targets {
		e, err := p.compileOutput(t.expr, outScope, scope, grouped)
		if err != nil {
			return nil, err
		}
		plan.project = append(plan.project, e)
		col := Column{Name: t.name, Type: e.Type}
		if t.attnum > 0 && plan.table != nil {
			col.TableOID, col.AttNum = plan.table.OID, t.attnum
		}
		plan.cols = append(plan.cols, col)
	}
	if grouped && having != nil {
		if plan.agg.having, err = p.compileConditionGrouped(having, outScope, scope); err != nil {
			return nil, err
		}
	}

	// Sort keys: output positions, or hidden extra columns.
	for _, o := range orderExprs {
		key := sortKey{col: o.output, desc: o.item.Desc, nullsFirst: o.item.Desc}
		if o.item.NullsFirst != nil {
			key.nullsFirst = *o.item.NullsFirst
		}
		if key.col < 0 {
			if plan.distinct {
				return nil, pgerr.New(pgerr.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
			}
			e, err := p.compileOutput(o.expr, outScope, scope, grouped)
			if err != nil {
				return nil, err
			}
			key.col = len(plan.project)
			plan.project = append(plan.project, e)
		}
		plan.order = append(plan.order, key)
	}
	if n.Limit != nil {
		if plan.limit, err = expr.CompileAs(n.Limit, types.Int8, &expr.Scope{}, p.params); err != nil {
			return nil, err
		}
	}
	if n.Offset != nil {
		if plan.offset, err = expr.CompileAs(n.Offset, types.Int8, &expr.Scope{}, p.params); err != nil {
			return nil, err
		}
	}
	plan.keyOrdered = p.orderFollowsKey(plan, orderExprs, scope)
	return plan, nil
}

// target is one expanded select-list entry.
type target struct {
	expr   ast.Expr
	name   string
	attnum int16 // 1-based column number when the target is a plain table column
}

// expandTargets expands * and names every output column as PostgreSQL does.
func (p *planner) expandTargets(list []ast.Target, t *catalog.Table, scope *expr.Scope) ([]target, error) {
	var out []target
	for _, tg := range list {
		if star, ok := tg.Expr.(*ast.Star); ok {
			if t == nil {
				return nil, pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid")
			}
			if star.Table != "" && star.Table != scope.Columns[0].Table {
				return nil, pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", star.Table)
			}
			for i, c := range t.Columns {
				out = append(out, target{
					expr:   &ast.ColumnRef{Table: scope.Columns[i].Table, Column: c.Name},
					name:   c.Name,
					attnum: int16(i + 1),
				})
			}
			continue
		}
		tgt := target{expr: tg.Expr, name: tg.Alias}
		if tgt.name == "" {
			tgt.name = expr.ExprName(tg.Expr)
		}
		if ref, ok := tg.Expr.(*ast.ColumnRef); ok && t != nil {
			if idx := resolveColumn(scope, ref); idx >= 0 && idx < len(t.Columns) {
				tgt.attnum = int16(idx + 1)
			}
		}
		out = append(out, tgt)
	}
	return out, nil
}

// orderTerm is a resolved ORDER BY item: either an output position or an
// expression to compute as a hidden column.
type orderTerm struct {
	item   ast.OrderItem
	output int      // index of the visible output column, or -1
	expr   ast.Expr // the expression ordered by (the target's, when output >= 0)
}

func (p *planner) resolveOrderBy(n *ast.Select, targets []target) ([]orderTerm, error) {
	var out []orderTerm
	for _, item := range n.OrderBy {
		term := orderTerm{item: item, output: -1, expr: item.Expr}
		switch e := item.Expr.(type) {
		case *ast.Const:
			if e.Value.K.IsInteger() {
				pos := int(e.Value.I)
				if pos < 1 || pos > len(targets) {
					return nil, pgerr.New(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", pos).WithPosition(e.Location + 1)
				}
				term.output = pos - 1
			}
		case *ast.ColumnRef:
			if e.Table == "" {
				for i, t := range targets {
					if t.name == e.Column {
						term.output = i
						break
					}
				}
			}
		}
		if term.output < 0 {
			key := ast.Format(item.Expr)
			for i, t := range targets {
				if ast.Format(t.expr) == key {
					term.output = i
					break
				}
			}
		}
		if term.output >= 0 {
			term.expr = targets[term.output].expr
		}
		out = append(out, term)
	}
	return out, nil
}

// planGrouping collects aggregates and group-by expressions and returns the
// scope of the grouped rows. Targets, order terms and HAVING are rewritten
// in place to refer to the grouped columns.
func (p *planner) planGrouping(n *ast.Select, targets []target, order []orderTerm, having *ast.Expr, input *expr.Scope) (*aggPlan, *expr.Scope, error) {
	agg := &aggPlan{}
	out := &expr.Scope{}
	groupKeys := map[string]int{}
	for _, g := range n.GroupBy {
		g = p.groupByTarget(g, targets, input)
		key := p.exprKey(g, input)
		if _, dup := groupKeys[key]; dup {
			continue
		}
		if hasAggregate(g) {
			return nil, nil, pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in GROUP BY")
		}
		e, err := expr.Compile(g, input, p.params)
		if err != nil {
			return nil, nil, err
		}
		groupKeys[key] = len(agg.groupBy)
		out.Columns = append(out.Columns, expr.Column{Name: fmt.Sprintf("%s%d", groupColumnPrefix, len(agg.groupBy)), Type: e.Type})
		agg.groupBy = append(agg.groupBy, e)
	}
	var aggCols []expr.Column
	aggKeys := map[string]int{}
	rewrite := func(e ast.Expr) (ast.Expr, error) {
		var err error
		r := rewriteExpr(e, func(node ast.Expr) (ast.Expr, bool) {
			if err != nil {
				return node, true
			}
			if i, ok := groupKeys[p.exprKey(node, input)]; ok {
				return &ast.ColumnRef{Column: fmt.Sprintf("%s%d", groupColumnPrefix, i)}, true
			}
			call, ok := node.(*ast.FuncCall)
			if !ok || !expr.IsAggregate(call.Name) {
				return node, false
			}
			key := p.exprKey(call, input)
			i, seen := aggKeys[key]
			if !seen {
				a, cerr := expr.CompileAggregate(call, input, p.params)
				if cerr != nil {
					err = cerr
					return node, true
				}
				i = len(agg.aggs)
				aggKeys[key] = i
				agg.aggs = append(agg.aggs, a)
				aggCols = append(aggCols, expr.Column{Name: fmt.Sprintf("%s%d", aggColumnPrefix, i), Type: a.Type})
			}
			return &ast.ColumnRef{Column: fmt.Sprintf("%s%d", aggColumnPrefix, i)}, true
		})
		return r, err
	}
	var err error
	for i := range targets {
		if targets[i].expr, err = rewrite(targets[i].expr); err != nil {
			return nil, nil, err
		}
		targets[i].attnum = 0
	}
	for i := range order {
		if order[i].output < 0 {
			if order[i].expr, err = rewrite(order[i].expr); err != nil {
				return nil, nil, err
			}
		}
	}
	if *having != nil {
		if *having, err = rewrite(*having); err != nil {
			return nil, nil, err
		}
	}
	out.Columns = append(out.Columns, aggCols...)
	return agg, out, nil
}

// groupByTarget resolves GROUP BY 1 and GROUP BY alias to the select-list
// expression they name, as PostgreSQL does.
func (p *planner) groupByTarget(g ast.Expr, targets []target, input *expr.Scope) ast.Expr {
	switch e := g.(type) {
	case *ast.Const:
		if e.Value.K.IsInteger() && e.Value.I >= 1 && int(e.Value.I) <= len(targets) {
			return targets[e.Value.I-1].expr
		}
	case *ast.ColumnRef:
		if e.Table == "" && resolveColumn(input, e) < 0 {
			for _, t := range targets {
				if t.name == e.Column {
					return t.expr
				}
			}
		}
	}
	return g
}

// exprKey is a structural identity for an expression: column references
// are replaced by their resolved position so `t.a` and `a` match.
func (p *planner) exprKey(e ast.Expr, scope *expr.Scope) string {
	norm := rewriteExpr(e, func(node ast.Expr) (ast.Expr, bool) {
		if ref, ok := node.(*ast.ColumnRef); ok {
			if idx := resolveColumn(scope, ref); idx >= 0 {
				return &ast.ColumnRef{Column: fmt.Sprintf("#%d", idx)}, true
			}
		}
		return node, false
	})
	return ast.Format(norm)
}

// compileOutput compiles a select-list or ORDER BY expression. After
// grouping, a column that is neither grouped nor aggregated is 42803.
func (p *planner) compileOutput(e ast.Expr, scope, input *expr.Scope, grouped bool) (*expr.Expr, error) {
	c, err := expr.Compile(e, scope, p.params)
	if err != nil && grouped {
		return nil, groupingError(err, e, input)
	}
	return c, err
}

func (p *planner) compileConditionGrouped(e ast.Expr, scope, input *expr.Scope) (*expr.Expr, error) {
	c, err := p.compileCondition(e, scope, "HAVING")
	if err != nil {
		return nil, groupingError(err, e, input)
	}
	return c, nil
}

// groupingError turns "column does not exist" after grouping into
// PostgreSQL's 42803 when the column exists in the input.
func groupingError(err error, e ast.Expr, input *expr.Scope) error {
	if pe := pgerr.From(err); pe.Code != pgerr.UndefinedColumn {
		return err
	}
	var culprit *ast.ColumnRef
	walkExpr(e, func(n ast.Expr) bool {
		if ref, ok := n.(*ast.ColumnRef); ok && culprit == nil && resolveColumn(input, ref) >= 0 {
			culprit = ref
		}
		return culprit == nil
	})
	if culprit == nil {
		return err
	}
	c := input.Columns[resolveColumn(input, culprit)]
	return pgerr.New(pgerr.GroupingError,
		"column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function", c.Table, c.Name).
		WithPosition(culprit.Location + 1)
}

// compileCondition compiles a WHERE/HAVING clause, which must be boolean.
func (p *planner) compileCondition(e ast.Expr, scope *expr.Scope, clause string) (*expr.Expr, error) {
	return expr.CompileBool(e, clause, scope, p.params)
}

// hasAggregate reports whether e calls an aggregate function.
func hasAggregate(e ast.Expr) bool {
	found := false
	walkExpr(e, func(n ast.Expr) bool {
		if call, ok := n.(*ast.FuncCall); ok && expr.IsAggregate(call.Name) {
			found = true
		}
		return !found
	})
	return found
}

// orderFollowsKey reports whether ORDER BY is exactly a prefix of the
// primary key in one direction, so the key-ordered scan needs no sort.
func (p *planner) orderFollowsKey(plan *selectPlan, order []orderTerm, scope *expr.Scope) bool {
	t := plan.table
	if t == nil || plan.agg != nil || plan.distinct || len(order) == 0 || len(order) > len(t.PrimaryKey) {
		return false
	}
	desc := order[0].item.Desc
	for i, o := range order {
		if o.item.Desc != desc || (o.item.NullsFirst != nil && *o.item.NullsFirst != desc) {
			return false
		}
		ref, ok := o.expr.(*ast.ColumnRef)
		if !ok || resolveColumn(scope, ref) != t.PrimaryKey[i] {
			return false
		}
	}
	if plan.access == nil {
		plan.access = &accessPath{}
	}
	plan.access.reverse = desc
	return true
}
