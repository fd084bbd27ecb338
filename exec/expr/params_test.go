package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// Parameter types PostgreSQL 15 infers for PREPARE p AS SELECT <expr>
// (read back from pg_prepared_statements), with id int4 and nm text.
func TestParamInference(t *testing.T) {
	scope := &Scope{Columns: []Column{{Name: "id", Type: types.Int4}, {Name: "nm", Type: types.Text}}}
	cases := []struct {
		sql  string
		want []types.Type
	}{
		{"id = $1 AND nm = $2", []types.Type{types.Int4, types.Text}},
		{"$1 + 1", []types.Type{types.Int4}},
		{"$1 || 'x'", []types.Type{types.Text}},
		{"$1 = 1.5", []types.Type{types.Numeric}},
		{"$1 > now()", []types.Type{types.Timestamptz}},
		{"$1::int8", []types.Type{types.Int8}},
		{"lower($1)", []types.Type{types.Text}},
		{"$1 LIKE 'a%'", []types.Type{types.Text}},
		{"$1 IN (1, 2)", []types.Type{types.Int4}},
		{"$1 BETWEEN 1 AND 2", []types.Type{types.Int4}},
		{"coalesce($1, 1)", []types.Type{types.Int4}},
		{"CASE WHEN $1 THEN 1 END", []types.Type{types.Bool}},
		{"substring($1, 2)", []types.Type{types.Text}},
		{"abs($1)", []types.Type{types.Float8}},
		{"$1 AND true", []types.Type{types.Bool}},
		{"NOT $1", []types.Type{types.Bool}},
		{"$1 = $2", []types.Type{types.Text, types.Text}},
		{"round($1, 2)", []types.Type{types.Numeric}},
		{"$1", []types.Type{types.Unknown}},
		{"id = $2", []types.Type{types.Unknown, types.Int4}},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			params := &Params{}
			_, err := Compile(parseExpr(t, tc.sql), scope, params)
			require.NoError(t, err)
			assert.Equal(t, tc.want, params.Types)
		})
	}
}

func TestParamErrorsLikePostgres(t *testing.T) {
	for sql, code := range map[string]string{
		"-$1":      "42725",
		"$1 + $2":  "42725",
		"$0":       "42P02",
		"$1 + 'a'": "42725",
	} {
		_, err := Compile(parseExpr(t, sql), nil, &Params{})
		requireCode(t, err, code, sql)
	}
}

func TestParamDeclaredTypeWins(t *testing.T) {
	params := &Params{Types: []types.Type{types.Int8}}
	e, err := Compile(parseExpr(t, "$1 + 1"), nil, params)
	require.NoError(t, err)
	assert.Equal(t, types.Int8, e.Type)
	assert.Equal(t, []types.Type{types.Int8}, params.Types)
	v, err := e.Eval(testEnv(types.NewInt8(41)), nil)
	require.NoError(t, err)
	assert.Equal(t, types.NewInt8(42), v)
}

func TestParamEval(t *testing.T) {
	params := &Params{}
	scope, row := testScope(t)
	e, err := Compile(parseExpr(t, "i + $1 > $2 AND txt LIKE $3"), scope, params)
	require.NoError(t, err)
	assert.Equal(t, []types.Type{types.Int4, types.Int4, types.Text}, params.Types)
	assert.False(t, e.IsConst())
	v, err := e.Eval(testEnv(types.NewInt4(1), types.NewInt4(7), types.NewText("He%")), row)
	require.NoError(t, err)
	assert.Equal(t, types.NewBool(true), v)
	_, err = e.Eval(testEnv(), row)
	requireCode(t, err, "42P02")
}

func TestCompileAsInfersTarget(t *testing.T) {
	params := &Params{}
	e, err := CompileAs(parseExpr(t, "$1"), types.Int8, nil, params)
	require.NoError(t, err)
	assert.Equal(t, types.Int8, e.Type)
	assert.Equal(t, []types.Type{types.Int8}, params.Types)
	n, ok := e.ParamIndex()
	assert.True(t, ok)
	assert.Equal(t, 1, n)
}
