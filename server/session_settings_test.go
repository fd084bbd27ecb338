package server_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Session settings as real drivers see them. Expected text is PostgreSQL
// 15's for the same statements.

func TestParameterStatusFollowsSET(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	ctx := context.Background()
	pc := conn.PgConn()
	require.Equal(t, "UTC", pc.ParameterStatus("TimeZone"))

	_, err := conn.Exec(ctx, "SET TimeZone = 'Asia/Tokyo'")
	require.NoError(t, err)
	assert.Equal(t, "Asia/Tokyo", pc.ParameterStatus("TimeZone"))

	_, err = conn.Exec(ctx, "SET application_name = 'pgx-test'")
	require.NoError(t, err)
	assert.Equal(t, "pgx-test", pc.ParameterStatus("application_name"))

	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, "SET LOCAL TimeZone = 'America/St_Johns'")
	require.NoError(t, err)
	assert.Equal(t, "America/St_Johns", pc.ParameterStatus("TimeZone"))
	require.NoError(t, tx.Rollback(ctx))
	assert.Equal(t, "Asia/Tokyo", pc.ParameterStatus("TimeZone"))

	_, err = conn.Exec(ctx, "RESET ALL")
	require.NoError(t, err)
	assert.Equal(t, "UTC", pc.ParameterStatus("TimeZone"))
	assert.Equal(t, "", pc.ParameterStatus("application_name"))
}

func TestTimestamptzTextInSessionZone(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(ts.DSN())
	require.NoError(t, err)
	cfg.RuntimeParams["TimeZone"] = "Asia/Tokyo"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(ctx) })
	assert.Equal(t, "Asia/Tokyo", conn.PgConn().ParameterStatus("TimeZone"))

	// The simple protocol returns text: printed in the session zone, and
	// zone-less input is read in it.
	res, err := conn.PgConn().Exec(ctx, `SELECT '2024-07-01 12:00:00+00'::timestamptz, '2024-07-01 12:00'::timestamptz,
		date_trunc('day', '2024-07-01 20:00:00+00'::timestamptz)`).ReadAll()
	require.NoError(t, err)
	require.Len(t, res, 1)
	row := res[0].Rows[0]
	assert.Equal(t, []string{"2024-07-01 21:00:00+09", "2024-07-01 12:00:00+09", "2024-07-02 00:00:00+09"},
		[]string{string(row[0]), string(row[1]), string(row[2])})

	// pgx's binary timestamptz is the instant, whatever the zone.
	var at time.Time
	require.NoError(t, conn.QueryRow(ctx, "SELECT '2024-07-01 12:00'::timestamptz").Scan(&at))
	assert.True(t, at.Equal(time.Date(2024, 7, 1, 3, 0, 0, 0, time.UTC)), at.String())
}

func TestPgErrorFields(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	ctx := context.Background()
	_, err := conn.Exec(ctx, "CREATE SCHEMA app")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "CREATE TABLE app.users (id INT PRIMARY KEY, name TEXT NOT NULL)")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "INSERT INTO app.users VALUES (1, 'a')")
	require.NoError(t, err)

	_, err = conn.Exec(ctx, "INSERT INTO app.users VALUES ($1, $2)", 1, "b")
	var pgErr *pgconn.PgError
	require.True(t, errors.As(err, &pgErr), err)
	assert.Equal(t, "23505", pgErr.Code)
	assert.Equal(t, "app", pgErr.SchemaName)
	assert.Equal(t, "users", pgErr.TableName)
	assert.Equal(t, "users_pkey", pgErr.ConstraintName)

	_, err = conn.Exec(ctx, "INSERT INTO app.users (id) VALUES (2)")
	require.True(t, errors.As(err, &pgErr), err)
	assert.Equal(t, "23502", pgErr.Code)
	assert.Equal(t, "users", pgErr.TableName)
	assert.Equal(t, "name", pgErr.ColumnName)
}

func TestNoticesReachPgx(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(ts.DSN())
	require.NoError(t, err)
	var notices []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		notices = append(notices, n.Severity+" "+n.Code+" "+n.Message)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(ctx) })

	for _, sql := range []string{"COMMIT", "DROP TABLE IF EXISTS nope"} {
		_, err := conn.Exec(ctx, sql)
		require.NoError(t, err, sql)
	}
	assert.Equal(t, []string{
		"WARNING 25P01 there is no transaction in progress",
		`NOTICE 00000 table "nope" does not exist, skipping`,
	}, notices)
}
