package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// TestExpandArray covers what pgjdbc's getPrimaryKeys needs:
// information_schema._pg_expandarray(i.indkey) AS keys in a subquery's
// select list, then (result.keys).x and .n outside it (on PostgreSQL 15,
// _pg_expandarray('1 3'::int2vector) yields (1,1) and (3,2)).
func TestExpandArray(t *testing.T) {
	arr := types.NewVector(types.KindInt2Vector, []types.Value{types.NewInt2(1), types.NewInt2(3)})
	recs, err := ExpandArray(arr)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	none, err := ExpandArray(types.NullValue)
	require.NoError(t, err)
	assert.Empty(t, none)

	rt := ExpandArrayType(types.Int2Vector)
	scope := &Scope{Columns: []Column{{Table: "result", Name: "keys", Type: rt}}}
	x, err := Compile(parseExpr(t, "(result.keys).x"), scope, nil)
	require.NoError(t, err)
	assert.Equal(t, types.Int2, x.Type)
	n, err := Compile(parseExpr(t, "(keys).n"), scope, nil)
	require.NoError(t, err)
	assert.Equal(t, types.Int4, n.Type)
	for i, rec := range recs {
		row := []types.Value{rec}
		xv, err := x.Eval(testEnv(), row)
		require.NoError(t, err)
		nv, err := n.Eval(testEnv(), row)
		require.NoError(t, err)
		assert.Equal(t, []int64{[]int64{1, 3}[i], int64(i + 1)}, []int64{xv.I, nv.I})
	}
	v, err := x.Eval(testEnv(), []types.Value{types.NullValue})
	require.NoError(t, err)
	assert.True(t, v.IsNull())

	_, err = Compile(parseExpr(t, "(keys).y"), scope, nil)
	pe := requireCode(t, err, "42703")
	assert.Equal(t, `could not identify column "y" in record data type`, pe.Message)
	_, err = Compile(parseExpr(t, "(1).n"), nil, nil)
	requireCode(t, err, "42703")
	// The call itself is a set-returning function the planner must replace.
	_, err = Compile(parseExpr(t, "(information_schema._pg_expandarray(array[1])).n"), nil, nil)
	requireCode(t, err, "0A000")
}

func TestRegister(t *testing.T) {
	calls := 0
	Register("kalam_test_visible", Func{
		Args: []types.Kind{types.KindOID}, Ret: types.Bool, Strict: true, Volatile: true,
		Impl: func(env *Env, args []types.Value) (types.Value, error) {
			calls++
			_, isResolver := env.Host.(types.NameResolver)
			return types.NewBool(args[0].I == 1259 && isResolver), nil
		},
	})
	Register("kalam_test_any", Func{
		Args: []types.Kind{types.KindText, AnyKind}, Variadic: true, Ret: types.Int4,
		Impl: func(_ *Env, args []types.Value) (types.Value, error) {
			nulls := 0
			for _, a := range args {
				if a.IsNull() {
					nulls++
				}
			}
			return types.NewInt4(int32(len(args)*10 + nulls)), nil
		},
	})
	Register("kalam_test_arr", Func{
		Args: []types.Kind{types.KindArray}, Ret: types.Int4,
		Impl: func(_ *Env, args []types.Value) (types.Value, error) {
			n, err := types.ArrayLen(args[0])
			return types.NewInt4(int32(n)), err
		},
	})
	assert.True(t, IsFunction("kalam_test_visible"))
	cases := map[string]string{
		"kalam_test_visible(1259)":              "t", // int4 → oid implicitly
		"kalam_test_visible('1259')":            "t",
		"kalam_test_visible(null)":              "NULL", // strict: not called
		"kalam_test_any('a', 1, null, 'x')":     "41",
		"kalam_test_any(null, 1)":               "21",
		"kalam_test_arr(array[1,2,3])":          "3",
		"kalam_test_arr('1 2'::int2vector)":     "2",
		"kalam_test_arr(current_schemas(true))": "2",
	}
	for sql, want := range cases {
		got, _, err := evalText(t, sql, nil, testEnv())
		require.NoError(t, err, sql)
		assert.Equal(t, want, got, sql)
	}
	assert.Equal(t, 2, calls)
	_, _, err := evalText(t, "kalam_test_visible(true)", nil, testEnv())
	requireCode(t, err, "42883")
	// Volatile functions are not folded even with constant arguments.
	e, err := Compile(parseExpr(t, "kalam_test_visible(1)"), nil, nil)
	require.NoError(t, err)
	assert.False(t, e.IsConst())
}

