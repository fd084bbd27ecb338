package exec

import (
	"fmt"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// Set-returning functions in a select list (SELECT generate_series(1, 3),
// pgjdbc's (information_schema._pg_expandarray(i.indkey)).n): each input
// row yields as many rows as the longest result, the functions advancing
// in lockstep and shorter ones padded with NULL, as in PostgreSQL 10+.

const setColumnPrefix = "?set?"

// targetSet is one set-returning call of a select list.
type targetSet struct {
	args   []*expr.Expr
	values func(x *execution, args []types.Value) ([]types.Value, error)
}

// extractTargetSets replaces set-returning calls in targets with
// references to the columns that will carry their values.
func (p *planner) extractTargetSets(targets []target) []*ast.FuncCall {
	var calls []*ast.FuncCall
	keys := map[string]int{}
	for i := range targets {
		targets[i].expr = rewriteExpr(targets[i].expr, func(n ast.Expr) (ast.Expr, bool) {
			call, ok := n.(*ast.FuncCall)
			if !ok || call.Over != nil || (setFunctions[call.Name] == nil && !expr.IsExpandArray(call.Name)) {
				return n, false
			}
			k := ast.Format(call)
			idx, seen := keys[k]
			if !seen {
				idx = len(calls)
				keys[k] = idx
				calls = append(calls, call)
			}
			return &ast.ColumnRef{Column: fmt.Sprintf("%s%d", setColumnPrefix, idx)}, true
		})
	}
	return calls
}

// compileTargetSets compiles the calls over scope and returns the scope of
// rows extended with one column per call.
func (p *planner) compileTargetSets(calls []*ast.FuncCall, scope *expr.Scope) ([]*targetSet, *expr.Scope, error) {
	out := &expr.Scope{Columns: append([]expr.Column(nil), scope.Columns...), Outer: scope.Outer}
	var sets []*targetSet
	for i, call := range calls {
		ts := &targetSet{}
		argTypes := make([]types.Type, len(call.Args))
		for j, a := range call.Args {
			e, err := expr.Compile(a, scope, p.params)
			if err != nil {
				return nil, nil, err
			}
			ts.args = append(ts.args, e)
			argTypes[j] = e.Type
		}
		var typ types.Type
		if expr.IsExpandArray(call.Name) {
			if _, err := expandArrayColumns(argTypes); err != nil {
				return nil, nil, err
			}
			typ = expr.ExpandArrayType(argTypes[0])
			ts.values = func(_ *execution, args []types.Value) ([]types.Value, error) { return expr.ExpandArray(args[0]) }
		} else {
			fn := setFunctions[call.Name]
			cols, err := fn.columns(argTypes)
			if err != nil {
				return nil, nil, err
			}
			typ = cols[0].Type
			ts.values = func(x *execution, args []types.Value) ([]types.Value, error) {
				var vals []types.Value
				err := fn.rows(x, args, func(row []types.Value) (bool, error) {
					vals = append(vals, row[0])
					return true, nil
				})
				return vals, err
			}
		}
		sets = append(sets, ts)
		out.Columns = append(out.Columns, expr.Column{Name: fmt.Sprintf("%s%d", setColumnPrefix, i), Type: typ})
	}
	return sets, out, nil
}

// expandSets calls fn with row extended by the select list's
// set-returning values: once per result row, or once unchanged when there
// are none.
func (p *selectPlan) expandSets(x *execution, row []types.Value, fn func([]types.Value) error) error {
	if len(p.sets) == 0 {
		return fn(row)
	}
	lists := make([][]types.Value, len(p.sets))
	longest := 0
	for i, s := range p.sets {
		args := make([]types.Value, len(s.args))
		if err := project(x, s.args, row, args); err != nil {
			return err
		}
		vals, err := s.values(x, args)
		if err != nil {
			return err
		}
		lists[i] = vals
		longest = max(longest, len(vals))
	}
	ext := make([]types.Value, len(row)+len(p.sets))
	copy(ext, row)
	for k := 0; k < longest; k++ {
		for i, vals := range lists {
			ext[len(row)+i] = types.NullValue
			if k < len(vals) {
				ext[len(row)+i] = vals[k]
			}
		}
		if err := fn(ext); err != nil {
			return err
		}
	}
	return nil
}
