package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// TestWindowFunctions checks EvalPartition against PostgreSQL 15:
//
//	with t(g, o, v) as (values (1, 1, 10), (1, 2, 20), (1, 2, 30), (1, 3, NULL),
//	  (1, 4, 50), (2, 1, 5))
//	select … over (partition by g order by o) from t
//
// The planner sorts each partition and marks ORDER BY peers; here that is
// done by hand.
func TestWindowFunctions(t *testing.T) {
	scope := &Scope{Columns: []Column{{Name: "o", Type: types.Int4}, {Name: "v", Type: types.Int4}}}
	type partition struct {
		rows [][]types.Value
		peer []bool
	}
	v := func(o, x int32, null bool) []types.Value {
		if null {
			return []types.Value{types.NewInt4(o), types.NullValue}
		}
		return []types.Value{types.NewInt4(o), types.NewInt4(x)}
	}
	parts := []partition{
		{rows: [][]types.Value{v(1, 10, false), v(2, 20, false), v(2, 30, false), v(3, 0, true), v(4, 50, false)},
			peer: []bool{false, false, true, false, false}},
		{rows: [][]types.Value{v(1, 5, false)}, peer: []bool{false}},
	}
	cases := []struct {
		sql  string
		typ  string
		want [][]string // per partition
	}{
		{"row_number()", "bigint", [][]string{{"1", "2", "3", "4", "5"}, {"1"}}},
		{"rank()", "bigint", [][]string{{"1", "2", "2", "4", "5"}, {"1"}}},
		{"dense_rank()", "bigint", [][]string{{"1", "2", "2", "3", "4"}, {"1"}}},
		{"percent_rank()", "double precision", [][]string{{"0", "0.25", "0.25", "0.75", "1"}, {"0"}}},
		{"cume_dist()", "double precision", [][]string{{"0.2", "0.6", "0.6", "0.8", "1"}, {"1"}}},
		{"ntile(3)", "integer", [][]string{{"1", "1", "2", "2", "3"}, {"1"}}},
		{"lag(v)", "integer", [][]string{{"NULL", "10", "20", "30", "NULL"}, {"NULL"}}},
		{"lead(v, 2, -1)", "integer", [][]string{{"30", "NULL", "50", "-1", "-1"}, {"-1"}}},
		{"first_value(v)", "integer", [][]string{{"10", "10", "10", "10", "10"}, {"5"}}},
		{"last_value(v)", "integer", [][]string{{"10", "30", "30", "NULL", "50"}, {"5"}}},
		{"nth_value(v, 3)", "integer", [][]string{{"NULL", "30", "30", "30", "30"}, {"NULL"}}},
		{"sum(v)", "bigint", [][]string{{"10", "60", "60", "60", "110"}, {"5"}}},
		{"count(*)", "bigint", [][]string{{"1", "3", "3", "4", "5"}, {"1"}}},
		{"array_agg(v)", "integer[]", [][]string{
			{"{10}", "{10,20,30}", "{10,20,30}", "{10,20,30,NULL}", "{10,20,30,NULL,50}"}, {"{5}"}}},
	}
	env := testEnv()
	for _, tc := range cases {
		call, ok := parseExpr(t, tc.sql+" OVER (PARTITION BY g ORDER BY o)").(*ast.FuncCall)
		require.True(t, ok, tc.sql)
		require.NotNil(t, call.Over, tc.sql)
		require.True(t, IsWindowFunction(call.Name), tc.sql)
		w, err := CompileWindow(call, scope, &Params{})
		require.NoError(t, err, tc.sql)
		assert.Equal(t, tc.typ, w.Type.Name(), tc.sql)
		for p, part := range parts {
			out := make([]types.Value, len(part.rows))
			require.NoError(t, w.EvalPartition(env, part.rows, part.peer, out), tc.sql)
			got := make([]string, len(out))
			for i, v := range out {
				got[i] = render(v, w.Type)
			}
			assert.Equal(t, tc.want[p], got, "%s partition %d", tc.sql, p)
		}
	}
}

func TestWindowErrors(t *testing.T) {
	scope := &Scope{Columns: []Column{{Name: "v", Type: types.Int4}}}
	assert.False(t, IsWindowFunction("lower"))
	assert.True(t, IsWindowFunction("string_agg"))
	for sql, code := range map[string]string{
		"lower('x')":         "42809",
		"ntile('a')":         "22P02",
		"ntile(1.5::float8)": "42883",
		"count(DISTINCT v)":  "0A000",
		"row_number(1)":      "42883",
	} {
		call := parseExpr(t, sql+" OVER ()").(*ast.FuncCall)
		_, err := CompileWindow(call, scope, nil)
		requireCode(t, err, code, sql)
	}
	call := parseExpr(t, "ntile(0) OVER ()").(*ast.FuncCall)
	w, err := CompileWindow(call, scope, nil)
	require.NoError(t, err)
	out := make([]types.Value, 1)
	err = w.EvalPartition(testEnv(), [][]types.Value{{types.NewInt4(1)}}, []bool{false}, out)
	requireCode(t, err, "22014")
}
