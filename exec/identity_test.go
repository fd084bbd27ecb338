package exec_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// identityEngine is an engine with test users of every role: root
// (system), dba1/dba2 (dba), svc/svc2 (service), alice/bob (user).
func identityEngine(t *testing.T) *exec.Engine {
	t.Helper()
	restore := exec.UseTestUsers(
		&catalog.User{ID: "dba1", Name: "dba1", Role: catalog.RoleDBA},
		&catalog.User{ID: "dba2", Name: "dba2", Role: catalog.RoleDBA},
		&catalog.User{ID: "svc", Name: "svc", Role: catalog.RoleService},
		&catalog.User{ID: "svc2", Name: "svc2", Role: catalog.RoleService},
		&catalog.User{ID: "u-alice", Name: "alice", Role: catalog.RoleUser},
		&catalog.User{ID: "u-bob", Name: "bob", Role: catalog.RoleUser},
	)
	t.Cleanup(restore)
	return newEngine(t, 0)
}

func login(eng *exec.Engine, user string) *exec.Session {
	return eng.NewSession(exec.SessionInfo{User: user})
}

// cells flattens a result to its cell texts.
func cells(r *textResult) string {
	var b strings.Builder
	for _, row := range r.rows {
		b.WriteString(strings.Join(row, "|"))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestUserTableIsolation writes rows for two users under overlapping keys,
// then runs adversarial statements as each: the other user's rows never
// appear, and writes never reach them.
func TestUserTableIsolation(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)")
	query(t, root, "CREATE SHARED TABLE labels (id INT PRIMARY KEY, name TEXT) WITH (ACCESS_LEVEL = 'public')")
	query(t, root, "INSERT INTO labels VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')")
	sessions := map[string]*exec.Session{"alice": login(eng, "alice"), "bob": login(eng, "bob")}
	query(t, sessions["alice"], "INSERT INTO notes VALUES (1, 'alice-1'), (2, 'alice-2'), (3, 'alice-3')")
	query(t, sessions["bob"], "INSERT INTO notes VALUES (2, 'bob-2'), (3, 'bob-3'), (4, 'bob-4')")

	statements := []string{
		"SELECT * FROM notes",
		"SELECT body FROM notes WHERE id = 2",
		"SELECT body FROM notes WHERE id = 4",
		"SELECT body FROM notes WHERE id = 1",
		"SELECT body FROM notes WHERE id IN (1, 2, 3, 4)",
		"SELECT body FROM notes WHERE id BETWEEN 0 AND 100",
		"SELECT body FROM notes WHERE id > 1 ORDER BY id DESC",
		"SELECT body FROM notes WHERE id >= 3 AND id < 5",
		"SELECT body FROM notes WHERE body LIKE 'bob%' OR body LIKE 'alice%'",
		"SELECT count(*), min(body), max(body), string_agg(body, ',') FROM notes",
		"SELECT n.body, l.name FROM notes n JOIN labels l ON l.id = n.id",
		"SELECT l.name, n.body FROM labels l LEFT JOIN notes n ON n.id = l.id",
		"SELECT l.name, n.body FROM labels l RIGHT JOIN notes n ON n.id = l.id",
		"SELECT a.body, b.body FROM notes a CROSS JOIN notes b",
		"SELECT name FROM labels WHERE id IN (SELECT id FROM notes)",
		"SELECT (SELECT max(body) FROM notes) AS m",
		"SELECT name, EXISTS (SELECT 1 FROM notes n WHERE n.id = l.id) FROM labels l",
		"SELECT name, (SELECT body FROM notes n WHERE n.id = l.id) FROM labels l",
		"WITH mine AS (SELECT * FROM notes) SELECT body FROM mine",
		"SELECT body FROM generate_series(1, 4) g JOIN notes ON notes.id = g",
		"SELECT body FROM notes UNION SELECT body FROM notes",
		"SELECT body FROM notes UNION ALL SELECT name FROM labels",
		"SELECT body FROM notes EXCEPT SELECT 'x'",
		"SELECT body FROM notes INTERSECT SELECT body FROM notes",
		"SELECT body, row_number() OVER (ORDER BY id) FROM notes",
		"SELECT id, count(*) FROM notes GROUP BY id HAVING count(*) > 0",
		"SELECT DISTINCT body FROM notes",
		"SELECT body FROM notes ORDER BY id LIMIT 10 OFFSET 0",
		"SELECT body FROM notes WHERE id = 4 OR id = 2",
		"SELECT _seq IS NOT NULL, body FROM notes",
		"SELECT * FROM (SELECT body FROM notes) AS s",
		"SELECT body FROM notes WHERE id = '4'",
		"UPDATE notes SET body = body WHERE id = 4 RETURNING body",
		"UPDATE notes SET body = body RETURNING id, body",
		"DELETE FROM notes WHERE id = 99 RETURNING body",
		"INSERT INTO labels SELECT id + 100, body FROM notes RETURNING name",
		"SELECT relname FROM pg_class WHERE relname = 'notes'",
		"SELECT c.relname, (SELECT count(*) FROM notes) FROM pg_class c WHERE c.relname = 'notes'",
		"EXECUTE AS USER 'u-alice' (SELECT body FROM notes)",
	}
	other := map[string]string{"alice": "bob", "bob": "alice"}
	for _, user := range []string{"alice", "bob"} {
		s := sessions[user]
		for _, sql := range statements {
			if strings.HasPrefix(sql, "INSERT INTO labels") || (strings.HasPrefix(sql, "EXECUTE AS") && user == "bob") {
				continue // a user may not write a public table, nor act as another user
			}
			got := cells(query(t, s, sql))
			require.NotContains(t, got, other[user], "%s as %s:\n%s", sql, user, got)
		}
		require.NotContains(t, copyOut(t, s, "COPY notes TO STDOUT"), other[user])
		require.NotContains(t, copyOut(t, s, "COPY (SELECT n.body FROM notes n JOIN labels USING (id)) TO STDOUT"), other[user])
	}
	// The service role sees the public table's joined rows only for the subject it acts as.
	svc := login(eng, "svc")
	for _, sql := range statements[:len(statements)-1] { // not the EXECUTE AS
		got := cells(query(t, svc, sql))
		require.NotContains(t, got, "alice", sql)
		require.NotContains(t, got, "bob", sql)
	}
	query(t, svc, "SET kalam.user_id = 'u-alice'")
	require.Equal(t, "alice-1\nalice-2\nalice-3\n", cells(query(t, svc, "SELECT body FROM notes ORDER BY id")))

	// Counts and point lookups return each user's own rows.
	require.Equal(t, "3\n", cells(query(t, sessions["alice"], "SELECT count(*) FROM notes")))
	require.Equal(t, "bob-2\n", cells(query(t, sessions["bob"], "SELECT body FROM notes WHERE id = 2")))
	require.Equal(t, "", cells(query(t, sessions["alice"], "SELECT body FROM notes WHERE id = 4")))

	// Writes stay in the writer's partition.
	alice, bob := sessions["alice"], sessions["bob"]
	require.Equal(t, []string{"UPDATE 0"}, query(t, alice, "UPDATE notes SET body = 'hacked' WHERE id = 4").tags)
	require.Equal(t, []string{"UPDATE 2"}, query(t, alice, "UPDATE notes SET body = 'a' || body WHERE id >= 2").tags)
	require.Equal(t, []string{"UPDATE 1"}, query(t, alice, "UPDATE notes SET id = 4 WHERE id = 1").tags) // bob's key 4 is no conflict
	_, err := copyIn(alice, "COPY notes FROM STDIN", "10\tcopied\n", 0)
	require.NoError(t, err)
	require.Equal(t, "bob-2\nbob-3\nbob-4\n", cells(query(t, bob, "SELECT body FROM notes ORDER BY id")))
	require.Equal(t, []string{"DELETE 4"}, query(t, alice, "DELETE FROM notes").tags)
	require.Equal(t, "bob-2\nbob-3\nbob-4\n", cells(query(t, bob, "SELECT body FROM notes ORDER BY id")))

	// Inside a transaction block the pending rows are confined too.
	query(t, bob, "BEGIN")
	query(t, bob, "INSERT INTO notes VALUES (5, 'bob-5')")
	require.Equal(t, "", cells(query(t, alice, "SELECT body FROM notes")))
	require.Equal(t, "4\n", cells(query(t, bob, "SELECT count(*) FROM notes")))
	query(t, bob, "COMMIT")
	require.Equal(t, "", cells(query(t, alice, "SELECT body FROM notes")))
}

// TestUserTablePlansHoldNoSubject reuses one plan between users: the shared
// plan cache (same SQL text from two sessions), a prepared statement across
// SET kalam.user_id changes, and a protocol-level prepared statement.
func TestUserTablePlansHoldNoSubject(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)")
	for _, u := range []string{"alice", "bob"} {
		query(t, root, "SET kalam.user_id = '"+u+"'")
		query(t, root, "INSERT INTO notes VALUES (1, '"+u+"-1'), (2, '"+u+"-2')")
	}
	query(t, root, "RESET kalam.user_id")
	require.Equal(t, "", cells(query(t, root, "SELECT body FROM notes")), "root has its own, empty partition")

	alice, bob := login(eng, "alice"), login(eng, "bob")
	for i := 0; i < 3; i++ { // the second and later runs come from the plan cache
		require.Equal(t, "alice-2\n", cells(query(t, alice, "SELECT body FROM notes WHERE id = 2")))
		require.Equal(t, "bob-2\n", cells(query(t, bob, "SELECT body FROM notes WHERE id = 2")))
	}

	query(t, root, "PREPARE p(int) AS SELECT body FROM notes WHERE id = $1")
	query(t, root, "SET kalam.user_id = 'alice'")
	require.Equal(t, "alice-1\n", cells(query(t, root, "EXECUTE p(1)")))
	query(t, root, "SET kalam.user_id = 'bob'")
	require.Equal(t, "bob-1\n", cells(query(t, root, "EXECUTE p(1)")))
	require.Equal(t, "alice-1\n", cells(query(t, root, "EXECUTE AS USER 'alice' (EXECUTE p(1))")))
	require.Equal(t, "bob-1\n", cells(query(t, root, "EXECUTE p(1)")), "EXECUTE AS reverts")

	ctx := context.Background()
	st, err := root.Prepare(ctx, "SELECT body FROM notes WHERE id = $1", nil)
	require.NoError(t, err)
	for _, u := range []string{"alice", "bob", "alice"} {
		query(t, root, "SET kalam.user_id = '"+u+"'")
		portal, err := root.Bind(ctx, st, []types.Value{types.NewInt4(2)})
		require.NoError(t, err)
		r := &textResult{}
		_, err = root.Execute(ctx, portal, 0, r)
		require.NoError(t, err)
		require.Equal(t, u+"-2\n", cells(r))
		require.NoError(t, root.Sync(ctx))
	}
}