func TestArrayParamInference(t *testing.T) {
	scope, row := testScope(t)
	cases := []struct {
		sql   string
		want  []types.Type
		args  []types.Value
		value string
	}{
		{"i = ANY($1)", []types.Type{types.ArrayOf(types.Int4)},
			[]types.Value{types.NewArray(types.Int4, []types.Value{types.NewInt4(7)})}, "t"},
		{"$1 = ANY('{1,2}'::int[])", []types.Type{types.Int4}, []types.Value{types.NewInt4(2)}, "t"},
		{"txt = ANY($1::text[])", []types.Type{types.ArrayOf(types.Text)},
			[]types.Value{types.NewArray(types.Text, []types.Value{text("x")})}, "f"},
		{"array_length($1::int[], 1)", []types.Type{types.ArrayOf(types.Int4)},
			[]types.Value{types.NewArray(types.Int4, []types.Value{types.NewInt4(1), types.NullValue})}, "2"},
	}
	for _, tc := range cases {
		params := &Params{}
		e, err := Compile(parseExpr(t, tc.sql), scope, params)
		require.NoError(t, err, tc.sql)
		assert.Equal(t, tc.want, params.Types, tc.sql)
		v, err := e.Eval(testEnv(tc.args...), row)
		require.NoError(t, err, tc.sql)
		assert.Equal(t, tc.value, render(v, e.Type), tc.sql)
	}
	// An array column takes an array literal or an array parameter.
	x, err := CompileAs(parseExpr(t, "'{1,NULL,3}'"), types.ArrayOf(types.Int8), scope, nil)
	require.NoError(t, err)
	assert.Equal(t, "{1,NULL,3}", render(x.ConstValue(), x.Type))
	x, err = CompileAs(parseExpr(t, "array[1, 2]"), types.ArrayOf(types.Int8), scope, nil)
	require.NoError(t, err)
	assert.Equal(t, types.ArrayOf(types.Int8), x.Type)
	v, err := x.Eval(testEnv(), row)
	require.NoError(t, err)
	elems, err := types.ArrayElems(v)
	require.NoError(t, err)
	assert.Equal(t, []types.Value{types.NewInt8(1), types.NewInt8(2)}, elems)
	_, err = CompileAs(parseExpr(t, "array['a']"), types.ArrayOf(types.Int4), scope, nil)
	requireCode(t, err, "42804")
}

// TestRegexNonConstant checks patterns computed per row (compiled through
// the cache) and the ARE rewrites.
func TestRegexNonConstant(t *testing.T) {
	cases := map[string]string{
		"txt ~ ('^' || 'H')":      "t",
		"txt ~* lower(txt)":       "t",
		"txt !~ (vc || '|x')":     "t",
		"'foo bar' ~ '\\ybar\\y'": "t",
		"'foobar' ~ '\\Ybar'":     "t",
		"'ab' ~ 'b\\Z'":           "t",
	}
	for sql, want := range cases {
		for range 2 { // the second round hits the cache
			got, _, err := evalText(t, sql, nil, testEnv())
			require.NoError(t, err, sql)
			assert.Equal(t, want, got, sql)
		}
	}
	_, _, err := evalText(t, "txt ~ (txt || '(')", nil, testEnv())
	requireCode(t, err, "2201B")
	_, _, err = evalText(t, "'aa' ~ '(a)\\1'", nil, testEnv())
	requireCode(t, err, "0A000")
	// A bad constant pattern fails only when evaluated.
	e, err := Compile(parseExpr(t, "nt ~ '('"), mustScope(t), nil)
	require.NoError(t, err)
	_, row := testScope(t)
	v, err := e.Eval(testEnv(), row)
	require.NoError(t, err)
	assert.True(t, v.IsNull())
}

func mustScope(t *testing.T) *Scope {
	s, _ := testScope(t)
	return s
}
