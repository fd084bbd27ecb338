package expr

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestConstantFolding(t *testing.T) {
	scope, _ := testScope(t)
	cases := map[string]bool{
		"1 + 2 * 3":                    true,
		"lower('ABC') || 'x'":          true,
		"'2024-01-01'::date + 1":       true,
		"i + 1":                        false,
		"now()":                        false,
		"random() < 2":                 false,
		"$1 + 1":                       false,
		"CASE WHEN false THEN 1/0 END": true,
		"1/0":                          false, // the error is left for run time
	}
	for sql, want := range cases {
		e, err := Compile(parseExpr(t, sql), scope, &Params{})
		require.NoError(t, err, sql)
		assert.Equal(t, want, e.IsConst(), sql)
	}
	e, err := Compile(parseExpr(t, "2 + 3"), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, types.NewInt4(5), e.ConstValue())
}

func TestColumnIndex(t *testing.T) {
	scope, _ := testScope(t)
	e, err := Compile(parseExpr(t, "t.txt"), scope, nil)
	require.NoError(t, err)
	i, ok := e.ColumnIndex()
	assert.True(t, ok)
	assert.Equal(t, "txt", scope.Columns[i].Name)
	e, err = Compile(parseExpr(t, "txt || ''"), scope, nil)
	require.NoError(t, err)
	_, ok = e.ColumnIndex()
	assert.False(t, ok)
	e, err = Compile(parseExpr(t, "1"), scope, nil)
	require.NoError(t, err)
	_, ok = e.ColumnIndex()
	assert.False(t, ok)
}

func TestAmbiguousColumn(t *testing.T) {
	scope := &Scope{Columns: []Column{{Table: "a", Name: "id", Type: types.Int4}, {Table: "b", Name: "id", Type: types.Int4}}}
	_, err := Compile(parseExpr(t, "id"), scope, nil)
	pe := requireCode(t, err, "42702")
	assert.Equal(t, `column reference "id" is ambiguous`, pe.Message)
	assert.Equal(t, 8, pe.Position)
	e, err := Compile(parseExpr(t, "b.id"), scope, nil)
	require.NoError(t, err)
	i, _ := e.ColumnIndex()
	assert.Equal(t, 1, i)
}

// Error positions are 1-based offsets into "SELECT <expr>", where
// PostgreSQL's caret points.
func TestErrorPositions(t *testing.T) {
	scope, _ := testScope(t)
	cases := []struct {
		sql string
		pos int
	}{
		{"zzz", 8},
		{"1 + txt", 10},
		{"lower(1)", 8},
		{"'abc' = 5", 8},
		{"i AND true", 8},
		{"CASE WHEN true THEN 1 ELSE 'a'::text END", 28},
		{"coalesce(1, 'a'::text)", 20},
		{"1 in (1, 'a'::text)", 10},
		{"'x'::bool", 8},
		{"d::int4", 8},
	}
	for _, tc := range cases {
		_, err := Compile(parseExpr(t, tc.sql), scope, &Params{})
		require.Error(t, err, tc.sql)
		pe := requireCode(t, err, pgerrCode(err), tc.sql)
		assert.Equal(t, tc.pos, pe.Position, tc.sql)
	}
}

func TestHints(t *testing.T) {
	_, err := Compile(parseExpr(t, "'a'::text + 1"), nil, nil)
	pe := requireCode(t, err, "42883")
	assert.Equal(t, "No operator matches the given name and argument types. You might need to add explicit type casts.", pe.Hint)
	_, err = Compile(parseExpr(t, "foo(1, 'x')"), nil, nil)
	pe = requireCode(t, err, "42883")
	assert.Equal(t, "function foo(integer, unknown) does not exist", pe.Message)
	assert.Equal(t, "No function matches the given name and argument types. You might need to add explicit type casts.", pe.Hint)
}

func TestSystemFunctions(t *testing.T) {
	cases := map[string]string{
		"now()":                     "2024-03-05 10:20:05.123456+00",
		"current_timestamp":         "2024-03-05 10:20:05.123456+00",
		"transaction_timestamp()":   "2024-03-05 10:20:05.123456+00",
		"localtimestamp":            "2024-03-05 10:20:05.123456",
		"current_date":              "2024-03-05",
		"current_user":              "alice",
		"session_user":              "alice",
		"user":                      "alice",
		"current_database()":        "kalam",
		"current_catalog":           "kalam",
		"current_schema()":          "public",
		"current_schema":            "public",
		"version()":                 "PostgreSQL 15.0 (KalamDB 0.1.0) on x86_64-pc-linux-gnu, compiled by Go, 64-bit",
		"now() = current_timestamp": "t",
	}
	for sql, want := range cases {
		got, _, err := evalText(t, sql, &Params{}, testEnv())
		require.NoError(t, err, sql)
		assert.Equal(t, want, got, sql)
	}
}

