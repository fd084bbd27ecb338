package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestKalamStatements(t *testing.T) {
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		{"CREATE NAMESPACE app", &ast.CreateNamespace{Name: "app"}},
		{"create namespace if not exists App;", &ast.CreateNamespace{Name: "app", IfNotExists: true}},
		{`CREATE NAMESPACE "My NS"`, &ast.CreateNamespace{Name: "My NS"}},
		{`CREATE /* c */ NAMESPACE -- c
			"a""b"`, &ast.CreateNamespace{Name: `a"b`}},
		{"DROP NAMESPACE app", &ast.DropNamespace{Names: []string{"app"}}},
		{"drop namespace if exists a, \"B\" cascade ;", &ast.DropNamespace{Names: []string{"a", "B"}, IfExists: true, Cascade: true}},
		{"DROP NAMESPACE a RESTRICT", &ast.DropNamespace{Names: []string{"a"}}},
		{"SHOW NAMESPACES", &ast.ShowNamespaces{}},
		{"show namespaces;", &ast.ShowNamespaces{}},
		{"USE app", &ast.Use{Namespace: "app"}},
		{"use NAMESPACE App", &ast.Use{Namespace: "app"}},
		{"USE namespace", &ast.Use{Namespace: "namespace"}},
		{`USE "Namespace"`, &ast.Use{Namespace: "Namespace"}},
		{"CREATE USER TABLE app.msgs (id BIGINT PRIMARY KEY, body TEXT) WITH (FLUSH_POLICY = 'rows:1000')", &ast.CreateTable{
			Table:      ast.TableName{Namespace: "app", Name: "msgs"},
			Kind:       "user",
			KalamForm:  true,
			Columns:    []ast.ColumnDef{{Name: "id", Type: typ("int8"), PrimaryKey: true}, {Name: "body", Type: typ("text")}},
			PrimaryKey: []string{"id"},
			Options:    map[string]string{"flush_policy": "rows:1000"},
		}},
		{"create shared table if not exists t (id int primary key)", &ast.CreateTable{
			Table:       ast.TableName{Name: "t"},
			IfNotExists: true,
			Kind:        "shared",
			KalamForm:   true,
			Columns:     []ast.ColumnDef{{Name: "id", Type: typ("int4"), PrimaryKey: true}},
			PrimaryKey:  []string{"id"},
		}},
		{"CREATE STREAM TABLE ev (id int PRIMARY KEY) WITH (TTL_SECONDS = 3600, type = 'stream')", &ast.CreateTable{
			Table:      ast.TableName{Name: "ev"},
			Kind:       "stream",
			KalamForm:  true,
			Columns:    []ast.ColumnDef{{Name: "id", Type: typ("int4"), PrimaryKey: true}},
			PrimaryKey: []string{"id"},
			Options:    map[string]string{"ttl_seconds": "3600"},
		}},
		// Not ours: these reach pg_query.
		{"SHOW namespace_thing", &ast.Show{Name: "namespace_thing"}},
		{`SHOW "namespaces"`, &ast.Show{Name: "namespaces"}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestKalamTableLocations(t *testing.T) {
	// Blanking the kind word keeps every location valid for the original.
	stmts, err := Parse("CREATE USER TABLE t (id int)")
	require.NoError(t, err)
	ct := stmts[0].AST.(*ast.CreateTable)
	require.Equal(t, 18, ct.Table.Location)
	require.Equal(t, 21, ct.Columns[0].Location)
	require.Equal(t, "CREATE USER TABLE t (id int)", stmts[0].SQL)
}

func TestKalamErrors(t *testing.T) {
	tests := []struct {
		sql     string
		code    string
		message string
		pos     int
	}{
		{"CREATE NAMESPACE", pgerr.SyntaxError, "syntax error at end of input", 17},
		{"CREATE NAMESPACE   ", pgerr.SyntaxError, "syntax error at end of input", 20},
		{"CREATE NAMESPACE; SELECT 1", pgerr.SyntaxError, `syntax error at or near ";"`, 17},
		{"CREATE NAMESPACE 1abc", pgerr.SyntaxError, `syntax error at or near "1abc"`, 18},
		{"CREATE NAMESPACE a b", pgerr.SyntaxError, `syntax error at or near "b"`, 20},
		{"CREATE NAMESPACE IF EXISTS a", pgerr.SyntaxError, `syntax error at or near "EXISTS"`, 21},
		{"DROP NAMESPACE a,", pgerr.SyntaxError, "syntax error at end of input", 18},
		{"DROP NAMESPACE a CASCADE x", pgerr.SyntaxError, `syntax error at or near "x"`, 26},
		{"SHOW NAMESPACES x", pgerr.SyntaxError, `syntax error at or near "x"`, 17},
		{"USE", pgerr.SyntaxError, "syntax error at end of input", 4},
		{"USE a.b", pgerr.SyntaxError, `syntax error at or near "."`, 6},
		{`USE "abc`, pgerr.SyntaxError, `unterminated quoted identifier at or near ""abc"`, 5},
		{`USE ""`, pgerr.SyntaxError, `zero-length delimited identifier at or near """"`, 5},
		{"select 1; use é x", pgerr.SyntaxError, `syntax error at or near "x"`, 17},
		// The first syntax error in the string wins, whoever finds it.
		{"select * form t; use a b", pgerr.SyntaxError, `syntax error at or near "form"`, 10},
		{"use a b; select * form t", pgerr.SyntaxError, `syntax error at or near "b"`, 7},
		// pg_query's positions survive blanked multi-byte KalamDB text.
		{`create namespace "é"; select * form t`, pgerr.SyntaxError, `syntax error at or near "form"`, 32},
		{"CREATE USER TABLE t (id int", pgerr.SyntaxError, "syntax error at end of input", 28},
		{"CREATE USER TABLE t (id int) WITH (x = )", pgerr.SyntaxError, `syntax error at or near ")"`, 40},
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
