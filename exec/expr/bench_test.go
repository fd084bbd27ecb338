package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// Integer, float and boolean arithmetic and comparisons over column values
// must not allocate per row.
func TestEvalDoesNotAllocate(t *testing.T) {
	scope, row := testScope(t)
	env := testEnv(types.NewInt4(3))
	for _, sql := range []string{
		"i + 1 > $1 AND txt LIKE 'He%'",
		"(i * 2 - s) % 5 = 2 OR b / 2 < 10",
		"f * 2 + r < 10 AND NOT ok IS FALSE",
		"i BETWEEN 1 AND 10 AND i IN (1, 7, 9)",
		"CASE WHEN i > 5 THEN b ELSE s END = 3000000000",
		"coalesce(nul, i) + abs(s) = 10",
		"d < ts AND txt <> vc AND ch = 'ab'",
		"-i < f",
	} {
		e, err := Compile(parseExpr(t, sql), scope, &Params{})
		require.NoError(t, err, sql)
		v, err := e.Eval(env, row)
		require.NoError(t, err, sql)
		assert.Equal(t, types.NewBool(true), v, sql)
		allocs := testing.AllocsPerRun(100, func() { _, _ = e.Eval(env, row) })
		assert.Zero(t, allocs, sql)
	}
}

func benchExpr(b *testing.B, sql string) {
	scope, row := testScope(b)
	e, err := Compile(parseExpr(b, sql), scope, &Params{})
	require.NoError(b, err)
	env := testEnv(types.NewInt4(3))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Eval(env, row); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFilter(b *testing.B)     { benchExpr(b, "i + 1 > $1 AND txt LIKE 'x%'") }
func BenchmarkIntArith(b *testing.B)   { benchExpr(b, "(i * 2 - s) % 5 + b / 2") }
func BenchmarkFloatArith(b *testing.B) { benchExpr(b, "f * 2 + r / 3 - i") }
func BenchmarkNumericAdd(b *testing.B) { benchExpr(b, "n + 1") }
func BenchmarkTextConcat(b *testing.B) { benchExpr(b, "txt || ' ' || vc") }
func BenchmarkLikeGlob(b *testing.B)   { benchExpr(b, "txt LIKE '%e_l%o'") }
func BenchmarkInList(b *testing.B)     { benchExpr(b, "i IN (1, 2, 3, 4, 5, 6, 7)") }
func BenchmarkCase(b *testing.B) {
	benchExpr(b, "CASE WHEN i < 0 THEN 'neg' WHEN i = 0 THEN 'zero' ELSE 'pos' END")
}
func BenchmarkFunctionCall(b *testing.B) { benchExpr(b, "abs(s) + length(txt)") }

// TestOuterColumnNoAlloc checks that a correlated column reference reads
// env.Outer without allocating, like a local one.
func TestOuterColumnNoAlloc(t *testing.T) {
	outer := &Scope{Columns: []Column{{Name: "x", Type: types.Int4}}}
	inner := &Scope{Columns: []Column{{Name: "y", Type: types.Int4}}, Outer: outer}
	e, err := CompileBool(parseExpr(t, "x < y"), "WHERE", inner, nil)
	require.NoError(t, err)
	env := testEnv()
	env.Outer = [][]types.Value{{types.NewInt4(1)}}
	row := []types.Value{types.NewInt4(2)}
	allocs := testing.AllocsPerRun(100, func() {
		v, err := e.Eval(env, row)
		if err != nil || v.I != 1 {
			t.Fatal(v, err)
		}
	})
	assert.Zero(t, allocs)
}

func BenchmarkAnyArray(b *testing.B) {
	scope, row := testScope(b)
	e, err := CompileBool(parseExpr(b, "i = ANY($1)"), "WHERE", scope, &Params{})
	require.NoError(b, err)
	arr := types.NewArray(types.Int4, []types.Value{types.NewInt4(1), types.NewInt4(7), types.NewInt4(9)})
	env := testEnv(arr)
	b.ResetTimer()
	for range b.N {
		if _, err := e.Eval(env, row); err != nil {
			b.Fatal(err)
		}
	}
}
