package server

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSystemUsersDMLAndPurge manages users through system.users over the
// wire and purges a dropped one: its USER and STREAM rows go, other
// users' rows stay.
func TestSystemUsersDMLAndPurge(t *testing.T) {
	srv := start(t, Config{UserGracePeriod: time.Nanosecond})
	root, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		_, err := root.Exec(ctx, sql, args...)
		require.NoError(t, err, sql)
	}
	exec("INSERT INTO system.users (user_id, username, password, role) VALUES ($1, $1, $2, 'user'), ('bob', 'bob', 'bob-pw', 'user')",
		"alice", "alice-pw")
	code, _ := loginErr(t, srv, "alice", "alice-pw")
	require.Equal(t, "", code)
	_, err = root.Exec(ctx, "INSERT INTO system.users (username) VALUES ('bob')")
	assert.Equal(t, "23505", sqlState(err))

	exec("CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)")
	exec("CREATE STREAM TABLE events (id INT PRIMARY KEY, body TEXT) WITH (TTL_SECONDS = 3600)")
	for _, u := range []string{"alice", "bob", "al"} {
		exec("SET kalam.user_id = '" + u + "'")
		for i := 1; i <= 3; i++ {
			exec("INSERT INTO notes VALUES ($1, $2)", i, u)
			exec("INSERT INTO events VALUES ($1, $2)", i, u)
		}
	}
	exec("RESET kalam.user_id")

	// Restore, then drop for good.
	exec("DELETE FROM system.users WHERE username = 'alice'")
	code, _ = loginErr(t, srv, "alice", "alice-pw")
	assert.NotEqual(t, "", code, "a dropped user cannot log in")
	exec("UPDATE system.users SET deleted_at = NULL WHERE username = 'alice'")
	code, _ = loginErr(t, srv, "alice", "alice-pw")
	assert.Equal(t, "", code, "a restored user logs in")
	exec("UPDATE system.users SET password = 'new-pw' WHERE username = 'alice'")
	code, _ = loginErr(t, srv, "alice", "new-pw")
	assert.Equal(t, "", code)

	purged, err := srv.PurgeDeletedUsers(ctx)
	require.NoError(t, err)
	assert.Empty(t, purged, "nobody is dropped")

	exec("DELETE FROM system.users WHERE username = 'alice'")
	purged, err = srv.PurgeDeletedUsers(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"alice"}, purged)

	var n int
	require.NoError(t, root.QueryRow(ctx, "SELECT count(*) FROM system.users WHERE username = 'alice'").Scan(&n))
	assert.Equal(t, 0, n, "purged from the catalog")
	for _, tc := range []struct {
		user string
		rows int
	}{{"alice", 0}, {"bob", 3}, {"al", 3}} {
		exec("SET kalam.user_id = '" + tc.user + "'")
		for _, table := range []string{"notes", "events"} {
			require.NoError(t, root.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n))
			assert.Equal(t, tc.rows, n, "%s in %s", tc.user, table)
		}
	}
	exec("RESET kalam.user_id")
	// The name is free again.
	exec("INSERT INTO system.users (username, password) VALUES ('alice', 'pw')")
}