// TestImpersonationRoleMatrix checks SET kalam.user_id and EXECUTE AS USER
// for every pair of roles, and targets the catalog does not know.
func TestImpersonationRoleMatrix(t *testing.T) {
	eng := identityEngine(t)
	query(t, login(eng, "root"), "CREATE USER TABLE notes (id INT PRIMARY KEY)")
	targets := []string{"root", "dba1", "dba2", "svc", "svc2", "alice", "u-alice", "bob", "ghost"}
	allowed := map[string][]string{
		"root":  targets,
		"dba1":  {"dba1", "dba2", "svc", "svc2", "alice", "u-alice", "bob", "ghost"},
		"svc":   {"svc", "svc2", "alice", "u-alice", "bob", "ghost"},
		"alice": {"alice", "u-alice"}, // u-alice: alice's own id, as an opaque id
	}
	for caller, ok := range allowed {
		for _, target := range targets {
			want := false
			for _, o := range ok {
				want = want || o == target
			}
			s := login(eng, caller)
			err := s.SimpleQuery(context.Background(), "SET kalam.user_id = '"+target+"'", &textResult{})
			err2 := s.SimpleQuery(context.Background(), "EXECUTE AS USER '"+target+"' (SELECT count(*) FROM notes)", &textResult{})
			if want {
				require.NoError(t, err, "%s as %s", caller, target)
				require.NoError(t, err2, "%s as %s", caller, target)
				continue
			}
			require.Error(t, err, "%s as %s", caller, target)
			require.Equal(t, "42501", pgErrCode(err))
			require.Equal(t, "42501", pgErrCode(err2))
			require.Contains(t, err.Error(), `permission denied to act as user "`+target+`"`)
		}
	}
	// A refused SET leaves the subject as it was; RESET returns to the login.
	svc := login(eng, "svc")
	query(t, svc, "INSERT INTO notes VALUES (1)")
	queryErr(t, svc, "SET kalam.user_id = 'dba1'")
	require.Equal(t, "1\n", cells(query(t, svc, "SELECT count(*) FROM notes")))
	query(t, svc, "SET kalam.user_id = 'alice'")
	require.Equal(t, "0\n", cells(query(t, svc, "SELECT count(*) FROM notes")))
	query(t, svc, "RESET kalam.user_id")
	require.Equal(t, "1\n", cells(query(t, svc, "SELECT count(*) FROM notes")))
	// A target smuggled in through a startup option is still checked at use.
	sneaky, err := eng.OpenSession(exec.SessionInfo{User: "alice", Settings: map[string]string{"kalam.user_id": "bob"}})
	require.NoError(t, err)
	require.Equal(t, "42501", queryErr(t, sneaky, "SELECT * FROM notes").Code)
	require.Equal(t, "42501", queryErr(t, sneaky, "INSERT INTO notes VALUES (7)").Code)
}

