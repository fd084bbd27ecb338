package parse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestUserStatements(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		sql  string
		want ast.Statement
	}{
		{"CREATE USER 'alice' WITH PASSWORD 'p' ROLE dba EMAIL 'a@x.io'",
			&ast.CreateUser{Name: "alice", Password: str("p"), Role: "dba", Email: "a@x.io"}},
		{"create user 'o''brien' with password 'it''s' role 'service'",
			&ast.CreateUser{Name: "o'brien", Password: str("it's"), Role: "service"}},
		{"CREATE USER Bob WITH LOGIN PASSWORD 'p'", &ast.CreateUser{Name: "bob", Password: str("p")}},
		{`CREATE ROLE "Carol" LOGIN ENCRYPTED PASSWORD 'p';`, &ast.CreateUser{Name: "Carol", Password: str("p")}},
		{"CREATE ROLE dave", &ast.CreateUser{Name: "dave"}},
		{"CREATE ROLE dave PASSWORD NULL", &ast.CreateUser{Name: "dave"}},
		{"ALTER USER 'alice' SET PASSWORD 'x'", &ast.AlterUser{Name: "alice", Password: str("x")}},
		{"ALTER USER 'alice' SET ROLE admin", &ast.AlterUser{Name: "alice", Role: str("admin")}},
		{"ALTER USER alice SET EMAIL 'e@x'", &ast.AlterUser{Name: "alice", Email: str("e@x")}},
		{"ALTER ROLE alice WITH PASSWORD 'y'", &ast.AlterUser{Name: "alice", Password: str("y")}},
		{"alter user alice password 'y'", &ast.AlterUser{Name: "alice", Password: str("y")}},
		{"ALTER ROLE alice PASSWORD NULL", &ast.AlterUser{Name: "alice", Password: str("")}},
		{"DROP USER 'alice'", &ast.DropUser{Names: []string{"alice"}}},
		{"DROP ROLE IF EXISTS a, 'b'", &ast.DropUser{Names: []string{"a", "b"}, IfExists: true}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			require.Equal(t, tt.want, parseOne(t, tt.sql))
		})
	}
}

func TestUserStatementErrors(t *testing.T) {
	tests := []struct {
		sql, code, msg string
	}{
		{"CREATE USER 'a' WITH PASSWORD 'p' ROLE user OWNER_ID 'x'", pgerr.FeatureNotSupported, "OWNER_ID is no longer supported in CREATE USER"},
		{"CREATE USER 'a' WITH OAUTH ROLE user", pgerr.FeatureNotSupported, "OAUTH authentication is not supported"},
		{"CREATE USER 'a' WITH PASSWORD", pgerr.SyntaxError, "syntax error at end of input"},
		{"CREATE USER 'a' SUPERUSER", pgerr.SyntaxError, `syntax error at or near "SUPERUSER"`},
		{"ALTER USER a SET NAME 'x'", pgerr.SyntaxError, `syntax error at or near "NAME"`},
		{"ALTER USER a", pgerr.SyntaxError, "syntax error at end of input"},
		{"CREATE USER 'a' WITH PASSWORD 'p", pgerr.SyntaxError, "unterminated quoted string"},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			_, err := Parse(tt.sql)
			require.Error(t, err)
			e := pgerr.From(err)
			assert.Equal(t, tt.code, e.Code)
			assert.Contains(t, e.Message, tt.msg)
		})
	}
}
