package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestStreamEvictionOverPgx checks over the wire that the eviction job
// deletes expired STREAM rows only, and that an expired key can be
// inserted again before and after eviction.
func TestStreamEvictionOverPgx(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	conn := ts.connect()
	exec := func(sql string, args ...any) {
		t.Helper()
		_, err := conn.Exec(ctx, sql, args...)
		require.NoError(t, err, sql)
	}
	exec("CREATE STREAM TABLE ev (id INT PRIMARY KEY, what TEXT) WITH (TTL_SECONDS = 1)")
	exec("CREATE STREAM TABLE kept (id INT PRIMARY KEY) WITH (TTL_SECONDS = 3600)")
	exec("INSERT INTO ev VALUES (1, 'a'), (2, 'b'), (3, 'c')")
	exec("INSERT INTO kept VALUES (1), (2)")
	n, err := ts.srv.EvictExpiredStreamRows(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "nothing has expired yet")

	time.Sleep(1100 * time.Millisecond)
	exec("INSERT INTO ev VALUES ($1, $2)", 1, "fresh") // over an expired, stored row
	n, err = ts.srv.EvictExpiredStreamRows(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, n, "rows 2 and 3 expired; row 1 was rewritten")
	exec("INSERT INTO ev VALUES (2, 'back')") // its old row is gone
	var got string
	require.NoError(t, conn.QueryRow(ctx, "SELECT string_agg(id || what, ',' ORDER BY id) FROM ev").Scan(&got))
	require.Equal(t, "1fresh,2back", got)
	var kept int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM kept").Scan(&kept))
	require.Equal(t, 2, kept)
	n, err = ts.srv.EvictExpiredStreamRows(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
}
