package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestExpressions(t *testing.T) {
	tests := []struct {
		sql  string
		want ast.Expr
	}{
		// constants
		{"1", i4(1)},
		{"-1", i4(-1)},
		{"- 7", i4(-7)},
		{"2147483647", i4(2147483647)},
		{"2147483648", i8(2147483648)},
		{"-2147483648", i4(-2147483648)},
		{"-2147483649", i8(-2147483649)},
		{"9223372036854775807", i8(9223372036854775807)},
		{"-9223372036854775808", i8(-9223372036854775808)},
		{"9223372036854775808", num("9223372036854775808")},
		{"-99999999999999999999", num("-99999999999999999999")},
		{"1.5", num("1.5")},
		{"1.50", num("1.50")},
		{"-1.5", num("-1.5")},
		{".5", num("0.5")},
		{"5.", num("5")},
		{"1.5e2", num("150")},
		{"1e3", num("1000")},
		{"1.2e-3", num("0.0012")},
		{"0.0e5", num("0")},
		{"007.50", num("7.50")},
		{"'abc'", str("abc")},
		{"'it''s'", str("it's")},
		{"E'a\\nb'", str("a\nb")},
		{"$$x;y$$", str("x;y")},
		{"true", boolc(true)},
		{"FALSE", boolc(false)},
		{"NULL", null()},
		{"$3", param(3)},
		// column references
		{"a", col("a")},
		{`"MixedCase"`, col("MixedCase")},
		{"T.A", tcol("t", "a")},
		{"ns.t.a", tcol("t", "a")},
		{"t.*", &ast.Star{Table: "t"}},
		// operators
		{"a + b * 2", bin("+", col("a"), bin("*", col("b"), i4(2)))},
		{"(a + b) * 2", bin("*", bin("+", col("a"), col("b")), i4(2))},
		{"a != b", bin("<>", col("a"), col("b"))},
		{"a <> b", bin("<>", col("a"), col("b"))},
		{"a OPERATOR(pg_catalog.=) b", bin("=", col("a"), col("b"))},
		{"a || 'x'", bin("||", col("a"), str("x"))},
		{"a % 2 ^ 3", bin("%", col("a"), bin("^", i4(2), i4(3)))},
		{"-a", &ast.UnaryOp{Op: "-", Operand: col("a")}},
		{"+a", &ast.UnaryOp{Op: "+", Operand: col("a")}},
		{"a LIKE 'x%'", bin("~~", col("a"), str("x%"))},
		{"a NOT LIKE 'x%'", bin("!~~", col("a"), str("x%"))},
		{"a ILIKE 'x%'", bin("~~*", col("a"), str("x%"))},
		{"a NOT ILIKE 'x%'", bin("!~~*", col("a"), str("x%"))},
		{"a IN (1, 2)", &ast.In{Operand: col("a"), List: []ast.Expr{i4(1), i4(2)}}},
		{"a NOT IN ('x')", &ast.In{Operand: col("a"), List: []ast.Expr{str("x")}, Not: true}},
		{"a BETWEEN 1 AND 2", &ast.Between{Operand: col("a"), Low: i4(1), High: i4(2)}},
		{"a NOT BETWEEN 1 AND 2", &ast.Between{Operand: col("a"), Low: i4(1), High: i4(2), Not: true}},
		{"a = 1 AND b = 2 AND c", bin("AND", bin("AND", bin("=", col("a"), i4(1)), bin("=", col("b"), i4(2))), col("c"))},
		{"a OR b AND c", bin("OR", col("a"), bin("AND", col("b"), col("c")))},
		{"NOT a", &ast.UnaryOp{Op: "NOT", Operand: col("a")}},
		{"a IS NULL", &ast.IsNull{Operand: col("a")}},
		{"a IS NOT NULL", &ast.IsNull{Operand: col("a"), Not: true}},
		{"a ISNULL", &ast.IsNull{Operand: col("a")}},
		{"a IS TRUE", &ast.IsBool{Operand: col("a"), Test: "true"}},
		{"a IS NOT FALSE", &ast.IsBool{Operand: col("a"), Test: "false", Not: true}},
		{"a IS UNKNOWN", &ast.IsBool{Operand: col("a"), Test: "unknown"}},
		{"a IS NOT UNKNOWN", &ast.IsBool{Operand: col("a"), Test: "unknown", Not: true}},
		// casts and type names
		{"'1'::int", &ast.Cast{Operand: str("1"), Type: typ("int4")}},
		{"CAST(a AS varchar(10))", &ast.Cast{Operand: col("a"), Type: typ("varchar", 10)}},
		{"a::numeric(10,2)", &ast.Cast{Operand: col("a"), Type: typ("numeric", 10, 2)}},
		{"a::text[]", &ast.Cast{Operand: col("a"), Type: ast.TypeName{Name: "text", Array: true}}},
		{"a::double precision", &ast.Cast{Operand: col("a"), Type: typ("float8")}},
		{"a::timestamp with time zone", &ast.Cast{Operand: col("a"), Type: typ("timestamptz")}},
		{"a::\"MyType\"", &ast.Cast{Operand: col("a"), Type: typ("mytype")}},
		{"'t'::pg_catalog.bool", boolc(true)},
		{"'f'::bool", &ast.Cast{Operand: str("f"), Type: typ("bool")}},
		{"timestamp '2024-01-01'", &ast.Cast{Operand: str("2024-01-01"), Type: typ("timestamp")}},
		{`a COLLATE "C"`, col("a")},
		// functions
		{"count(*)", &ast.FuncCall{Name: "count", Star: true}},
		{"count(DISTINCT a)", &ast.FuncCall{Name: "count", Args: []ast.Expr{col("a")}, Distinct: true}},
		{"NOW()", fn("now")},
		{"pg_catalog.upper(a)", fn("upper", col("a"))},
		{"system.snowflake_id()", fn("system.snowflake_id")},
		{"extract(year from a)", fn("extract", str("year"), col("a"))},
		{"date_part('year', a)", fn("date_part", str("year"), col("a"))},
		{"substring(a from 2 for 3)", fn("substring", col("a"), i4(2), i4(3))},
		{"trim(both 'x' from a)", fn("btrim", col("a"), str("x"))},
		{"trim(leading from a)", fn("ltrim", col("a"))},
		{"position('b' in a)", fn("position", col("a"), str("b"))},
		{"GREATEST(a, 1)", fn("greatest", col("a"), i4(1))},
		{"least(a, 1)", fn("least", col("a"), i4(1))},
		{"COALESCE(a, b, 0)", &ast.Coalesce{Args: []ast.Expr{col("a"), col("b"), i4(0)}}},
		{"NULLIF(a, 0)", &ast.NullIf{Left: col("a"), Right: i4(0)}},
		{"CASE WHEN a > 0 THEN 'p' ELSE 'n' END", &ast.Case{
			Whens: []ast.When{{Cond: bin(">", col("a"), i4(0)), Result: str("p")}},
			Else:  str("n"),
		}},
		{"CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", &ast.Case{
			Operand: col("a"),
			Whens:   []ast.When{{Cond: i4(1), Result: str("one")}, {Cond: i4(2), Result: str("two")}},
		}},
		// SQL value functions
		{"CURRENT_TIMESTAMP", &ast.SQLValueFunction{Name: "current_timestamp"}},
		{"current_date", &ast.SQLValueFunction{Name: "current_date"}},
		{"CURRENT_TIME", &ast.SQLValueFunction{Name: "current_time"}},
		{"LOCALTIMESTAMP", &ast.SQLValueFunction{Name: "localtimestamp"}},
		{"current_user", &ast.SQLValueFunction{Name: "current_user"}},
		{"SESSION_USER", &ast.SQLValueFunction{Name: "session_user"}},
		{"USER", &ast.SQLValueFunction{Name: "user"}},
		{"current_schema", &ast.SQLValueFunction{Name: "current_schema"}},
		{"current_catalog", &ast.SQLValueFunction{Name: "current_catalog"}},
		{"CURRENT_TIMESTAMP(3)", &ast.Cast{
			Operand: &ast.SQLValueFunction{Name: "current_timestamp"},
			Type:    typ("timestamptz", 3),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseExpr(t, tt.sql))
		})
	}
}

