package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPutGetScan(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	seq := mustCommit(t, s, func(b *Batch) {
		for _, k := range []string{"d", "b", "a", "e", "c"} {
			b.Put(tbl, []byte(k), []byte("v"+k), ExpectAbsent)
		}
	})
	require.NotZero(t, seq)

	gseq, p, ok := get(t, s, tbl, "c")
	require.True(t, ok)
	assert.Equal(t, seq, gseq)
	assert.Equal(t, "vc", p)
	_, _, ok = get(t, s, tbl, "zz")
	assert.False(t, ok)
	_, _, ok = get(t, s, 99, "a")
	assert.False(t, ok, "missing table reads as absent")

	keys := func(rows []row) string {
		var out string
		for _, r := range rows {
			assert.Equal(t, seq, r.seq)
			assert.Equal(t, "v"+r.key, r.payload)
			out += r.key
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		lo, hi  []byte
		reverse bool
		want    string
	}{
		{"all", nil, nil, false, "abcde"},
		{"all reverse", nil, nil, true, "edcba"},
		{"lo inclusive", []byte("b"), nil, false, "bcde"},
		{"hi exclusive", nil, []byte("d"), false, "abc"},
		{"both", []byte("b"), []byte("d"), false, "bc"},
		{"both reverse", []byte("b"), []byte("d"), true, "cb"},
		{"between keys", []byte("bb"), []byte("dd"), false, "cd"},
		{"between keys reverse", []byte("bb"), []byte("dd"), true, "dc"},
		{"hi past end reverse", nil, []byte("z"), true, "edcba"},
		{"lo past end", []byte("z"), nil, false, ""},
		{"hi before start reverse", nil, []byte("a"), true, ""},
		{"empty range", []byte("c"), []byte("c"), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, keys(scanAll(t, s, tbl, tc.lo, tc.hi, tc.reverse)))
		})
	}

	t.Run("stop early and error", func(t *testing.T) {
		sn, err := s.Snapshot()
		require.NoError(t, err)
		defer sn.Close()
		n := 0
		require.NoError(t, sn.Scan(tbl, nil, nil, false, func([]byte, uint64, []byte) (bool, error) {
			n++
			return n < 2, nil
		}))
		assert.Equal(t, 2, n)
		boom := errors.New("boom")
		assert.ErrorIs(t, sn.Scan(tbl, nil, nil, true, func([]byte, uint64, []byte) (bool, error) {
			return true, boom
		}), boom)
		assert.ErrorIs(t, sn.Scan(99, nil, nil, false, nil), ErrTableNotFound)
		cnt, err := sn.Count(tbl)
		require.NoError(t, err)
		assert.Equal(t, 5, cnt)
	})
}

func TestExpectations(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	k := []byte("k")
	seq1 := mustCommit(t, s, func(b *Batch) { b.Put(tbl, k, []byte("1"), ExpectAbsent) })

	for _, tc := range []struct {
		name       string
		fill       func(b *Batch)
		conflict   bool
		exists     bool
		op         int
		wantAfter  string
		wantExists bool
	}{
		{name: "insert existing", fill: func(b *Batch) { b.Put(tbl, k, []byte("x"), ExpectAbsent) }, conflict: true, exists: true, wantAfter: "1", wantExists: true},
		{name: "update stale seq", fill: func(b *Batch) { b.Put(tbl, k, []byte("x"), seq1-1) }, conflict: true, exists: true, wantAfter: "1", wantExists: true},
		{name: "delete stale seq", fill: func(b *Batch) { b.Delete(tbl, k, seq1+1) }, conflict: true, exists: true, wantAfter: "1", wantExists: true},
		{name: "update absent key", fill: func(b *Batch) { b.Put(tbl, []byte("nope"), []byte("x"), seq1) }, conflict: true, exists: false, wantAfter: "1", wantExists: true},
		{name: "two inserts of one key", fill: func(b *Batch) {
			b.Put(tbl, []byte("n"), []byte("a"), ExpectAbsent)
			b.Put(tbl, []byte("n"), []byte("b"), ExpectAbsent)
		}, conflict: true, exists: true, op: 1, wantAfter: "1", wantExists: true},
		{name: "insert after own delete", fill: func(b *Batch) {
			b.Delete(tbl, k, seq1)
			b.Put(tbl, k, []byte("2"), ExpectAbsent)
		}, wantAfter: "2", wantExists: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := commit(t, s, tc.fill)
			if tc.conflict {
				var ce *ConflictError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tc.exists, ce.Exists)
				assert.Equal(t, tc.op, ce.Op)
				assert.Equal(t, tbl, ce.Table)
				_, _, ok := get(t, s, tbl, "n")
				assert.False(t, ok, "conflicting batch applied nothing")
			} else {
				require.NoError(t, err)
			}
			_, p, ok := get(t, s, tbl, "k")
			assert.Equal(t, tc.wantExists, ok)
			assert.Equal(t, tc.wantAfter, p)
		})
	}

	// Expecting the current seq succeeds and stamps a newer one.
	cur, _, _ := get(t, s, tbl, "k")
	seq2 := mustCommit(t, s, func(b *Batch) { b.Put(tbl, k, []byte("3"), cur) })
	assert.Greater(t, seq2, cur)
	got, p, _ := get(t, s, tbl, "k")
	assert.Equal(t, seq2, got)
	assert.Equal(t, "3", p)
	// A key written earlier in the same batch has no known seq yet.
	_, err := commit(t, s, func(b *Batch) {
		b.Put(tbl, k, []byte("4"), ExpectAny)
		b.Put(tbl, k, []byte("5"), seq2)
	})
	var ce *ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 1, ce.Op)
	mustCommit(t, s, func(b *Batch) { b.Delete(tbl, k, seq2) })
	_, _, ok := get(t, s, tbl, "k")
	assert.False(t, ok)
	assert.Equal(t, uint64(6), s.Stats().Conflicts)
}

