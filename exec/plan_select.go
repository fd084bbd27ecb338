package exec

import (
	"fmt"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// selectPlan is one SELECT.
//
// Rows flow: source (a rel: tables, joins, subqueries …) → filter → either
// group and aggregate then having, or not → window functions → project
// (visible outputs, then hidden sort keys) → distinct → sort → offset/limit.
type selectPlan struct {
	cols     []Column
	source   rel
	filter   *expr.Expr
	agg      *aggPlan
	windows  []*windowCall
	sets     []*targetSet // set-returning functions of the select list
	project  []*expr.Expr
	distinct bool
	// distinctOn holds projected positions of DISTINCT ON keys: after
	// sorting, only the first row of each key survives.
	distinctOn []int
	order      []sortKey
	limit      *expr.Expr
	offset     *expr.Expr
	// keyOrdered: the scan already returns rows in the requested order, so
	// no sort is needed and LIMIT can stop the scan early.
	keyOrdered bool
	// lockRows: SELECT … FOR UPDATE over one table locks the matching rows
	// before reading them.
	lockRows bool
}

// aggPlan groups input rows. Later stages read rows laid out as the
// group-by values followed by the aggregate results.
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

func newSortKey(col int, item ast.OrderItem) sortKey {
	k := sortKey{col: col, desc: item.Desc, nullsFirst: item.Desc}
	if item.NullsFirst != nil {
		k.nullsFirst = *item.NullsFirst
	}
	return k
}

func (p *selectPlan) columns() []Column { return p.cols }

// Synthetic column names that stand for group-by values, aggregate and
// window results; they cannot collide with identifiers users write.
const (
	groupColumnPrefix  = "?group?"
	aggColumnPrefix    = "?agg?"
	windowColumnPrefix = "?window?"
)

// planSelect plans a top-level SELECT.
func (p *planner) planSelect(n *ast.Select) (*selectPlan, error) {
	pop, err := p.pushCTEs(n.With, nil)
	if err != nil {
		return nil, err
	}
	defer pop()
	return p.planSelectIn(n, nil)
}

// planSelectIn plans a SELECT whose enclosing query has scope outer.
func (p *planner) planSelectIn(n *ast.Select, outer *expr.Scope) (*selectPlan, error) {
	plan := &selectPlan{distinct: n.Distinct || len(n.DistinctOn) > 0}
	source, err := p.planFrom(n.From, outer)
	if err != nil {
		return nil, err
	}
	plan.source = source
	srcCols := source.columns()
	scope := scopeOf(srcCols, outer)
	q := func(e ast.Expr) ast.Expr { return p.qualifyUsing(e, srcCols) }

	targets, err := p.expandTargets(n.Targets, srcCols, n.From == nil)
	if err != nil {
		return nil, err
	}
	for i := range targets {
		targets[i].expr = q(targets[i].expr)
	}

	if n.Where != nil {
		where := q(n.Where)
		if hasAggregate(where) {
			return nil, pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in WHERE")
		}
		if plan.filter, err = p.compileCondition(where, scope, "WHERE"); err != nil {
			return nil, err
		}
		if t, ok := source.(*tableRel); ok {
			t.access = p.chooseAccessPath(t.table, scope, where)
		}
	}

	orderExprs, err := p.resolveOrderBy(n, targets)
	if err != nil {
		return nil, err
	}
	for i := range orderExprs {
		orderExprs[i].expr = q(orderExprs[i].expr)
	}
	distinctOn := make([]ast.Expr, len(n.DistinctOn))
	for i, e := range n.DistinctOn {
		distinctOn[i] = q(p.groupByTarget(e, targets, scope))
	}

	// Window calls are taken out first; what remains may be grouped.
	windows, err := p.extractWindows(targets, orderExprs)
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
	for _, w := range windows {
		grouped = grouped || w.hasAggregateInputs()
	}

	outScope := scope
	having := n.Having
	if having != nil {
		having = q(having)
	}
	if grouped {
		extra := windowInputs(windows)
		for i := range distinctOn {
			extra = append(extra, &distinctOn[i])
		}
		groupBy := make([]ast.Expr, len(n.GroupBy))
		for i, g := range n.GroupBy {
			groupBy[i] = q(g)
		}
		if plan.agg, outScope, err = p.planGrouping(groupBy, targets, orderExprs, &having, extra, scope); err != nil {
			return nil, err
		}
	}
	if len(windows) > 0 {
		if plan.windows, outScope, err = p.compileWindows(windows, outScope, scope, grouped); err != nil {
			return nil, err
		}
	}
	if calls := p.extractTargetSets(targets); len(calls) > 0 {
		if plan.sets, outScope, err = p.compileTargetSets(calls, outScope); err != nil {
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
		if !grouped && t.ref >= 0 {
			col.TableOID, col.AttNum = srcCols[t.ref].tableOID, srcCols[t.ref].attnum
		}
		plan.cols = append(plan.cols, col)
	}
	if grouped && having != nil {
		if plan.agg.having, err = p.compileConditionGrouped(having, outScope, scope); err != nil {
			return nil, err
		}
	}

	// DISTINCT ON keys and sort keys: output positions, or hidden columns.
	for _, e := range distinctOn {
		c, err := p.compileOutput(e, outScope, scope, grouped)
		if err != nil {
			return nil, err
		}
		plan.distinctOn = append(plan.distinctOn, len(plan.project))
		plan.project = append(plan.project, c)
	}
	for _, o := range orderExprs {
		key := newSortKey(o.output, o.item)
		if key.col < 0 {
			if plan.distinct && len(n.DistinctOn) == 0 {
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
	if plan.limit, plan.offset, err = p.compileLimits(n.Limit, n.Offset); err != nil {
		return nil, err
	}
	plan.keyOrdered = p.orderFollowsKey(plan, orderExprs, scope)
	_, single := source.(*tableRel)
	plan.lockRows = n.ForUpdate && single
	return plan, nil
}

// compileLimits compiles LIMIT and OFFSET as bigint expressions.
func (p *planner) compileLimits(limit, offset ast.Expr) (l, o *expr.Expr, err error) {
	if limit != nil {
		if l, err = expr.CompileAs(limit, types.Int8, &expr.Scope{}, p.params); err != nil {
			return nil, nil, err
		}
	}
	if offset != nil {
		if o, err = expr.CompileAs(offset, types.Int8, &expr.Scope{}, p.params); err != nil {
			return nil, nil, err
		}
	}
	return l, o, nil
}

// target is one expanded select-list entry.
type target struct {
	expr ast.Expr
	name string
	ref  int // source column index when the target is a plain column reference, else -1
}

// expandTargets expands * and names every output column as PostgreSQL does.
func (p *planner) expandTargets(list []ast.Target, cols []relCol, noFrom bool) ([]target, error) {
	var out []target
	scope := scopeOf(cols, nil)
	for _, tg := range list {
		if star, ok := tg.Expr.(*ast.Star); ok {
			if noFrom {
				return nil, pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid")
			}
			found := false
			for i, c := range cols {
				if c.hidden || (star.Table != "" && c.Table != star.Table) {
					continue
				}
				found = true
				out = append(out, target{expr: &ast.ColumnRef{Table: c.Table, Column: c.Name}, name: c.Name, ref: i})
			}
			if !found && star.Table != "" {
				return nil, pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", star.Table)
			}
			continue
		}
		tgt := target{expr: tg.Expr, name: tg.Alias, ref: -1}
		if tgt.name == "" {
			tgt.name = expr.ExprName(tg.Expr)
		}
		if ref, ok := tg.Expr.(*ast.ColumnRef); ok {
			tgt.ref = resolveColumn(scope, ref)
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
func (p *planner) planGrouping(groupBy []ast.Expr, targets []target, order []orderTerm, having *ast.Expr, extra []*ast.Expr, input *expr.Scope) (*aggPlan, *expr.Scope, error) {
	agg := &aggPlan{}
	out := &expr.Scope{Outer: input.Outer}
	groupKeys := map[string]int{}
	for _, g := range groupBy {
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
	}
	for _, e := range extra {
		if *e, err = rewrite(*e); err != nil {
			return nil, nil, err
		}
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
	src, ok := plan.source.(*tableRel)
	if !ok || plan.agg != nil || len(plan.windows) > 0 || len(plan.sets) > 0 || plan.distinct || len(order) == 0 || len(order) > len(src.table.PrimaryKey) {
		return false
	}
	t := src.table
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
	if src.access == nil {
		src.access = &accessPath{}
	}
	src.access.reverse = desc
	return true
}
