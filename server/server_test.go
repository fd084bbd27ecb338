package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/storage"
)

// start runs a real server on a free loopback port with its data in a
// temporary directory, closed when the test ends.
func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	cfg.NoSync = true
	cfg.Logger = slog.New(slog.DiscardHandler)
	srv, err := Start(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, srv.Close()) })
	return srv
}

// dsn is a connection string for srv.
func dsn(srv *Server, user, password, database, sslmode string) string {
	s := fmt.Sprintf("postgres://%s@%s/%s?sslmode=%s&connect_timeout=5", user, srv.Addr(), database, sslmode)
	if password != "" {
		s = fmt.Sprintf("postgres://%s:%s@%s/%s?sslmode=%s&connect_timeout=5", user, password, srv.Addr(), database, sslmode)
	}
	return s
}

func connect(t *testing.T, connString string) (*pgx.Conn, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString)
	if err == nil {
		t.Cleanup(func() { _ = conn.Close(context.Background()) })
	}
	return conn, err
}

// sqlState is the SQLSTATE of a server error, or "" for any other error.
func sqlState(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

func TestConnectTrustedFromLoopback(t *testing.T) {
	srv := start(t, Config{})
	for _, sslmode := range []string{"prefer", "disable"} {
		for _, db := range []string{"kalamdb", "postgres", "root"} {
			t.Run(sslmode+"/"+db, func(t *testing.T) {
				conn, err := connect(t, dsn(srv, "root", "", db, sslmode))
				require.NoError(t, err)
				var n int32
				require.NoError(t, conn.QueryRow(context.Background(), "select 1").Scan(&n))
				assert.Equal(t, int32(1), n)
			})
		}
	}
}

func TestConnectRefusals(t *testing.T) {
	plain := start(t, Config{})
	secured := start(t, Config{RootPassword: "s3cret"})
	cases := []struct {
		name    string
		dsn     string
		code    string
		message string
	}{
		{"unknown database", dsn(plain, "root", "", "nope", "disable"),
			"3D000", `database "nope" does not exist`},
		{"wrong password", dsn(secured, "root", "wrong", "kalamdb", "prefer"),
			"28P01", `password authentication failed for user "root"`},
		{"unknown user", dsn(secured, "bob", "whatever", "kalamdb", "disable"),
			"28P01", `password authentication failed for user "bob"`},
		{"unknown user without passwords configured", dsn(plain, "bob", "whatever", "kalamdb", "disable"),
			"28P01", `password authentication failed for user "bob"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := connect(t, tc.dsn)
			require.Error(t, err)
			var pgErr *pgconn.PgError
			require.True(t, errors.As(err, &pgErr), "%v", err)
			assert.Equal(t, tc.code, pgErr.Code)
			assert.Equal(t, "FATAL", pgErr.Severity)
			assert.Equal(t, tc.message, pgErr.Message)
		})
	}
}

func TestSCRAMWithPassword(t *testing.T) {
	srv := start(t, Config{RootPassword: "s3cret"})
	for _, sslmode := range []string{"prefer", "disable"} {
		conn, err := connect(t, dsn(srv, "root", "s3cret", "kalamdb", sslmode))
		require.NoError(t, err, sslmode)
		require.NoError(t, conn.Ping(context.Background()))
	}
	// A client without a password cannot answer SCRAM.
	_, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.Error(t, err)
}

func TestParameterStatus(t *testing.T) {
	srv := start(t, Config{})
	conn, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable")+"&application_name=servertest")
	require.NoError(t, err)
	want := map[string]string{
		"application_name":              "servertest",
		"client_encoding":               "UTF8",
		"DateStyle":                     "ISO, MDY",
		"default_transaction_read_only": "off",
		"in_hot_standby":                "off",
		"integer_datetimes":             "on",
		"IntervalStyle":                 "postgres",
		"is_superuser":                  "on",
		"server_encoding":               "UTF8",
		"server_version":                exec.ServerVersion,
		"session_authorization":         "root",
		"standard_conforming_strings":   "on",
		"TimeZone":                      "UTC",
	}
	for name, value := range want {
		assert.Equal(t, value, conn.PgConn().ParameterStatus(name), name)
	}
}

func TestBackendPIDsAreUnique(t *testing.T) {
	srv := start(t, Config{})
	seen := map[uint32]bool{}
	for range 5 {
		conn, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
		require.NoError(t, err)
		pid := conn.PgConn().PID()
		assert.False(t, seen[pid], "pid %d reused", pid)
		seen[pid] = true
		var backendPID int64
		require.NoError(t, conn.QueryRow(context.Background(), "select pg_backend_pid()").Scan(&backendPID))
		assert.Equal(t, int64(pid), backendPID)
	}
}

func TestPortInUseFailsBeforeTouchingDataDir(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	dataDir := filepath.Join(t.TempDir(), "data")
	_, err = Start(Config{Listen: taken.Addr().String(), DataDir: dataDir, Logger: slog.New(slog.DiscardHandler)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "address already in use")
	assert.Contains(t, err.Error(), "is another server running?")
	_, statErr := os.Stat(dataDir)
	assert.True(t, os.IsNotExist(statErr), "data directory must not be created")
}

func TestSecondServerOnSameDataDirIsRefused(t *testing.T) {
	first := start(t, Config{})
	_, err := Start(Config{Listen: "127.0.0.1:0", DataDir: first.cfg.DataDir, Logger: slog.New(slog.DiscardHandler)})
	require.Error(t, err)
	assert.ErrorIs(t, err, storage.ErrDirLocked)
	// The first server is unaffected.
	conn, err := connect(t, dsn(first, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	require.NoError(t, conn.Ping(context.Background()))
}

func TestGracefulShutdown(t *testing.T) {
	dataDir := t.TempDir()
	srv, err := Start(Config{Listen: "127.0.0.1:0", DataDir: dataDir, NoSync: true, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	ctx := context.Background()
	busy, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	idle, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)

	result := make(chan error, 1)
	go func() {
		_, err := busy.Exec(ctx, "select pg_sleep(0.5)")
		result <- err
	}()
	time.Sleep(100 * time.Millisecond)
	shutdownCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(shutdownCtx))
	require.NoError(t, <-result, "the running statement finishes")
	<-srv.Done()
	assert.ErrorIs(t, srv.Err(), ErrServerClosed)

	_, err = idle.Exec(ctx, "select 1")
	require.Error(t, err, "idle connections are closed")
	if code := sqlState(err); code != "" {
		assert.Equal(t, "57P01", code)
	}
	_, err = connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.Error(t, err, "no new connections")

	// The store was closed cleanly: the directory can be opened again.
	again := start(t, Config{DataDir: dataDir})
	conn, err := connect(t, dsn(again, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	require.NoError(t, conn.Ping(ctx))
}

func TestShutdownDeadlineCancelsStatements(t *testing.T) {
	srv, err := Start(Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(), NoSync: true, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	conn, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	result := make(chan error, 1)
	go func() {
		_, err := conn.Exec(context.Background(), "select pg_sleep(30)")
		result <- err
	}()
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	begin := time.Now()
	err = srv.Shutdown(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(begin), 5*time.Second)
	require.Error(t, <-result)
}

func TestCancelThroughPgx(t *testing.T) {
	srv := start(t, Config{})
	conn, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = conn.PgConn().CancelRequest(context.Background())
	}()
	_, err = conn.Exec(context.Background(), "select pg_sleep(30)")
	assert.Equal(t, "57014", sqlState(err), "%v", err)
	require.NoError(t, conn.Ping(context.Background()), "the connection survives a cancel")
}

func TestHealthEndpoint(t *testing.T) {
	srv := start(t, Config{HTTPListen: "127.0.0.1:0"})
	resp, err := http.Get("http://" + srv.HTTPAddr().String() + "/health")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"status":"ok"}`, string(body))
}

// TestQueryExecModes runs one parameterised query through every way pgx
// can send it: prepared and cached, described, unprepared, and
// client-interpolated over the simple protocol.
func TestQueryExecModes(t *testing.T) {
	srv := start(t, Config{})
	conn, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	ctx := context.Background()
	modes := []pgx.QueryExecMode{
		pgx.QueryExecModeCacheStatement,
		pgx.QueryExecModeCacheDescribe,
		pgx.QueryExecModeDescribeExec,
		pgx.QueryExecModeExec,
		pgx.QueryExecModeSimpleProtocol,
	}
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			for i := range 3 { // again and again: cached statements are reused
				var (
					n int64
					s string
					b *bool
				)
				err := conn.QueryRow(ctx, "select $1::int8 * 2, $2::text, $3::bool", mode, int64(20+i), "hi", nil).Scan(&n, &s, &b)
				require.NoError(t, err)
				assert.Equal(t, int64(2*(20+i)), n)
				assert.Equal(t, "hi", s)
				assert.Nil(t, b)
			}
		})
	}
}

