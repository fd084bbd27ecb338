package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// One-dimensional arrays: ARRAY[…] constructors, subscripts and slices,
// x op ANY|ALL (array), and element-wise array casts. Arrays have lower
// bound 1, except int2vector and oidvector, whose subscripts start at 0
// as in PostgreSQL.

var errEmptyArray = pgerr.New("42P18", "cannot determine type of empty array").
	WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].")

func errMultiDim(loc int) error {
	return at(pgerr.New(pgerr.FeatureNotSupported, "multidimensional arrays are not supported"), loc)
}

// arrayExpr compiles ARRAY[e1, e2, …]; the element type is the common type
// of the elements (text when they are all untyped literals).
func (c *compiler) arrayExpr(n *ast.ArrayExpr) (*Expr, error) {
	if len(n.Elems) == 0 {
		return nil, at(errEmptyArray, n.Location)
	}
	elems, err := c.unified("ARRAY", n.Elems)
	if err != nil {
		return nil, err
	}
	et := elems[0].Type
	if et.IsArray() {
		return nil, errMultiDim(n.Location)
	}
	return buildArray(types.ArrayOf(et), elems, n.Location)
}

// arrayAs compiles ARRAY[…] cast to array type t: each element is cast to
// t's element type, so ARRAY[]::int[] and ARRAY['1', '2']::int[] work.
func (c *compiler) arrayAs(n *ast.ArrayExpr, t types.Type) (*Expr, error) {
	et := t.ElemType()
	elems := make([]*Expr, len(n.Elems))
	for i, e := range n.Elems {
		if _, nested := e.(*ast.ArrayExpr); nested {
			return nil, errMultiDim(n.Location)
		}
		x, err := c.compile(e)
		if err != nil {
			return nil, err
		}
		if elems[i], err = c.castTo(x, et, n.Location); err != nil {
			return nil, err
		}
	}
	return buildArray(t, elems, n.Location)
}

func buildArray(t types.Type, elems []*Expr, loc int) (*Expr, error) {
	et, fns := t.ElemType(), fnsOf(elems)
	x := &Expr{Type: t, loc: loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		vals := make([]types.Value, len(fns))
		for i, f := range fns {
			v, err := f(env, row)
			if err != nil {
				return v, err
			}
			vals[i] = v
		}
		return types.NewArray(et, vals), nil
	}}
	return finish(x, elems...)
}

// arraySubquery completes ARRAY(subquery) for a subquery column of type et.
func (c *compiler) arraySubquery(x *Expr, run *subRunner, et types.Type) (*Expr, error) {
	if et.IsArray() {
		return nil, errMultiDim(x.loc)
	}
	x.Type = types.ArrayOf(et)
	x.fn = func(env *Env, row []types.Value) (types.Value, error) {
		return run.value(env, row, func() (types.Value, error) {
			var vals []types.Value
			err := run.run(env, row, func(r []types.Value) error {
				vals = append(vals, r[0])
				return nil
			})
			if err != nil {
				return types.NullValue, err
			}
			return types.NewArray(et, vals), nil
		})
	}
	return x, nil
}

// lowerBound is the first subscript of an array or vector value.
func lowerBound(k types.Kind) int64 {
	if k == types.KindInt2Vector || k == types.KindOIDVector {
		return 0
	}
	return 1
}

// subscript compiles a[i] and the slice forms a[lo:hi], a[lo:], a[:hi].
// A subscript outside the array yields NULL; a slice is clipped to it.
func (c *compiler) subscript(n *ast.Subscript) (*Expr, error) {
	a, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if !a.Type.IsArray() {
		return nil, at(pgerr.New(pgerr.DatatypeMismatch,
			"cannot subscript type %s because it does not support subscripting", typeName(a.Type)), a.loc)
	}
	index := func(e ast.Expr) (*Expr, error) {
		if e == nil {
			return nil, nil
		}
		x, err := c.compile(e)
		if err != nil {
			return nil, err
		}
		if !x.isUnknown() && !assignType(x.Type, types.Int4) {
			return nil, at(pgerr.New(pgerr.DatatypeMismatch, "array subscript must have type integer"), x.loc)
		}
		return c.assign(x, types.Int4, "")
	}
	et := a.Type.ElemType()
	af := a.fn
	if !n.Slice {
		i, err := index(n.Index)
		if err != nil {
			return nil, err
		}
		x := &Expr{Type: et, loc: n.Location, fn: strict2(a, i, func(arr, iv types.Value) (types.Value, error) {
			elems, err := types.ArrayElems(arr)
			if err != nil {
				return types.NullValue, err
			}
			k := iv.I - lowerBound(arr.K)
			if k < 0 || k >= int64(len(elems)) {
				return types.NullValue, nil
			}
			return elems[k], nil
		})}
		return finish(x, a, i)
	}
	lo, err := index(n.Lower)
	if err != nil {
		return nil, err
	}
	hi, err := index(n.Upper)
	if err != nil {
		return nil, err
	}
	bound := func(b *Expr, env *Env, row []types.Value, dflt int64) (int64, bool, error) {
		if b == nil {
			return dflt, true, nil
		}
		v, err := b.fn(env, row)
		return v.I, v.K != types.KindNull, err
	}
	x := &Expr{Type: types.ArrayOf(et), loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		arr, err := af(env, row)
		if err != nil || arr.K == types.KindNull {
			return types.NullValue, err
		}
		elems, err := types.ArrayElems(arr)
		if err != nil {
			return types.NullValue, err
		}
		base := lowerBound(arr.K)
		from, okLo, err := bound(lo, env, row, base)
		if err != nil {
			return types.NullValue, err
		}
		to, okHi, err := bound(hi, env, row, base+int64(len(elems))-1)
		if err != nil || !okLo || !okHi {
			return types.NullValue, err
		}
		from, to = max(from-base, 0), min(to-base, int64(len(elems))-1)
		if from > to {
			return types.NewArray(et, nil), nil
		}
		return types.NewArray(et, elems[from:to+1]), nil
	}}
	return finish(x, a, lo, hi)
}