func TestGeneratedIDs(t *testing.T) {
	got, typ, err := evalText(t, "gen_random_uuid()", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, types.KindUUID, typ.Kind)
	require.Len(t, got, 36)
	assert.Equal(t, byte('4'), got[14])

	got, typ, err = evalText(t, "uuid_v7()", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, types.KindUUID, typ.Kind)
	assert.Equal(t, byte('7'), got[14])

	a, _, err := evalText(t, "ulid()", nil, testEnv())
	require.NoError(t, err)
	b, _, err := evalText(t, "ulid()", nil, testEnv())
	require.NoError(t, err)
	require.Len(t, a, 26)
	assert.NotEqual(t, a, b)
	assert.Equal(t, a[:8], b[:8], "same millisecond prefix") // generated back to back

	e, err := Compile(parseExpr(t, "snowflake_id()"), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, types.Int8, e.Type)
	prev := int64(0)
	for range 1000 {
		v, err := e.Eval(testEnv(), nil)
		require.NoError(t, err)
		require.Greater(t, v.I, prev)
		prev = v.I
	}

	got, _, err = evalText(t, "random() >= 0 AND random() < 1", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, "t", got)
}

func TestLikeMatcher(t *testing.T) {
	cases := []struct {
		pattern, s string
		fold, want bool
	}{
		{"a%", "abc", false, true},
		{"%", "", false, true},
		{"_", "", false, false},
		{"_", "é", false, true},
		{"%a_c%", "xxabcxx", false, true},
		{"%a_c", "abcabd", false, false},
		{"a%b%c", "aXbYc", false, true},
		{"a%b%c", "aXcYb", false, false},
		{`100\%`, "100%", false, true},
		{`100\%`, "1000", false, false},
		{`a\_b`, "a_b", false, true},
		{`a\_b`, "axb", false, false},
		{"HELLO%", "hello world", true, true},
		{"%É%", "café", true, true},
		{"%%a", "ba", false, true},
		{"a", "A", false, false},
		{"", "", false, true},
		{"", "a", false, false},
	}
	for _, tc := range cases {
		m, err := compileLike(tc.pattern, tc.fold)
		require.NoError(t, err)
		got, err := m.match(tc.s)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%q LIKE %q", tc.s, tc.pattern)
	}
	m, err := compileLike(`ab\`, false)
	require.NoError(t, err)
	_, err = m.match("abc")
	requireCode(t, err, "22025")
	ok, err := m.match("a")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestLikeNonConstantPattern(t *testing.T) {
	got, _, err := evalText(t, "txt LIKE lower(vc) || '%'", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, "f", got)
	got, _, err = evalText(t, "lower(txt) LIKE 'h' || '%'", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, "t", got)
	got, _, err = evalText(t, "txt ILIKE substr(txt, 1, 2) || '_LO'", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, "t", got)
}

func TestLongStringFunctions(t *testing.T) {
	got, _, err := evalText(t, "length(repeat('ab', 1000))", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, "2000", got)
	got, _, err = evalText(t, "lpad('', 3, 'é')", nil, testEnv())
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("é", 3), got)
}

func pgerrCode(err error) string { return pgerr.From(err).Code }

func TestCompileBool(t *testing.T) {
	scope, row := testScope(t)
	_, err := CompileBool(parseExpr(t, "i"), "WHERE", scope, nil)
	pe := requireCode(t, err, "42804")
	assert.Equal(t, "argument of WHERE must be type boolean, not type integer", pe.Message)
	assert.Equal(t, 8, pe.Position)
	_, err = CompileBool(parseExpr(t, "'x'"), "WHERE", scope, nil)
	requireCode(t, err, "22P02")
	for sql, want := range map[string]types.Value{
		"NULL":    types.NullValue,
		"'yes'":   types.NewBool(true),
		"i > 5":   types.NewBool(true),
		"nul > 5": types.NullValue,
	} {
		e, err := CompileBool(parseExpr(t, sql), "WHERE", scope, nil)
		require.NoError(t, err, sql)
		assert.Equal(t, types.Bool, e.Type, sql)
		v, err := e.Eval(testEnv(), row)
		require.NoError(t, err, sql)
		assert.Equal(t, want, v, sql)
	}
}

func TestResultTypesKeepModifiers(t *testing.T) {
	scope, _ := testScope(t)
	for sql, want := range map[string]string{
		"vc":                       "character varying(10)",
		"n":                        "numeric(10,2)",
		"CASE WHEN ok THEN vc END": "character varying(10)",
		"coalesce(vc, 'x')":        "character varying(10)",
		"'abc'":                    "text",
		"NULL":                     "text",
		"'1'::numeric(4,1)":        "numeric(4,1)",
		"n + 1":                    "numeric",
	} {
		e, err := Compile(parseExpr(t, sql), scope, nil)
		require.NoError(t, err, sql)
		assert.Equal(t, want, e.Type.Name(), sql)
	}
}
