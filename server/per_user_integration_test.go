package server_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPerUserTablesOverPgx checks USER-table isolation through a real
// driver: the extended protocol's prepared statements (pgx caches them per
// connection) are reused across SET kalam.user_id changes.
func TestPerUserTablesOverPgx(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	conn := ts.connect()
	defer conn.Close(ctx)
	_, err := conn.Exec(ctx, "CREATE USER TABLE notes (id INT PRIMARY KEY, body TEXT)")
	require.NoError(t, err)
	for _, u := range []string{"alice", "bob"} {
		_, err = conn.Exec(ctx, "SET kalam.user_id = '"+u+"'")
		require.NoError(t, err)
		_, err = conn.Exec(ctx, "INSERT INTO notes VALUES ($1, $2), (2, $3)", 1, u+"-1", u+"-2")
		require.NoError(t, err)
	}
	for _, u := range []string{"alice", "bob", "alice"} {
		_, err = conn.Exec(ctx, "SET kalam.user_id = '"+u+"'")
		require.NoError(t, err)
		var body string
		require.NoError(t, conn.QueryRow(ctx, "SELECT body FROM notes WHERE id = $1", 2).Scan(&body))
		require.Equal(t, u+"-2", body)
		var n int
		require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n))
		require.Equal(t, 2, n)
	}
	var body string
	require.NoError(t, conn.QueryRow(ctx, "EXECUTE AS USER 'bob' (SELECT string_agg(body, ',' ORDER BY id) FROM notes)").Scan(&body))
	require.Equal(t, "bob-1,bob-2", body)
	_, err = conn.Exec(ctx, "RESET kalam.user_id")
	require.NoError(t, err)
	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n))
	require.Equal(t, 0, n, "root's own partition is empty")
}
