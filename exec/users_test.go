package exec_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// sqlstate runs sql and returns its error's SQLSTATE ("" on success).
func sqlstate(t *testing.T, s *exec.Session, sql string) string {
	t.Helper()
	err := s.SimpleQuery(context.Background(), sql, &textResult{})
	if err == nil {
		return ""
	}
	return pgerr.From(err).Code
}

func TestUserStatementsRoleMatrix(t *testing.T) {
	eng := newEngine(t, 0)
	root := eng.NewSession(exec.SessionInfo{User: "root"})
	for _, sql := range []string{
		"CREATE USER 'sys2' WITH PASSWORD 'p' ROLE system",
		"CREATE USER 'dba1' WITH PASSWORD 'p' ROLE dba EMAIL 'd@x'",
		"CREATE USER 'svc' WITH PASSWORD 'p' ROLE developer",
		"CREATE USER usr WITH LOGIN PASSWORD 'p'",
		"CREATE ROLE usr2 PASSWORD 'p'",
	} {
		r := query(t, root, sql)
		require.Equal(t, []string{"CREATE ROLE"}, r.tags)
	}
	as := func(name string) *exec.Session { return eng.NewSession(exec.SessionInfo{User: name}) }
	dba, svc, usr := as("dba1"), as("svc"), as("usr")

	tests := []struct {
		who  *exec.Session
		name string
		sql  string
		code string
	}{
		{root, "system creates dup", "CREATE USER 'usr' WITH PASSWORD 'p' ROLE user", pgerr.DuplicateObject},
		{root, "bad role", "CREATE USER 'x' WITH PASSWORD 'p' ROLE boss", pgerr.InvalidParameterValue},
		{dba, "dba creates user", "CREATE USER 'd_made' WITH PASSWORD 'p' ROLE service", ""},
		{dba, "dba creates dba", "CREATE USER 'd_dba' WITH PASSWORD 'p' ROLE admin", ""},
		{dba, "dba cannot create system", "CREATE USER 'd_sys' WITH PASSWORD 'p' ROLE system", pgerr.InsufficientPrivilege},
		{dba, "dba cannot grant system", "ALTER USER 'usr' SET ROLE system", pgerr.InsufficientPrivilege},
		{dba, "dba cannot alter a system user", "ALTER USER 'sys2' SET PASSWORD 'x'", pgerr.InsufficientPrivilege},
		{dba, "dba cannot drop a system user", "DROP USER 'sys2'", pgerr.InsufficientPrivilege},
		{dba, "dba sets email", "ALTER USER 'usr2' SET EMAIL 'u2@x'", ""},
		{dba, "dba grants service", "ALTER USER 'usr2' SET ROLE service", ""},
		{svc, "service cannot create", "CREATE USER 'x' WITH PASSWORD 'p' ROLE user", pgerr.InsufficientPrivilege},
		{svc, "service cannot drop", "DROP USER 'usr'", pgerr.InsufficientPrivilege},
		{usr, "user changes own password", "ALTER USER 'usr' SET PASSWORD 'new'", ""},
		{usr, "user changes own password, pg form", "ALTER ROLE usr WITH PASSWORD 'newer'", ""},
		{usr, "user cannot change own role", "ALTER USER 'usr' SET ROLE dba", pgerr.InsufficientPrivilege},
		{usr, "user cannot change another's password", "ALTER USER 'usr2' SET PASSWORD 'x'", pgerr.InsufficientPrivilege},
		{usr, "user cannot create", "CREATE ROLE x PASSWORD 'p'", pgerr.InsufficientPrivilege},
		{root, "root is configured, not altered", "ALTER USER root SET PASSWORD 'x'", pgerr.InsufficientPrivilege},
		{root, "root cannot be dropped", "DROP USER 'sys2', root", "55006"},
		{dba, "dba cannot drop itself", "DROP USER 'dba1'", "55006"},
		{root, "alter missing", "ALTER USER 'ghost' SET EMAIL 'g'", pgerr.UndefinedObject},
		{root, "drop missing", "DROP ROLE ghost", pgerr.UndefinedObject},
		{root, "owner_id", "CREATE USER 'o' WITH PASSWORD 'p' ROLE user OWNER_ID 'x'", pgerr.FeatureNotSupported},
		{dba, "dba drops a user", "DROP USER 'usr2'", ""},
		{dba, "dropped is gone", "DROP USER 'usr2'", pgerr.UndefinedObject},
		{dba, "dropped cannot be altered", "ALTER USER 'usr2' SET EMAIL 'x'", pgerr.UndefinedObject},
		{dba, "dropped name stays taken", "CREATE USER 'usr2' WITH PASSWORD 'p' ROLE user", pgerr.DuplicateObject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.code, sqlstate(t, tt.who, tt.sql), tt.sql)
		})
	}

	r := query(t, root, "DROP USER IF EXISTS ghost, 'd_made'")
	assert.Equal(t, []string{"NOTICE 00000 role \"ghost\" does not exist, skipping", "DROP ROLE"}, r.tags)

	// The catalog holds what the statements did, and never a password.
	cat := eng.Catalog().Current()
	u, ok := cat.User("usr2")
	require.True(t, ok)
	assert.Equal(t, "service", u.Role)
	assert.Equal(t, "u2@x", u.Email)
	assert.NotNil(t, u.DeletedAt)
	u, _ = cat.User("svc")
	assert.Equal(t, "service", u.Role)
	assert.Contains(t, u.SCRAM, "SCRAM-SHA-256$4096:")
	assert.NotContains(t, u.SCRAM, "'p'")
}

