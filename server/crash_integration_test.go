package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/server"
)

// When the test binary runs with KALAMDB_TEST_CHILD_DIR set it becomes a
// server process (TestMain), so the crash test can SIGKILL a real server.
func TestMain(m *testing.M) {
	if dir := os.Getenv("KALAMDB_TEST_CHILD_DIR"); dir != "" {
		srv, err := server.Start(server.Config{DataDir: dir, Listen: "127.0.0.1:0"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Printf("ADDR %s\n", srv.Addr())
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startChild starts a server child process over dir and returns it and its address.
func startChild(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KALAMDB_TEST_CHILD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	buf := make([]byte, 256)
	n, err := out.Read(buf)
	require.NoError(t, err)
	line := strings.TrimSpace(string(buf[:n]))
	require.True(t, strings.HasPrefix(line, "ADDR "), line)
	return cmd, strings.TrimPrefix(line, "ADDR ")
}

// killMidLoad starts a server child over a fresh directory, runs setup,
// then lets writers call write in a loop (each call returns the id it
// made durable) until the server is SIGKILLed 700 ms in. It restarts the
// server and returns the acknowledged ids and the ids query finds.
func killMidLoad(t *testing.T, setup string, writers int, write func(ctx context.Context, conn *pgx.Conn, w int, i int64) (int64, error), query string) (acked []int64, stored map[int64]bool) {
	t.Helper()
	dir := t.TempDir()
	child, addr := startChild(t, dir)
	dsn := fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", addr)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, setup)
	require.NoError(t, err)
	conn.Close(ctx)

	ids := make(chan int64, 1<<16)
	done := make(chan struct{}, writers)
	for w := 0; w < writers; w++ {
		go func(w int) {
			defer func() { done <- struct{}{} }()
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				return
			}
			for i := int64(0); ; i++ {
				id, err := write(ctx, conn, w, i)
				if err != nil {
					return
				}
				ids <- id
			}
		}(w)
	}
	time.Sleep(700 * time.Millisecond)
	require.NoError(t, child.Process.Signal(syscall.SIGKILL))
	_ = child.Wait()
	for w := 0; w < writers; w++ {
		<-done
	}
	close(ids)
	for id := range ids {
		acked = append(acked, id)
	}
	require.Greater(t, len(acked), 20, "the load did not get going before the kill")

	child, addr = startChild(t, dir)
	t.Cleanup(func() { _ = child.Process.Signal(syscall.SIGTERM); _ = child.Wait() })
	conn, err = pgx.Connect(ctx, fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", addr))
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, query)
	require.NoError(t, err)
	found, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	stored = make(map[int64]bool, len(found))
	for _, id := range found {
		stored[id] = true
	}
	t.Logf("%d acknowledged, %d stored after kill -9", len(acked), len(found))
	return acked, stored
}

func TestKill9MidLoadLosesNoAcknowledgedRow(t *testing.T) {
	acked, stored := killMidLoad(t, `CREATE TABLE acked (id BIGINT PRIMARY KEY, writer INT, note TEXT)`, 8,
		func(ctx context.Context, conn *pgx.Conn, w int, i int64) (int64, error) {
			id := int64(w)<<32 | i
			_, err := conn.Exec(ctx, `INSERT INTO acked VALUES ($1, $2, 'x')`, id, w)
			return id, err
		}, `SELECT id FROM acked`)
	for _, id := range acked {
		assert.True(t, stored[id], "acknowledged row %d lost", id)
	}
}

func TestKill9DuringTransactionsKeepsThemWhole(t *testing.T) {
	acked, stored := killMidLoad(t, `CREATE TABLE pairs (id BIGINT PRIMARY KEY, half INT NOT NULL)`, 6,
		func(ctx context.Context, conn *pgx.Conn, w int, i int64) (int64, error) {
			id := int64(w)<<32 | i<<1
			return id, pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `INSERT INTO pairs VALUES ($1, 0)`, id); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `INSERT INTO pairs VALUES ($1, 1)`, id+1)
				return err
			})
		}, `SELECT id FROM pairs`)
	for id := range stored {
		assert.True(t, stored[id^1], "row %d is stored without the other half of its transaction", id)
	}
	for _, id := range acked {
		assert.True(t, stored[id] && stored[id+1], "acknowledged transaction %d lost", id)
	}
}
