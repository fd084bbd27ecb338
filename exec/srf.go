package exec

import (
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// setFunction is a set-returning function usable in FROM (and, for a few,
// in a select list): it turns argument values into rows.
type setFunction struct {
	// columns gives the result columns for the argument types, or an error
	// when the arguments do not fit.
	columns func(args []types.Type) ([]expr.Column, error)
	rows    func(x *execution, args []types.Value, emit func(row []types.Value) (bool, error)) error
}

var setFunctions = map[string]*setFunction{
	"generate_series":                    {columns: generateSeriesColumns, rows: generateSeries},
	"unnest":                             {columns: unnestColumns, rows: unnest},
	"information_schema._pg_expandarray": {columns: expandArrayColumns, rows: expandArray},
	"_pg_expandarray":                    {columns: expandArrayColumns, rows: expandArray},
}

func generateSeriesColumns(args []types.Type) ([]expr.Column, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, pgerr.New(pgerr.UndefinedFunction, "function generate_series with %d arguments does not exist", len(args))
	}
	t := types.Int4
	for _, a := range args {
		switch a.Kind {
		case types.KindInt2, types.KindInt4, types.KindUnknown, types.KindNull:
		case types.KindInt8:
			t = types.Int8
		default:
			return nil, pgerr.New(pgerr.UndefinedFunction, "function generate_series(%s) does not exist", a.Name()).
				WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
		}
	}
	return []expr.Column{{Name: "generate_series", Type: t}}, nil
}

func generateSeries(x *execution, args []types.Value, emit func(row []types.Value) (bool, error)) error {
	for _, a := range args {
		if a.IsNull() {
			return nil
		}
	}
	start, stop, step := args[0].I, args[1].I, int64(1)
	if len(args) == 3 {
		step = args[2].I
	}
	if step == 0 {
		return pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
	}
	kind := types.KindInt4
	if args[0].K == types.KindInt8 || args[1].K == types.KindInt8 || (len(args) == 3 && args[2].K == types.KindInt8) {
		kind = types.KindInt8
	}
	row := make([]types.Value, 1)
	for v, n := start, 0; (step > 0 && v <= stop) || (step < 0 && v >= stop); v += step {
		if n++; n&1023 == 0 {
			if err := x.checkCancel(); err != nil {
				return err
			}
		}
		row[0] = types.Value{K: kind, I: v}
		if more, err := emit(row); !more || err != nil {
			return err
		}
	}
	return nil
}

func unnestColumns(args []types.Type) ([]expr.Column, error) {
	if len(args) != 1 || !isArrayType(args[0]) {
		return nil, pgerr.New(pgerr.UndefinedFunction, "function unnest(%s) does not exist", typeList(args))
	}
	return []expr.Column{{Name: "unnest", Type: arrayElemType(args[0])}}, nil
}

func unnest(x *execution, args []types.Value, emit func(row []types.Value) (bool, error)) error {
	if args[0].IsNull() {
		return nil
	}
	elems, err := types.ArrayElems(args[0])
	if err != nil {
		return err
	}
	row := make([]types.Value, 1)
	for _, e := range elems {
		row[0] = e
		if more, err := emit(row); !more || err != nil {
			return err
		}
	}
	return nil
}

// _pg_expandarray(arr) yields (x, n): each element with its 1-based index.
// pgjdbc's metadata queries use it on pg_index.indkey.
func expandArrayColumns(args []types.Type) ([]expr.Column, error) {
	if len(args) != 1 || !isArrayType(args[0]) {
		return nil, pgerr.New(pgerr.UndefinedFunction, "function information_schema._pg_expandarray(%s) does not exist", typeList(args))
	}
	return []expr.Column{{Name: "x", Type: arrayElemType(args[0])}, {Name: "n", Type: types.Int4}}, nil
}

func expandArray(x *execution, args []types.Value, emit func(row []types.Value) (bool, error)) error {
	if args[0].IsNull() {
		return nil
	}
	elems, err := types.ArrayElems(args[0])
	if err != nil {
		return err
	}
	row := make([]types.Value, 2)
	for i, e := range elems {
		row[0], row[1] = e, types.NewInt4(int32(i+1))
		if more, err := emit(row); !more || err != nil {
			return err
		}
	}
	return nil
}

func typeList(ts []types.Type) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += ", "
		}
		s += t.Name()
	}
	return s
}

// functionRel is a set-returning function in FROM.
type functionRel struct {
	fn         *setFunction
	args       []*expr.Expr
	ordinality bool
	cols       []relCol
}

func (r *functionRel) columns() []relCol { return r.cols }

func (r *functionRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	args := make([]types.Value, len(r.args))
	for i, a := range r.args {
		v, err := a.Eval(&x.env, nil)
		if err != nil {
			return err
		}
		args[i] = v
	}
	if !r.ordinality {
		return r.fn.rows(x, args, emit)
	}
	var out []types.Value
	n := int64(0)
	return r.fn.rows(x, args, func(row []types.Value) (bool, error) {
		n++
		out = append(append(out[:0], row...), types.NewInt8(n))
		return emit(out)
	})
}