// anyAll compiles x op ANY|ALL (array). An untyped right operand becomes
// an array of the left operand's type (id = ANY($1) makes $1 int4[]); an
// untyped left operand takes the element type.
func (c *compiler) anyAll(n *ast.AnyAll) (*Expr, error) {
	l, err := c.compile(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return nil, err
	}
	if r.isUnknown() {
		lt := types.Text
		if !l.isUnknown() {
			lt = baseType(l.Type)
		}
		if r, err = c.coerce(r, types.ArrayOf(lt)); err != nil {
			return nil, err
		}
	}
	if !r.Type.IsArray() {
		return nil, at(pgerr.New(codeWrongObjectType, "op ANY/ALL (array) requires array on right side"), n.Location)
	}
	et := r.Type.ElemType()
	if l.isUnknown() {
		if l, err = c.coerce(l, et); err != nil {
			return nil, err
		}
	}
	sl, sr := slotExpr(l.Type, 0, l.loc), slotExpr(et, 1, r.loc)
	test, err := c.binaryOp(n.Op, sl, sr, n.Location)
	if err != nil {
		return nil, err
	}
	if test.Type.Kind != types.KindBool {
		return nil, at(pgerr.New(codeWrongObjectType, "op ANY/ALL (array) requires operator to yield boolean"), n.Location)
	}
	x := &Expr{Type: types.Bool, loc: n.Location}
	if cmp := directComparison(c, n.Op, sl, sr); cmp != nil {
		// id = ANY($1) and friends: compare values without the slot row.
		x.fn = anyAllCompare(l.fn, r.fn, parseCmpOp(n.Op), cmp, n.All)
	} else {
		x.fn = anyAllTest(l.fn, r.fn, test.fn, n.All)
	}
	return finish(x, l, r)
}

// directComparison returns the comparison function of op when op is a
// comparison operator needing no conversion of either slot, else nil.
func directComparison(c *compiler, op string, sl, sr *Expr) func(a, b types.Value) int {
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
	default:
		return nil
	}
	l, r, cmp, err := c.comparator(op, sl, sr, sl.loc)
	if err != nil || l != sl || r != sr {
		return nil
	}
	return cmp
}

// anyAllCompare evaluates x op ANY|ALL (array) for a comparison operator.
func anyAllCompare(lf, rf evalFn, o cmpOp, cmp func(a, b types.Value) int, all bool) evalFn {
	return func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil {
			return a, err
		}
		arr, err := rf(env, row)
		if err != nil || arr.K == types.KindNull {
			return types.NullValue, err
		}
		elems, err := types.ArrayElems(arr)
		if err != nil {
			return types.NullValue, err
		}
		sawNull := false
		for _, e := range elems {
			if a.K == types.KindNull || e.K == types.KindNull {
				sawNull = true
			} else if o.holds(cmp(a, e)) != all {
				return types.NewBool(!all), nil
			}
		}
		if sawNull {
			return types.NullValue, nil
		}
		return types.NewBool(all), nil
	}
}

// anyAllTest evaluates x op ANY|ALL (array) for any boolean operator,
// compiled over a two-slot row (x, element).
func anyAllTest(lf, rf, tf evalFn, all bool) evalFn {
	return func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil {
			return a, err
		}
		arr, err := rf(env, row)
		if err != nil || arr.K == types.KindNull {
			return types.NullValue, err
		}
		elems, err := types.ArrayElems(arr)
		if err != nil {
			return types.NullValue, err
		}
		slots := [2]types.Value{a}
		sawNull := false
		for _, e := range elems {
			slots[1] = e
			v, err := tf(env, slots[:])
			switch {
			case err != nil:
				return v, err
			case v.K == types.KindNull:
				sawNull = true
			case (v.I != 0) != all:
				return types.NewBool(!all), nil
			}
		}
		if sawNull {
			return types.NullValue, nil
		}
		return types.NewBool(all), nil
	}
}

// arrayConverter converts arrays element by element (int4[] → int8[],
// text[] → int4[] …), or nil when the elements share a representation.
func arrayConverter(from, to types.Type, explicit bool) func(types.Value) (types.Value, error) {
	ft, et := from.ElemType(), to.ElemType()
	conv := converter(ft, et, explicit)
	if conv == nil {
		return func(v types.Value) (types.Value, error) { v.I = int64(et.Kind); return v, nil }
	}
	return func(v types.Value) (types.Value, error) {
		elems, err := types.ArrayElems(v)
		if err != nil {
			return types.NullValue, err
		}
		out := make([]types.Value, len(elems))
		for i, e := range elems {
			if e.K == types.KindNull {
				continue
			}
			if out[i], err = conv(e); err != nil {
				return types.NullValue, err
			}
		}
		return types.NewArray(et, out), nil
	}
}
