package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// cast compiles CAST(x AS t) / x::t. An untyped literal is parsed straight
// as t ('2024-01-01'::date); an untyped parameter becomes a t parameter.
func (c *compiler) cast(n *ast.Cast) (*Expr, error) {
	if n.Type.Array {
		return nil, at(pgerr.New(pgerr.FeatureNotSupported, "array types are not supported"), n.Type.Location)
	}
	t, err := types.LookupTypeName(n.Type.Name, n.Type.Mods)
	if err != nil {
		return nil, at(err, n.Type.Location)
	}
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if x.isUnknown() {
		if x.param > 0 {
			c.setParam(x.param, t)
			y := *x
			y.Type = c.params.Types[x.param-1]
			if y.Type.Kind == t.Kind && t.Mod < 0 {
				return &y, nil
			}
			if !explicitOK(y.Type.Kind, t.Kind) {
				return nil, errCannotCast(y.Type, t, n.Location)
			}
			return c.convert(&y, t, true)
		}
		if x.konst {
			y, err := literalAs(x, t, true)
			if err != nil {
				return nil, at(err, n.Location)
			}
			return y, nil
		}
		return c.convert(x, t, true)
	}
	if x.Type == t {
		return x, nil
	}
	// PostgreSQL reports a cast at its leftmost token (the operand of x::t).
	loc := n.Location
	if x.loc >= 0 && x.loc < loc {
		loc = x.loc
	}
	if !explicitOK(x.Type.Kind, t.Kind) {
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
func explicitOK(from, to types.Kind) bool { return types.CastContextOf(from, to) != types.CastNone }
