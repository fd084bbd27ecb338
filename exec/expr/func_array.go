package expr

import (
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
)

// Array functions. Arrays are one-dimensional: the dimension argument of
// array_upper/lower/length is 1 or the result is NULL.

var textArray = types.ArrayOf(types.Text)

// sameArray is the result type of functions returning their anyarray
// argument's type (vectors yield arrays of their elements).
func sameArray(args []*Expr) types.Type {
	for _, a := range args {
		if a.Type.IsArray() {
			return types.ArrayOf(baseType(a.Type.ElemType()))
		}
	}
	return textArray
}

func init() {
	register("array_to_string",
		overload{args: sig(kindAnyArray, kText), ret: types.Text, impl: fn2(func(a, sep types.Value) (types.Value, error) {
			return arrayToString(a, sep.S, nil)
		})},
		overload{args: sig(kindAnyArray, kText, kText), ret: types.Text, impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			if args[0].IsNull() || args[1].IsNull() {
				return types.NullValue, nil
			}
			var null *string
			if !args[2].IsNull() {
				null = &args[2].S
			}
			return arrayToString(args[0], args[1].S, null)
		})})
	bound := func(upper bool) fn2 {
		return func(a, dim types.Value) (types.Value, error) {
			n, err := types.ArrayLen(a)
			if err != nil || n == 0 || dim.I != 1 {
				return types.NullValue, err
			}
			lo := lowerBound(a.K)
			if upper {
				return types.NewInt4(int32(lo) + int32(n) - 1), nil
			}
			return types.NewInt4(int32(lo)), nil
		}
	}
	register("array_upper", overload{args: sig(kindAnyArray, kInt4), ret: types.Int4, impl: bound(true)})
	register("array_lower", overload{args: sig(kindAnyArray, kInt4), ret: types.Int4, impl: bound(false)})
	register("array_length", overload{args: sig(kindAnyArray, kInt4), ret: types.Int4, impl: fn2(func(a, dim types.Value) (types.Value, error) {
		n, err := types.ArrayLen(a)
		if err != nil || n == 0 || dim.I != 1 {
			return types.NullValue, err
		}
		return types.NewInt4(int32(n)), nil
	})})
	register("cardinality", overload{args: sig(kindAnyArray), ret: types.Int4, impl: fn1(func(a types.Value) (types.Value, error) {
		n, err := types.ArrayLen(a)
		return types.NewInt4(int32(n)), err
	})})
	register("array_ndims", overload{args: sig(kindAnyArray), ret: types.Int4, impl: fn1(func(a types.Value) (types.Value, error) {
		n, err := types.ArrayLen(a)
		if err != nil || n == 0 {
			return types.NullValue, err
		}
		return types.NewInt4(1), nil
	})})
	register("array_dims", overload{args: sig(kindAnyArray), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
		n, err := types.ArrayLen(a)
		if err != nil || n == 0 {
			return types.NullValue, err
		}
		lo := lowerBound(a.K)
		return text("[" + strconv.FormatInt(lo, 10) + ":" + strconv.FormatInt(lo+int64(n)-1, 10) + "]"), nil
	})})
	register("array_position",
		overload{args: sig(kindAnyArray, kindAnyElement), ret: types.Int4, impl: fnN(arrayPosition)},
		overload{args: sig(kindAnyArray, kindAnyElement, kInt4), ret: types.Int4, impl: fnN(arrayPosition)})
	register("array_append", overload{args: sig(kindAnyArray, kindAnyElement), retFn: sameArray,
		impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			return arrayJoin(args[0], elemTypeOf(args[0], args[1]), []types.Value{args[1]}, false)
		})})
	register("array_prepend", overload{args: sig(kindAnyElement, kindAnyArray), retFn: sameArray,
		impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			return arrayJoin(args[1], elemTypeOf(args[1], args[0]), []types.Value{args[0]}, true)
		})})
	register("array_cat", overload{args: sig(kindAnyArray, kindAnyArray), retFn: sameArray, impl: fnN(arrayCat)})
	register("string_to_array",
		overload{args: sig(kText, kText), ret: textArray, impl: fnN(stringToArray)},
		overload{args: sig(kText, kText, kText), ret: textArray, impl: fnN(stringToArray)})
	register("regexp_match",
		overload{args: sig(kText, kText), ret: textArray, impl: fn2(func(a, b types.Value) (types.Value, error) {
			return regexpMatch(a.S, b.S, "")
		})},
		overload{args: sig(kText, kText, kText), ret: textArray, impl: fn3(func(a, b, c types.Value) (types.Value, error) {
			return regexpMatch(a.S, b.S, c.S)
		})})
}

