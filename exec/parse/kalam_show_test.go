package parse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestKalamIntrospectionStatements(t *testing.T) {
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		{"SHOW TABLES", &ast.ShowTables{}},
		{"show tables in App;", &ast.ShowTables{Namespace: "app"}},
		{"SHOW TABLES IN NAMESPACE app", &ast.ShowTables{Namespace: "app"}},
		{"SHOW TABLES IN namespace", &ast.ShowTables{Namespace: "namespace"}},
		{`SHOW TABLES IN "My NS"`, &ast.ShowTables{Namespace: "My NS"}},
		{"DESCRIBE TABLE app.msgs", &ast.Describe{Table: ast.TableName{Namespace: "app", Name: "msgs"}}},
		{"desc msgs", &ast.Describe{Table: ast.TableName{Name: "msgs"}}},
		{"DESC TABLE t HISTORY", &ast.Describe{Table: ast.TableName{Name: "t"}, History: true}},
		{`DESCRIBE "Table"`, &ast.Describe{Table: ast.TableName{Name: "Table"}}},
		{"SHOW STATS", &ast.ShowTableStats{}},
		{"SHOW STATS FOR TABLE app.t", &ast.ShowTableStats{Table: ast.TableName{Namespace: "app", Name: "t"}}},
		{"show table stats t", &ast.ShowTableStats{Table: ast.TableName{Name: "t"}}},
		// Not ours: PostgreSQL's SHOW name.
		{"SHOW tables_x", &ast.Show{Name: "tables_x"}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestKalamIntrospectionErrors(t *testing.T) {
	tests := []struct {
		sql, code, message string
		position           int
	}{
		{"SHOW TABLES IN", pgerr.SyntaxError, "syntax error at end of input", 15},
		{"SHOW TABLES x", pgerr.SyntaxError, `syntax error at or near "x"`, 13},
		{"SHOW STATS FOR t", pgerr.SyntaxError, `syntax error at or near "t"`, 16},
		{"DESCRIBE a.b.c", pgerr.SyntaxError, `syntax error at or near "."`, 13},
		{"DESC t HISTORY x", pgerr.SyntaxError, `syntax error at or near "x"`, 16},
		{"CREATE TABLE t (id INT) TABLE_TYPE 'shared'", pgerr.FeatureNotSupported, "TABLE_TYPE is no longer supported", 25},
		{"CREATE USER TABLE t (id INT PRIMARY KEY) table_type 'user'", pgerr.FeatureNotSupported, "TABLE_TYPE is no longer supported", 42},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			e := parseErr(t, tt.sql)
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.message, e.Message)
			assert.Equal(t, tt.position, e.Position)
		})
	}
}

func TestDescribeTableLocation(t *testing.T) {
	stmts, err := Parse("SELECT 1; DESCRIBE  app.t")
	require.NoError(t, err)
	require.Equal(t, 20, stmts[1].AST.(*ast.Describe).Table.Location)
}