func TestBatchAtomicity(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	mustCommit(t, s, func(b *Batch) { b.Put(tbl, []byte("taken"), []byte("x"), ExpectAbsent) })
	_, err := commit(t, s, func(b *Batch) {
		b.Put(tbl, []byte("a"), []byte("1"), ExpectAbsent)
		b.PutMeta("m", []byte("1"))
		b.CreateTable(tbl + 1)
		b.Put(tbl, []byte("taken"), []byte("y"), ExpectAbsent)
		b.Put(tbl, []byte("b"), []byte("2"), ExpectAbsent)
	})
	var ce *ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 3, ce.Op)
	assert.Equal(t, []byte("taken"), ce.Key)

	assert.Len(t, scanAll(t, s, tbl, nil, nil, false), 1)
	sn, err := s.Snapshot()
	require.NoError(t, err)
	defer sn.Close()
	assert.Nil(t, sn.Meta("m"))
	assert.False(t, sn.HasTable(tbl+1))
}

func TestTablesAndMeta(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	const other TableID = 1 << 40

	_, err := commit(t, s, func(b *Batch) { b.Put(other, []byte("a"), nil, ExpectAny) })
	require.ErrorIs(t, err, ErrTableNotFound)
	assert.Contains(t, err.Error(), "table 1099511627776: table does not exist")
	_, err = commit(t, s, func(b *Batch) { b.CreateTable(tbl) })
	require.ErrorIs(t, err, ErrTableExists)
	_, err = commit(t, s, func(b *Batch) { b.DropTable(other) })
	require.ErrorIs(t, err, ErrTableNotFound)
	_, err = commit(t, s, func(b *Batch) { b.Put(tbl, nil, nil, ExpectAny) })
	require.ErrorContains(t, err, "empty key")

	// Create + write in one batch, then clear, then drop + write fails.
	mustCommit(t, s, func(b *Batch) {
		b.CreateTable(other)
		b.Put(other, []byte("a"), []byte("1"), ExpectAbsent)
		b.Put(other, []byte("b"), []byte("2"), ExpectAbsent)
		b.PutMeta("table/1", []byte("t1"))
		b.PutMeta("table/2", []byte("t2"))
		b.PutMeta("user/1", []byte("u1"))
	})
	assert.Len(t, scanAll(t, s, other, nil, nil, false), 2)
	mustCommit(t, s, func(b *Batch) {
		b.ClearTable(other)
		b.Put(other, []byte("a"), []byte("3"), ExpectAbsent) // the clear made it absent
	})
	rows := scanAll(t, s, other, nil, nil, false)
	require.Len(t, rows, 1)
	assert.Equal(t, "3", rows[0].payload)
	_, err = commit(t, s, func(b *Batch) {
		b.DropTable(other)
		b.Put(other, []byte("a"), nil, ExpectAny)
	})
	require.ErrorIs(t, err, ErrTableNotFound)
	mustCommit(t, s, func(b *Batch) {
		b.DropTable(other)
		b.DeleteMeta("table/2")
	})

	sn, err := s.Snapshot()
	require.NoError(t, err)
	defer sn.Close()
	assert.False(t, sn.HasTable(other))
	assert.True(t, sn.HasTable(tbl))
	assert.Equal(t, []byte("t1"), sn.Meta("table/1"))
	assert.Nil(t, sn.Meta("table/2"))
	var seen []string
	require.NoError(t, sn.MetaScan("table/", func(k string, v []byte) error {
		seen = append(seen, k+"="+string(v))
		return nil
	}))
	assert.Equal(t, []string{"table/1=t1"}, seen)
	seen = nil
	require.NoError(t, sn.MetaScan("", func(k string, v []byte) error {
		seen = append(seen, k)
		return nil
	}))
	assert.Equal(t, []string{"table/1", "user/1"}, seen, "store state is not in the meta bucket")
}

