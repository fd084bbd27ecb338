package exec

import (
	"fmt"
	"sort"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// windowCall is one window function call: f(args) OVER (PARTITION BY …
// ORDER BY …). Its result is appended to each row before projection; the
// default frame (RANGE UNBOUNDED PRECEDING to CURRENT ROW, peers
// included) is the only one supported.
type windowCall struct {
	call      *ast.FuncCall // a private copy; grouping rewrites its inputs
	fn        *expr.Window
	partition []*expr.Expr
	order     []*expr.Expr
	orderKeys []sortKey // over the order values: col i = order[i]
}

// extractWindows replaces window calls in targets and ORDER BY terms by
// references to their result columns.
func (p *planner) extractWindows(targets []target, order []orderTerm) ([]*windowCall, error) {
	var calls []*windowCall
	keys := map[string]int{}
	extract := func(e ast.Expr) ast.Expr {
		return rewriteExpr(e, func(n ast.Expr) (ast.Expr, bool) {
			call, ok := n.(*ast.FuncCall)
			if !ok || call.Over == nil {
				return n, false
			}
			k := ast.Format(call) + fmt.Sprintf("%v", call.Over)
			i, seen := keys[k]
			if !seen {
				i = len(calls)
				keys[k] = i
				calls = append(calls, &windowCall{call: copyWindowCall(call)})
			}
			return &ast.ColumnRef{Column: fmt.Sprintf("%s%d", windowColumnPrefix, i)}, true
		})
	}
	for i := range targets {
		targets[i].expr = extract(targets[i].expr)
	}
	for i := range order {
		order[i].expr = extract(order[i].expr)
	}
	return calls, nil
}

func copyWindowCall(c *ast.FuncCall) *ast.FuncCall {
	cp := *c
	cp.Args = append([]ast.Expr(nil), c.Args...)
	over := *c.Over
	over.PartitionBy = append([]ast.Expr(nil), c.Over.PartitionBy...)
	over.OrderBy = append([]ast.OrderItem(nil), c.Over.OrderBy...)
	cp.Over = &over
	return &cp
}

// windowInputs are the expressions window calls read, for the grouping
// rewrite to replace with grouped columns.
func windowInputs(calls []*windowCall) []*ast.Expr {
	var out []*ast.Expr
	for _, w := range calls {
		for i := range w.call.Args {
			out = append(out, &w.call.Args[i])
		}
		for i := range w.call.Over.PartitionBy {
			out = append(out, &w.call.Over.PartitionBy[i])
		}
		for i := range w.call.Over.OrderBy {
			out = append(out, &w.call.Over.OrderBy[i].Expr)
		}
	}
	return out
}

func (w *windowCall) hasAggregateInputs() bool {
	for _, e := range windowInputs([]*windowCall{w}) {
		if hasAggregate(*e) {
			return true
		}
	}
	return false
}

// compileWindows compiles the calls over scope and returns the scope of
// rows carrying their results.
func (p *planner) compileWindows(calls []*windowCall, scope, input *expr.Scope, grouped bool) ([]*windowCall, *expr.Scope, error) {
	out := &expr.Scope{Columns: append([]expr.Column(nil), scope.Columns...), Outer: scope.Outer}
	for i, w := range calls {
		for _, e := range w.call.Over.PartitionBy {
			c, err := p.compileOutput(e, scope, input, grouped)
			if err != nil {
				return nil, nil, err
			}
			w.partition = append(w.partition, c)
		}
		for j, item := range w.call.Over.OrderBy {
			c, err := p.compileOutput(item.Expr, scope, input, grouped)
			if err != nil {
				return nil, nil, err
			}
			w.order = append(w.order, c)
			w.orderKeys = append(w.orderKeys, newSortKey(j, item))
		}
		fn, err := expr.CompileWindow(w.call, scope, p.params)
		if err != nil {
			return nil, nil, groupingError(err, w.call, input)
		}
		w.fn = fn
		out.Columns = append(out.Columns, expr.Column{Name: fmt.Sprintf("%s%d", windowColumnPrefix, i), Type: fn.Type})
	}
	return calls, out, nil
}

// computeWindows appends every call's result to each row.
func computeWindows(x *execution, calls []*windowCall, rows [][]types.Value) error {
	base := 0
	if len(rows) > 0 {
		base = len(rows[0])
	}
	for i := range rows {
		rows[i] = append(rows[i], make([]types.Value, len(calls))...)
	}
	for wi, w := range calls {
		if err := w.compute(x, rows, base+wi); err != nil {
			return err
		}
	}
	return nil
}

func (w *windowCall) compute(x *execution, rows [][]types.Value, col int) error {
	n := len(rows)
	parts := make([]string, n)
	orderVals := make([][]types.Value, n)
	var key []byte
	for i, row := range rows {
		key = key[:0]
		for _, e := range w.partition {
			v, err := e.Eval(&x.env, row)
			if err != nil {
				return err
			}
			key = types.AppendGroupKey(key, v)
		}
		parts[i] = string(key)
		orderVals[i] = make([]types.Value, len(w.order))
		if err := project(x, w.order, row, orderVals[i]); err != nil {
			return err
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ia, ib := idx[a], idx[b]
		if parts[ia] != parts[ib] {
			return parts[ia] < parts[ib]
		}
		return compareRows(orderVals[ia], orderVals[ib], w.orderKeys) < 0
	})
	for start := 0; start < n; {
		end := start
		for end < n && parts[idx[end]] == parts[idx[start]] {
			end++
		}
		if err := w.computePartition(x, rows, idx[start:end], orderVals, col); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// computePartition fills one partition; idx lists its rows in ORDER BY order.
func (w *windowCall) computePartition(x *execution, rows [][]types.Value, idx []int, orderVals [][]types.Value, col int) error {
	part := make([][]types.Value, len(idx))
	peer := make([]bool, len(idx))
	for k, i := range idx {
		part[k] = rows[i]
		peer[k] = k > 0 && compareRows(orderVals[idx[k-1]], orderVals[i], w.orderKeys) == 0
	}
	out := make([]types.Value, len(idx))
	if err := w.fn.EvalPartition(&x.env, part, peer, out); err != nil {
		return err
	}
	for k, i := range idx {
		rows[i][col] = out[k]
	}
	return nil
}