// TestSharedTableAccessLevels checks the ACCESS_LEVEL read/write matrix.
func TestSharedTableAccessLevels(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	for _, level := range []string{"public", "private", "dba"} {
		query(t, root, "CREATE SHARED TABLE t_"+level+" (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = '"+level+"')")
	}
	query(t, root, "CREATE TABLE t_default (id INT PRIMARY KEY)")
	tests := []struct {
		user, table string
		read, write bool
	}{
		{"alice", "t_public", true, false},
		{"alice", "t_private", false, false},
		{"alice", "t_default", false, false},
		{"alice", "t_dba", false, false},
		{"svc", "t_public", true, true},
		{"svc", "t_private", true, true},
		{"svc", "t_dba", false, false},
		{"dba1", "t_dba", true, true},
		{"dba1", "t_private", true, true},
		{"root", "t_dba", true, true},
	}
	for i, tt := range tests {
		s := login(eng, tt.user)
		check := func(ok bool, sql string) {
			if ok {
				query(t, s, sql)
				return
			}
			pe := queryErr(t, s, sql)
			require.Equal(t, "42501", pe.Code, sql)
			require.Equal(t, "permission denied for table "+tt.table, pe.Message)
		}
		check(tt.read, "SELECT * FROM "+tt.table)
		check(tt.write, "INSERT INTO "+tt.table+" VALUES ("+itoa(100+i)+")")
		check(tt.write, "UPDATE "+tt.table+" SET id = id WHERE id = -1")
		check(tt.write, "DELETE FROM "+tt.table+" WHERE id = -1")
		if !tt.write {
			_, err := copyIn(s, "COPY "+tt.table+" FROM STDIN", "1\n", 0)
			require.Equal(t, "42501", pgErrCode(err))
		}
	}
	// Impersonating acts with the target's permissions, never more.
	svc := login(eng, "svc")
	query(t, svc, "SET kalam.user_id = 'alice'")
	require.Equal(t, "42501", queryErr(t, svc, "SELECT * FROM t_private").Code)
}

