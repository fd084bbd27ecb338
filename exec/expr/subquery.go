package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// SubqueryDepth is implemented by subqueries that know how far out they
// read enclosing rows: the largest OuterDepth of their expressions,
// relative to the subquery's own scope. 0 means uncorrelated: its result
// is then computed once per execution and reused for every row. A
// subquery that does not implement it is assumed to read the containing
// query's row (depth 1) and nothing further out.
type SubqueryDepth interface {
	OuterDepth() int
}

var (
	errSubqueryRows    = pgerr.New("21000", "more than one row returned by a subquery used as an expression")
	errSubqueryColumns = pgerr.New(pgerr.SyntaxError, "subquery must return only one column")
	errSubqueryTooMany = pgerr.New(pgerr.SyntaxError, "subquery has too many columns")
	errSubqueryTooFew  = pgerr.New(pgerr.SyntaxError, "subquery has too few columns")
	// errStop ends a subquery run early without an error reaching the caller.
	errStop = pgerr.New(pgerr.InternalError, "subquery stopped")
)

// subLink compiles EXISTS, scalar, ARRAY, ANY and ALL subqueries. The
// subquery is planned against c.scope as its outer scope; at run time the
// current row is pushed onto env.Outer while it runs.
func (c *compiler) subLink(n *ast.SubLink) (*Expr, error) {
	if c.params.Subqueries == nil {
		return nil, at(pgerr.New(pgerr.FeatureNotSupported, "subqueries are not supported in this context"), n.Location)
	}
	sq, err := c.params.Subqueries.PlanSubquery(n.Query, c.scope, c.params)
	if err != nil {
		return nil, err
	}
	cols := sq.Types()
	run := newSubRunner(sq)
	// A subquery is never folded at compile time (volatile); a correlated
	// one reads the current row as its outer row (usesRow).
	x := &Expr{loc: n.Location, volatile: true, outerDepth: run.depth, usesRow: run.correlated}
	switch n.Kind {
	case "exists":
		x.Type = types.Bool
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			return run.value(env, row, func() (types.Value, error) {
				found := false
				err := run.run(env, row, func([]types.Value) error { found = true; return errStop })
				return types.NewBool(found), err
			})
		}
	case "scalar", "array":
		if len(cols) != 1 {
			return nil, at(errSubqueryColumns, n.Location)
		}
		if n.Kind == "array" {
			return c.arraySubquery(x, run, resolvedType(cols[0]))
		}
		x.Type = resolvedType(cols[0])
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			return run.value(env, row, func() (types.Value, error) {
				v, seen := types.NullValue, false
				err := run.run(env, row, func(r []types.Value) error {
					if seen {
						return errSubqueryRows
					}
					v, seen = r[0], true
					return nil
				})
				return v, err
			})
		}
	case "any", "all":
		return c.quantifiedSubquery(n, x, run, cols)
	default:
		return nil, at(pgerr.New(pgerr.FeatureNotSupported, "%s subqueries are not supported", n.Kind), n.Location)
	}
	return x, nil
}

// resolvedType is the type a subquery's output column has for its
// consumer: an untyped literal column reads as text, as in PostgreSQL.
func resolvedType(t types.Type) types.Type {
	if t.Kind == types.KindUnknown || t.Kind == types.KindNull {
		return types.Text
	}
	return t
}

// subRunner runs a planned subquery for one row of the containing query.
// An uncorrelated subquery's outcome is computed once per execution and
// kept in the Env (which is per execution): the value of an EXISTS,
// scalar or ARRAY subquery, or the rows an ANY/ALL test scans.
type subRunner struct {
	sq Subquery
	// depth is how many levels out from the containing query's scope the
	// subquery reads (its own OuterDepth minus one).
	depth int
	// correlated is false only when the subquery reports OuterDepth 0.
	correlated bool
}

// subResult is a cached outcome of an uncorrelated subquery.
type subResult struct {
	val  types.Value
	rows [][]types.Value
}

func newSubRunner(sq Subquery) *subRunner {
	r := &subRunner{sq: sq, depth: 0, correlated: true}
	if d, ok := sq.(SubqueryDepth); ok {
		r.depth = max(d.OuterDepth()-1, 0)
		r.correlated = d.OuterDepth() > 0
	}
	return r
}

// each runs the subquery with row pushed as the innermost outer row and
// calls f for every result row; f returns errStop to end the run early.
// Rows of an uncorrelated subquery are materialised once per execution.
func (r *subRunner) each(env *Env, row []types.Value, f func(r []types.Value) error) error {
	if !r.correlated {
		res, err := r.cached(env, row, func() (subResult, error) {
			var rows [][]types.Value
			err := r.run(env, row, func(out []types.Value) error {
				rows = append(rows, append([]types.Value(nil), out...))
				return nil
			})
			return subResult{rows: rows}, err
		})
		if err != nil {
			return err
		}
		for _, out := range res.rows {
			if err := f(out); err != nil {
				if err == errStop {
					return nil
				}
				return err
			}
		}
		return nil
	}
	return r.run(env, row, f)
}

