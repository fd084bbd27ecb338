package expr

import (
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// caseExpr compiles both CASE forms. The result type is the common type of
// the THEN and ELSE arms (ELSE first, as PostgreSQL orders them). In the
// simple form the operand is compared to each WHEN value with `=`; it is
// re-evaluated per arm, which only matters for volatile operands.
func (c *compiler) caseExpr(n *ast.Case) (*Expr, error) {
	var operand *Expr
	var err error
	if n.Operand != nil {
		if operand, err = c.compile(n.Operand); err != nil {
			return nil, err
		}
	}
	conds := make([]*Expr, len(n.Whens))
	results := make([]*Expr, len(n.Whens)+1)
	for i, w := range n.Whens {
		cond, err := c.compile(w.Cond)
		if err != nil {
			return nil, err
		}
		if operand != nil {
			cond, err = c.comparison("=", operand, cond, cond.loc)
		} else {
			cond, err = c.toBool(cond, "CASE/WHEN")
		}
		if err != nil {
			return nil, err
		}
		conds[i] = cond
		if results[i+1], err = c.compile(w.Result); err != nil {
			return nil, err
		}
	}
	if n.Else != nil {
		if results[0], err = c.compile(n.Else); err != nil {
			return nil, err
		}
	} else {
		results[0] = constExpr(types.NullValue, types.Null, n.Location)
	}
	t, err := commonType("CASE", results)
	if err != nil {
		return nil, err
	}
	for i, r := range results {
		if results[i], err = c.coerce(r, t); err != nil {
			return nil, err
		}
	}
	condFns := fnsOf(conds)
	resFns := fnsOf(results[1:])
	elseFn := results[0].fn
	out := &Expr{Type: t, loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		for i, cond := range condFns {
			v, err := cond(env, row)
			if err != nil {
				return v, err
			}
			if v.K != types.KindNull && v.I != 0 {
				return resFns[i](env, row)
			}
		}
		return elseFn(env, row)
	}}
	inputs := append(append([]*Expr{operand}, conds...), results...)
	return finish(out, inputs...)
}

func fnsOf(xs []*Expr) []evalFn {
	fns := make([]evalFn, len(xs))
	for i, x := range xs {
		fns[i] = x.fn
	}
	return fns
}

// coalesce compiles COALESCE: the first non-NULL argument, evaluated lazily.
func (c *compiler) coalesce(n *ast.Coalesce) (*Expr, error) {
	args, err := c.unified("COALESCE", n.Args)
	if err != nil {
		return nil, err
	}
	fns := fnsOf(args)
	out := &Expr{Type: args[0].Type, loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		for _, f := range fns {
			v, err := f(env, row)
			if err != nil || v.K != types.KindNull {
				return v, err
			}
		}
		return types.NullValue, nil
	}}
	return finish(out, args...)
}

// unified compiles args and coerces them to their common type.
func (c *compiler) unified(construct string, es []ast.Expr) ([]*Expr, error) {
	args, err := c.compileAll(es)
	if err != nil {
		return nil, err
	}
	t, err := commonType(construct, args)
	if err != nil {
		return nil, err
	}
	for i, a := range args {
		if args[i], err = c.coerce(a, t); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// nullIf compiles NULLIF(a, b): NULL when a = b, else a (as converted for
// the comparison, so NULLIF(1, 2.5) is numeric like in PostgreSQL).
func (c *compiler) nullIf(n *ast.NullIf) (*Expr, error) {
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
	lf, rf := l.fn, r.fn
	out := &Expr{Type: l.Type, loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil || a.K == types.KindNull {
			return a, err
		}
		b, err := rf(env, row)
		if err != nil {
			return b, err
		}
		if b.K != types.KindNull && cmp(a, b) == 0 {
			return types.NullValue, nil
		}
		return a, nil
	}}
	return finish(out, l, r)
}

// greatestLeast compiles GREATEST / LEAST: NULL arguments are ignored.
func (c *compiler) greatestLeast(n *ast.FuncCall) (*Expr, error) {
	construct := strings.ToUpper(n.Name)
	args, err := c.unified(construct, n.Args)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, errNoFunction(n.Name, nil, n.Location)
	}
	// Comparing the common type with itself never converts.
	_, _, cmp, err := c.comparator(">", args[0], args[0], n.Location)
	if err != nil {
		return nil, err
	}
	want := 1
	if construct == "LEAST" {
		want = -1
	}
	fns := fnsOf(args)
	out := &Expr{Type: args[0].Type, loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		best := types.NullValue
		for _, f := range fns {
			v, err := f(env, row)
			if err != nil {
				return v, err
			}
			if v.K == types.KindNull {
				continue
			}
			if best.K == types.KindNull || cmp(v, best) == want {
				best = v
			}
		}
		return best, nil
	}}
	return finish(out, args...)
}
