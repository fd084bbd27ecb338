package exec

import (
	"strconv"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// cteDef is a planned WITH query, visible to the query that declared it.
type cteDef struct {
	plan    plan
	columns []string
}

// planQuery plans any row-producing query; outer is the enclosing query's
// scope when q is a subquery (nil at top level).
func (p *planner) planQuery(q ast.Query, outer *expr.Scope) (plan, error) {
	switch n := q.(type) {
	case *ast.Select:
		pop, err := p.pushCTEs(n.With, outer)
		if err != nil {
			return nil, err
		}
		defer pop()
		return p.planSelectIn(n, outer)
	case *ast.SetOp:
		pop, err := p.pushCTEs(n.With, outer)
		if err != nil {
			return nil, err
		}
		defer pop()
		return p.planSetOp(n, outer)
	case *ast.Values:
		return p.planValues(n, outer)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "query %T is not supported", q)
}

// pushCTEs plans WITH queries in order (each sees the ones before it).
func (p *planner) pushCTEs(with []ast.CTE, outer *expr.Scope) (func(), error) {
	if len(with) == 0 {
		return func() {}, nil
	}
	level := map[string]*cteDef{}
	p.ctes = append(p.ctes, level)
	pop := func() { p.ctes = p.ctes[:len(p.ctes)-1] }
	for _, c := range with {
		pl, err := p.planQuery(c.Query, outer)
		if err != nil {
			pop()
			return nil, err
		}
		level[c.Name] = &cteDef{plan: pl, columns: c.Columns}
	}
	return pop, nil
}

func (p *planner) lookupCTE(name string) *cteDef {
	for i := len(p.ctes) - 1; i >= 0; i-- {
		if c, ok := p.ctes[i][name]; ok {
			return c
		}
	}
	return nil
}

// valuesPlan is VALUES (…), (…): every row's expressions, cast to the
// column types all rows agree on.
type valuesPlan struct {
	rows [][]*expr.Expr
	cols []Column
}

func (p *valuesPlan) columns() []Column { return p.cols }

func (p *valuesPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	row := make([]types.Value, len(p.cols))
	for _, exprs := range p.rows {
		if err := project(x, exprs, nil, row); err != nil {
			return "", err
		}
		if err := emit(row); err != nil {
			return "", err
		}
	}
	return "SELECT " + strconv.Itoa(len(p.rows)), nil
}

func (p *planner) planValues(n *ast.Values, outer *expr.Scope) (plan, error) {
	scope := &expr.Scope{Outer: outer}
	width := len(n.Rows[0])
	colTypes := make([]types.Type, width)
	for i := range colTypes {
		colTypes[i] = types.Unknown
	}
	for _, row := range n.Rows {
		if len(row) != width {
			return nil, pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length")
		}
		for i, e := range row {
			c, err := expr.Compile(e, scope, p.params)
			if err != nil {
				return nil, err
			}
			colTypes[i] = commonColumnType(colTypes[i], c.Type)
		}
	}
	v := &valuesPlan{}
	for i, t := range colTypes {
		if t.Kind == types.KindUnknown || t.Kind == types.KindNull {
			colTypes[i] = types.Text
		}
		v.cols = append(v.cols, Column{Name: "column" + strconv.Itoa(i+1), Type: colTypes[i]})
	}
	for _, row := range n.Rows {
		exprs := make([]*expr.Expr, width)
		for i, e := range row {
			c, err := expr.CompileAs(e, colTypes[i], scope, p.params)
			if err != nil {
				return nil, err
			}
			exprs[i] = c
		}
		v.rows = append(v.rows, exprs)
	}
	return p.shape(v, n.OrderBy, n.Limit, n.Offset)
}

// commonColumnType merges the type seen so far with another row's.
func commonColumnType(have, next types.Type) types.Type {
	if have.Kind == types.KindUnknown || have.Kind == types.KindNull {
		return next
	}
	if next.Kind == types.KindUnknown || next.Kind == types.KindNull || next == have {
		return have
	}
	if t, ok := types.CommonType(have, next); ok {
		return t
	}
	return have
}

// setOpPlan is UNION / INTERSECT / EXCEPT [ALL].
type setOpPlan struct {
	op          string
	all         bool
	left, right plan
	cols        []Column
}

func (p *setOpPlan) columns() []Column { return p.cols }

func (p *planner) planSetOp(n *ast.SetOp, outer *expr.Scope) (plan, error) {
	left, err := p.planQuery(n.Left, outer)
	if err != nil {
		return nil, err
	}
	right, err := p.planQuery(n.Right, outer)
	if err != nil {
		return nil, err
	}
	lc, rc := left.columns(), right.columns()
	if len(lc) != len(rc) {
		return nil, pgerr.New(pgerr.SyntaxError, "each %s query must have the same number of columns", upper(n.Op))
	}
	sp := &setOpPlan{op: n.Op, all: n.All, left: left, right: right}
	for i := range lc {
		t := commonColumnType(lc[i].Type, rc[i].Type)
		if t.Kind == types.KindUnknown || t.Kind == types.KindNull {
			t = types.Text
		}
		sp.cols = append(sp.cols, Column{Name: lc[i].Name, Type: t})
	}
	return p.shape(sp, n.OrderBy, n.Limit, n.Offset)
}

func upper(op string) string {
	switch op {
	case "union":
		return "UNION"
	case "intersect":
		return "INTERSECT"
	}
	return "EXCEPT"
}

func (p *setOpPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	n := 0
	out := make([]types.Value, len(p.cols))
	conform := func(row []types.Value) ([]types.Value, error) {
		for i, v := range row {
			if v.IsNull() || v.K == p.cols[i].Type.Kind {
				out[i] = v
				continue
			}
			c, err := types.CastIn(v, p.cols[i].Type, false, nil, x.env.Format)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	send := func(row []types.Value) error {
		n++
		return emit(row)
	}
	var key []byte
	keyOf := func(row []types.Value) string {
		key = appendGroupKey(key[:0], row)
		return string(key)
	}
	switch {
	case p.op == "union" && p.all:
		for _, side := range []plan{p.left, p.right} {
			if _, err := side.run(x, func(row []types.Value) error {
				r, err := conform(row)
				if err != nil {
					return err
				}
				return send(r)
			}); err != nil {
				return "", err
			}
		}
	case p.op == "union":
		seen := map[string]bool{}
		for _, side := range []plan{p.left, p.right} {
			if _, err := side.run(x, func(row []types.Value) error {
				r, err := conform(row)
				if err != nil {
					return err
				}
				k := keyOf(r)
				if seen[k] {
					return nil
				}
				seen[k] = true
				return send(r)
			}); err != nil {
				return "", err
			}
		}
	default: // intersect, except
		counts := map[string]int{}
		if _, err := p.right.run(x, func(row []types.Value) error {
			r, err := conform(row)
			if err != nil {
				return err
			}
			counts[keyOf(r)]++
			return nil
		}); err != nil {
			return "", err
		}
		emitted := map[string]bool{}
		if _, err := p.left.run(x, func(row []types.Value) error {
			r, err := conform(row)
			if err != nil {
				return err
			}
			k := keyOf(r)
			inRight := counts[k] > 0
			if p.all && inRight {
				counts[k]--
			}
			keep := inRight == (p.op == "intersect")
			if !keep || (!p.all && emitted[k]) {
				return nil
			}
			emitted[k] = true
			return send(r)
		}); err != nil {
			return "", err
		}
	}
	return "SELECT " + strconv.Itoa(n), nil
}

// shapePlan applies ORDER BY / LIMIT / OFFSET to a query's output
// (set operations and VALUES, whose ORDER BY names output columns).
type shapePlan struct {
	input         plan
	order         []sortKey
	limit, offset *expr.Expr
}

func (p *shapePlan) columns() []Column { return p.input.columns() }

func (p *planner) shape(in plan, order []ast.OrderItem, limit, offset ast.Expr) (plan, error) {
	if len(order) == 0 && limit == nil && offset == nil {
		return in, nil
	}
	s := &shapePlan{input: in}
	cols := in.columns()
	for _, item := range order {
		idx := -1
		switch e := item.Expr.(type) {
		case *ast.Const:
			if e.Value.K.IsInteger() && e.Value.I >= 1 && int(e.Value.I) <= len(cols) {
				idx = int(e.Value.I) - 1
			}
		case *ast.ColumnRef:
			for i, c := range cols {
				if c.Name == e.Column {
					idx = i
					break
				}
			}
		}
		if idx < 0 {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "ORDER BY on a UNION/INTERSECT/EXCEPT or VALUES result must name an output column")
		}
		s.order = append(s.order, newSortKey(idx, item))
	}
	var err error
	if s.limit, s.offset, err = p.compileLimits(limit, offset); err != nil {
		return nil, err
	}
	return s, nil
}

func (p *shapePlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	limit, offset, err := evalLimits(x, p.limit, p.offset)
	if err != nil {
		return "", err
	}
	var rows [][]types.Value
	if _, err := p.input.run(x, func(row []types.Value) error {
		rows = append(rows, append([]types.Value(nil), row...))
		return nil
	}); err != nil {
		return "", err
	}
	sortRows(rows, p.order)
	sent := 0
	for i, row := range rows {
		if int64(i) < offset {
			continue
		}
		if limit >= 0 && int64(sent) >= limit {
			break
		}
		sent++
		if err := emit(row); err != nil {
			return "", err
		}
	}
	return "SELECT " + strconv.Itoa(sent), nil
}
