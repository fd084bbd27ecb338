package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestCatalogExpressions(t *testing.T) {
	rolname := &ast.Select{Targets: targets(col("rolname")), From: from(&ast.TableRef{Name: ns("pg_catalog", "pg_roles")})}
	one := &ast.Select{Targets: targets(i4(1))}
	asc := []ast.OrderItem{{Expr: col("b")}}
	tests := []struct {
		sql  string
		want ast.Expr
	}{
		// subqueries
		{"(SELECT 1)", &ast.SubLink{Kind: "scalar", Query: one}},
		{"EXISTS (SELECT 1)", &ast.SubLink{Kind: "exists", Query: one}},
		{"NOT EXISTS (SELECT 1)", &ast.UnaryOp{Op: "NOT", Operand: &ast.SubLink{Kind: "exists", Query: one}}},
		{"ARRAY(SELECT rolname FROM pg_catalog.pg_roles)", &ast.SubLink{Kind: "array", Query: rolname}},
		{"a IN (SELECT 1)", &ast.SubLink{Kind: "any", Op: "=", Operand: col("a"), Query: one}},
		{"a NOT IN (SELECT 1)", &ast.UnaryOp{Op: "NOT", Operand: &ast.SubLink{Kind: "any", Op: "=", Operand: col("a"), Query: one}}},
		{"a < ANY (SELECT 1)", &ast.SubLink{Kind: "any", Op: "<", Operand: col("a"), Query: one}},
		{"a != ALL (SELECT 1)", &ast.SubLink{Kind: "all", Op: "<>", Operand: col("a"), Query: one}},
		{"a = SOME (SELECT 1 UNION SELECT 1)", &ast.SubLink{Kind: "any", Op: "=", Operand: col("a"),
			Query: &ast.SetOp{Op: "union", Left: one, Right: one}}},
		{"(a, b) IN (SELECT 1, 2)", &ast.SubLink{Kind: "any", Op: "=",
			Operand: &ast.RowExpr{Elems: []ast.Expr{col("a"), col("b")}},
			Query:   &ast.Select{Targets: targets(i4(1), i4(2))}}},
		// ANY/ALL over arrays
		{"oid = any (polroles)", &ast.AnyAll{Op: "=", Left: col("oid"), Right: col("polroles")}},
		{"'d' = any(stxkind)", &ast.AnyAll{Op: "=", Left: str("d"), Right: col("stxkind")}},
		{"id = ANY($1)", &ast.AnyAll{Op: "=", Left: col("id"), Right: param(1)}},
		{"a <> ALL (ARRAY[1, 2])", &ast.AnyAll{Op: "<>", Left: col("a"), All: true,
			Right: &ast.ArrayExpr{Elems: []ast.Expr{i4(1), i4(2)}}}},
		{"a LIKE ANY ('{x%}')", &ast.AnyAll{Op: "~~", Left: col("a"), Right: str("{x%}")}},
		// arrays, subscripts, field selection
		{"ARRAY[]::int[]", &ast.Cast{Operand: &ast.ArrayExpr{}, Type: ast.TypeName{Name: "int4", Array: true}}},
		{"ARRAY[[1], [2]]", &ast.ArrayExpr{Elems: []ast.Expr{
			&ast.ArrayExpr{Elems: []ast.Expr{i4(1)}}, &ast.ArrayExpr{Elems: []ast.Expr{i4(2)}},
		}}},
		{"prattrs[s]", &ast.Subscript{Operand: col("prattrs"), Index: col("s")}},
		{"a[1][2]", &ast.Subscript{Operand: &ast.Subscript{Operand: col("a"), Index: i4(1)}, Index: i4(2)}},
		{"t.a[2:3]", &ast.Subscript{Operand: tcol("t", "a"), Slice: true, Lower: i4(2), Upper: i4(3)}},
		{"a[:3]", &ast.Subscript{Operand: col("a"), Slice: true, Upper: i4(3)}},
		{"a[2:]", &ast.Subscript{Operand: col("a"), Slice: true, Lower: i4(2)}},
		{"tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1]", &ast.Subscript{
			Operand: tcol("tmp", "i_indoption"), Index: bin("-", tcol("tmp", "ordinal_position"), i4(1)),
		}},
		{"(pg_catalog.current_schemas(true))[1]", &ast.Subscript{Operand: fn("current_schemas", boolc(true)), Index: i4(1)}},
		{"$1[1]", &ast.Subscript{Operand: param(1), Index: i4(1)}},
		{"(information_schema._pg_expandarray(i.indkey)).n", &ast.FieldSelect{
			Operand: fn("information_schema._pg_expandarray", tcol("i", "indkey")), Field: "n",
		}},
		{"(result.KEYS).x", &ast.FieldSelect{Operand: tcol("result", "keys"), Field: "x"}},
		{"(f(x)).a[1]", &ast.Subscript{Operand: &ast.FieldSelect{Operand: fn("f", col("x")), Field: "a"}, Index: i4(1)}},
		// rows, IS DISTINCT FROM
		{"ROW(1, 'a')", &ast.RowExpr{Elems: []ast.Expr{i4(1), str("a")}}},
		{"ROW()", &ast.RowExpr{}},
		{"(a, b) = (1, 2)", bin("=", &ast.RowExpr{Elems: []ast.Expr{col("a"), col("b")}}, &ast.RowExpr{Elems: []ast.Expr{i4(1), i4(2)}})},
		{"a IS DISTINCT FROM b", &ast.IsDistinct{Left: col("a"), Right: col("b")}},
		{"a IS NOT DISTINCT FROM NULL", &ast.IsDistinct{Left: col("a"), Right: null(), Not: true}},
		// window functions and aggregate extras
		{"row_number() OVER ()", &ast.FuncCall{Name: "row_number", Over: &ast.WindowSpec{}}},
		{"row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)", &ast.FuncCall{Name: "row_number", Over: &ast.WindowSpec{
			PartitionBy: []ast.Expr{tcol("a", "attrelid")}, OrderBy: []ast.OrderItem{{Expr: tcol("a", "attnum")}},
		}}},
		{"sum(x) OVER (ORDER BY b RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", &ast.FuncCall{
			Name: "sum", Args: []ast.Expr{col("x")}, Over: &ast.WindowSpec{OrderBy: asc},
		}},
		{"count(*) OVER (PARTITION BY a)", &ast.FuncCall{Name: "count", Star: true, Over: &ast.WindowSpec{PartitionBy: []ast.Expr{col("a")}}}},
		{"string_agg(attname, ', ' ORDER BY b)", &ast.FuncCall{Name: "string_agg", Args: []ast.Expr{col("attname"), str(", ")}, OrderBy: asc}},
		{"array_agg(DISTINCT a ORDER BY a DESC)", &ast.FuncCall{
			Name: "array_agg", Args: []ast.Expr{col("a")}, Distinct: true, OrderBy: []ast.OrderItem{{Expr: col("a"), Desc: true}},
		}},
		{"count(*) FILTER (WHERE a > 1)", &ast.FuncCall{Name: "count", Star: true, Filter: bin(">", col("a"), i4(1))}},
		// operators as catalog queries write them
		{"c.relname OPERATOR(pg_catalog.~) '^(users)$' COLLATE pg_catalog.default", bin("~", tcol("c", "relname"), str("^(users)$"))},
		{"a ~ 'x'", bin("~", col("a"), str("x"))},
		{"a !~ '^pg_'", bin("!~", col("a"), str("^pg_"))},
		{"a ~* 'x'", bin("~*", col("a"), str("x"))},
		{"a !~* 'x'", bin("!~*", col("a"), str("x"))},
		{"a OPERATOR(pg_catalog.!~*) 'x'", bin("!~*", col("a"), str("x"))},
		{"i & 1::smallint", bin("&", col("i"), &ast.Cast{Operand: i4(1), Type: typ("int2")})},
		// strings and casts
		{`E'\n  to: '`, str("\n  to: ")},
		{`E'it\'s'`, str("it's")},
		{"$tag$a'b$tag$", str("a'b")},
		{`'a'::"char"`, &ast.Cast{Operand: str("a"), Type: typ(`"char"`)}},
		{`x::pg_catalog."char"`, &ast.Cast{Operand: col("x"), Type: typ(`"char"`)}},
		{"x::char", &ast.Cast{Operand: col("x"), Type: typ("bpchar", 1)}},
		{`x::"char"[]`, &ast.Cast{Operand: col("x"), Type: ast.TypeName{Name: `"char"`, Array: true}}},
		{"pr.prattrs::pg_catalog.int2[]", &ast.Cast{Operand: tcol("pr", "prattrs"), Type: ast.TypeName{Name: "int2", Array: true}}},
		{"c.reloftype::pg_catalog.regtype::pg_catalog.text", &ast.Cast{
			Operand: &ast.Cast{Operand: tcol("c", "reloftype"), Type: typ("regtype")}, Type: typ("text"),
		}},
		{"'pg_catalog.array_in'::regproc", &ast.Cast{Operand: str("pg_catalog.array_in"), Type: typ("regproc")}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseExpr(t, tt.sql))
		})
	}
}

