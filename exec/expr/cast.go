package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// cast compiles CAST(x AS t) / x::t. An untyped literal is parsed straight
// as t ('2024-01-01'::date); an untyped parameter becomes a t parameter;
// ARRAY[…]::t[] casts each element.
func (c *compiler) cast(n *ast.Cast) (*Expr, error) {
	t, err := types.LookupTypeName(n.Type.Name, n.Type.Mods)
	if err != nil {
		return nil, at(err, n.Type.Location)
	}
	if n.Type.Array {
		if t.IsArray() {
			return nil, errMultiDim(n.Type.Location)
		}
		t = types.ArrayOf(t)
	}
	if arr, ok := n.Operand.(*ast.ArrayExpr); ok && t.Kind == types.KindArray {
		return c.arrayAs(arr, t)
	}
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	return c.castTo(x, t, n.Location)
}

// castTo applies an explicit cast of x to t; loc is the cast's position.
func (c *compiler) castTo(x *Expr, t types.Type, loc int) (*Expr, error) {
	if x.isUnknown() {
		if x.param > 0 {
			c.setParam(x.param, t)
			y := *x
			y.Type = c.params.Types[x.param-1]
			if y.Type.Kind == t.Kind && y.Type.Elem == t.Elem && t.Mod < 0 {
				return &y, nil
			}
			if !explicitOK(y.Type, t) {
				return nil, errCannotCast(y.Type, t, loc)
			}
			return c.convert(&y, t, true)
		}
		if x.konst {
			y, err := literalAs(x, t, true)
			if err != nil {
				return nil, at(err, loc)
			}
			return y, nil
		}
		return c.convert(x, t, true)
	}
	if x.Type == t {
		return x, nil
	}
	// PostgreSQL reports a cast at its leftmost token (the operand of x::t).
	if x.loc >= 0 && x.loc < loc {
		loc = x.loc
	}
	if !explicitOK(x.Type, t) {
		return nil, errCannotCast(x.Type, t, loc)
	}
	y, err := c.convert(x, t, true)
	if err != nil {
		return nil, err
	}
	y.loc = loc
	return y, nil
}

func errCannotCast(from, to types.Type, loc int) error {
	return at(pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", typeName(from), typeName(to)), loc)
}

// explicitOK reports whether PostgreSQL has a cast from → to at all.
func explicitOK(from, to types.Type) bool {
	return types.CastContextOfType(from, to) != types.CastNone
}

// needsResolver reports whether converting to t consults the catalog: a
// reg* result (its oid or printed name), or an array of them.
func needsResolver(t types.Type) bool {
	return t.Kind.IsReg() || t.Kind == types.KindArray && t.Elem.IsReg()
}

// resolver is the session's catalog name lookup, when the host has one.
func resolver(env *Env) types.NameResolver {
	r, _ := env.Host.(types.NameResolver)
	return r
}

// convertReg is convert for reg* targets: the conversion runs through
// types.CastWith with the session's resolver at evaluation time
// (oid::regclass gets its name, 'pg_class'::regclass its oid) and is
// never folded, as the catalog is only reachable through Env.
func convertReg(x *Expr, t types.Type, explicit bool) (*Expr, error) {
	in := x.fn
	out := &Expr{Type: t, col: -1, loc: x.loc, volatile: true, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil || v.K == types.KindNull {
			return v, err
		}
		return types.CastWith(v, t, explicit, resolver(env))
	}}
	return finish(out, x)
}

// regLiteral is 'name'::regclass and friends: the literal is parsed by
// the type's input function with the session's resolver when evaluated.
func regLiteral(x *Expr, t types.Type) *Expr {
	s := x.val.S
	return &Expr{Type: t, col: -1, loc: x.loc, volatile: true, fn: func(env *Env, _ []types.Value) (types.Value, error) {
		return types.ParseTextWith(s, t, resolver(env))
	}}
}
