package storage

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

func TestGroupCommit(t *testing.T) {
	const workers, perWorker = 64, 200
	s := openTest(t, Options{}) // durable: fsync time is what makes groups form
	before := s.Stats()

	seqs := make([][]uint64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var b Batch
			for i := range perWorker {
				b.Reset()
				b.Put(tbl, keyN(w*perWorker+i), strconv.AppendInt(nil, int64(w), 10), ExpectAbsent)
				seq, err := s.Commit(context.Background(), &b)
				if !assert.NoError(t, err) {
					return
				}
				seqs[w] = append(seqs[w], seq)
			}
		})
	}
	wg.Wait()

	var all []uint64
	for w, ss := range seqs {
		require.Len(t, ss, perWorker)
		assert.True(t, slices.IsSorted(ss) && len(slices.Compact(slices.Clone(ss))) == perWorker,
			"worker %d: seqs of consecutive commits strictly increase", w)
		all = append(all, ss...)
	}
	slices.Sort(all)
	assert.Len(t, slices.Compact(all), workers*perWorker, "seqs are unique")

	rows := scanAll(t, s, tbl, nil, nil, false)
	require.Len(t, rows, workers*perWorker)
	for i, r := range rows {
		w := i / perWorker
		assert.Equal(t, strconv.Itoa(w), r.payload)
		assert.Equal(t, seqs[w][i%perWorker], r.seq, "stored seq is the returned seq")
	}

	st := s.Stats()
	commits, groups := st.Commits-before.Commits, st.Groups-before.Groups
	assert.Equal(t, uint64(workers*perWorker), commits)
	assert.Less(t, groups, commits, "concurrent commits share write transactions")
	t.Logf("%d commits in %d groups", commits, groups)
}

// Racing inserts of the same keys: the group validates each batch against
// the batches before it, so exactly one insert per key wins.
func TestGroupCommitConflicts(t *testing.T) {
	const workers, keys = 16, 50
	s := openTest(t, Options{NoSync: true})
	wins := make([]int, keys)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := range keys {
				_, err := commit(t, s, func(b *Batch) { b.Put(tbl, keyN(k), []byte{byte(w)}, ExpectAbsent) })
				var ce *ConflictError
				switch {
				case err == nil:
					mu.Lock()
					wins[k]++
					mu.Unlock()
				case errors.As(err, &ce):
					assert.True(t, ce.Exists)
				default:
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	for k, n := range wins {
		assert.Equal(t, 1, n, "key %d", k)
	}
	assert.Equal(t, uint64(workers*keys-keys), s.Stats().Conflicts)
}

// Optimistic read-modify-write with the row's seq as expectation loses no
// increment, however the commits are grouped.
func TestCompareAndSetCounter(t *testing.T) {
	const workers, incs = 8, 50
	s := openTest(t, Options{NoSync: true})
	key := []byte("counter")
	mustCommit(t, s, func(b *Batch) { b.Put(tbl, key, []byte("0"), ExpectAbsent) })
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range incs {
				for {
					seq, p, _ := get(t, s, tbl, string(key))
					n, _ := strconv.Atoi(p)
					_, err := commit(t, s, func(b *Batch) { b.Put(tbl, key, strconv.AppendInt(nil, int64(n+1), 10), seq) })
					if err == nil {
						break
					}
					var ce *ConflictError
					if !assert.ErrorAs(t, err, &ce) {
						return
					}
				}
			}
		})
	}
	wg.Wait()
	_, p, _ := get(t, s, tbl, string(key))
	assert.Equal(t, strconv.Itoa(workers*incs), p)
}

// A batch whose apply fails after validation (here: a key bbolt refuses
// because a nested bucket sits there, which the store never creates) fails
// alone; the rest of its group is retried and committed.
func TestApplyFailureIsolated(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	require.NoError(t, s.db.Update(func(tx *bolt.Tx) error {
		name := tableBucketName(tbl)
		_, err := tx.Bucket(name[:]).CreateBucket([]byte("nested"))
		return err
	}))
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	s.beforeGroup = func() {
		select {
		case entered <- struct{}{}:
			<-release
		default:
		}
	}
	groups := s.Stats().Groups
	// Occupy the committer, queue good/bad/good, then let them form one group.
	var wg sync.WaitGroup
	wg.Go(func() { mustCommit(t, s, func(b *Batch) { b.PutMeta("x", nil) }) })
	<-entered
	errs := make([]error, 3)
	for i := range 3 {
		var b Batch
		b.Put(tbl, keyN(i), []byte("v"), ExpectAbsent)
		if i == 1 {
			b.Put(tbl, []byte("nested"), []byte("v"), ExpectAbsent)
		}
		wg.Go(func() { _, errs[i] = s.Commit(context.Background(), &b) })
		for len(s.reqs) < i+1 { // keep queue order = i
			runtime.Gosched()
		}
	}
	close(release)
	wg.Wait()
	assert.NoError(t, errs[0])
	assert.ErrorIs(t, errs[1], bolterrors.ErrIncompatibleValue)
	assert.NoError(t, errs[2])
	assert.Equal(t, groups+2, s.Stats().Groups, "the meta batch, then one group for the rest")
	for i, want := range []bool{true, false, true} {
		_, _, ok := get(t, s, tbl, string(keyN(i)))
		assert.Equal(t, want, ok, "key %d", i)
	}
}

// Close lets queued commits finish: every commit either succeeded (and is
// durable) or was refused with ErrClosed.
func TestCloseDrainsQueue(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	require.NoError(t, err)
	mustCommit(t, s, func(b *Batch) { b.CreateTable(tbl) })
	acked := make([][]int, 16)
	var wg sync.WaitGroup
	for w := range acked {
		wg.Go(func() {
			for i := w * 1_000_000; ; i++ {
				_, err := commit(t, s, func(b *Batch) { b.Put(tbl, keyN(i), nil, ExpectAbsent) })
				if err != nil {
					assert.ErrorIs(t, err, ErrClosed)
					return
				}
				acked[w] = append(acked[w], i)
			}
		})
	}
	for s.Stats().Commits < 200 {
		runtime.Gosched()
	}
	require.NoError(t, s.Close())
	wg.Wait()

	s, err = Open(dir, Options{NoSync: true})
	require.NoError(t, err)
	defer s.Close()
	total := 0
	for _, keys := range acked {
		for _, i := range keys {
			_, _, ok := get(t, s, tbl, string(keyN(i)))
			require.True(t, ok, "acknowledged key %d", i)
		}
		total += len(keys)
	}
	rows := scanAll(t, s, tbl, nil, nil, false)
	assert.Len(t, rows, total, "nothing unacknowledged was applied")
}