// TestStreamTables checks STREAM DDL rules, append-only writes, hard
// deletes, isolation and the TTL.
func TestStreamTables(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	for sql, msg := range map[string]string{
		"CREATE STREAM TABLE ev (id INT PRIMARY KEY)":                                  "STREAM tables need WITH (TTL_SECONDS = n)",
		"CREATE USER TABLE ev (id INT PRIMARY KEY) WITH (TTL_SECONDS = 5)":             "TTL_SECONDS is only allowed on STREAM tables",
		"CREATE TABLE ev (id INT PRIMARY KEY) WITH (ttl_seconds = 5)":                  "TTL_SECONDS is only allowed on STREAM tables",
		"CREATE STREAM TABLE ev (id INT PRIMARY KEY) WITH (TTL_SECONDS = 0)":           `TTL_SECONDS must be a positive integer, not "0"`,
		"CREATE STREAM TABLE ev (id INT) WITH (TTL_SECONDS = 5)":                       "STREAM tables need a PRIMARY KEY",
		"CREATE USER TABLE ev (id INT)":                                                "USER tables need a PRIMARY KEY",
		"CREATE USER TABLE ev (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'public')":     "ACCESS_LEVEL is only allowed on SHARED tables",
		"CREATE SHARED TABLE ev (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'everyone')": `invalid ACCESS_LEVEL "everyone" (use public, private, restricted or dba)`,
	} {
		require.Equal(t, msg, queryErr(t, root, sql).Message, sql)
	}
	query(t, root, "CREATE STREAM TABLE ev (id INT PRIMARY KEY, what TEXT) WITH (TTL_SECONDS = 1)")
	query(t, root, "CREATE TABLE ev2 (id INT PRIMARY KEY, what TEXT) WITH (type = 'stream', ttl_seconds = 3600)")
	alice, bob := login(eng, "alice"), login(eng, "bob")
	query(t, alice, "INSERT INTO ev VALUES (1, 'a1'), (2, 'a2')")
	query(t, bob, "INSERT INTO ev VALUES (1, 'b1')")
	query(t, alice, "INSERT INTO ev2 VALUES (1, 'kept')")
	pe := queryErr(t, alice, "UPDATE ev SET what = 'x' WHERE id = 1")
	require.Equal(t, "0A000", pe.Code)
	require.Equal(t, "UPDATE is not supported for STREAM tables", pe.Message)
	require.Equal(t, "a1\na2\n", cells(query(t, alice, "SELECT what FROM ev ORDER BY id")))
	require.Equal(t, []string{"DELETE 1"}, query(t, alice, "DELETE FROM ev WHERE id = 2").tags)
	require.Equal(t, "b1\n", cells(query(t, bob, "SELECT what FROM ev")))
	require.Equal(t, "a1\n", cells(query(t, alice, "SELECT what FROM ev")))

	time.Sleep(1100 * time.Millisecond)
	require.Equal(t, "", cells(query(t, alice, "SELECT what FROM ev")), "expired rows are never returned")
	require.Equal(t, "0\n", cells(query(t, bob, "SELECT count(*) FROM ev WHERE id = 1")))
	require.Equal(t, "kept\n", cells(query(t, alice, "SELECT what FROM ev2")))
}

func itoa(n int) string { return strconv.Itoa(n) }

func pgErrCode(err error) string {
	if err == nil {
		return ""
	}
	return pgerr.From(err).Code
}

func TestImpersonationIsAudited(t *testing.T) {
	eng := newEngine(t, 0)
	s := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, s, "SET kalam.user_id = 'alice'")
	query(t, s, "RESET kalam.user_id")
	r := query(t, s, "SELECT action, target, actor_user_id FROM system.audit_log")
	require.Contains(t, r.rows, []string{"IMPERSONATE", "alice", "root"})
}