func TestCatalogExpressionLocations(t *testing.T) {
	stmts, err := Parse("SELECT (f(x)).n, a[1], EXISTS (SELECT 1)")
	require.NoError(t, err)
	sel := stmts[0].AST.(*ast.Select)
	fs := sel.Targets[0].Expr.(*ast.FieldSelect)
	require.Equal(t, 8, fs.Location) // the expression the field is taken from
	require.Equal(t, 17, sel.Targets[1].Expr.(*ast.Subscript).Location)
	require.Equal(t, 23, sel.Targets[2].Expr.(*ast.SubLink).Location)
}

func TestCatalogExpressionErrors(t *testing.T) {
	tests := []struct {
		sql     string
		message string
		pos     int
	}{
		{"SELECT rank() OVER w FROM t", "named windows is not supported yet", 20},
		{"SELECT rank() OVER (w ORDER BY a) FROM t", "named windows is not supported yet", 20},
		{"SELECT sum(a) OVER (ROWS UNBOUNDED PRECEDING) FROM t", "window frame clauses is not supported yet", 20},
		{"SELECT sum(a) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t", "window frame clauses is not supported yet", 20},
		{"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t", "WITHIN GROUP is not supported yet", 8},
		{"SELECT (x).* FROM t", "(…).* expansion is not supported yet", 9},
		{"SELECT x IS DOCUMENT FROM t", "XML functions and IS DOCUMENT is not supported yet", 10},
		{"SELECT B'101'", "bit string constants is not supported yet", 8},
		{"SELECT X'1F'", "bit string constants is not supported yet", 8},
		{"SELECT a SIMILAR TO 'x'", "SIMILAR TO is not supported yet", 10},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			e := parseErr(t, tt.sql)
			require.Equal(t, pgerr.FeatureNotSupported, e.Code)
			require.Equal(t, tt.message, e.Message)
			require.Equal(t, tt.pos, e.Position)
		})
	}
}
