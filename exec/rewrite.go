package exec

import (
	"github.com/kalamdb/kalamdb/exec/ast"
)

// rewriteExpr rebuilds e bottom-up-aware: fn sees each node first and may
// replace it (returning true stops the descent into that node).
func rewriteExpr(e ast.Expr, fn func(ast.Expr) (ast.Expr, bool)) ast.Expr {
	if e == nil {
		return nil
	}
	if r, done := fn(e); done {
		return r
	}
	rw := func(x ast.Expr) ast.Expr { return rewriteExpr(x, fn) }
	rwList := func(list []ast.Expr) []ast.Expr {
		out := make([]ast.Expr, len(list))
		for i, x := range list {
			out[i] = rw(x)
		}
		return out
	}
	switch n := e.(type) {
	case *ast.BinaryOp:
		c := *n
		c.Left, c.Right = rw(n.Left), rw(n.Right)
		return &c
	case *ast.UnaryOp:
		c := *n
		c.Operand = rw(n.Operand)
		return &c
	case *ast.FuncCall:
		c := *n
		c.Args = rwList(n.Args)
		c.Filter = rw(n.Filter)
		if len(n.OrderBy) > 0 {
			c.OrderBy = make([]ast.OrderItem, len(n.OrderBy))
			for i, o := range n.OrderBy {
				o.Expr = rw(o.Expr)
				c.OrderBy[i] = o
			}
		}
		return &c
	case *ast.Cast:
		c := *n
		c.Operand = rw(n.Operand)
		return &c
	case *ast.Case:
		c := *n
		c.Operand = rw(n.Operand)
		c.Whens = make([]ast.When, len(n.Whens))
		for i, w := range n.Whens {
			c.Whens[i] = ast.When{Cond: rw(w.Cond), Result: rw(w.Result)}
		}
		c.Else = rw(n.Else)
		return &c
	case *ast.IsNull:
		c := *n
		c.Operand = rw(n.Operand)
		return &c
	case *ast.IsBool:
		c := *n
		c.Operand = rw(n.Operand)
		return &c
	case *ast.In:
		c := *n
		c.Operand = rw(n.Operand)
		c.List = rwList(n.List)
		return &c
	case *ast.Between:
		c := *n
		c.Operand, c.Low, c.High = rw(n.Operand), rw(n.Low), rw(n.High)
		return &c
	case *ast.Coalesce:
		c := *n
		c.Args = rwList(n.Args)
		return &c
	case *ast.NullIf:
		c := *n
		c.Left, c.Right = rw(n.Left), rw(n.Right)
		return &c
	case *ast.SubLink: // the subquery has its own scope; only the operand is ours
		c := *n
		c.Operand = rw(n.Operand)
		return &c
	case *ast.AnyAll:
		c := *n
		c.Left, c.Right = rw(n.Left), rw(n.Right)
		return &c
	case *ast.ArrayExpr:
		c := *n
		c.Elems = rwList(n.Elems)
		return &c
	case *ast.Subscript:
		c := *n
		c.Operand, c.Index, c.Lower, c.Upper = rw(n.Operand), rw(n.Index), rw(n.Lower), rw(n.Upper)
		return &c
	case *ast.FieldSelect:
		c := *n
		c.Operand = rw(n.Operand)
		return &c
	case *ast.IsDistinct:
		c := *n
		c.Left, c.Right = rw(n.Left), rw(n.Right)
		return &c
	case *ast.RowExpr:
		c := *n
		c.Elems = rwList(n.Elems)
		return &c
	}
	return e
}

// walkExpr visits every node of e; fn returns false to skip a subtree.
func walkExpr(e ast.Expr, fn func(ast.Expr) bool) {
	rewriteExpr(e, func(n ast.Expr) (ast.Expr, bool) {
		return n, !fn(n)
	})
}
