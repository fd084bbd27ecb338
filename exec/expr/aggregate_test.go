package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// aggTable mirrors the oracle query in TestAggregates:
// (values (1, 10, 1.5, 0.5, 0.25, 'a', true), (2, NULL, 2.25, 1.5, 0.5, 'b', false),
//
//	(NULL, 30, NULL, NULL, NULL, NULL, NULL), (2, 10, 1.50, 2, 1, 'a', true)).
func aggTable() (*Scope, [][]types.Value) {
	scope := &Scope{Columns: []Column{
		{Name: "i", Type: types.Int4}, {Name: "b", Type: types.Int8}, {Name: "n", Type: types.Numeric},
		{Name: "f", Type: types.Float8}, {Name: "r", Type: types.Float4}, {Name: "txt", Type: types.Text},
		{Name: "ok", Type: types.Bool},
	}}
	num := func(s string) types.Value { return types.Value{K: types.KindNumeric, S: s} }
	null := types.NullValue
	rows := [][]types.Value{
		{types.NewInt4(1), types.NewInt8(10), num("1.5"), types.NewFloat8(0.5), types.NewFloat4(0.25), types.NewText("a"), types.NewBool(true)},
		{types.NewInt4(2), null, num("2.25"), types.NewFloat8(1.5), types.NewFloat4(0.5), types.NewText("b"), types.NewBool(false)},
		{null, types.NewInt8(30), null, null, null, null, null},
		{types.NewInt4(2), types.NewInt8(10), num("1.50"), types.NewFloat8(2), types.NewFloat4(1), types.NewText("a"), types.NewBool(true)},
	}
	return scope, rows
}

func runAggregate(t *testing.T, sql string, scope *Scope, rows [][]types.Value) (string, types.Type) {
	t.Helper()
	call, ok := parseExpr(t, sql).(*ast.FuncCall)
	require.True(t, ok, sql)
	require.True(t, IsAggregate(call.Name))
	agg, err := CompileAggregate(call, scope, &Params{})
	require.NoError(t, err, sql)
	st := agg.NewState()
	env := testEnv()
	for _, row := range rows {
		require.NoError(t, st.Step(env, row), sql)
	}
	v, err := st.Result()
	require.NoError(t, err, sql)
	return render(v, agg.Type), agg.Type
}

func TestAggregates(t *testing.T) {
	scope, rows := aggTable()
	cases := []struct{ sql, want, typ string }{
		{"count(*)", "4", "bigint"},
		{"count(i)", "3", "bigint"},
		{"count(DISTINCT i)", "2", "bigint"},
		{"sum(i)", "5", "bigint"},
		{"sum(b)", "50", "numeric"},
		{"sum(n)", "5.25", "numeric"},
		{"sum(f)", "4", "double precision"},
		{"sum(r)", "1.75", "real"},
		{"avg(i)", "1.6666666666666667", "numeric"},
		{"avg(b)", "16.6666666666666667", "numeric"},
		{"avg(n)", "1.7500000000000000", "numeric"},
		{"avg(f)", "1.3333333333333333", "double precision"},
		{"avg(r)", "0.5833333333333334", "double precision"},
		{"min(i)", "1", "integer"},
		{"max(txt)", "b", "text"},
		{"min(n)", "1.50", "numeric"},
		{"max(f)", "2", "double precision"},
		{"bool_and(ok)", "f", "boolean"},
		{"bool_or(ok)", "t", "boolean"},
		{"every(ok)", "f", "boolean"},
		{"string_agg(txt, ',')", "a,b,a", "text"},
		{"sum(DISTINCT i)", "3", "bigint"},
		{"count(DISTINCT n)", "2", "bigint"},
		{"avg(DISTINCT n)", "1.8750000000000000", "numeric"},
		{"sum(i * 2 + 1)", "13", "bigint"},
		// Verified on PostgreSQL 15 over the same rows.
		{"array_agg(i)", "{1,2,NULL,2}", "integer[]"},
		{"array_agg(txt ORDER BY txt DESC)", "{NULL,b,a,a}", "text[]"},
		{"string_agg(txt, ',' ORDER BY i DESC, txt)", "a,b,a", "text"},
		{"count(*) FILTER (WHERE ok)", "2", "bigint"},
		{"sum(i) FILTER (WHERE i > 1)", "4", "bigint"},
		{"array_agg(DISTINCT txt)", "{a,b,NULL}", "text[]"},
		{"array_agg(i) FILTER (WHERE false)", "NULL", "integer[]"},
		{"string_agg(DISTINCT txt, ',' ORDER BY txt)", "a,b", "text"},
		{"array_agg(n ORDER BY n NULLS FIRST)", "{NULL,1.5,1.50,2.25}", "numeric[]"},
		{"array_agg(i ORDER BY b, i DESC)", "{2,1,NULL,2}", "integer[]"},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			got, typ := runAggregate(t, tc.sql, scope, rows)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.typ, typ.Name())
		})
	}
}