func TestBatchPipelining(t *testing.T) {
	srv := start(t, Config{})
	conn, err := connect(t, dsn(srv, "root", "", "kalamdb", "disable"))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = conn.Exec(ctx, "create table kv (k int primary key, v text)")
	require.NoError(t, err)

	batch := &pgx.Batch{}
	for i := range 10 {
		batch.Queue("insert into kv values ($1, $2)", i, fmt.Sprint("v", i))
	}
	batch.Queue("select count(*) from kv")
	br := conn.SendBatch(ctx, batch)
	for range 10 {
		tag, err := br.Exec()
		require.NoError(t, err)
		assert.Equal(t, "INSERT 0 1", tag.String())
	}
	var count int64
	require.NoError(t, br.QueryRow().Scan(&count))
	assert.Equal(t, int64(10), count)
	require.NoError(t, br.Close())

	// An error in a batch fails that statement; the connection goes on.
	batch = &pgx.Batch{}
	batch.Queue("insert into kv values (1, 'dup')")
	batch.Queue("select 1")
	br = conn.SendBatch(ctx, batch)
	_, err = br.Exec()
	assert.Equal(t, "23505", sqlState(err), "%v", err)
	_ = br.Close()
	require.NoError(t, conn.Ping(ctx))
}

func TestServeOnOwnListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := New(Config{DataDir: t.TempDir(), NoSync: true, Logger: slog.New(slog.DiscardHandler)})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var conn *pgx.Conn
	require.Eventually(t, func() bool {
		conn, err = pgx.Connect(context.Background(), fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", ln.Addr()))
		return err == nil
	}, 5*time.Second, 10*time.Millisecond)
	require.NoError(t, conn.Ping(context.Background()))
	require.NoError(t, srv.Shutdown(context.Background()))
	assert.ErrorIs(t, <-served, ErrServerClosed)
}
