package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/server"
)

// testServer is a real server listening on a random loopback port.
type testServer struct {
	t       *testing.T
	dataDir string
	srv     *server.Server
}

// startServer starts a server on 127.0.0.1:0 over a fresh data directory.
func startServer(t *testing.T) *testServer {
	t.Helper()
	ts := &testServer{t: t, dataDir: t.TempDir()}
	ts.start()
	t.Cleanup(ts.stop)
	return ts
}

func (ts *testServer) start() {
	ts.t.Helper()
	srv, err := server.Start(server.Config{DataDir: ts.dataDir, Listen: "127.0.0.1:0"})
	require.NoError(ts.t, err)
	ts.srv = srv
}

func (ts *testServer) stop() {
	if ts.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = ts.srv.Shutdown(ctx)
		ts.srv = nil
	}
}

// restart stops the server and starts a new one over the same data.
func (ts *testServer) restart() {
	ts.stop()
	ts.start()
}

// DSN is a connection string for root over the loopback (trusted).
func (ts *testServer) DSN() string {
	return fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", ts.srv.Addr())
}

// connect opens a pgx connection in its default (extended, binary) mode.
func (ts *testServer) connect() *pgx.Conn {
	ts.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, ts.DSN())
	require.NoError(ts.t, err)
	ts.t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
