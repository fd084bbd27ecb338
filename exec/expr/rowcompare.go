package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Row constructors only take part in comparisons: (a, b) = (c, d),
// (a, b) < (c, d), (a, b) IN ((…), (…)) and (a, b) IN (subquery). A row
// value anywhere else is 0A000.

func errRowNotSupported(loc int) error {
	return at(pgerr.New(pgerr.FeatureNotSupported, "row expressions are only supported in comparisons"), loc)
}

// rowBinary compiles a comparison between two row constructors.
func (c *compiler) rowBinary(n *ast.BinaryOp) (*Expr, error) {
	l, lok := n.Left.(*ast.RowExpr)
	r, rok := n.Right.(*ast.RowExpr)
	if !lok || !rok {
		loc := n.Location
		if lok {
			loc = l.Location
		} else if rok {
			loc = r.Location
		}
		return nil, errRowNotSupported(loc)
	}
	ls, err := c.compileAll(l.Elems)
	if err != nil {
		return nil, err
	}
	rs, err := c.compileAll(r.Elems)
	if err != nil {
		return nil, err
	}
	return c.rowComparison(n.Op, ls, rs, n.Location)
}

// rowComparison compiles a row-wise comparison with PostgreSQL's rules:
// = is the AND of the column equalities and <> the OR of the column
// inequalities (three-valued), while < <= > >= compare column by column
// and stop at the first pair that is unequal or involves a NULL (then NULL).
func (c *compiler) rowComparison(op string, ls, rs []*Expr, loc int) (*Expr, error) {
	if len(ls) != len(rs) {
		return nil, at(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
	default:
		return nil, at(pgerr.New(pgerr.FeatureNotSupported,
			"could not determine interpretation of row comparison operator %s", op), loc)
	}
	if len(ls) == 0 {
		return nil, at(pgerr.New(pgerr.FeatureNotSupported, "cannot compare rows of zero length"), loc)
	}
	cmps := make([]func(a, b types.Value) int, len(ls))
	inputs := make([]*Expr, 0, 2*len(ls))
	for i := range ls {
		l, r, err := c.unifyUnknown(op, ls[i], rs[i], &textType, loc)
		if err != nil {
			return nil, err
		}
		if ls[i], rs[i], cmps[i], err = c.comparator(op, l, r, loc); err != nil {
			return nil, err
		}
		inputs = append(inputs, ls[i], rs[i])
	}
	lfs, rfs := fnsOf(ls), fnsOf(rs)
	o := parseCmpOp(op)
	x := &Expr{Type: types.Bool, loc: loc}
	switch o {
	case opEQ, opNE:
		// decisive is the per-column outcome that settles the whole row:
		// an unequal pair for =, and for <> as well (it makes <> true).
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			sawNull := false
			for i, lf := range lfs {
				a, err := lf(env, row)
				if err != nil {
					return a, err
				}
				b, err := rfs[i](env, row)
				if err != nil {
					return b, err
				}
				if a.K == types.KindNull || b.K == types.KindNull {
					sawNull = true
					continue
				}
				if cmps[i](a, b) != 0 {
					return types.NewBool(o == opNE), nil
				}
			}
			if sawNull {
				return types.NullValue, nil
			}
			return types.NewBool(o == opEQ), nil
		}
	default:
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			for i, lf := range lfs {
				a, err := lf(env, row)
				if err != nil {
					return a, err
				}
				b, err := rfs[i](env, row)
				if err != nil {
					return b, err
				}
				if a.K == types.KindNull || b.K == types.KindNull {
					return types.NullValue, nil
				}
				if d := cmps[i](a, b); d != 0 {
					return types.NewBool(o.holds(d)), nil
				}
			}
			return types.NewBool(o.holds(0)), nil
		}
	}
	return finish(x, inputs...)
}

// rowIn compiles (a, b) [NOT] IN ((c, d), …) as an OR of row equalities.
func (c *compiler) rowIn(n *ast.In, operand *ast.RowExpr) (*Expr, error) {
	ls, err := c.compileAll(operand.Elems)
	if err != nil {
		return nil, err
	}
	var out *Expr
	for _, item := range n.List {
		r, ok := item.(*ast.RowExpr)
		if !ok {
			return nil, errRowNotSupported(n.Location)
		}
		rs, err := c.compileAll(r.Elems)
		if err != nil {
			return nil, err
		}
		eq, err := c.rowComparison("=", append([]*Expr(nil), ls...), rs, n.Location)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = eq
		} else if out, err = or3(out, eq, n.Location); err != nil {
			return nil, err
		}
	}
	if out == nil {
		return nil, errRowNotSupported(n.Location)
	}
	if n.Not {
		return negate(out), nil
	}
	return out, nil
}

// isDistinct compiles a IS [NOT] DISTINCT FROM b: equality where NULL
// equals NULL, never NULL itself.
func (c *compiler) isDistinct(n *ast.IsDistinct) (*Expr, error) {
	l, err := c.compile(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return nil, err
	}
	if l, r, err = c.unifyUnknown("=", l, r, &textType, n.Location); err != nil {
		return nil, err
	}
	l, r, cmp, err := c.comparator("=", l, r, n.Location)
	if err != nil {
		return nil, err
	}
	lf, rf, not := l.fn, r.fn, n.Not
	x := &Expr{Type: types.Bool, loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil {
			return a, err
		}
		b, err := rf(env, row)
		if err != nil {
			return b, err
		}
		an, bn := a.K == types.KindNull, b.K == types.KindNull
		distinct := an != bn || !an && cmp(a, b) != 0
		return types.NewBool(distinct != not), nil
	}}
	return finish(x, l, r)
}
