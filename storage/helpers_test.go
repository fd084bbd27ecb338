package storage

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

const tbl TableID = 7

// openTest opens a store in a fresh directory with table tbl created.
func openTest(t testing.TB, opts Options) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	var b Batch
	b.CreateTable(tbl)
	_, err = s.Commit(context.Background(), &b)
	require.NoError(t, err)
	return s
}

func commit(t testing.TB, s *Store, fill func(b *Batch)) (uint64, error) {
	t.Helper()
	var b Batch
	fill(&b)
	return s.Commit(context.Background(), &b)
}

func mustCommit(t testing.TB, s *Store, fill func(b *Batch)) uint64 {
	t.Helper()
	seq, err := commit(t, s, fill)
	require.NoError(t, err)
	return seq
}

type row struct {
	key, payload string
	seq          uint64
}

// scanAll collects a Scan's rows (copying them out of the snapshot).
func scanAll(t testing.TB, s *Store, table TableID, lo, hi []byte, reverse bool) []row {
	t.Helper()
	sn, err := s.Snapshot()
	require.NoError(t, err)
	defer sn.Close()
	var out []row
	require.NoError(t, sn.Scan(table, lo, hi, reverse, func(k []byte, seq uint64, p []byte) (bool, error) {
		out = append(out, row{string(k), string(p), seq})
		return true, nil
	}))
	return out
}

func get(t testing.TB, s *Store, table TableID, key string) (uint64, string, bool) {
	t.Helper()
	sn, err := s.Snapshot()
	require.NoError(t, err)
	defer sn.Close()
	seq, p, ok := sn.Get(table, []byte(key))
	return seq, string(p), ok
}

func keyN(i int) []byte { return fmt.Appendf(nil, "k%06d", i) }
