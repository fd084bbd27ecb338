package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
)

// StreamEviction hard-deletes the rows of STREAM tables whose commit time
// (storage.SeqTime of their seq) is older than the table's TTL.
//
// Expired rows are already invisible to readers (exec filters them with the
// same catalog.Table.StreamTTL), so eviction only reclaims space and never
// changes a query's result. Each delete expects the seq the row was seen
// at: a row rewritten after the scan is alive again and is left alone, and
// the batch that met it is retried without it on the next pass.
type StreamEviction struct {
	Catalog *catalog.Catalog
	Store   *storage.Store
	// BatchSize is rows deleted per commit; 0 means 1000.
	BatchSize int
	// Now defaults to time.Now; tests move the clock.
	Now func() time.Time
}

// Run evicts the expired rows of every STREAM table with a TTL and returns
// how many rows it deleted.
func (j *StreamEviction) Run(ctx context.Context) (int, error) {
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	evicted := 0
	for _, t := range j.Catalog.Current().Tables("") {
		ttl := t.StreamTTL()
		if ttl == 0 {
			continue
		}
		n, err := j.evictTable(ctx, t.ID, now().Add(-ttl))
		evicted += n
		if err != nil {
			return evicted, err
		}
	}
	return evicted, nil
}

// evictTable deletes table's rows committed before cutoff, committing at
// most BatchSize deletes at a time.
func (j *StreamEviction) evictTable(ctx context.Context, table storage.TableID, cutoff time.Time) (int, error) {
	limit := j.BatchSize
	if limit <= 0 {
		limit = defaultPurgeBatch
	}
	evicted := 0
	var from []byte // scan resumes here: rows before it were handled
	for {
		if err := ctx.Err(); err != nil {
			return evicted, err
		}
		b := &storage.Batch{}
		n, next, err := j.queueExpired(b, table, from, cutoff, limit)
		if err != nil || n == 0 {
			return evicted, err
		}
		_, err = j.Store.Commit(ctx, b)
		var conflict *storage.ConflictError
		switch {
		case errors.As(err, &conflict):
			// A row of this batch was rewritten or deleted since the
			// scan; rescan from the same point with fresh seqs.
			continue
		case errors.Is(err, storage.ErrTableNotFound):
			return evicted, nil // dropped meanwhile
		case err != nil:
			return evicted, err
		}
		evicted += n
		if next == nil {
			return evicted, nil
		}
		from = next
	}
}

// queueExpired adds to b the deletion of up to limit expired rows of table
// at or after from, each expecting the seq it was read at. It returns how
// many, and the key to resume at (nil when the scan reached the end).
func (j *StreamEviction) queueExpired(b *storage.Batch, table storage.TableID, from []byte, cutoff time.Time, limit int) (int, []byte, error) {
	sn, err := j.Store.Snapshot()
	if err != nil {
		return 0, nil, err
	}
	defer sn.Close()
	if !sn.HasTable(table) {
		return 0, nil, nil
	}
	n := 0
	var next []byte
	err = sn.Scan(table, from, nil, false, func(key []byte, seq uint64, _ []byte) (bool, error) {
		if n == limit {
			next = append([]byte(nil), key...)
			return false, nil
		}
		if storage.SeqTime(seq).Before(cutoff) {
			b.Delete(table, key, seq)
			n++
		}
		return true, nil
	})
	return n, next, err
}
