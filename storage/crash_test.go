package storage

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashDirEnv, when set, turns the test binary into the crash child: it
// writes to the store in that directory until killed.
const crashDirEnv = "KALAMDB_STORAGE_CRASH_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir)
		return
	}
	os.Exit(m.Run())
}

// crashChild commits single-row batches from several goroutines and prints
// "ack KEY" for each one only after Commit returned, i.e. after fsync.
func crashChild(dir string) {
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var b Batch
	b.CreateTable(tbl)
	if _, err := s.Commit(context.Background(), &b); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var out sync.Mutex
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				var b Batch
				key := fmt.Sprintf("w%d-%08d", w, i)
				b.Put(tbl, []byte(key), []byte(key), ExpectAbsent)
				if _, err := s.Commit(context.Background(), &b); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				out.Lock()
				fmt.Fprintf(os.Stdout, "ack %s\n", key) // one write(2) per line
				out.Unlock()
			}
		})
	}
	wg.Wait()
}

func TestCrashDurability(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())

	acks := make(chan []string)
	go func() {
		var keys []string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() { // only complete lines: a torn last line is dropped
			if k, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				keys = append(keys, k)
			}
		}
		acks <- keys
	}()
	time.Sleep(300 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	keys := <-acks
	_ = cmd.Wait()
	require.NotEmpty(t, keys, "child acknowledged nothing; stderr: %s", stderr.String())

	s, err := Open(dir, Options{})
	require.NoError(t, err, "the dead child's lock is released by the kernel")
	defer s.Close()
	sn, err := s.Snapshot()
	require.NoError(t, err)
	defer sn.Close()
	missing := 0
	for _, k := range keys {
		if _, p, ok := sn.Get(tbl, []byte(k)); !ok || string(p) != k {
			missing++
		}
	}
	assert.Zero(t, missing, "of %d acknowledged keys", len(keys))
	n, err := sn.Count(tbl)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, n, len(keys))
	t.Logf("%d acknowledged, %d present after SIGKILL", len(keys), n)
}
