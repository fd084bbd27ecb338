package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Window functions are computed by the planner, which partitions and
// sorts the input, then calls Window.EvalPartition once per partition and
// exposes the results to the select list as extra columns (the way it
// handles aggregates). Only the default frame is supported: RANGE BETWEEN
// UNBOUNDED PRECEDING AND CURRENT ROW, i.e. the partition's rows up to the
// current row's last peer (the whole partition without ORDER BY).

// windowOnly lists the functions that exist only as window functions.
var windowOnly = map[string]bool{
	"row_number": true, "rank": true, "dense_rank": true, "percent_rank": true,
	"cume_dist": true, "ntile": true, "lag": true, "lead": true,
	"first_value": true, "last_value": true, "nth_value": true,
}

// IsWindowFunction reports whether name may be called with OVER: the
// window-only functions above and every aggregate.
func IsWindowFunction(name string) bool { return windowOnly[name] || IsAggregate(name) }

// Window is a compiled window function call. It is immutable.
type Window struct {
	Type types.Type

	name string
	args []*Expr
	agg  *Aggregate // set for aggregates used as window functions
}

// CompileWindow compiles a window function call's arguments against the
// scope of the rows being windowed (call.Over is the planner's business).
func CompileWindow(call *ast.FuncCall, scope *Scope, params *Params) (*Window, error) {
	if IsAggregate(call.Name) {
		if call.Distinct {
			return nil, at(pgerr.New(pgerr.FeatureNotSupported, "DISTINCT is not implemented for window functions"), call.Location)
		}
		if len(call.OrderBy) > 0 {
			return nil, at(pgerr.New(pgerr.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions"), call.Location)
		}
		a, err := CompileAggregate(call, scope, params)
		if err != nil {
			return nil, err
		}
		return &Window{Type: a.Type, name: call.Name, agg: a}, nil
	}
	if !windowOnly[call.Name] {
		return nil, at(pgerr.New(codeWrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", call.Name), call.Location)
	}
	c := newCompiler(scope, params)
	c.inAgg = true
	args, err := c.compileAll(call.Args)
	if err != nil {
		return nil, err
	}
	w := &Window{name: call.Name, args: args}
	noFunc := func() (*Window, error) { return nil, errNoFunction(call.Name, args, call.Location) }
	switch call.Name {
	case "row_number", "rank", "dense_rank":
		if len(args) != 0 {
			return noFunc()
		}
		w.Type = types.Int8
	case "percent_rank", "cume_dist":
		if len(args) != 0 {
			return noFunc()
		}
		w.Type = types.Float8
	case "ntile":
		if len(args) != 1 {
			return noFunc()
		}
		if w.args[0], err = c.coerceArg(args[0], types.Int4, call); err != nil {
			return nil, err
		}
		w.Type = types.Int4
	case "first_value", "last_value":
		if len(args) != 1 {
			return noFunc()
		}
		if w.args[0], err = c.textIfUnknown(args[0]); err != nil {
			return nil, err
		}
		w.Type = w.args[0].Type
	case "nth_value":
		if len(args) != 2 {
			return noFunc()
		}
		if w.args[0], err = c.textIfUnknown(args[0]); err != nil {
			return nil, err
		}
		if w.args[1], err = c.coerceArg(args[1], types.Int4, call); err != nil {
			return nil, err
		}
		w.Type = w.args[0].Type
	case "lag", "lead":
		if len(args) < 1 || len(args) > 3 {
			return noFunc()
		}
		if len(args) >= 2 {
			if w.args[1], err = c.coerceArg(args[1], types.Int4, call); err != nil {
				return nil, err
			}
		}
		if len(args) == 3 {
			// lag(anycompatible, int, anycompatible): value and default unify.
			t, err := commonType(call.Name, []*Expr{args[0], args[2]})
			if err != nil {
				return nil, err
			}
			for _, i := range []int{0, 2} {
				if w.args[i], err = c.coerce(args[i], t); err != nil {
					return nil, err
				}
			}
		} else if w.args[0], err = c.textIfUnknown(args[0]); err != nil {
			return nil, err
		}
		w.Type = w.args[0].Type
	}
	return w, nil
}

// coerceArg coerces a window function argument, reporting a mismatch as
// a missing function like PostgreSQL.
func (c *compiler) coerceArg(x *Expr, t types.Type, call *ast.FuncCall) (*Expr, error) {
	if !x.isUnknown() && !implicitType(x.Type, t) && x.Type.Kind != t.Kind {
		return nil, errNoFunction(call.Name, []*Expr{x}, call.Location)
	}
	return c.coerce(x, t)
}

func (c *compiler) textIfUnknown(x *Expr) (*Expr, error) {
	if x.isUnknown() {
		return c.coerce(x, types.Text)
	}
	return x, nil
}

// EvalPartition computes the function for every row of one partition.
// rows are in the window's ORDER BY order; peer[i] reports whether rows[i]
// has the same ORDER BY values as rows[i-1] (peer[0] is ignored; without
// ORDER BY every row is a peer of the previous one). out[i] receives the
// result for rows[i]; len(out) and len(peer) must equal len(rows).
func (w *Window) EvalPartition(env *Env, rows [][]types.Value, peer []bool, out []types.Value) error {
	n := len(rows)
	// groupEnd[i] is one past the last peer of row i: the frame's end.
	groupEnd := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		if i+1 < n && peer[i+1] {
			groupEnd[i] = groupEnd[i+1]
		} else {
			groupEnd[i] = i + 1
		}
	}
	if w.agg != nil {
		return w.aggregate(env, rows, groupEnd, out)
	}
	rank, dense := 0, 0
	for i := range rows {
		if i == 0 || !peer[i] {
			rank, dense = i+1, dense+1
		}
		var v types.Value
		var err error
		switch w.name {
		case "row_number":
			v = types.NewInt8(int64(i + 1))
		case "rank":
			v = types.NewInt8(int64(rank))
		case "dense_rank":
			v = types.NewInt8(int64(dense))
		case "percent_rank":
			v = types.NewFloat8(0)
			if n > 1 {
				v = types.NewFloat8(float64(rank-1) / float64(n-1))
			}
		case "cume_dist":
			v = types.NewFloat8(float64(groupEnd[i]) / float64(n))
		case "ntile":
			v, err = ntile(env, w.args[0], rows[i], i, n)
		case "first_value":
			v, err = w.args[0].fn(env, rows[0])
		case "last_value":
			v, err = w.args[0].fn(env, rows[groupEnd[i]-1])
		case "nth_value":
			v, err = w.nthValue(env, rows, i, groupEnd[i])
		case "lag", "lead":
			v, err = w.offsetValue(env, rows, i)
		}
		if err != nil {
			return err
		}
		out[i] = v
	}
	return nil
}

// aggregate runs an aggregate over the default frame: rows are added one
// peer group at a time and every row of the group gets the running result.
func (w *Window) aggregate(env *Env, rows [][]types.Value, groupEnd []int, out []types.Value) error {
	st := w.agg.NewState()
	for i := 0; i < len(rows); {
		end := groupEnd[i]
		for j := i; j < end; j++ {
			if err := st.Step(env, rows[j]); err != nil {
				return err
			}
		}
		v, err := st.Result()
		if err != nil {
			return err
		}
		for ; i < end; i++ {
			out[i] = v
		}
	}
	return nil
}

// ntile divides the partition into buckets whose sizes differ by at most
// one, larger buckets first.
func ntile(env *Env, arg *Expr, row []types.Value, i, n int) (types.Value, error) {
	b, err := arg.fn(env, row)
	if err != nil || b.K == types.KindNull {
		return types.NullValue, err
	}
	if b.I <= 0 {
		return types.NullValue, pgerr.New("22014", "argument of ntile must be greater than zero")
	}
	buckets := int(min(b.I, int64(n)))
	size, extra := n/buckets, n%buckets
	// The first `extra` buckets hold size+1 rows.
	if big := extra * (size + 1); i >= big {
		return types.NewInt4(int32(extra + (i-big)/size + 1)), nil
	}
	return types.NewInt4(int32(i/(size+1) + 1)), nil
}

func (w *Window) nthValue(env *Env, rows [][]types.Value, i, frameEnd int) (types.Value, error) {
	k, err := w.args[1].fn(env, rows[i])
	if err != nil || k.K == types.KindNull {
		return types.NullValue, err
	}
	if k.I <= 0 {
		return types.NullValue, pgerr.New("22016", "argument of nth_value must be greater than zero")
	}
	if k.I > int64(frameEnd) {
		return types.NullValue, nil
	}
	return w.args[0].fn(env, rows[k.I-1])
}

// offsetValue is lag/lead: the value offset rows before/after the current
// one, or the default (NULL unless given) outside the partition.
func (w *Window) offsetValue(env *Env, rows [][]types.Value, i int) (types.Value, error) {
	off := int64(1)
	if len(w.args) >= 2 {
		v, err := w.args[1].fn(env, rows[i])
		if err != nil || v.K == types.KindNull {
			return types.NullValue, err
		}
		off = v.I
	}
	if w.name == "lag" {
		off = -off
	}
	if j := int64(i) + off; j >= 0 && j < int64(len(rows)) {
		return w.args[0].fn(env, rows[j])
	}
	if len(w.args) == 3 {
		return w.args[2].fn(env, rows[i])
	}
	return types.NullValue, nil
}