// value computes a single-valued outcome (EXISTS, scalar, ARRAY) with
// compute, once per execution when the subquery is uncorrelated.
func (r *subRunner) value(env *Env, row []types.Value, compute func() (types.Value, error)) (types.Value, error) {
	if r.correlated {
		return compute()
	}
	res, err := r.cached(env, row, func() (subResult, error) {
		v, err := compute()
		return subResult{val: v}, err
	})
	return res.val, err
}

func (r *subRunner) cached(env *Env, row []types.Value, compute func() (subResult, error)) (subResult, error) {
	if res, ok := env.subqueries[r]; ok {
		return res, nil
	}
	res, err := compute()
	if err != nil {
		return res, err
	}
	if env.subqueries == nil {
		env.subqueries = map[*subRunner]subResult{}
	}
	env.subqueries[r] = res
	return res, nil
}

// run executes the subquery once, uncached.
func (r *subRunner) run(env *Env, row []types.Value, f func(r []types.Value) error) error {
	env.Outer = append(env.Outer, row)
	var ferr error
	err := r.sq.Run(env, func(out []types.Value) (bool, error) {
		if ferr = f(out); ferr != nil {
			return false, nil
		}
		return true, nil
	})
	env.Outer[len(env.Outer)-1] = nil
	env.Outer = env.Outer[:len(env.Outer)-1]
	if err != nil {
		return err
	}
	if ferr == errStop {
		return nil
	}
	return ferr
}

// slotExpr reads position i of the row it is given: quantified and row
// comparisons compile their operator over a two-slot row (operand, value).
func slotExpr(t types.Type, i, loc int) *Expr {
	return &Expr{Type: t, col: -1, loc: loc, usesRow: true,
		fn: func(_ *Env, row []types.Value) (types.Value, error) { return row[i], nil }}
}

// quantifiedSubquery compiles x op ANY|ALL (subquery), x IN (subquery)
// and (a, b) IN (subquery). The operator is compiled once over a
// two-slot row holding the operand and a subquery value.
func (c *compiler) quantifiedSubquery(n *ast.SubLink, x *Expr, run *subRunner, cols []types.Type) (*Expr, error) {
	var lefts []ast.Expr
	if row, ok := n.Operand.(*ast.RowExpr); ok {
		lefts = row.Elems
	} else {
		lefts = []ast.Expr{n.Operand}
	}
	switch {
	case len(cols) > len(lefts):
		return nil, at(errSubqueryTooMany, n.Location)
	case len(cols) < len(lefts):
		return nil, at(errSubqueryTooFew, n.Location)
	}
	operands, err := c.compileAll(lefts)
	if err != nil {
		return nil, err
	}
	op := n.Op
	if op == "" {
		op = "="
	}
	// The per-column test reads slots 0..k-1 (operands) and k..2k-1 (values).
	k := len(operands)
	slotsL, slotsR := make([]*Expr, k), make([]*Expr, k)
	for i, o := range operands {
		ct := resolvedType(cols[i])
		if o.isUnknown() {
			if operands[i], err = c.coerce(o, ct); err != nil {
				return nil, err
			}
		}
		slotsL[i] = slotExpr(operands[i].Type, i, operands[i].loc)
		slotsR[i] = slotExpr(ct, k+i, n.Location)
	}
	var test *Expr
	if k == 1 {
		test, err = c.binaryOp(op, slotsL[0], slotsR[0], n.Location)
		if err == nil && test.Type.Kind != types.KindBool {
			err = at(pgerr.New(pgerr.DatatypeMismatch, "row comparison operator must yield type boolean, not type %s",
				typeName(test.Type)), n.Location)
		}
	} else {
		test, err = c.rowComparison(op, slotsL, slotsR, n.Location)
	}
	if err != nil {
		return nil, err
	}
	all := n.Kind == "all"
	opFns, testFn := fnsOf(operands), test.fn
	x.Type = types.Bool
	x.fn = func(env *Env, row []types.Value) (types.Value, error) {
		slots := make([]types.Value, 2*k)
		for i, f := range opFns {
			v, err := f(env, row)
			if err != nil {
				return v, err
			}
			slots[i] = v
		}
		decided, sawNull := false, false
		err := run.each(env, row, func(r []types.Value) error {
			copy(slots[k:], r[:k])
			v, err := testFn(env, slots)
			switch {
			case err != nil:
				return err
			case v.K == types.KindNull:
				sawNull = true
			case (v.I != 0) != all: // true for ANY, false for ALL
				decided = true
				return errStop
			}
			return nil
		})
		switch {
		case err != nil:
			return types.NullValue, err
		case decided:
			return types.NewBool(!all), nil
		case sawNull:
			return types.NullValue, nil
		}
		return types.NewBool(all), nil
	}
	for _, o := range operands {
		x.outerDepth = max(x.outerDepth, o.outerDepth)
		x.usesRow = x.usesRow || o.usesRow
	}
	return x, nil
}
