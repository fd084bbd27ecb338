package exec_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestSystemUsersDML(t *testing.T) {
	eng := newEngine(t, 0)
	root := eng.NewSession(exec.SessionInfo{User: "root"})
	r := query(t, root, "INSERT INTO system.users (user_id, username, password, role, email) VALUES "+
		"('dba1', 'dba1', 'pw', 'dba', 'd@x'), ('u1', 'u1', 'pw', 'user', NULL)")
	require.Equal(t, []string{"INSERT 0 2"}, r.tags)
	query(t, root, "INSERT INTO system.users (username, role) VALUES ('u2', 'viewer'), ('sys2', 'system')")
	dba := eng.NewSession(exec.SessionInfo{User: "dba1"})
	usr := eng.NewSession(exec.SessionInfo{User: "u1"})

	tests := []struct {
		who  *exec.Session
		name string
		sql  string
		code string
	}{
		{usr, "user cannot insert", "INSERT INTO system.users (username) VALUES ('x')", pgerr.InsufficientPrivilege},
		{usr, "user cannot update", "UPDATE system.users SET email = 'e' WHERE username = 'u1'", pgerr.InsufficientPrivilege},
		{usr, "user cannot delete", "DELETE FROM system.users WHERE username = 'u2'", pgerr.InsufficientPrivilege},
		{root, "duplicate id", "INSERT INTO system.users (username) VALUES ('u1')", pgerr.UniqueViolation},
		{root, "duplicate within statement", "INSERT INTO system.users (username) VALUES ('n1'), ('n1')", pgerr.UniqueViolation},
		{root, "username not null", "INSERT INTO system.users (user_id, role) VALUES ('x', 'user')", pgerr.NotNullViolation},
		{root, "id differs from name", "INSERT INTO system.users (user_id, username) VALUES ('a', 'b')", pgerr.InvalidParameterValue},
		{root, "bad role", "INSERT INTO system.users (username, role) VALUES ('x', 'boss')", pgerr.InvalidParameterValue},
		{root, "bad role update", "UPDATE system.users SET role = 'boss' WHERE username = 'u1'", pgerr.InvalidParameterValue},
		{root, "null role", "UPDATE system.users SET role = NULL WHERE username = 'u1'", pgerr.NotNullViolation},
		{root, "unknown column", "INSERT INTO system.users (username, nickname) VALUES ('x', 'y')", pgerr.UndefinedColumn},
		{root, "read-only column", "UPDATE system.users SET username = 'z'", pgerr.FeatureNotSupported},
		{root, "returning", "DELETE FROM system.users WHERE username = 'u2' RETURNING *", pgerr.FeatureNotSupported},
		{dba, "dba cannot insert system", "INSERT INTO system.users (username, role) VALUES ('s3', 'system')", pgerr.InsufficientPrivilege},
		{dba, "dba cannot alter system user", "UPDATE system.users SET email = 'e' WHERE username = 'sys2'", pgerr.InsufficientPrivilege},
		{dba, "dba cannot delete itself", "DELETE FROM system.users WHERE username = 'dba1'", "55006"},
		{dba, "dba grants service", "UPDATE system.users SET role = 'service', email = 'u2@x' WHERE username = 'u2'", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.code, sqlstate(t, tt.who, tt.sql), tt.sql)
		})
	}
	// Failed multi-row inserts created nothing.
	r = query(t, root, "SELECT count(*) FROM system.users WHERE username IN ('n1', 'x', 'a', 'b', 's3')")
	assert.Equal(t, [][]string{{"0"}}, r.rows)
	r = query(t, root, "SELECT role, email FROM system.users WHERE username = 'u2'")
	assert.Equal(t, [][]string{{"service", "u2@x"}}, r.rows)

	// The password is stored as a SCRAM verifier.
	u, ok := eng.Catalog().Current().User("u1")
	require.True(t, ok)
	assert.Contains(t, u.SCRAM, "SCRAM-SHA-256$4096:")
	assert.NotContains(t, u.SCRAM, "pw$")

	// DELETE is a soft delete; UPDATE … SET deleted_at = NULL restores.
	r = query(t, dba, "DELETE FROM system.users WHERE username IN ('u1', 'u2')")
	assert.Equal(t, []string{"DELETE 2"}, r.tags)
	r = query(t, dba, "DELETE FROM system.users WHERE username = 'u1'")
	assert.Equal(t, []string{"DELETE 0"}, r.tags, "already dropped")
	r = query(t, root, "SELECT username FROM system.users WHERE deleted_at IS NOT NULL ORDER BY 1")
	assert.Equal(t, [][]string{{"u1"}, {"u2"}}, r.rows)
	r = query(t, dba, "UPDATE system.users SET deleted_at = NULL, email = 'back@x' WHERE username = 'u1'")
	assert.Equal(t, []string{"UPDATE 1"}, r.tags)
	r = query(t, root, "SELECT username, email, deleted_at IS NULL FROM system.users WHERE username IN ('u1', 'u2') ORDER BY 1")
	assert.Equal(t, [][]string{{"u1", "back@x", "t"}, {"u2", "u2@x", "f"}}, r.rows)
}