func TestExpressionLocations(t *testing.T) {
	stmts, err := Parse("SELECT 1; SELECT a + $1 FROM t")
	require.NoError(t, err)
	require.Len(t, stmts, 2)
	sel := stmts[1].AST.(*ast.Select)
	// Locations are offsets into the whole string, not the statement.
	require.Equal(t, &ast.BinaryOp{
		Op:       "+",
		Left:     &ast.ColumnRef{Column: "a", Location: 17},
		Right:    &ast.Param{Index: 1, Location: 21},
		Location: 19,
	}, sel.Targets[0].Expr)
	require.Equal(t, []ast.FromItem{&ast.TableRef{Name: ast.TableName{Name: "t", Location: 29}}}, sel.From)
}

func TestExpressionErrors(t *testing.T) {
	tests := []struct {
		sql     string
		code    string
		message string
		pos     int
	}{
		{"SELECT a SIMILAR TO 'x'", pgerr.FeatureNotSupported, "SIMILAR TO is not supported yet", 10},
		{"SELECT B'101'", pgerr.FeatureNotSupported, "bit string constants is not supported yet", 8},
		{"SELECT DEFAULT", pgerr.SyntaxError, "DEFAULT is not allowed in this context", 8},
		{"SELECT d.n.t.a", pgerr.FeatureNotSupported, "cross-database references are not implemented: d.n.t.a", 8},
		{"SELECT 1e999999", pgerr.NumericValueOutOfRange, "value overflows numeric format", 8},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			e := parseErr(t, tt.sql)
			require.Equal(t, tt.code, e.Code)
			require.Equal(t, tt.message, e.Message)
			require.Equal(t, tt.pos, e.Position)
		})
	}
}

func TestNumericLiteral(t *testing.T) {
	tests := []struct {
		in   string
		want types.Value
	}{
		{"2147483648", types.NewInt8(2147483648)},
		{"-2147483648", types.NewInt4(-2147483648)},
		{"0x7FFFFFFFFF", types.NewInt8(0x7FFFFFFFFF)},
		{"1_000_000_000_000", types.NewInt8(1_000_000_000_000)},
		{"000000000000000000000000000001", types.NewInt4(1)},
		{"123456789012345678901234567890", types.Value{K: types.KindNumeric, S: "123456789012345678901234567890"}},
		{"-0.00", types.Value{K: types.KindNumeric, S: "0.00"}},
		{"1.5E+2", types.Value{K: types.KindNumeric, S: "150"}},
		{"12.345e1", types.Value{K: types.KindNumeric, S: "123.45"}},
	}
	for _, tt := range tests {
		got, err := numericLiteral(tt.in)
		require.Nil(t, err, tt.in)
		require.Equal(t, tt.want, got, tt.in)
	}
	require.Equal(t, "-1.5", negateDecimal("1.5"))
	require.Equal(t, "1.5", negateDecimal("-1.5"))
	require.Equal(t, "0.0", negateDecimal("0.0"))
}