func TestAggregatesEmptyInput(t *testing.T) {
	scope, _ := aggTable()
	for sql, want := range map[string]string{
		"count(*)": "0", "count(i)": "0", "sum(i)": "NULL", "avg(i)": "NULL",
		"min(i)": "NULL", "string_agg(txt, ',')": "NULL", "bool_and(ok)": "NULL",
	} {
		got, _ := runAggregate(t, sql, scope, nil)
		assert.Equal(t, want, got, sql)
	}
}

func TestAggregateOverflowAndScale(t *testing.T) {
	scope := &Scope{Columns: []Column{{Name: "x", Type: types.Int8}, {Name: "y", Type: types.Int4}, {Name: "z", Type: types.Int2}}}
	rows := [][]types.Value{
		{types.NewInt8(9223372036854775807), types.NewInt4(2147483647), types.NewInt2(1)},
		{types.NewInt8(1), types.NewInt4(1), types.NewInt2(2)},
		{types.NewInt8(0), types.NewInt4(0), types.NewInt2(2)},
	}
	got, _ := runAggregate(t, "sum(x)", scope, rows)
	assert.Equal(t, "9223372036854775808", got)
	got, _ = runAggregate(t, "sum(y)", scope, rows)
	assert.Equal(t, "2147483648", got)
	got, _ = runAggregate(t, "avg(z)", scope, rows)
	assert.Equal(t, "1.6666666666666667", got)
	got, _ = runAggregate(t, "avg(y)", scope, rows[1:2])
	assert.Equal(t, "1.00000000000000000000", got)
}

func TestStringAggDelimiterPerRow(t *testing.T) {
	scope := &Scope{Columns: []Column{{Name: "x", Type: types.Text}, {Name: "y", Type: types.Text}}}
	rows := [][]types.Value{
		{types.NewText("a"), types.NewText(",")}, {types.NewText("b"), types.NewText("-")},
		{types.NewText("c"), types.NullValue}, {types.NewText("d"), types.NewText(";")},
	}
	got, _ := runAggregate(t, "string_agg(x, y)", scope, rows)
	assert.Equal(t, "a-bc;d", got)
}

func TestAggregateErrors(t *testing.T) {
	scope, _ := aggTable()
	cases := []struct{ sql, code, msg string }{
		{"sum(txt)", "42883", "function sum(text) does not exist"},
		{"avg(ok)", "42883", "function avg(boolean) does not exist"},
		{"sum(count(*))", "42803", "aggregate function calls cannot be nested"},
		{"max(lower(1))", "42883", "function lower(integer) does not exist"},
		{"sum(*)", "42883", "function sum() does not exist"},
		{"count(*) FILTER (WHERE i)", "42804", "argument of FILTER must be type boolean, not type integer"},
	}
	for _, tc := range cases {
		call := parseExpr(t, tc.sql).(*ast.FuncCall)
		_, err := CompileAggregate(call, scope, nil)
		pe := requireCode(t, err, tc.code, tc.sql)
		assert.Equal(t, tc.msg, pe.Message)
	}
	// Aggregates are not scalar expressions.
	_, err := Compile(parseExpr(t, "count(*) + 1"), scope, nil)
	requireCode(t, err, "42803")
	pe := requireCode(t, mustErr(CompileAggregate(parseExpr(t, "sum(count(*))").(*ast.FuncCall), scope, nil)), "42803")
	assert.Equal(t, 12, pe.Position)
}

func mustErr(_ any, err error) error { return err }
