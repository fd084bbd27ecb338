package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Shorthands for query trees.

func ns(namespace, name string) ast.TableName { return ast.TableName{Namespace: namespace, Name: name} }
func as(name string, cols ...string) *ast.Alias {
	if len(cols) == 0 {
		return &ast.Alias{Name: name}
	}
	return &ast.Alias{Name: name, Columns: cols}
}
func targets(es ...ast.Expr) []ast.Target {
	out := make([]ast.Target, len(es))
	for i, e := range es {
		out[i] = ast.Target{Expr: e}
	}
	return out
}
func star() []ast.Target { return targets(&ast.Star{}) }

func TestFromClause(t *testing.T) {
	tests := []struct {
		from string
		want []ast.FromItem
	}{
		{"pg_catalog.pg_class c", from(&ast.TableRef{Name: ns("pg_catalog", "pg_class"), Alias: as("c")})},
		{"information_schema.tables", from(&ast.TableRef{Name: ns("information_schema", "tables")})},
		{"db.public.t", from(&ast.TableRef{Name: ns("public", "t")})},
		{"t AS x(a, b)", from(&ast.TableRef{Name: ast.TableName{Name: "t"}, Alias: as("x", "a", "b")})},
		{"a, b", from(tbl("a"), tbl("b"))},
		{"a JOIN b ON a.id = b.id", from(&ast.JoinRef{
			Type: "inner", Left: tbl("a"), Right: tbl("b"), On: bin("=", tcol("a", "id"), tcol("b", "id")),
		})},
		{"a INNER JOIN b USING (id, k)", from(&ast.JoinRef{Type: "inner", Left: tbl("a"), Right: tbl("b"), Using: []string{"id", "k"}})},
		{"a LEFT OUTER JOIN b ON true", from(&ast.JoinRef{Type: "left", Left: tbl("a"), Right: tbl("b"), On: boolc(true)})},
		{"a RIGHT JOIN b ON true", from(&ast.JoinRef{Type: "right", Left: tbl("a"), Right: tbl("b"), On: boolc(true)})},
		{"a FULL JOIN b ON true", from(&ast.JoinRef{Type: "full", Left: tbl("a"), Right: tbl("b"), On: boolc(true)})},
		{"a CROSS JOIN b", from(&ast.JoinRef{Type: "cross", Left: tbl("a"), Right: tbl("b")})},
		{"a NATURAL JOIN b", from(&ast.JoinRef{Type: "inner", Natural: true, Left: tbl("a"), Right: tbl("b")})},
		{"a NATURAL LEFT JOIN b", from(&ast.JoinRef{Type: "left", Natural: true, Left: tbl("a"), Right: tbl("b")})},
		// Joins nest left-deep; parentheses and a join alias change that.
		{"a JOIN b ON x LEFT JOIN c ON y", from(&ast.JoinRef{
			Type:  "left",
			Left:  &ast.JoinRef{Type: "inner", Left: tbl("a"), Right: tbl("b"), On: col("x")},
			Right: tbl("c"), On: col("y"),
		})},
		{"a JOIN (b JOIN c ON y) AS j(p, q) ON x", from(&ast.JoinRef{
			Type: "inner", Left: tbl("a"),
			Right: &ast.JoinRef{Type: "inner", Left: tbl("b"), Right: tbl("c"), On: col("y"), Alias: as("j", "p", "q")},
			On:    col("x"),
		})},
		{"(SELECT 1) AS s(n)", from(&ast.SubqueryRef{
			Query: &ast.Select{Targets: targets(i4(1))}, Alias: as("s", "n"),
		})},
		{"a, LATERAL (SELECT a.x) s", from(tbl("a"), &ast.SubqueryRef{
			Query: &ast.Select{Targets: targets(tcol("a", "x"))}, Alias: as("s"), Lateral: true,
		})},
		{"(VALUES (1, 'a'), (2, 'b')) v(n, s)", from(&ast.SubqueryRef{
			Query: &ast.Values{Rows: [][]ast.Expr{{i4(1), str("a")}, {i4(2), str("b")}}},
			Alias: as("v", "n", "s"),
		})},
		{"generate_series(1, 3)", from(&ast.FunctionRef{Call: fn("generate_series", i4(1), i4(3))})},
		{"pg_catalog.generate_series(1, 32) pos(n)", from(&ast.FunctionRef{
			Call: fn("generate_series", i4(1), i4(32)), Alias: as("pos", "n"),
		})},
		{"unnest(a) WITH ORDINALITY AS u(v, i)", from(&ast.FunctionRef{
			Call: fn("unnest", col("a")), Alias: as("u", "v", "i"), Ordinality: true,
		})},
		{"t, LATERAL information_schema._pg_expandarray(t.k) e", from(tbl("t"), &ast.FunctionRef{
			Call: fn("information_schema._pg_expandarray", tcol("t", "k")), Alias: as("e"), Lateral: true,
		})},
		{"pg_catalog.pg_get_keywords()", from(&ast.FunctionRef{Call: fn("pg_get_keywords")})},
		{"ROWS FROM (f(1)) AS r", from(&ast.FunctionRef{Call: fn("f", i4(1)), Alias: as("r")})},
		// pgbench's partition probe.
		{"pg_catalog.pg_class AS c CROSS JOIN LATERAL (SELECT 1) AS o(n)", from(&ast.JoinRef{
			Type:  "cross",
			Left:  &ast.TableRef{Name: ns("pg_catalog", "pg_class"), Alias: as("c")},
			Right: &ast.SubqueryRef{Query: &ast.Select{Targets: targets(i4(1))}, Alias: as("o", "n"), Lateral: true},
		})},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			sel, ok := parseOne(t, "SELECT * FROM "+tt.from).(*ast.Select)
			require.True(t, ok)
			require.Equal(t, star(), sel.Targets)
			require.Equal(t, tt.want, sel.From)
		})
	}
}