func TestSystemUsersVisibility(t *testing.T) {
	eng := newEngine(t, 0)
	root := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, root, "CREATE USER 'alice' WITH PASSWORD 'p' ROLE user EMAIL 'a@x'")
	query(t, root, "CREATE USER 'dan' WITH PASSWORD 'p' ROLE dba")
	query(t, root, "CREATE USER 'gone' WITH PASSWORD 'p' ROLE user")
	query(t, root, "DROP USER 'gone'")

	all := [][]string{
		{"alice", "user", "a@x", "f", "0", "NULL"},
		{"dan", "dba", "NULL", "f", "0", "NULL"},
		{"gone", "user", "NULL", "t", "0", "NULL"},
		{"root", "system", "NULL", "f", "0", "NULL"},
	}
	const q = "SELECT user_id, role, email, deleted_at IS NOT NULL, failed_login_attempts, locked_until FROM system.users ORDER BY user_id"
	for _, who := range []string{"root", "dan"} {
		r := query(t, eng.NewSession(exec.SessionInfo{User: who}), q)
		assert.Equal(t, all, r.rows, who)
	}
	r := query(t, eng.NewSession(exec.SessionInfo{User: "alice"}), q)
	assert.Equal(t, all[:1], r.rows)
	r = query(t, root, "SELECT * FROM system.users LIMIT 0")
	names := []string{}
	for _, c := range r.cols {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"user_id", "username", "role", "email", "created_at", "deleted_at",
		"failed_login_attempts", "locked_until", "metadata"}, names)
	r = query(t, root, "SELECT count(*) FROM system.users WHERE created_at <= now() AND created_at > '2000-01-01' AND user_id <> 'root'")
	assert.Equal(t, [][]string{{"3"}}, r.rows)
}

func TestPgRolesListsUsers(t *testing.T) {
	eng := newEngine(t, 0)
	root := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, root, "CREATE USER 'alice' WITH PASSWORD 'p' ROLE user")
	query(t, root, "CREATE USER 'sys' WITH PASSWORD 'p' ROLE system")
	query(t, root, "CREATE ROLE gone")
	query(t, root, "DROP ROLE gone")
	r := query(t, root, "SELECT rolname, rolsuper, rolcanlogin, rolpassword, oid = 10 FROM pg_roles ORDER BY rolname")
	assert.Equal(t, [][]string{
		{"alice", "f", "t", "********", "f"},
		{"root", "t", "t", "********", "t"},
		{"sys", "t", "t", "********", "f"},
	}, r.rows)
	r = query(t, root, "SELECT usename, usesuper FROM pg_user ORDER BY 1")
	assert.Equal(t, [][]string{{"alice", "f"}, {"root", "t"}, {"sys", "t"}}, r.rows)
	r = query(t, root, "SELECT count(*) FROM pg_authid WHERE rolname = 'alice' AND rolpassword IS NULL")
	assert.Equal(t, [][]string{{"1"}}, r.rows)
}
