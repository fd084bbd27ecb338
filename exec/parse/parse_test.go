package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestEmpty(t *testing.T) {
	for _, sql := range []string{"", " ", ";", " ; ;; ", "-- ping", "/* c */", "/* a /* nested */ */ ;", "-- x\n;\n-- y"} {
		stmts, err := Parse(sql)
		require.NoError(t, err, sql)
		require.Empty(t, stmts, sql)
	}
}

func TestMultipleStatements(t *testing.T) {
	sql := "BEGIN; USE app ;\n CREATE USER TABLE t (id int PRIMARY KEY);INSERT INTO t VALUES (';'); " +
		"show namespaces; -- done\nCOMMIT"
	stmts, err := Parse(sql)
	require.NoError(t, err)
	want := []struct {
		sql string
		typ ast.Statement
	}{
		{"BEGIN", &ast.Transaction{}},
		{"USE app", &ast.Use{}},
		{"CREATE USER TABLE t (id int PRIMARY KEY)", &ast.CreateTable{}},
		{"INSERT INTO t VALUES (';')", &ast.Insert{}},
		{"show namespaces", &ast.ShowNamespaces{}},
		{"-- done\nCOMMIT", &ast.Transaction{}},
	}
	require.Len(t, stmts, len(want))
	for i, w := range want {
		require.Equal(t, w.sql, stmts[i].SQL)
		require.IsType(t, w.typ, stmts[i].AST)
		require.Equal(t, w.sql, sql[stmts[i].Offset:stmts[i].Offset+len(stmts[i].SQL)])
	}
	require.Equal(t, "user", stmts[2].AST.(*ast.CreateTable).Kind)
	require.Equal(t, &ast.Transaction{Kind: "commit"}, stmts[5].AST)
	require.Equal(t, &ast.Use{Namespace: "app"}, stmts[1].AST)
	ins := stmts[3].AST.(*ast.Insert)
	require.Equal(t, str(";"), stripLocations(ins.Values[0][0]))
}

func TestTableKindAppliesToItsOwnStatement(t *testing.T) {
	stmts, err := Parse("CREATE TABLE a (x int); CREATE STREAM TABLE b (x int); CREATE TABLE c (x int)")
	require.NoError(t, err)
	require.Len(t, stmts, 3)
	kinds := []string{}
	for _, s := range stmts {
		ct := s.AST.(*ast.CreateTable)
		kinds = append(kinds, ct.Table.Name+":"+ct.Kind)
	}
	require.Equal(t, []string{"a:shared", "b:stream", "c:shared"}, kinds)
	require.True(t, stmts[1].AST.(*ast.CreateTable).KalamForm)
	require.False(t, stmts[2].AST.(*ast.CreateTable).KalamForm)
}

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		sql  string
		want []string
	}{
		{"a;b", []string{"a", "b"}},
		{"a;", []string{"a", ""}},
		{"'x;y';z", []string{"'x;y'", "z"}},
		{"'it''s;';z", []string{"'it''s;'", "z"}},
		{`"a;""b";z`, []string{`"a;""b"`, "z"}},
		{`E'\';';z`, []string{`E'\';'`, "z"}},
		{`e'\\';z`, []string{`e'\\'`, "z"}},
		{`'\';z`, []string{`'\'`, "z"}}, // standard strings: no backslash escapes
		{"$$;$$;z", []string{"$$;$$", "z"}},
		{"$tag$ $$; $tag$;z", []string{"$tag$ $$; $tag$", "z"}},
		{"a$b$;c$b$", []string{"a$b$", "c$b$"}}, // $ inside an identifier opens nothing
		{"$1;$2", []string{"$1", "$2"}},
		{"-- a;b\nc;d", []string{"-- a;b\nc", "d"}},
		{"/* ; /* ; */ ; */x;y", []string{"/* ; /* ; */ ; */x", "y"}},
		{"'unterminated;", []string{"'unterminated;"}},
		{"(1;2)", []string{"(1", "2)"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range splitStatements(tt.sql) {
			got = append(got, tt.sql[p.start:p.end])
		}
		require.Equal(t, tt.want, got, tt.sql)
	}
}

// TestSyntaxErrors compares with PostgreSQL 15: every message and position
// below is what the server at port 5433 answers for the same string.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		sql     string
		message string
		pos     int
	}{
		{"select * form t", `syntax error at or near "form"`, 10},
		{"SELECT * FORM t", `syntax error at or near "FORM"`, 10},
		{"select 1 +", "syntax error at end of input", 11},
		{"select 1 +   ", "syntax error at end of input", 14},
		{"select 'é', 1 +", "syntax error at end of input", 16},
		{"select 'é', * form t", `syntax error at or near "form"`, 15},
		{"select 1\nfrom t\nwhere x = ", "syntax error at end of input", 27},
		{"select 1; select 2 +; select 3", `syntax error at or near ";"`, 21},
		{"select (1;", `syntax error at or near ";"`, 10},
		{"select e'\\';' ; select 1 +", "syntax error at end of input", 27},
		{"select 'abc", `unterminated quoted string at or near "'abc"`, 8},
		{"select $$abc", `unterminated dollar-quoted string at or near "$$abc"`, 8},
		{"select 1 /* x", `unterminated /* comment at or near "/* x"`, 10},
		{"create schema 1", `syntax error at or near "1"`, 15},
		{"select 1 from t limit 1,2", "LIMIT #,# syntax is not supported", 17},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			e := parseErr(t, tt.sql)
			require.Equal(t, pgerr.SyntaxError, e.Code)
			require.Equal(t, tt.message, e.Message)
			require.Equal(t, tt.pos, e.Position)
		})
	}
	require.Equal(t, "Use separate LIMIT and OFFSET clauses.", parseErr(t, "select 1 limit 1,2").Hint)
}

func TestNoStatementsOnError(t *testing.T) {
	// A 0A000 in a later statement fails the whole string, like a syntax
	// error would; the caller gets no partial list to run.
	stmts, err := Parse("SELECT 1; SELECT * FROM a FULL JOIN b USING (x) AS j")
	require.Error(t, err)
	require.Nil(t, stmts)
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("SELECT a, b FROM t WHERE id = $1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseKalam(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("CREATE NAMESPACE IF NOT EXISTS app"); err != nil {
			b.Fatal(err)
		}
	}
}
