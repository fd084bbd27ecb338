package exec_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
)

// roleLogins are identityEngine's logins, one per role.
var roleLogins = []struct{ role, login string }{
	{"user", "alice"}, {"service", "svc"}, {"dba", "dba1"}, {"system", "root"},
}

// createSQL creates app.name of the given kind.
func createSQL(kind, name string) string {
	with := ""
	if kind == "stream" {
		with = " WITH (TTL_SECONDS = 60)"
	}
	return fmt.Sprintf("CREATE %s TABLE app.%s (id INT PRIMARY KEY)%s", kind, name, with)
}

// TestTableDDLRoleMatrix runs CREATE, ALTER, DROP and TRUNCATE TABLE on
// each table kind as each role: allowed cells succeed, the others fail
// with 42501 and leave the table as it was. The expectations are
// KalamDB's rules (kalamdb.md §1), written out rather than derived.
func TestTableDDLRoleMatrix(t *testing.T) {
	// allowed[statement][kind] lists the roles that may run it.
	allowed := map[string]map[string][]string{
		"create": {
			"user":   {"user", "service", "dba", "system"},
			"stream": {"user", "service", "dba", "system"},
			"shared": {"service", "dba", "system"},
		},
		"alter": {
			"user":   {"user", "service", "dba", "system"},
			"stream": {"user", "service", "dba", "system"},
			"shared": {"service", "dba", "system"},
		},
		"drop":     {"user": {"dba", "system"}, "stream": {"dba", "system"}, "shared": {"dba", "system"}},
		"truncate": {"user": {"dba", "system"}, "stream": {"dba", "system"}, "shared": {"dba", "system"}},
	}
	stmts := map[string]string{
		"alter":    "ALTER TABLE app.%s ADD COLUMN extra INT",
		"drop":     "DROP TABLE app.%s",
		"truncate": "TRUNCATE app.%s",
	}
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE NAMESPACE app")
	n := 0
	for stmt, byKind := range allowed {
		for kind, roles := range byKind {
			for _, r := range roleLogins {
				n++
				name := fmt.Sprintf("t%d", n)
				t.Run(stmt+"/"+kind+"/"+r.role, func(t *testing.T) {
					s := login(eng, r.login)
					sql := createSQL(kind, name)
					if stmt != "create" {
						query(t, root, sql)
						sql = fmt.Sprintf(stmts[stmt], name)
					}
					want := ""
					if !contains(roles, r.role) {
						want = "42501"
					}
					require.Equal(t, want, sqlstate(t, s, sql), sql)
					// The catalog agrees: the table exists unless created-denied or dropped.
					exists := query(t, root, "SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename = '"+name+"'")
					gone := (stmt == "create" && want != "") || (stmt == "drop" && want == "")
					assert.Equal(t, map[bool]string{true: "0", false: "1"}[gone], exists.rows[0][0])
				})
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestOtherDDLRoleMatrix covers the statements KalamDB leaves unspecified
// (our rules, see permissions.go): namespaces and CLEAR CACHE are dba+;
// VACUUM and ANALYZE succeed for everyone but skip tables below dba with
// PostgreSQL's warning.
func TestOtherDDLRoleMatrix(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE NAMESPACE app")
	query(t, root, "CREATE SHARED TABLE app.s (id INT PRIMARY KEY)")
	for i, r := range roleLogins {
		dba := r.role == "dba" || r.role == "system"
		deny := map[bool]string{true: "", false: "42501"}[dba]
		t.Run(r.role, func(t *testing.T) {
			s := login(eng, r.login)
			ns := fmt.Sprintf("ns%d", i)
			assert.Equal(t, deny, sqlstate(t, s, "CREATE NAMESPACE "+ns))
			assert.Equal(t, deny, sqlstate(t, s, "CREATE SCHEMA IF NOT EXISTS app"))
			query(t, root, "CREATE NAMESPACE IF NOT EXISTS "+ns)
			assert.Equal(t, deny, sqlstate(t, s, "DROP NAMESPACE "+ns))
			assert.Equal(t, deny, sqlstate(t, s, "CLEAR CACHE"))
			for _, verb := range []string{"VACUUM", "ANALYZE"} {
				res := query(t, s, verb+" app.s")
				warning := "WARNING 01000 skipping \"s\" --- only table or database owner can " +
					map[string]string{"VACUUM": "vacuum", "ANALYZE": "analyze"}[verb] + " it"
				if dba {
					assert.Equal(t, []string{verb}, res.tags)
				} else {
					assert.Equal(t, []string{warning, verb}, res.tags)
				}
			}
		})
	}
}

// TestDDLMessages pins the PostgreSQL-style wording of denials.
func TestDDLMessages(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE NAMESPACE app")
	query(t, root, "CREATE SHARED TABLE app.s (id INT PRIMARY KEY)")
	alice := login(eng, "alice")
	for sql, msg := range map[string]string{
		"CREATE SHARED TABLE app.x (id INT PRIMARY KEY)": "permission denied for schema app",
		"ALTER TABLE app.s ADD COLUMN c INT":             "must be owner of table s",
		"DROP TABLE app.s":                               "must be owner of table s",
		"TRUNCATE app.s":                                 "permission denied for table s",
		"CREATE NAMESPACE n":                             `permission denied to create namespace "n"`,
		"DROP NAMESPACE app":                             "must be owner of schema app",
		"CLEAR CACHE":                                    "permission denied to clear cache",
	} {
		e := queryErr(t, alice, sql)
		assert.Equal(t, "42501", e.Code, sql)
		assert.Equal(t, msg, e.Message, sql)
		assert.NotEmpty(t, e.Detail, sql)
	}
}

// TestSharedTableDowngrade: a user or service creating a SHARED table in
// the namespace named after its own user id gets a USER table (KalamDB's
// rule); dba keeps SHARED there.
func TestSharedTableDowngrade(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	for _, ns := range []string{"u-alice", "svc", "dba1"} {
		query(t, root, `CREATE NAMESPACE "`+ns+`"`)
	}
	query(t, login(eng, "alice"), `CREATE TABLE "u-alice".notes (id INT PRIMARY KEY)`)
	query(t, login(eng, "svc"), `CREATE SHARED TABLE svc.jobs (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'public')`)
	query(t, login(eng, "dba1"), `CREATE SHARED TABLE dba1.cfg (id INT PRIMARY KEY)`)
	r := query(t, root, "SHOW TABLES")
	assert.ElementsMatch(t, [][]string{
		{"u-alice", "notes", "user"}, {"svc", "jobs", "user"}, {"dba1", "cfg", "shared"},
	}, r.rows)
	// Only in its own namespace: elsewhere a user is still denied SHARED.
	assert.Equal(t, "42501", sqlstate(t, login(eng, "alice"), `CREATE TABLE svc.x (id INT PRIMARY KEY)`))
}

// TestImpersonatedDDL: DDL is judged by the subject, so root acting as
// alice has alice's rights, and a dba acting as a service has a service's.
func TestImpersonatedDDL(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE NAMESPACE app")
	query(t, root, "CREATE SHARED TABLE app.s (id INT PRIMARY KEY)")
	query(t, root, "SET kalam.user_id = 'alice'")
	assert.Equal(t, "42501", sqlstate(t, root, "DROP TABLE app.s"))
	assert.Equal(t, "42501", sqlstate(t, root, "CREATE NAMESPACE other"))
	query(t, root, "RESET kalam.user_id")
	d := login(eng, "dba1")
	assert.Equal(t, "42501", sqlstate(t, d, "EXECUTE AS USER 'svc' (TRUNCATE app.s)"))
	query(t, d, "TRUNCATE app.s")
}

// TestShowStatsScope: below dba, SHOW STATS counts only the subject's
// partition of USER tables and hides SHARED tables the subject may not
// read; dba sees whole tables.
func TestShowStatsScope(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE NAMESPACE app")
	query(t, root, "CREATE USER TABLE app.notes (id INT PRIMARY KEY)")
	query(t, root, "CREATE SHARED TABLE app.secret (id INT PRIMARY KEY)")
	query(t, root, "CREATE SHARED TABLE app.pub (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'public')")
	query(t, root, "INSERT INTO app.secret VALUES (1), (2)")
	query(t, root, "INSERT INTO app.pub VALUES (1)")
	alice, bob := login(eng, "alice"), login(eng, "bob")
	query(t, alice, "INSERT INTO app.notes VALUES (1), (2)")
	query(t, bob, "INSERT INTO app.notes VALUES (1), (2), (3)")

	rowsOf := func(s *exec.Session, sql string) map[string]string {
		out := map[string]string{}
		for _, row := range query(t, s, sql).rows {
			out[row[0]] = row[3]
		}
		return out
	}
	const all = "SHOW STATS"
	assert.Equal(t, map[string]string{"notes": "2", "pub": "1"}, rowsOf(alice, all))
	assert.Equal(t, map[string]string{"notes": "3", "pub": "1"}, rowsOf(bob, all))
	assert.Equal(t, map[string]string{"notes": "5", "pub": "1", "secret": "2"}, rowsOf(login(eng, "dba1"), all))
	assert.Equal(t, map[string]string{"notes": "2"}, rowsOf(alice, "SHOW STATS FOR TABLE app.notes"))
	assert.Equal(t, "42501", sqlstate(t, alice, "SHOW STATS FOR TABLE app.secret"))
	assert.Equal(t, map[string]string{"notes": "0", "pub": "1", "secret": "2"}, rowsOf(login(eng, "svc"), all))
}

// TestPgRolesBootstrapIsRoot: OID 10 is root whoever logs in, and every
// other user is a role of its own OID.
func TestPgRolesBootstrapIsRoot(t *testing.T) {
	eng := newEngine(t, 0)
	root := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, root, "CREATE USER 'alice' WITH PASSWORD 'p' ROLE user")
	alice := eng.NewSession(exec.SessionInfo{User: "alice"})
	r := query(t, alice, "SELECT rolname, oid = 10 FROM pg_roles ORDER BY rolname")
	assert.Equal(t, [][]string{{"alice", "f"}, {"root", "t"}}, r.rows)
	r = query(t, alice, "SELECT 10::regrole::text, pg_get_userbyid(10), 'alice'::regrole::oid = "+
		"(SELECT oid FROM pg_roles WHERE rolname = 'alice'), 'root'::regrole::oid")
	assert.Equal(t, [][]string{{"root", "root", "t", "10"}}, r.rows)
	r = query(t, alice, "SELECT usename, usesysid = (SELECT oid FROM pg_roles WHERE rolname = 'alice') FROM pg_stat_activity")
	assert.Equal(t, [][]string{{"alice", "t"}}, r.rows)
}
