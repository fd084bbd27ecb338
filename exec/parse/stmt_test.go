package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestStatements(t *testing.T) {
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		// SELECT
		{"SELECT 1", &ast.Select{Targets: []ast.Target{{Expr: i4(1)}}}},
		{"SELECT * FROM t", &ast.Select{
			Targets: []ast.Target{{Expr: &ast.Star{}}},
			From:    from(tbl("t")),
		}},
		{"select DISTINCT a AS x, t.* from NS.T t where a > $1", &ast.Select{
			Distinct: true,
			Targets:  []ast.Target{{Expr: col("a"), Alias: "x"}, {Expr: &ast.Star{Table: "t"}}},
			From:     from(&ast.TableRef{Name: ast.TableName{Namespace: "ns", Name: "t"}, Alias: &ast.Alias{Name: "t"}}),
			Where:    bin(">", col("a"), param(1)),
		}},
		{"SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1", &ast.Select{
			Targets: []ast.Target{{Expr: col("a")}, {Expr: &ast.FuncCall{Name: "count", Star: true}}},
			From:    from(tbl("t")),
			GroupBy: []ast.Expr{col("a")},
			Having:  bin(">", &ast.FuncCall{Name: "count", Star: true}, i4(1)),
		}},
		{"SELECT a FROM t ORDER BY a DESC, b ASC NULLS FIRST, c NULLS LAST LIMIT 10 OFFSET 5", &ast.Select{
			Targets: []ast.Target{{Expr: col("a")}},
			From:    from(tbl("t")),
			OrderBy: []ast.OrderItem{
				{Expr: col("a"), Desc: true},
				{Expr: col("b"), NullsFirst: boolp(true)},
				{Expr: col("c"), NullsFirst: boolp(false)},
			},
			Limit:  i4(10),
			Offset: i4(5),
		}},
		{"SELECT a FROM t LIMIT ALL", &ast.Select{
			Targets: []ast.Target{{Expr: col("a")}},
			From:    from(tbl("t")),
		}},
		{"SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY", &ast.Select{
			Targets: []ast.Target{{Expr: col("a")}},
			From:    from(tbl("t")),
			Limit:   i4(3),
			Offset:  i4(2),
		}},
		{"SELECT a FROM t FETCH NEXT ROW ONLY", &ast.Select{
			Targets: []ast.Target{{Expr: col("a")}},
			From:    from(tbl("t")),
			Limit:   i4(1),
		}},
		// INSERT
		{"INSERT INTO t VALUES (1, 'a')", &ast.Insert{
			Table:  ast.TableName{Name: "t"},
			Values: [][]ast.Expr{{i4(1), str("a")}},
		}},
		{"INSERT INTO ns.t AS x (a, b) VALUES (1, DEFAULT), ($1, $2) RETURNING *, a + 1 AS n", &ast.Insert{
			Table:     ast.TableName{Namespace: "ns", Name: "t"},
			Alias:     "x",
			Columns:   []string{"a", "b"},
			Values:    [][]ast.Expr{{i4(1), &ast.Default{}}, {param(1), param(2)}},
			Returning: []ast.Target{{Expr: &ast.Star{}}, {Expr: bin("+", col("a"), i4(1)), Alias: "n"}},
		}},
		{"INSERT INTO t (a) SELECT b FROM u WHERE c", &ast.Insert{
			Table:   ast.TableName{Name: "t"},
			Columns: []string{"a"},
			Query: &ast.Select{
				Targets: []ast.Target{{Expr: col("b")}},
				From:    from(tbl("u")),
				Where:   col("c"),
			},
		}},
		{"INSERT INTO t DEFAULT VALUES", &ast.Insert{Table: ast.TableName{Name: "t"}, DefaultValues: true}},
		// UPDATE / DELETE
		{"UPDATE t AS x SET a = a + 1, b = DEFAULT WHERE id = $1 RETURNING a", &ast.Update{
			Table:     ast.TableName{Name: "t"},
			Alias:     "x",
			Set:       []ast.Assignment{{Column: "a", Value: bin("+", col("a"), i4(1))}, {Column: "b", Value: &ast.Default{}}},
			Where:     bin("=", col("id"), param(1)),
			Returning: []ast.Target{{Expr: col("a")}},
		}},
		{"DELETE FROM ns.t WHERE id = 1", &ast.Delete{
			Table: ast.TableName{Namespace: "ns", Name: "t"},
			Where: bin("=", col("id"), i4(1)),
		}},
		{"DELETE FROM t x RETURNING x.id", &ast.Delete{
			Table:     ast.TableName{Name: "t"},
			Alias:     "x",
			Returning: []ast.Target{{Expr: tcol("x", "id")}},
		}},
		// SET / RESET / SHOW
		{"SET search_path = a, \"B\", public", &ast.Set{Name: "search_path", Values: []string{"a", "B", "public"}}},
		{"SET search_path TO 'x'", &ast.Set{Name: "search_path", Values: []string{"x"}}},
		{"SET LOCAL statement_timeout = 1000", &ast.Set{Name: "statement_timeout", Values: []string{"1000"}, Local: true}},
		{"SET SESSION DateStyle TO ISO, MDY", &ast.Set{Name: "datestyle", Values: []string{"iso", "mdy"}}},
		{"SET extra_float_digits = -3", &ast.Set{Name: "extra_float_digits", Values: []string{"-3"}}},
		{"SET x.y = 1.5", &ast.Set{Name: "x.y", Values: []string{"1.5"}}},
		{"SET enable_seqscan = on", &ast.Set{Name: "enable_seqscan", Values: []string{"on"}}},
		{"SET standard_conforming_strings = true", &ast.Set{Name: "standard_conforming_strings", Values: []string{"true"}}},
		{"SET TIME ZONE 'UTC'", &ast.Set{Name: "timezone", Values: []string{"UTC"}}},
		{"SET TIME ZONE LOCAL", &ast.Set{Name: "timezone", Reset: true}},
		{"SET NAMES 'UTF8'", &ast.Set{Name: "client_encoding", Values: []string{"UTF8"}}},
		{"SET kalam.user_id = 'alice'", &ast.Set{Name: "kalam.user_id", Values: []string{"alice"}}},
		{"SET application_name TO DEFAULT", &ast.Set{Name: "application_name", Reset: true}},
		{"RESET search_path", &ast.Set{Name: "search_path", Reset: true}},
		{"RESET ALL", &ast.Set{Name: "all", Reset: true}},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", &ast.Set{Name: "transaction_isolation", Values: []string{"serializable"}}},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", &ast.Set{Name: "default_transaction_read_only", Values: []string{"1"}}},
		{"SHOW search_path", &ast.Show{Name: "search_path"}},
		{"SHOW TIME ZONE", &ast.Show{Name: "timezone"}},
		{"SHOW TRANSACTION ISOLATION LEVEL", &ast.Show{Name: "transaction_isolation"}},
		{"SHOW ALL", &ast.Show{Name: "all"}},
		{`SHOW "DateStyle"`, &ast.Show{Name: "datestyle"}},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ", &ast.Set{
			Name: "default_transaction_isolation", Values: []string{"repeatable read"},
		}},
		// prepared statements and session reset
		{"PREPARE q (int, text[]) AS SELECT $1, $2", &ast.Prepare{
			Name:       "q",
			ParamTypes: []ast.TypeName{typ("int4"), {Name: "text", Array: true}},
			Stmt:       &ast.Select{Targets: targets(param(1), param(2))},
			SQL:        "SELECT $1, $2",
			Text:       "PREPARE q (int, text[]) AS SELECT $1, $2",
		}},
		{"prepare \"As\" as\n  insert into t values ($1)  ", &ast.Prepare{
			Name: "As",
			Stmt: &ast.Insert{Table: ast.TableName{Name: "t"}, Values: [][]ast.Expr{{param(1)}}},
			SQL:  "insert into t values ($1)",
			Text: "prepare \"As\" as\n  insert into t values ($1)",
		}},
		{"PREPARE /* AS */ v AS VALUES (1)", &ast.Prepare{
			Name: "v", Stmt: &ast.Values{Rows: [][]ast.Expr{{i4(1)}}}, SQL: "VALUES (1)",
			Text: "PREPARE /* AS */ v AS VALUES (1)",
		}},
		{"EXECUTE q (1, 'x')", &ast.Execute{Name: "q", Params: []ast.Expr{i4(1), str("x")}}},
		{"EXECUTE q", &ast.Execute{Name: "q"}},
		{"DEALLOCATE q", &ast.Deallocate{Name: "q"}},
		{"DEALLOCATE PREPARE ALL", &ast.Deallocate{All: true}},
		{"DISCARD ALL", &ast.Discard{What: "all"}},
		{"DISCARD PLANS", &ast.Discard{What: "plans"}},
		{"DISCARD SEQUENCES", &ast.Discard{What: "sequences"}},
		{"DISCARD TEMPORARY", &ast.Discard{What: "temp"}},
		// transactions
		{"BEGIN", &ast.Transaction{Kind: "begin"}},
		{"BEGIN WORK", &ast.Transaction{Kind: "begin"}},
		{"START TRANSACTION", &ast.Transaction{Kind: "begin"}},
		{"begin isolation level repeatable read read only", &ast.Transaction{Kind: "begin", Isolation: "repeatable read", ReadOnly: boolp(true)}},
		{"START TRANSACTION READ WRITE", &ast.Transaction{Kind: "begin", ReadOnly: boolp(false)}},
		{"COMMIT", &ast.Transaction{Kind: "commit"}},
		{"END", &ast.Transaction{Kind: "commit"}},
		{"ROLLBACK", &ast.Transaction{Kind: "rollback"}},
		{"ABORT", &ast.Transaction{Kind: "rollback"}},
		{"SAVEPOINT s", &ast.Transaction{Kind: "savepoint", Savepoint: "s"}},
		{"RELEASE SAVEPOINT s", &ast.Transaction{Kind: "release", Savepoint: "s"}},
		{"ROLLBACK TO SAVEPOINT s", &ast.Transaction{Kind: "rollback to", Savepoint: "s"}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestUnsupportedStatements(t *testing.T) {
	tests := []struct {
		sql     string
		message string
		pos     int
	}{
		{"SELECT a INTO x FROM t", "SELECT INTO is not supported yet", 15},
		{"SELECT a FROM t GROUP BY ROLLUP (a)", "GROUPING SETS, ROLLUP and CUBE is not supported yet", 26},
		{"SELECT a FROM t ORDER BY a FETCH FIRST 1 ROW WITH TIES", "FETCH … WITH TIES is not supported yet", 40},
		{"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", "ON CONFLICT is not supported yet", 26},
		{"UPDATE t SET a = 1 FROM u", "UPDATE … FROM is not supported yet", 25},
		{"UPDATE t SET (a, b) = (1, 2)", "multiple-column assignment in UPDATE is not supported yet", 15},
		{"DELETE FROM t USING u", "DELETE … USING is not supported yet", 21},
		{"ALTER TABLE t ALTER COLUMN b TYPE bigint", "ALTER TABLE … ALTER COLUMN … TYPE is not supported yet", 0},
		{"CREATE INDEX i ON t (a)", "CREATE INDEX is not supported yet", 0},
		{"CREATE SEQUENCE s", "CREATE SEQUENCE is not supported yet", 0},
		{"CREATE TABLE x AS SELECT 1", "CREATE TABLE AS is not supported yet", 0},
		{"EXPLAIN SELECT 1", "EXPLAIN is not supported yet", 0},
		{"DROP INDEX i", "DROP INDEX is not supported yet", 0},
		{"GRANT SELECT ON t TO alice", "GRANT is not supported yet", 0},
		{"SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE", "this SET value is not supported yet", 0},
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
