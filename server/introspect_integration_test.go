package server_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// KalamDB's introspection statements and system tables as pgx sees them,
// in its default extended-protocol, binary-result mode.
func TestIntrospectionOverPgx(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	ctx := context.Background()
	for _, sql := range []string{
		"CREATE NAMESPACE app",
		"CREATE SHARED TABLE app.msgs (id BIGINT PRIMARY KEY, body TEXT NOT NULL)",
		"INSERT INTO app.msgs VALUES (1, 'a'), (2, 'b')",
		"ALTER TABLE app.msgs ADD COLUMN n INT DEFAULT 3",
	} {
		_, err := conn.Exec(ctx, sql)
		require.NoError(t, err, sql)
	}

	collect := func(sql string, args ...any) [][]any {
		t.Helper()
		rows, err := conn.Query(ctx, sql, args...)
		require.NoError(t, err, sql)
		out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
		require.NoError(t, err, sql)
		return out
	}

	assert.Equal(t, [][]any{{"app", "msgs", "shared"}}, collect("SHOW TABLES IN app"))
	assert.Equal(t, [][]any{
		{"id", int32(1), int32(1), "bigint", false, true, nil, nil, int32(2)},
		{"body", int32(2), int32(2), "text", false, false, nil, nil, int32(2)},
		{"n", int32(3), int32(3), "integer", true, false, "3", nil, int32(2)},
	}, collect("DESCRIBE TABLE app.msgs"))
	stats := collect("SHOW STATS FOR TABLE app.msgs")
	require.Len(t, stats, 1)
	assert.Equal(t, []any{"msgs", "app", int32(2), int64(2)}, stats[0][:4])
	assert.Equal(t, stats[0][:4], collect("SHOW TABLE STATS app.msgs")[0][:4])

	assert.Equal(t, [][]any{{"app", int64(1)}},
		collect("SELECT namespace_id, table_count FROM system.namespaces WHERE name = $1", "app"))
	assert.Equal(t, [][]any{{"msgs", "shared", int32(2)}},
		collect("SELECT table_name, table_type, version FROM system.tables WHERE namespace_id = 'app'"))
	assert.Equal(t, [][]any{{"id", false}, {"body", false}, {"n", true}},
		collect("SELECT column_name, nullable FROM system.columns WHERE table_name = 'msgs' ORDER BY ordinal"))
	assert.Equal(t, [][]any{{int32(1), false}, {int32(2), true}},
		collect("SELECT schema_version, is_latest FROM system.schemas WHERE table_id = 'app:msgs' ORDER BY 1"))
	assert.Equal(t, [][]any{{"UTC"}}, collect("SELECT value FROM system.settings WHERE name = 'TimeZone'"))
	assert.Equal(t, [][]any{{int64(0)}}, collect("SELECT count(*) FROM system.audit_log"))

	var pgErr *pgconn.PgError
	_, err := conn.Exec(ctx, "DELETE FROM system.tables")
	require.True(t, errors.As(err, &pgErr), "%v", err)
	assert.Equal(t, "42501", pgErr.Code)
	_, err = conn.Exec(ctx, "DESCRIBE app.nope")
	require.True(t, errors.As(err, &pgErr), "%v", err)
	assert.Equal(t, "42P01", pgErr.Code)
	_, err = conn.Exec(ctx, "CREATE TABLE x (id INT) TABLE_TYPE 'shared'")
	require.True(t, errors.As(err, &pgErr), "%v", err)
	assert.Equal(t, "0A000", pgErr.Code)
	assert.Contains(t, pgErr.Hint, "CREATE SHARED TABLE")

	// The schema history is durable.
	ts.restart()
	conn = ts.connect()
	assert.Equal(t, [][]any{{int32(1), false}, {int32(2), true}},
		collect("SELECT schema_version, is_latest FROM system.schemas WHERE table_id = 'app:msgs' ORDER BY 1"))
}
