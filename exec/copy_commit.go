package exec

import (
	"context"
	"errors"
	"fmt"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// copyWriter writes the rows of an autocommit COPY FROM.
//
// Rows are encoded straight into a storage batch, which is committed each
// time it holds copyBatchBytes, so memory stays bounded however many rows
// arrive. Commits are pipelined: while one batch commits (and fsyncs) the
// next one fills, so parsing overlaps the disk. The writer remembers each
// commit's seq; if the COPY then fails (bad data, duplicate key, CopyFail,
// cancel, lost connection) rollback deletes the rows carrying those seqs
// before the error is reported, so a failed COPY leaves nothing behind.
//
// The price of bounded memory: a COPY larger than one batch is not
// isolated — other sessions can see its first batches before it ends, and
// a crash in the middle keeps the batches committed so far. A COPY that
// fits one batch commits once, atomically.
//
// Small batches keep bbolt's write transactions (whose leaf nodes only
// split at commit) and the committer's duplicate-key check cheap; 1 MiB
// measured best for 1M narrow rows.
const (
	copyBatchBytes   = 1 << 20
	copyRollbackRows = 50000
)

// copyBatch is a batch and the input line of each of its rows, to report
// a duplicate key at its line.
type copyBatch struct {
	batch storage.Batch
	lines []int64
}

type copyWriter struct {
	x        *execution
	t        *catalog.Table
	bufs     [2]copyBatch
	cur      int        // the batch being filled
	inflight *copyBatch // the batch being committed, nil when none
	done     chan commitResult
	seqs     []uint64 // commits made, undone by rollback
	// expect is insertExpectation's for the current snapshot (so a key
	// whose STREAM row expired is replaced, not a duplicate); nil once
	// the snapshot is reset, rebuilt on the next put.
	expect func(key []byte) uint64
}

type commitResult struct {
	seq uint64
	err error
}

func (w *copyWriter) init(x *execution, t *catalog.Table) {
	w.x, w.t = x, t
	w.done = make(chan commitResult, 1)
}

// put queues one encoded row (the batch copies key and payload).
func (w *copyWriter) put(key, payload []byte, line int64) error {
	if w.expect == nil {
		expect, err := w.x.insertExpectation(w.t)
		if err != nil {
			return err
		}
		w.expect = expect
	}
	b := &w.bufs[w.cur]
	b.batch.Put(w.t.ID, key, payload, w.expect(key))
	b.lines = append(b.lines, line)
	if b.batch.Size() < copyBatchBytes {
		return nil
	}
	return w.commit()
}

// commit starts committing the current batch once the previous commit has
// finished; rows then go to the other batch.
func (w *copyWriter) commit() error {
	if err := w.wait(); err != nil {
		return err
	}
	b := &w.bufs[w.cur]
	if b.batch.Len() == 0 {
		return nil
	}
	w.x.resetSnapshot() // bbolt may need to remap while committing
	w.expect = nil      // it read the closed snapshot
	w.inflight = b
	store, ctx := w.x.sess.eng.store, w.x.ctx
	go func() {
		seq, err := store.Commit(ctx, &b.batch)
		w.done <- commitResult{seq, err}
	}()
	w.cur ^= 1
	return nil
}

// wait waits for the commit in flight, if any.
func (w *copyWriter) wait() error {
	b := w.inflight
	if b == nil {
		return nil
	}
	r := <-w.done
	w.inflight = nil
	if r.err != nil {
		var conflict *storage.ConflictError
		if errors.As(r.err, &conflict) {
			return w.duplicate(conflict, b.lines)
		}
		return storageError(r.err)
	}
	w.seqs = append(w.seqs, r.seq)
	b.batch.Reset()
	b.lines = b.lines[:0]
	return nil
}

// finish commits what is left and waits for it.
func (w *copyWriter) finish() error {
	if err := w.commit(); err != nil {
		return err
	}
	return w.wait()
}

// duplicate is the 23505 error for a row whose key exists: stored, or
// earlier in the same COPY. The key columns are decoded from the key.
func (w *copyWriter) duplicate(c *storage.ConflictError, lines []int64) error {
	t := w.t
	vals := make([]types.Value, len(t.Columns))
	key := c.Key
	for _, col := range t.PrimaryKey {
		v, rest, err := types.DecodeKey(key, t.Columns[col].Type)
		if err != nil {
			return err
		}
		vals[col], key = v, rest
	}
	var line int64
	if c.Op < len(lines) {
		line = lines[c.Op]
	}
	return pgerr.From(duplicateKeyError(t, vals)).WithWhere(fmt.Sprintf("COPY %s, line %d", t.Name, line))
}

// rollback deletes the rows of the batches already committed. Rows are
// found by their commit seq; a row another session changed since no longer
// carries it and is left alone.
func (w *copyWriter) rollback() error {
	if w.inflight != nil {
		_ = w.wait() // its error, if any, is not the one to report
	}
	if len(w.seqs) == 0 {
		return nil
	}
	ours := make(map[uint64]bool, len(w.seqs))
	for _, s := range w.seqs {
		ours[s] = true
	}
	ctx := context.WithoutCancel(w.x.ctx)
	store := w.x.sess.eng.store
	w.x.resetSnapshot()
	var from []byte
	for {
		var del storage.Batch
		var next []byte
		sn, err := store.Snapshot()
		if err != nil {
			return err
		}
		err = sn.Scan(w.t.ID, from, nil, false, func(key []byte, seq uint64, _ []byte) (bool, error) {
			if !ours[seq] {
				return true, nil
			}
			if del.Len() == copyRollbackRows {
				next = append([]byte(nil), key...)
				return false, nil
			}
			del.Delete(w.t.ID, key, seq)
			return true, nil
		})
		sn.Close()
		if err != nil {
			return err
		}
		if _, err := store.Commit(ctx, &del); err != nil {
			var conflict *storage.ConflictError
			if !errors.As(err, &conflict) {
				return err
			}
			continue // a row changed meanwhile: scan this stretch again
		}
		if next == nil {
			w.seqs = nil
			return nil
		}
		from = next
	}
}