func TestQueries(t *testing.T) {
	one, two := &ast.Select{Targets: targets(i4(1))}, &ast.Select{Targets: targets(i4(2))}
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		{"SELECT FROM t", &ast.Select{Targets: []ast.Target{}, From: from(tbl("t"))}},
		{"SELECT DISTINCT ON (a, b) a, c FROM t ORDER BY a, b", &ast.Select{
			Distinct:   true,
			DistinctOn: []ast.Expr{col("a"), col("b")},
			Targets:    targets(col("a"), col("c")),
			From:       from(tbl("t")),
			OrderBy:    []ast.OrderItem{{Expr: col("a")}, {Expr: col("b")}},
		}},
		{"SELECT a FROM t WHERE b FOR UPDATE", &ast.Select{
			Targets: targets(col("a")), From: from(tbl("t")), Where: col("b"), ForUpdate: true,
		}},
		{"SELECT a FROM t FOR SHARE OF t NOWAIT", &ast.Select{Targets: targets(col("a")), From: from(tbl("t")), ForUpdate: true}},
		{"WITH x AS (SELECT 1), y (n) AS MATERIALIZED (SELECT 2) SELECT * FROM x, y", &ast.Select{
			With:    []ast.CTE{{Name: "x", Query: one}, {Name: "y", Columns: []string{"n"}, Query: two}},
			Targets: star(),
			From:    from(tbl("x"), tbl("y")),
		}},
		{"SELECT 1 UNION SELECT 2", &ast.SetOp{Op: "union", Left: one, Right: two}},
		{"SELECT 1 INTERSECT ALL SELECT 2", &ast.SetOp{Op: "intersect", All: true, Left: one, Right: two}},
		// Set operations nest left-deep; ORDER BY/LIMIT apply to the whole.
		{"SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 1 ORDER BY 1 DESC LIMIT 5 OFFSET 1", &ast.SetOp{
			Op: "union", All: true,
			Left:    &ast.SetOp{Op: "except", Left: one, Right: two},
			Right:   one,
			OrderBy: []ast.OrderItem{{Expr: i4(1), Desc: true}},
			Limit:   i4(5),
			Offset:  i4(1),
		}},
		{"(SELECT 1 ORDER BY 1 LIMIT 1) UNION (SELECT 2)", &ast.SetOp{
			Op:    "union",
			Left:  &ast.Select{Targets: targets(i4(1)), OrderBy: []ast.OrderItem{{Expr: i4(1)}}, Limit: i4(1)},
			Right: two,
		}},
		{"WITH x AS (SELECT 1) SELECT * FROM x UNION SELECT 2", &ast.SetOp{
			With: []ast.CTE{{Name: "x", Query: one}},
			Op:   "union",
			Left: &ast.Select{Targets: star(), From: from(tbl("x"))}, Right: two,
		}},
		{"SELECT pg_catalog.pg_partition_ancestors('16385') UNION ALL VALUES ('16385'::pg_catalog.regclass)", &ast.SetOp{
			Op: "union", All: true,
			Left: &ast.Select{Targets: targets(fn("pg_partition_ancestors", str("16385")))},
			Right: &ast.Values{Rows: [][]ast.Expr{{
				&ast.Cast{Operand: str("16385"), Type: typ("regclass")},
			}}},
		}},
		{"VALUES (1), (2)", &ast.Values{Rows: [][]ast.Expr{{i4(1)}, {i4(2)}}}},
		{"VALUES (1, 'a') ORDER BY 1 LIMIT 1", &ast.Values{
			Rows: [][]ast.Expr{{i4(1), str("a")}}, OrderBy: []ast.OrderItem{{Expr: i4(1)}}, Limit: i4(1),
		}},
		// INSERT: a bare VALUES list stays Values; anything more is a query.
		{"INSERT INTO t VALUES (1) ORDER BY 1", &ast.Insert{
			Table: ast.TableName{Name: "t"},
			Query: &ast.Values{Rows: [][]ast.Expr{{i4(1)}}, OrderBy: []ast.OrderItem{{Expr: i4(1)}}},
		}},
		{"INSERT INTO t SELECT 1 UNION SELECT 2", &ast.Insert{
			Table: ast.TableName{Name: "t"},
			Query: &ast.SetOp{Op: "union", Left: one, Right: two},
		}},
		{"INSERT INTO t (a) WITH x AS (SELECT 1) SELECT * FROM x", &ast.Insert{
			Table:   ast.TableName{Name: "t"},
			Columns: []string{"a"},
			Query:   &ast.Select{With: []ast.CTE{{Name: "x", Query: one}}, Targets: star(), From: from(tbl("x"))},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

// TestQueryErrors: the 42601/42712 messages and positions are PostgreSQL
// 15's for the same string; the 0A000 ones are KalamDB's own.
func TestQueryErrors(t *testing.T) {
	tests := []struct {
		sql     string
		code    string
		message string
		hint    string
		pos     int
	}{
		{"SELECT * FROM (SELECT 1)", pgerr.SyntaxError, "subquery in FROM must have an alias",
			"For example, FROM (SELECT ...) [AS] foo.", 15},
		{"SELECT * FROM (VALUES (1))", pgerr.SyntaxError, "VALUES in FROM must have an alias",
			"For example, FROM (VALUES ...) [AS] foo.", 15},
		{"SELECT * FROM ((SELECT 1) UNION (SELECT 2))", pgerr.SyntaxError, "subquery in FROM must have an alias",
			"For example, FROM (SELECT ...) [AS] foo.", 15},
		{"SELECT * FROM (VALUES (1), ((SELECT 2))) UNION SELECT 3", pgerr.SyntaxError, "VALUES in FROM must have an alias",
			"For example, FROM (VALUES ...) [AS] foo.", 15},
		{"SELECT * FROM (SELECT (SELECT 1))", pgerr.SyntaxError, "subquery in FROM must have an alias",
			"For example, FROM (SELECT ...) [AS] foo.", 15},
		{"SELECT * FROM ( (SELECT 1))", pgerr.SyntaxError, "subquery in FROM must have an alias",
			"For example, FROM (SELECT ...) [AS] foo.", 15},
		{"select 1 from t x(b) join (select 1) on true", pgerr.SyntaxError, "subquery in FROM must have an alias",
			"For example, FROM (SELECT ...) [AS] foo.", 27},
		{"SELECT 1; SELECT * FROM (SELECT 1) s, LATERAL (SELECT 2)", pgerr.SyntaxError, "subquery in FROM must have an alias",
			"For example, FROM (SELECT ...) [AS] foo.", 47},
		{"WITH x AS (select 1), x AS (select 2) select 1", duplicateAlias, `WITH query name "x" specified more than once`, "", 23},
		{"VALUES (DEFAULT)", pgerr.SyntaxError, "DEFAULT is not allowed in this context", "", 9},
		{"SELECT 1 UNION SELECT 2 FOR UPDATE", pgerr.FeatureNotSupported, "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT", "", 0},
		{"VALUES (1) FOR SHARE", pgerr.FeatureNotSupported, "FOR SHARE cannot be applied to VALUES", "", 0},
		{"WITH RECURSIVE x AS (SELECT 1) SELECT 1", pgerr.FeatureNotSupported, "WITH RECURSIVE is not supported yet", "", 1},
		{"WITH x AS (DELETE FROM t RETURNING *) SELECT 1", pgerr.FeatureNotSupported, "data-modifying statements in WITH is not supported yet", "", 6},
		{"SELECT * FROM generate_series(1, 2) AS g(a int)", pgerr.FeatureNotSupported, "column definition lists is not supported yet", "", 42},
		{"SELECT * FROM ROWS FROM (f(), g())", pgerr.FeatureNotSupported, "ROWS FROM with several functions is not supported yet", "", 0},
		{"SELECT * FROM a JOIN b USING (x) AS j", pgerr.FeatureNotSupported, "JOIN … USING (…) AS alias is not supported yet", "", 0},
		{"SELECT * FROM t TABLESAMPLE system (10)", pgerr.FeatureNotSupported, "TABLESAMPLE is not supported yet", "", 29},
		{"SELECT * FROM CAST(1 AS int)", pgerr.FeatureNotSupported, "this expression in FROM is not supported yet", "", 15},
		{"SELECT a INTO x FROM t", pgerr.FeatureNotSupported, "SELECT INTO is not supported yet", "", 15},
		{"SELECT a FROM t GROUP BY CUBE (a)", pgerr.FeatureNotSupported, "GROUPING SETS, ROLLUP and CUBE is not supported yet", "", 26},
		{"SELECT a FROM t GROUP BY a, GROUPING SETS ((a), ())", pgerr.FeatureNotSupported, "GROUPING SETS, ROLLUP and CUBE is not supported yet", "", 29},
		{"SELECT 1 FROM t WINDOW w AS ()", pgerr.FeatureNotSupported, "WINDOW is not supported yet", "", 29},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			e := parseErr(t, tt.sql)
			require.Equal(t, tt.code, e.Code)
			require.Equal(t, tt.message, e.Message)
			require.Equal(t, tt.hint, e.Hint)
			require.Equal(t, tt.pos, e.Position)
		})
	}
}
