package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

type evictionFixture struct {
	cat   *catalog.Catalog
	store *storage.Store
}

func newEvictionFixture(t *testing.T) *evictionFixture {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Close()) })
	c, err := catalog.Open(context.Background(), st)
	require.NoError(t, err)
	return &evictionFixture{cat: c, store: st}
}

// table creates a table of kind with options and returns its ID.
func (f *evictionFixture) table(t *testing.T, name, kind string, opts map[string]string) storage.TableID {
	t.Helper()
	tbl := &catalog.Table{
		Namespace: catalog.DefaultNamespace, Name: name, Kind: kind, Options: opts,
		Columns:    []catalog.Column{{Name: "id", Type: types.Int8}},
		PrimaryKey: []int{0},
	}
	require.NoError(t, f.cat.Change(context.Background(), func(ch *catalog.Change) error { return ch.CreateTable(tbl) }))
	return tbl.ID
}

// put writes rows keyed k0..k(n-1)+from in one commit and returns its seq.
func (f *evictionFixture) put(t *testing.T, table storage.TableID, from, n int) uint64 {
	t.Helper()
	b := &storage.Batch{}
	for i := from; i < from+n; i++ {
		b.Put(table, key(i), []byte("v"), storage.ExpectAny)
	}
	seq, err := f.store.Commit(context.Background(), b)
	require.NoError(t, err)
	return seq
}

func (f *evictionFixture) count(t *testing.T, table storage.TableID) int {
	t.Helper()
	sn, err := f.store.Snapshot()
	require.NoError(t, err)
	defer sn.Close()
	n := 0
	require.NoError(t, sn.Scan(table, nil, nil, false, func([]byte, uint64, []byte) (bool, error) {
		n++
		return true, nil
	}))
	return n
}

func key(i int) []byte { return types.AppendKey(nil, types.NewInt8(int64(i))) }

func TestStreamEvictionDeletesOnlyExpiredRows(t *testing.T) {
	for _, tc := range []struct {
		name  string
		batch int
	}{{"default batch", 0}, {"small batches", 7}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newEvictionFixture(t)
			ttl := map[string]string{"ttl_seconds": "60"}
			stream := f.table(t, "events", catalog.KindStream, ttl)
			noTTL := f.table(t, "forever", catalog.KindStream, nil)
			shared := f.table(t, "shared", catalog.KindShared, ttl)
			user := f.table(t, "notes", catalog.KindUser, ttl)
			oldSeq := f.put(t, stream, 0, 50)
			for _, tbl := range []storage.TableID{noTTL, shared, user} {
				f.put(t, tbl, 0, 20)
			}
			// Rewriting rows 10..19 gives them a fresh commit time.
			time.Sleep(5 * time.Millisecond)
			newSeq := f.put(t, stream, 10, 10)
			mid := storage.SeqTime(oldSeq).Add(storage.SeqTime(newSeq).Sub(storage.SeqTime(oldSeq)) / 2)
			require.True(t, storage.SeqTime(oldSeq).Before(mid) && mid.Before(storage.SeqTime(newSeq)))

			job := &StreamEviction{Catalog: f.cat, Store: f.store, BatchSize: tc.batch,
				Now: func() time.Time { return mid.Add(time.Minute) }}
			n, err := job.Run(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 40, n)
			assert.Equal(t, 10, f.count(t, stream))
			for _, tbl := range []storage.TableID{noTTL, shared, user} {
				assert.Equal(t, 20, f.count(t, tbl), "table %d", tbl)
			}
			sn, err := f.store.Snapshot()
			require.NoError(t, err)
			for i := 0; i < 50; i++ {
				_, _, ok := sn.Get(stream, key(i))
				assert.Equal(t, i >= 10 && i < 20, ok, "row %d", i)
			}
			sn.Close()

			// Nothing left to do; later, everything expires.
			n, err = job.Run(context.Background())
			require.NoError(t, err)
			assert.Zero(t, n)
			job.Now = func() time.Time { return storage.SeqTime(newSeq).Add(time.Hour) }
			n, err = job.Run(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 10, n)
			assert.Zero(t, f.count(t, stream))
			assert.Equal(t, 20, f.count(t, noTTL))
		})
	}
}

// TestStreamEvictionSparesRewrittenRow checks the expectation: a row whose
// seq changed after the scan is not deleted.
func TestStreamEvictionSparesRewrittenRow(t *testing.T) {
	f := newEvictionFixture(t)
	stream := f.table(t, "events", catalog.KindStream, map[string]string{"ttl_seconds": "60"})
	old := f.put(t, stream, 0, 3)
	job := &StreamEviction{Catalog: f.cat, Store: f.store,
		Now: func() time.Time { return storage.SeqTime(old).Add(time.Hour) }}
	b := &storage.Batch{}
	n, _, err := job.queueExpired(b, stream, nil, job.Now().Add(-time.Minute), 10)
	require.NoError(t, err)
	require.Equal(t, 3, n)
	f.put(t, stream, 1, 1) // rewritten after the scan
	_, err = f.store.Commit(context.Background(), b)
	var conflict *storage.ConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Equal(t, 3, f.count(t, stream), "a failed batch deletes nothing")
}
