package expr

import (
	"context"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// compiler carries what one Compile call needs: the visible columns, the
// statement's parameter types (shared across all its expressions) and
// whether it is inside an aggregate's arguments.
type compiler struct {
	scope  *Scope
	params *Params
	inAgg  bool
}

func newCompiler(scope *Scope, params *Params) *compiler {
	if scope == nil {
		scope = &Scope{}
	}
	if params == nil {
		params = &Params{}
	}
	return &compiler{scope: scope, params: params}
}

// compile dispatches on the AST node type.
func (c *compiler) compile(e ast.Expr) (*Expr, error) {
	switch n := e.(type) {
	case *ast.Const:
		return c.constant(n), nil
	case *ast.Param:
		return c.param(n)
	case *ast.ColumnRef:
		return c.column(n)
	case *ast.BinaryOp:
		return c.binary(n)
	case *ast.UnaryOp:
		return c.unary(n)
	case *ast.FuncCall:
		return c.call(n)
	case *ast.Cast:
		return c.cast(n)
	case *ast.Case:
		return c.caseExpr(n)
	case *ast.IsNull:
		return c.isNull(n)
	case *ast.IsBool:
		return c.isBool(n)
	case *ast.In:
		return c.in(n)
	case *ast.Between:
		return c.between(n)
	case *ast.Coalesce:
		return c.coalesce(n)
	case *ast.NullIf:
		return c.nullIf(n)
	case *ast.SQLValueFunction:
		return c.sqlValueFunction(n)
	case *ast.SubLink:
		return c.subLink(n)
	case *ast.IsDistinct:
		return c.isDistinct(n)
	case *ast.RowExpr:
		return nil, errRowNotSupported(n.Location)
	case *ast.ArrayExpr:
		return c.arrayExpr(n)
	case *ast.Subscript:
		return c.subscript(n)
	case *ast.AnyAll:
		return c.anyAll(n)
	case *ast.FieldSelect:
		return c.fieldSelect(n)
	case *ast.Default:
		return nil, pgerr.New(pgerr.SyntaxError, "DEFAULT is not allowed in this context")
	case *ast.Star:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "* is not allowed in this context")
	case nil:
		return nil, pgerr.New(pgerr.InternalError, "missing expression")
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "unsupported expression %T", e)
}

func (c *compiler) compileAll(es []ast.Expr) ([]*Expr, error) {
	xs := make([]*Expr, len(es))
	for i, e := range es {
		x, err := c.compile(e)
		if err != nil {
			return nil, err
		}
		xs[i] = x
	}
	return xs, nil
}

// constant compiles a literal. Untyped strings and NULL keep KindUnknown /
// KindNull until context gives them a type.
func (c *compiler) constant(n *ast.Const) *Expr {
	v := n.Value
	t := types.Type{Kind: v.K, Mod: -1}
	return constExpr(v, t, n.Location)
}

func constExpr(v types.Value, t types.Type, loc int) *Expr {
	return &Expr{
		Type: t, konst: true, val: v, col: -1, loc: loc,
		fn: func(*Env, []types.Value) (types.Value, error) { return v, nil },
	}
}

// foldEnv is the environment constant folding evaluates in: folded
// expressions never read it (anything that does is volatile).
var foldEnv = &Env{Ctx: context.Background()}

// finish completes a freshly built expression: it inherits volatility and
// row dependence from its inputs and, when it depends on neither, is
// evaluated once and replaced by its value. An evaluation error is left for
// run time, so 1/0 fails only if it is evaluated, while CASE WHEN false
// THEN 1/0 END still folds to NULL.
func finish(x *Expr, inputs ...*Expr) (*Expr, error) {
	x.col = -1
	for _, in := range inputs {
		if in == nil {
			continue
		}
		x.volatile = x.volatile || in.volatile
		x.usesRow = x.usesRow || in.usesRow
		x.outerDepth = max(x.outerDepth, in.outerDepth)
	}
	if x.usesRow || x.volatile || x.outerDepth > 0 {
		return x, nil
	}
	v, err := x.fn(foldEnv, nil)
	if err != nil {
		return x, nil
	}
	return constExpr(v, x.Type, x.loc), nil
}
