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

func TestKill9MidLoadLosesNoAcknowledgedRow(t *testing.T) {
	dir := t.TempDir()
	child, addr := startChild(t, dir)
	dsn := fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", addr)
	ctx := context.Background()
	setup, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	_, err = setup.Exec(ctx, `CREATE TABLE acked (id BIGINT PRIMARY KEY, writer INT, note TEXT)`)
	require.NoError(t, err)
	setup.Close(ctx)

	const writers = 8
	acked := make(chan int64, 1<<16)
	done := make(chan struct{})
	for w := 0; w < writers; w++ {
		go func(w int) {
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				return
			}
			for i := int64(0); ; i++ {
				id := int64(w)<<32 | i
				if _, err := conn.Exec(ctx, `INSERT INTO acked VALUES ($1, $2, 'x')`, id, w); err != nil {
					done <- struct{}{}
					return
				}
				acked <- id
			}
		}(w)
	}
	time.Sleep(700 * time.Millisecond)
	require.NoError(t, child.Process.Signal(syscall.SIGKILL))
	_ = child.Wait()
	for w := 0; w < writers; w++ {
		<-done
	}
	close(acked)

	child, addr = startChild(t, dir)
	defer func() { _ = child.Process.Signal(syscall.SIGTERM); _ = child.Wait() }()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", addr))
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT id FROM acked`)
	require.NoError(t, err)
	stored, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	have := make(map[int64]bool, len(stored))
	for _, id := range stored {
		have[id] = true
	}
	n := 0
	for id := range acked {
		n++
		assert.True(t, have[id], "acknowledged row %d lost", id)
	}
	require.Greater(t, n, 50, "the load did not get going before the kill")
	t.Logf("%d acknowledged rows, %d stored after kill -9", n, len(stored))
}

func TestKill9DuringTransactionsKeepsThemWhole(t *testing.T) {
	dir := t.TempDir()
	child, addr := startChild(t, dir)
	dsn := fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", addr)
	ctx := context.Background()
	setup, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	_, err = setup.Exec(ctx, `CREATE TABLE pairs (id BIGINT PRIMARY KEY, half INT NOT NULL)`)
	require.NoError(t, err)
	setup.Close(ctx)

	const writers = 6
	acked := make(chan int64, 1<<16)
	done := make(chan struct{}, writers)
	for w := 0; w < writers; w++ {
		go func(w int) {
			defer func() { done <- struct{}{} }()
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				return
			}
			for i := int64(0); ; i++ {
				id := int64(w)<<32 | i<<1
				err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
					if _, err := tx.Exec(ctx, `INSERT INTO pairs VALUES ($1, 0)`, id); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, `INSERT INTO pairs VALUES ($1, 1)`, id+1)
					return err
				})
				if err != nil {
					return
				}
				acked <- id
			}
		}(w)
	}
	time.Sleep(700 * time.Millisecond)
	require.NoError(t, child.Process.Signal(syscall.SIGKILL))
	_ = child.Wait()
	for w := 0; w < writers; w++ {
		<-done
	}
	close(acked)

	child, addr = startChild(t, dir)
	defer func() { _ = child.Process.Signal(syscall.SIGTERM); _ = child.Wait() }()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://root@%s/kalamdb?sslmode=disable", addr))
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT id FROM pairs`)
	require.NoError(t, err)
	stored, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	have := make(map[int64]bool, len(stored))
	for _, id := range stored {
		have[id] = true
	}
	for _, id := range stored {
		assert.True(t, have[id^1], "row %d is stored without the other half of its transaction", id)
	}
	n := 0
	for id := range acked {
		n++
		assert.True(t, have[id] && have[id+1], "acknowledged transaction %d lost", id)
	}
	require.Greater(t, n, 20, "the load did not get going before the kill")
}
