package expr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// Assignment coercions as PostgreSQL 15 applies them to INSERT values.
func TestCompileAssign(t *testing.T) {
	mustType := func(name string, mods ...int32) types.Type {
		typ, err := types.LookupTypeName(name, mods)
		require.NoError(t, err)
		return typ
	}
	cases := []struct {
		sql    string
		target types.Type
		want   string // value text, or SQLSTATE when code is set
		code   string
		msg    string
	}{
		{sql: "12.7", target: types.Int4, want: "13"},
		{sql: "'12'", target: types.Int4, want: "12"},
		{sql: "'abc'", target: types.Int4, code: "22P02", msg: `invalid input syntax for type integer: "abc"`},
		{sql: "'x'::text", target: types.Int4, code: "42804", msg: `column "c" is of type integer but expression is of type text`},
		{sql: "'abcd'", target: mustType("varchar", 3), code: "22001", msg: "value too long for type character varying(3)"},
		{sql: "'abc   '", target: mustType("varchar", 3), want: "abc"},
		{sql: "1.235", target: mustType("numeric", 5, 2), want: "1.24"},
		{sql: "12345", target: mustType("numeric", 5, 2), code: "22003", msg: "numeric field overflow"},
		{sql: "100000", target: types.Int2, code: "22003", msg: "smallint out of range"},
		{sql: "1", target: types.Bool, code: "42804", msg: `column "c" is of type boolean but expression is of type integer`},
		{sql: "'2024-01-01 10:00'::timestamp", target: types.Date, want: "2024-01-01"},
		{sql: "5", target: types.Text, want: "5"},
		{sql: "true", target: types.Text, want: "true"},
		{sql: "'2024-01-01'", target: types.Timestamptz, want: "2024-01-01 00:00:00+00"},
		{sql: "2.5::float8", target: types.Int4, want: "2"},
		{sql: "NULL", target: types.Int4, want: "NULL"},
		{sql: "now()", target: types.Timestamp, want: "2024-03-05 10:20:05.123456"},
		{sql: "i + 1", target: types.Int8, want: "8"},
	}
	scope, row := testScope(t)
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			e, err := CompileAssign(parseExpr(t, tc.sql), tc.target, "c", scope, &Params{})
			var v types.Value
			if err == nil {
				assert.Equal(t, tc.target, e.Type)
				v, err = e.Eval(testEnv(), row)
			}
			if tc.code != "" {
				pe := requireCode(t, err, tc.code)
				assert.Equal(t, tc.msg, pe.Message)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, render(v, tc.target))
		})
	}
}

func TestCompileAsGenericMessage(t *testing.T) {
	_, err := CompileAs(parseExpr(t, "true"), types.Int4, nil, nil)
	pe := requireCode(t, err, "42804")
	assert.Equal(t, "expression is of type boolean but type integer was expected", pe.Message)
	assert.Equal(t, 8, pe.Position)
}
