package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// maxParams is PostgreSQL's limit on $n (the protocol's int16 count).
const maxParams = 65535

// param compiles $n. A parameter whose type is already known (declared at
// Parse or inferred by an earlier reference) has that type; otherwise it is
// unknown and the first context that needs a type fixes it in Params.
func (c *compiler) param(n *ast.Param) (*Expr, error) {
	if n.Index < 1 || n.Index > maxParams {
		return nil, at(pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", n.Index), n.Location)
	}
	for len(c.params.Types) < n.Index {
		c.params.Types = append(c.params.Types, types.Unknown)
	}
	t := c.params.Types[n.Index-1]
	if t.Kind == types.KindNull {
		t = types.Unknown
		c.params.Types[n.Index-1] = t
	}
	i := n.Index - 1
	x := &Expr{
		Type: t, col: -1, volatile: true, loc: n.Location,
		fn: func(env *Env, _ []types.Value) (types.Value, error) {
			if i >= len(env.Params) {
				return types.NullValue, pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", i+1)
			}
			return env.Params[i], nil
		},
	}
	x.param = n.Index
	return x, nil
}

// setParam records an inferred type for $n unless one is already known.
func (c *compiler) setParam(n int, t types.Type) {
	if t.Kind == types.KindUnknown || t.Kind == types.KindNull {
		return
	}
	if cur := c.params.Types[n-1]; cur.Kind == types.KindUnknown || cur.Kind == types.KindNull {
		c.params.Types[n-1] = baseType(t)
	}
}
