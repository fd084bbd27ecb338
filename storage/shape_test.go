package storage

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

func TestBatchShape(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		fill                  func(b *Batch)
		ascending, bulk, tops bool
	}{
		{"single put", func(b *Batch) { b.Put(tbl, keyN(1), nil, ExpectAbsent) }, true, false, false},
		{"increasing", func(b *Batch) {
			for i := range bulkOps {
				b.Put(tbl, keyN(i), nil, ExpectAbsent)
			}
		}, true, true, false},
		{"two tables interleaved", func(b *Batch) {
			for i := range bulkOps {
				b.Put(tbl, keyN(i), nil, ExpectAbsent)
				b.Put(tbl+1, keyN(bulkOps-i), nil, ExpectAbsent)
			}
		}, false, false, false},
		{"repeated key", func(b *Batch) {
			b.Delete(tbl, keyN(1), ExpectAny)
			b.Put(tbl, keyN(1), nil, ExpectAbsent)
		}, false, false, false},
		{"table ops", func(b *Batch) {
			b.ClearTable(tbl)
			b.Put(tbl, keyN(1), nil, ExpectAbsent)
		}, true, false, true},
		{"too many tables", func(b *Batch) {
			for i := range maxShapeTables + 1 {
				b.Put(TableID(100+i), keyN(1), nil, ExpectAbsent)
			}
		}, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b Batch
			tc.fill(&b)
			var sh batchShape
			sh.of(&b)
			assert.Equal(t, tc.ascending, sh.ascending)
			assert.Equal(t, tc.bulk, sh.bulk)
			assert.Equal(t, tc.tops, sh.tableOps)
		})
	}
}

// TestBulkExpectations checks that the bulk path (ascending batches of at
// least bulkOps ops) finds every conflict the general path finds.
func TestBulkExpectations(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	// Existing rows: k000100, k000200, k000300.
	seq := mustCommit(t, s, func(b *Batch) {
		for _, i := range []int{100, 200, 300} {
			b.Put(tbl, keyN(i), []byte("old"), ExpectAbsent)
		}
	})
	bulk := func(from int, set func(b *Batch, i int) bool) func(b *Batch) {
		return func(b *Batch) {
			for i := from; i < from+2*bulkOps; i++ {
				if !set(b, i) {
					b.Put(tbl, keyN(i), []byte("new"), ExpectAbsent)
				}
			}
		}
	}
	for _, tc := range []struct {
		name     string
		fill     func(b *Batch)
		conflict int // op index, -1 for none
	}{
		{"absent hits existing", bulk(150, func(*Batch, int) bool { return false }), 200 - 150},
		{"absent hits greatest", bulk(250, func(*Batch, int) bool { return false }), 300 - 250},
		{"stale seq", bulk(250, func(b *Batch, i int) bool {
			if i == 300 {
				b.Put(tbl, keyN(i), []byte("upd"), seq+1)
				return true
			}
			return false
		}), 300 - 250},
		{"delete absent above greatest", bulk(301, func(b *Batch, i int) bool {
			if i == 350 {
				b.Delete(tbl, keyN(i), seq)
				return true
			}
			return false
		}), 350 - 301},
		{"matching seq", bulk(250, func(b *Batch, i int) bool {
			if i == 300 {
				b.Put(tbl, keyN(i), []byte("upd"), seq)
				return true
			}
			return false
		}), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := scanAll(t, s, tbl, nil, nil, false)
			_, err := commit(t, s, tc.fill)
			if tc.conflict < 0 {
				require.NoError(t, err)
				_, p, ok := get(t, s, tbl, string(keyN(300)))
				require.True(t, ok)
				assert.Equal(t, "upd", p)
				return
			}
			var ce *ConflictError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.conflict, ce.Op)
			assert.Equal(t, before, scanAll(t, s, tbl, nil, nil, false), "nothing applied")
		})
	}
}

// TestBulkAfterTableOps covers fates on the bulk path: a cleared or created
// table holds only the batch's rows, whatever the transaction holds.
func TestBulkAfterTableOps(t *testing.T) {
	s := openTest(t, Options{NoSync: true})
	mustCommit(t, s, func(b *Batch) { b.Put(tbl, keyN(5), []byte("old"), ExpectAbsent) })
	mustCommit(t, s, func(b *Batch) {
		b.ClearTable(tbl)
		b.CreateTable(tbl + 1)
		for i := range bulkOps {
			b.Put(tbl, keyN(i), []byte("new"), ExpectAbsent)
			b.Put(tbl+1, keyN(i), []byte("new"), ExpectAbsent)
		}
	})
	for _, table := range []TableID{tbl, tbl + 1} {
		rows := scanAll(t, s, table, nil, nil, false)
		require.Len(t, rows, bulkOps)
		assert.Equal(t, "new", rows[5].payload)
	}
}

// TestAppendFillPercent checks the buckets a bulk batch appended to get the
// append fill percent, and rows inserted between appended ones later still
// land in order.
func TestAppendFillPercent(t *testing.T) {
	var b Batch
	for i := 0; i < 2000; i += 2 {
		b.Put(tbl, keyN(i), make([]byte, 50), ExpectAbsent)
	}
	var sh batchShape
	sh.of(&b)
	s := openTest(t, Options{NoSync: true})
	require.NoError(t, s.db.Update(func(tx *bolt.Tx) error {
		v := validator{tx: tx, shape: &sh}
		require.NoError(t, v.validate(&b))
		require.True(t, sh.tables[0].appends)
		require.NoError(t, apply(tx, &b, 1))
		sh.setFillPercents(tx)
		name := tableBucketName(tbl)
		assert.Equal(t, appendFillPercent, tx.Bucket(name[:]).FillPercent)
		return nil
	}))
	_, err := s.Commit(context.Background(), &b) // every key exists now
	var ce *ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 0, ce.Op)
	b.Reset()
	for i := 1; i < 2000; i += 2 {
		b.Put(tbl, keyN(i), make([]byte, 50), ExpectAbsent)
	}
	_, err = s.Commit(context.Background(), &b)
	require.NoError(t, err)
	rows := scanAll(t, s, tbl, nil, nil, false)
	require.Len(t, rows, 2000)
	for i, r := range rows {
		require.Equal(t, string(keyN(i)), r.key)
	}
}
