package expr

import (
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// toBool coerces an operand of a boolean construct (AND, NOT, IS TRUE,
// WHERE …): untyped literals parse as boolean, parameters become boolean.
func (c *compiler) toBool(x *Expr, construct string) (*Expr, error) {
	if x.Type.Kind == types.KindBool {
		return x, nil
	}
	if x.isUnknown() {
		return c.coerce(x, types.Bool)
	}
	return nil, errNotBoolean(construct, x.Type, x.loc)
}

// CompileBool compiles a condition (WHERE, HAVING, JOIN … ON): the result
// must be boolean; clause names it in the error, e.g. "WHERE".
func CompileBool(e ast.Expr, clause string, scope *Scope, params *Params) (*Expr, error) {
	c := newCompiler(scope, params)
	x, err := c.compile(e)
	if err != nil {
		return nil, err
	}
	return c.toBool(x, clause)
}

// logic compiles AND / OR.
func (c *compiler) logic(n *ast.BinaryOp) (*Expr, error) {
	op := strings.ToUpper(n.Op)
	l, err := c.compile(n.Left)
	if err != nil {
		return nil, err
	}
	if l, err = c.toBool(l, op); err != nil {
		return nil, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return nil, err
	}
	if r, err = c.toBool(r, op); err != nil {
		return nil, err
	}
	if op == "AND" {
		return and3(l, r, n.Location)
	}
	return or3(l, r, n.Location)
}

// and3 is three-valued AND, short-circuiting on a false left operand.
func and3(l, r *Expr, loc int) (*Expr, error) {
	lf, rf := l.fn, r.fn
	x := &Expr{Type: types.Bool, loc: loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil || (a.K != types.KindNull && a.I == 0) {
			return a, err
		}
		b, err := rf(env, row)
		if err != nil || (b.K != types.KindNull && b.I == 0) {
			return b, err
		}
		if a.K == types.KindNull || b.K == types.KindNull {
			return types.NullValue, nil
		}
		return b, nil
	}}
	return finish(x, l, r)
}

// or3 is three-valued OR, short-circuiting on a true left operand.
func or3(l, r *Expr, loc int) (*Expr, error) {
	lf, rf := l.fn, r.fn
	x := &Expr{Type: types.Bool, loc: loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil || (a.K != types.KindNull && a.I != 0) {
			return a, err
		}
		b, err := rf(env, row)
		if err != nil || (b.K != types.KindNull && b.I != 0) {
			return b, err
		}
		if a.K == types.KindNull || b.K == types.KindNull {
			return types.NullValue, nil
		}
		return b, nil
	}}
	return finish(x, l, r)
}

// not compiles NOT x.
func (c *compiler) not(n *ast.UnaryOp) (*Expr, error) {
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if x, err = c.toBool(x, "NOT"); err != nil {
		return nil, err
	}
	return negate(x), nil
}

// negate is three-valued NOT over a boolean expression.
func negate(x *Expr) *Expr {
	in := x.fn
	out := &Expr{Type: types.Bool, loc: x.loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil || v.K == types.KindNull {
			return v, err
		}
		v.I ^= 1
		return v, nil
	}}
	out, _ = finish(out, x)
	return out
}

// isNull compiles x IS [NOT] NULL.
func (c *compiler) isNull(n *ast.IsNull) (*Expr, error) {
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if x.param > 0 && x.isUnknown() {
		// PostgreSQL leaves such a parameter unknown; text is its fallback.
		if x, err = c.coerce(x, types.Text); err != nil {
			return nil, err
		}
	}
	in, not := x.fn, n.Not
	out := &Expr{Type: types.Bool, loc: x.loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil {
			return v, err
		}
		return types.NewBool((v.K == types.KindNull) != not), nil
	}}
	return finish(out, x)
}

// isBool compiles x IS [NOT] TRUE | FALSE | UNKNOWN, which never yields NULL.
func (c *compiler) isBool(n *ast.IsBool) (*Expr, error) {
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	test := strings.ToLower(n.Test)
	construct := "IS " + strings.ToUpper(test)
	if n.Not {
		construct = "IS NOT " + strings.ToUpper(test)
	}
	if x, err = c.toBool(x, construct); err != nil {
		return nil, err
	}
	in, not := x.fn, n.Not
	out := &Expr{Type: types.Bool, loc: x.loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil {
			return v, err
		}
		var r bool
		switch test {
		case "true":
			r = v.K != types.KindNull && v.I != 0
		case "false":
			r = v.K != types.KindNull && v.I == 0
		default:
			r = v.K == types.KindNull
		}
		return types.NewBool(r != not), nil
	}}
	return finish(out, x)
}