// arrayToString joins the elements' text with sep; NULL elements are
// skipped unless null gives their replacement.
func arrayToString(a types.Value, sep string, null *string) (types.Value, error) {
	elems, err := types.ArrayElems(a)
	if err != nil {
		return types.NullValue, err
	}
	var b []byte
	first := true
	for _, e := range elems {
		if e.K == types.KindNull && null == nil {
			continue
		}
		if !first {
			b = append(b, sep...)
		}
		first = false
		if e.K == types.KindNull {
			b = append(b, *null...)
		} else {
			b = appendAsText(b, e)
		}
	}
	return text(string(b)), nil
}

// arrayPosition is array_position(arr, x [, start]): the subscript of the
// first element not distinct from x at or after start.
func arrayPosition(_ *Env, args []types.Value) (types.Value, error) {
	if args[0].IsNull() {
		return types.NullValue, nil
	}
	elems, err := types.ArrayElems(args[0])
	if err != nil {
		return types.NullValue, err
	}
	lo := lowerBound(args[0].K)
	start := lo
	if len(args) == 3 {
		if args[2].IsNull() {
			return types.NullValue, nil
		}
		start = args[2].I
	}
	x := args[1]
	for i := max(start-lo, 0); i < int64(len(elems)); i++ {
		e := elems[i]
		if e.K == types.KindNull && x.K == types.KindNull ||
			e.K != types.KindNull && x.K != types.KindNull && types.Compare(e, x) == 0 {
			return types.NewInt4(int32(i + lo)), nil
		}
	}
	return types.NullValue, nil
}

// elemTypeOf is the element type of arr, or of the element x when arr is
// NULL (text when both are).
func elemTypeOf(arr, x types.Value) types.Type {
	switch {
	case !arr.IsNull():
		return types.Type{Kind: types.ArrayElemKind(arr), Mod: -1}
	case !x.IsNull():
		return types.Type{Kind: x.K, Mod: -1}
	}
	return types.Text
}

// arrayJoin appends (or prepends) extra to arr, an array of et; a NULL arr
// counts as empty.
func arrayJoin(arr types.Value, et types.Type, extra []types.Value, prepend bool) (types.Value, error) {
	var elems []types.Value
	if !arr.IsNull() {
		var err error
		if elems, err = types.ArrayElems(arr); err != nil {
			return types.NullValue, err
		}
	}
	if prepend {
		elems = append(append([]types.Value(nil), extra...), elems...)
	} else {
		elems = append(elems, extra...)
	}
	return types.NewArray(et, elems), nil
}

// arrayCat is array_cat / anyarray || anyarray: NULL operands are ignored.
func arrayCat(_ *Env, args []types.Value) (types.Value, error) {
	a, b := args[0], args[1]
	switch {
	case a.IsNull():
		return b, nil
	case b.IsNull():
		return a, nil
	}
	extra, err := types.ArrayElems(b)
	if err != nil {
		return types.NullValue, err
	}
	return arrayJoin(a, types.Type{Kind: types.ArrayElemKind(a), Mod: -1}, extra, false)
}

// stringToArray is string_to_array(s, sep [, null]): a NULL sep splits
// into characters, an empty one yields s itself; elements equal to null
// become NULL.
func stringToArray(_ *Env, args []types.Value) (types.Value, error) {
	s, sep := args[0], args[1]
	if s.IsNull() {
		return types.NullValue, nil
	}
	var parts []string
	switch {
	case s.S == "":
	case sep.IsNull():
		for _, r := range s.S {
			parts = append(parts, string(r))
		}
	case sep.S == "":
		parts = []string{s.S}
	default:
		parts = strings.Split(s.S, sep.S)
	}
	vals := make([]types.Value, len(parts))
	for i, p := range parts {
		if len(args) == 3 && !args[2].IsNull() && p == args[2].S {
			continue
		}
		vals[i] = text(p)
	}
	return types.NewArray(types.Text, vals), nil
}

// regexpMatch is regexp_match: the capture groups of the first match (the
// whole match without groups), NULL for no match.
func regexpMatch(s, pattern, flags string) (types.Value, error) {
	re, _, err := flaggedRegex(pattern, flags, "regexp_match()")
	if err != nil {
		return types.NullValue, err
	}
	loc := re.FindStringSubmatchIndex(s)
	if loc == nil {
		return types.NullValue, nil
	}
	if len(loc) == 2 {
		return types.NewArray(types.Text, []types.Value{text(s[loc[0]:loc[1]])}), nil
	}
	vals := make([]types.Value, 0, len(loc)/2-1)
	for i := 2; i < len(loc); i += 2 {
		if loc[i] < 0 {
			vals = append(vals, types.NullValue)
			continue
		}
		vals = append(vals, text(s[loc[i]:loc[i+1]]))
	}
	return types.NewArray(types.Text, vals), nil
}
