package exec

import (
	"strings"

	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// planFrom plans a FROM list; several items are a cross join. An empty
// list is the single row of SELECT without FROM.
func (p *planner) planFrom(items []ast.FromItem, outer *expr.Scope) (rel, error) {
	if len(items) == 0 {
		return oneRowRel{}, nil
	}
	var result rel
	for _, item := range items {
		var visible *expr.Scope // what a LATERAL item may reference
		if result != nil {
			visible = scopeOf(result.columns(), outer)
		}
		r, lateral, err := p.planFromItem(item, outer, visible)
		if err != nil {
			return nil, err
		}
		if result == nil {
			result = r
			continue
		}
		result = &joinRel{left: result, right: r, kind: "cross", lateral: lateral,
			cols: append(append([]relCol(nil), result.columns()...), r.columns()...)}
	}
	return result, nil
}

// planFromItem plans one FROM item. left is the scope of the items before
// it (for LATERAL); lateral reports whether the item reads that scope.
func (p *planner) planFromItem(item ast.FromItem, outer, left *expr.Scope) (rel, bool, error) {
	switch n := item.(type) {
	case *ast.TableRef:
		r, err := p.planTableRef(n)
		return r, false, err
	case *ast.SubqueryRef:
		scope := outer
		if n.Lateral && left != nil {
			scope = left
		}
		pl, err := p.planQuery(n.Query, scope)
		if err != nil {
			return nil, false, err
		}
		r, err := queryRelOf(pl, n.Alias)
		return r, n.Lateral && left != nil, err
	case *ast.FunctionRef:
		scope := outer
		if left != nil {
			scope = left // functions in FROM may always see earlier items, like LATERAL
		}
		r, err := p.planFunctionRef(n, scope)
		return r, left != nil, err
	case *ast.JoinRef:
		r, err := p.planJoin(n, outer, left)
		return r, false, err
	}
	return nil, false, pgerr.New(pgerr.FeatureNotSupported, "FROM item %T is not supported", item)
}

// planTableRef resolves a table name: a CTE, a system relation, or a stored table.
func (p *planner) planTableRef(n *ast.TableRef) (rel, error) {
	alias := ""
	if n.Alias != nil {
		alias = n.Alias.Name
	}
	var r rel
	if n.Name.Namespace == "" {
		if cte := p.lookupCTE(n.Name.Name); cte != nil {
			qr, err := queryRelOf(cte.plan, &ast.Alias{Name: firstNonEmpty(alias, n.Name.Name), Columns: cte.columns})
			if err != nil {
				return nil, err
			}
			r = qr
		}
	}
	if r == nil && n.Name.Namespace == "system" {
		if t, ok := systemTables[n.Name.Name]; ok {
			r = newSystemTableRel(n.Name.Name, t, alias)
		}
	}
	if r == nil {
		if sys, ok := p.resolveSystemRelation(n.Name); ok {
			r = newSystemRel(sys, alias)
		} else {
			t, err := p.resolveTable(n.Name)
			if err != nil {
				return nil, err
			}
			r = newTableRel(t, alias)
		}
	}
	if n.Alias != nil && len(n.Alias.Columns) > 0 {
		return renameColumns(r, n.Alias)
	}
	return r, nil
}

// resolveSystemRelation finds pg_catalog and information_schema relations.
// Like PostgreSQL, pg_catalog is searched before the search path.
func (p *planner) resolveSystemRelation(name ast.TableName) (*pgcatalog.Relation, bool) {
	switch name.Namespace {
	case "":
		if r, ok := pgcatalog.Lookup("pg_catalog", name.Name); ok {
			return r, true
		}
		for _, ns := range p.sess.settings.searchPath {
			if ns == "information_schema" {
				return pgcatalog.Lookup(ns, name.Name)
			}
		}
		return nil, false
	case "pg_catalog", "information_schema":
		return pgcatalog.Lookup(name.Namespace, name.Name)
	}
	return nil, false
}

// renameColumns applies AS alias(c1, c2, …) column aliases.
func renameColumns(r rel, alias *ast.Alias) (rel, error) {
	cols := append([]relCol(nil), r.columns()...)
	visible := 0
	for i := range cols {
		if cols[i].hidden {
			continue
		}
		if visible < len(alias.Columns) {
			cols[i].Name = alias.Columns[visible]
		}
		visible++
	}
	if len(alias.Columns) > visible {
		return nil, pgerr.New("42P10", "table \"%s\" has %d columns available but %d columns specified", alias.Name, visible, len(alias.Columns))
	}
	for i := range cols {
		cols[i].Table = alias.Name
	}
	return &renamedRel{rel: r, cols: cols}, nil
}

// renamedRel is a rel seen through an alias.
type renamedRel struct {
	rel
	cols []relCol
}

func (r *renamedRel) columns() []relCol { return r.cols }

// queryRelOf wraps a planned query as a FROM relation named by alias.
func queryRelOf(pl plan, alias *ast.Alias) (rel, error) {
	name := ""
	if alias != nil {
		name = alias.Name
	}
	r := &queryRel{plan: pl}
	for _, c := range pl.columns() {
		r.cols = append(r.cols, relCol{Column: expr.Column{Table: name, Name: c.Name, Type: c.Type}, tableOID: c.TableOID, attnum: c.AttNum})
	}
	if alias != nil && len(alias.Columns) > 0 {
		return renameColumns(r, alias)
	}
	return r, nil
}

func (p *planner) planFunctionRef(n *ast.FunctionRef, scope *expr.Scope) (rel, error) {
	name := n.Call.Name
	fn, ok := setFunctions[name]
	if !ok {
		return p.planScalarFunctionRef(n, scope)
	}
	r := &functionRel{fn: fn, ordinality: n.Ordinality}
	argTypes := make([]types.Type, len(n.Call.Args))
	for i, a := range n.Call.Args {
		e, err := expr.Compile(a, &expr.Scope{Outer: scope}, p.params)
		if err != nil {
			return nil, err
		}
		r.args = append(r.args, e)
		argTypes[i] = e.Type
	}
	cols, err := fn.columns(argTypes)
	if err != nil {
		return nil, err
	}
	alias := baseName(name)
	if n.Alias != nil {
		alias = n.Alias.Name
	}
	if len(cols) == 1 && (n.Alias == nil || len(n.Alias.Columns) == 0) && n.Alias != nil {
		cols[0].Name = alias // generate_series(1,3) AS g: the column is g
	}
	for _, c := range cols {
		c.Table = alias
		r.cols = append(r.cols, relCol{Column: c})
	}
	if n.Ordinality {
		r.cols = append(r.cols, relCol{Column: expr.Column{Table: alias, Name: "ordinality", Type: types.Int8}})
	}
	if n.Alias != nil && len(n.Alias.Columns) > 0 {
		return renameColumns(r, n.Alias)
	}
	return r, nil
}

// planScalarFunctionRef handles a plain function in FROM: one row, one
// column holding its result (SELECT * FROM version()).
func (p *planner) planScalarFunctionRef(n *ast.FunctionRef, scope *expr.Scope) (rel, error) {
	e, err := expr.Compile(n.Call, &expr.Scope{Outer: scope}, p.params)
	if err != nil {
		return nil, err
	}
	name := baseName(n.Call.Name)
	alias := name
	if n.Alias != nil {
		alias = n.Alias.Name
		if len(n.Alias.Columns) == 0 {
			name = alias
		}
	}
	values := &valuesPlan{rows: [][]*expr.Expr{{e}}, cols: []Column{{Name: name, Type: e.Type}}}
	return queryRelOf(values, &ast.Alias{Name: alias, Columns: aliasColumns(n.Alias)})
}

func aliasColumns(a *ast.Alias) []string {
	if a == nil {
		return nil
	}
	return a.Columns
}

func baseName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// planJoin plans JOIN … ON/USING/NATURAL.
func (p *planner) planJoin(n *ast.JoinRef, outer, left *expr.Scope) (rel, error) {
	l, _, err := p.planFromItem(n.Left, outer, left)
	if err != nil {
		return nil, err
	}
	leftScope := scopeOf(l.columns(), outer)
	r, lateral, err := p.planFromItem(n.Right, outer, leftScope)
	if err != nil {
		return nil, err
	}
	j := &joinRel{left: l, right: r, kind: n.Type, lateral: lateral}
	if j.kind == "" {
		j.kind = "inner"
	}
	j.cols = append(append([]relCol(nil), l.columns()...), r.columns()...)
	using := n.Using
	if n.Natural {
		using = commonColumnNames(l.columns(), r.columns())
	}
	on := n.On
	if len(using) > 0 {
		if on, err = usingCondition(using, l.columns(), r.columns()); err != nil {
			return nil, err
		}
		// The right side's USING columns are reachable only qualified;
		// unqualified names mean the left side's.
		for i := len(l.columns()); i < len(j.cols); i++ {
			for _, u := range using {
				if j.cols[i].Name == u {
					j.cols[i].hidden, j.cols[i].merged = true, true
				}
			}
		}
	}
	if on != nil {
		scope := scopeOf(j.cols, outer)
		on = p.qualifyUsing(on, j.cols)
		if j.on, err = expr.CompileBool(on, "JOIN/ON", scope, p.params); err != nil {
			return nil, err
		}
		p.hashKeys(j, on, outer)
	}
	if n.Alias != nil {
		return renameColumns(j, n.Alias)
	}
	return j, nil
}

func commonColumnNames(l, r []relCol) []string {
	var out []string
	for _, a := range l {
		for _, b := range r {
			if !a.hidden && !b.hidden && a.Name == b.Name {
				out = append(out, a.Name)
			}
		}
	}
	return out
}

// usingCondition turns USING (a, b) into l.a = r.a AND l.b = r.b.
func usingCondition(using []string, l, r []relCol) (ast.Expr, error) {
	var cond ast.Expr
	for _, name := range using {
		lc, rc := findCol(l, name), findCol(r, name)
		if lc == nil || rc == nil {
			return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in %s table", name, map[bool]string{true: "left", false: "right"}[lc == nil])
		}
		eq := &ast.BinaryOp{Op: "=", Left: &ast.ColumnRef{Table: lc.Table, Column: name}, Right: &ast.ColumnRef{Table: rc.Table, Column: name}}
		if cond == nil {
			cond = eq
		} else {
			cond = &ast.BinaryOp{Op: "AND", Left: cond, Right: eq}
		}
	}
	return cond, nil
}

func findCol(cols []relCol, name string) *relCol {
	for i := range cols {
		if cols[i].Name == name && !cols[i].hidden {
			return &cols[i]
		}
	}
	return nil
}

// hashKeys finds ON terms `l = r` with one side over each input and the
// same kind of value, so the join can look candidates up by hash.
func (p *planner) hashKeys(j *joinRel, on ast.Expr, outer *expr.Scope) {
	if j.lateral {
		return
	}
	ls, rs := scopeOf(j.left.columns(), outer), scopeOf(j.right.columns(), outer)
	for _, term := range conjuncts(on) {
		b, ok := term.(*ast.BinaryOp)
		if !ok || b.Op != "=" {
			continue
		}
		for _, sides := range [][2]ast.Expr{{b.Left, b.Right}, {b.Right, b.Left}} {
			le, err1 := expr.Compile(sides[0], &expr.Scope{Columns: ls.Columns}, p.params)
			re, err2 := expr.Compile(sides[1], &expr.Scope{Columns: rs.Columns}, p.params)
			if err1 != nil || err2 != nil || !le.UsesRow() || !re.UsesRow() || !hashCompatible(le.Type, re.Type) {
				continue
			}
			j.leftKeys = append(j.leftKeys, le)
			j.rightKeys = append(j.rightKeys, re)
			break
		}
	}
}

// hashCompatible reports whether equal values of the two types always
// have equal group keys.
func hashCompatible(a, b types.Type) bool {
	if a.Kind.IsInteger() && b.Kind.IsInteger() {
		return true
	}
	return a.Kind == b.Kind && a.Kind != types.KindFloat4 && a.Kind != types.KindFloat8
}

// qualifyUsing makes unqualified references to a USING column mean the
// left side's column, as PostgreSQL merges them; the right side's copy is
// hidden and reachable only qualified.
func (p *planner) qualifyUsing(e ast.Expr, cols []relCol) ast.Expr {
	hasMerged := false
	for _, c := range cols {
		hasMerged = hasMerged || c.merged
	}
	if !hasMerged {
		return e
	}
	return rewriteExpr(e, func(n ast.Expr) (ast.Expr, bool) {
		ref, ok := n.(*ast.ColumnRef)
		if !ok || ref.Table != "" {
			return n, false
		}
		var visible *relCol
		shadowed := false
		for i := range cols {
			if cols[i].Name != ref.Column {
				continue
			}
			if cols[i].merged {
				shadowed = true
			} else if visible == nil && !cols[i].hidden {
				visible = &cols[i]
			}
		}
		if visible != nil && shadowed {
			return &ast.ColumnRef{Table: visible.Table, Column: ref.Column, Location: ref.Location}, true
		}
		return n, true
	})
}