func TestBatchCopiesAndReuse(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	var b Batch
	key, val := []byte("a"), []byte("1")
	b.Put(tbl, key, val, ExpectAbsent)
	key[0], val[0] = 'z', '9' // caller reuses its buffers
	assert.Equal(t, 1, b.Len())
	_, err := s.Commit(context.Background(), &b)
	require.NoError(t, err)
	b.Reset()
	assert.Zero(t, b.Len())
	b.Put(tbl, []byte("b"), []byte("2"), ExpectAbsent)
	_, err = s.Commit(context.Background(), &b)
	require.NoError(t, err)
	rows := scanAll(t, s, tbl, nil, nil, false)
	assert.Equal(t, []row{{"a", "1", rows[0].seq}, {"b", "2", rows[1].seq}}, rows)
	assert.Less(t, rows[0].seq, rows[1].seq)

	seq, err := s.Commit(context.Background(), &Batch{})
	require.NoError(t, err)
	assert.Zero(t, seq, "empty batch")
}

func TestRestart(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	require.NoError(t, err)
	assert.Equal(t, dir, s.Path())
	for i := range 10 {
		mustCommit(t, s, func(b *Batch) {
			if i == 0 {
				b.CreateTable(tbl)
			}
			b.Put(tbl, keyN(i), []byte("v"), ExpectAbsent)
		})
	}
	lastID := s.NextID()
	// Push the generators far ahead of the clock, as a clock step back
	// after restart would look.
	s.ids.last.Store(s.ids.high() + 5000<<tsShift)
	futureID := s.NextID()
	last := mustCommit(t, s, func(b *Batch) { b.PutMeta("id", nil) })
	require.NoError(t, s.Close())
	_, err = s.Commit(context.Background(), &Batch{})
	require.ErrorIs(t, err, ErrClosed)
	_, err = s.Snapshot()
	require.ErrorIs(t, err, ErrClosed)
	require.ErrorIs(t, s.Close(), ErrClosed)

	s, err = Open(dir, Options{})
	require.NoError(t, err)
	defer s.Close()
	rows := scanAll(t, s, tbl, nil, nil, false)
	require.Len(t, rows, 10)
	sn, err := s.Snapshot()
	require.NoError(t, err)
	assert.Equal(t, last, sn.LastSeq())
	sn.Close()
	seq := mustCommit(t, s, func(b *Batch) { b.Put(tbl, []byte("new"), nil, ExpectAbsent) })
	assert.Greater(t, seq, last)
	id := s.NextID()
	assert.Greater(t, id, lastID)
	assert.Greater(t, id, futureID, "ids persisted with the commit stay monotonic")
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	require.NoError(t, err)
	_, err = Open(dir, Options{NoSync: true})
	require.ErrorIs(t, err, ErrDirLocked)
	assert.Contains(t, err.Error(), "is in use by another KalamDB server")
	assert.Contains(t, err.Error(), dir)
	require.NoError(t, s.Close())
	s, err = Open(dir, Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

func TestCommitContext(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b Batch
	b.Put(tbl, []byte("pre"), nil, ExpectAbsent)
	_, err := s.Commit(ctx, &b)
	require.ErrorIs(t, err, context.Canceled)

	// Hold the committer inside a group so the next batch waits in the
	// queue, then cancel it there.
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	s.beforeGroup = func() {
		entered <- struct{}{}
		<-release
	}
	first := make(chan error, 1)
	go func() {
		_, err := commit(t, s, func(b *Batch) { b.Put(tbl, []byte("first"), nil, ExpectAbsent) })
		first <- err
	}()
	<-entered
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var q Batch
	q.Put(tbl, []byte("queued"), nil, ExpectAbsent)
	_, err = s.Commit(ctx, &q)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	close(release)
	require.NoError(t, <-first)
	go func() {
		for range entered { // later groups pass straight through
		}
	}()
	mustCommit(t, s, func(b *Batch) { b.Put(tbl, []byte("after"), nil, ExpectAbsent) })
	_, _, ok := get(t, s, tbl, "queued")
	assert.False(t, ok, "a batch cancelled in the queue is not applied")
	_, _, ok = get(t, s, tbl, "first")
	assert.True(t, ok)
}
