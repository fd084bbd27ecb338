package exec

import (
	"bytes"
	"sort"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

// txn is a transaction block's state. Its writes are buffered: nothing
// reaches storage until COMMIT, which applies the whole batch in one
// commit; until then the session's own reads see the writes through the
// overlay. Rows it updates or deletes are locked until it ends
// (rowlock.go), and every such write carries the seq of the row version
// it replaced, so COMMIT fails (40001) rather than lose a change made by a
// writer that did not lock.
type txn struct {
	id         uint64            // row lock owner
	locks      []string          // row locks held
	snap       *storage.Snapshot // REPEATABLE READ/SERIALIZABLE: the block's one read view
	batch      storage.Batch
	ops        []writeOp // parallel to batch's operations
	overlay    map[storage.TableID]*overlay
	savepoints []savepoint
}

// savepoint remembers how many writes the block had when it was set.
type savepoint struct {
	name string
	ops  int
}

// rollbackTo forgets the writes made after the first n.
func (tx *txn) rollbackTo(n int) {
	tx.batch.Truncate(n)
	tx.ops = tx.ops[:n]
	tx.overlay = nil
	for _, op := range tx.ops {
		o := tx.tableOverlay(op.table.ID)
		o.rows[string(op.key)] = op.payload
		o.sorted = nil
	}
}

// overlay is a table's pending rows in this transaction, by key.
type overlay struct {
	rows   map[string][]byte // key → encoded row payload; nil = deleted
	sorted []string          // keys of rows, sorted; nil when stale
}

func (o *overlay) keys() []string {
	if o.sorted == nil {
		o.sorted = make([]string, 0, len(o.rows))
		for k := range o.rows {
			o.sorted = append(o.sorted, k)
		}
		sort.Strings(o.sorted)
	}
	return o.sorted
}

func (tx *txn) tableOverlay(id storage.TableID) *overlay {
	if tx.overlay == nil {
		tx.overlay = map[storage.TableID]*overlay{}
	}
	o := tx.overlay[id]
	if o == nil {
		o = &overlay{rows: map[string][]byte{}}
		tx.overlay[id] = o
	}
	return o
}

// writeSet is what one statement wants to write, with enough context to
// explain a conflict (which row, and whether it had to be a new key).
type writeSet struct {
	statement string // INSERT, UPDATE or DELETE (for error messages)
	batch     storage.Batch
	ops       []writeOp
	buf       []byte
}

type writeOp struct {
	table  *catalog.Table
	key    []byte
	vals   []types.Value // the row written, or the row deleted
	insert bool          // the key must be new
	delete bool
	// payload is the encoded row a buffered put writes (nil for a delete);
	// set when the op joins a transaction block.
	payload []byte
}

// put queues a row write; expect is a storage expectation.
func (w *writeSet) put(t *catalog.Table, key []byte, vals []types.Value, expect uint64, insert bool) {
	w.buf = types.AppendRow(w.buf[:0], vals[:len(t.Columns)])
	w.batch.Put(t.ID, key, w.buf, expect)
	w.ops = append(w.ops, writeOp{table: t, key: key, vals: vals, insert: insert})
}

// del queues a row delete.
func (w *writeSet) del(t *catalog.Table, key []byte, vals []types.Value, expect uint64) {
	w.batch.Delete(t.ID, key, expect)
	w.ops = append(w.ops, writeOp{table: t, key: key, vals: vals, delete: true})
}

// expectFor turns the seq a row was read at into a write expectation.
// Rows read from the transaction's own overlay carry seq 0: the earlier
// write of the same key already holds the check.
func expectFor(seq uint64) uint64 {
	if seq == 0 {
		return storage.ExpectAny
	}
	return seq
}

// mergeOverlay merges a transaction's pending rows into a storage scan:
// pending rows replace or hide stored rows with the same key and appear in
// key order among them. Overlay rows are reported with seq 0.
func mergeOverlay(o *overlay, lo, hi []byte, reverse bool,
	scan func(fn func(key []byte, seq uint64, payload []byte) (bool, error)) error,
	fn func(key []byte, seq uint64, payload []byte) (bool, error)) error {
	keys := o.keys()
	inRange := func(k string) bool {
		return (lo == nil || k >= string(lo)) && (hi == nil || k < string(hi))
	}
	// Position i walks the overlay keys in scan order.
	i, step := 0, 1
	if reverse {
		i, step = len(keys)-1, -1
	}
	before := func(a string, b []byte) bool { // a comes before b in scan order
		c := bytes.Compare([]byte(a), b)
		if reverse {
			return c > 0
		}
		return c < 0
	}
	emitPending := func(limit []byte) (bool, error) {
		for i >= 0 && i < len(keys) && (limit == nil || before(keys[i], limit)) {
			k := keys[i]
			i += step
			if payload := o.rows[k]; payload != nil && inRange(k) {
				if more, err := fn([]byte(k), 0, payload); !more || err != nil {
					return false, err
				}
			}
		}
		return true, nil
	}
	stopped := false
	err := scan(func(key []byte, seq uint64, payload []byte) (bool, error) {
		if more, err := emitPending(key); !more || err != nil {
			stopped = true
			return false, err
		}
		if pending, ok := o.rows[string(key)]; ok {
			i += step // consumed: that overlay key equals this key
			if pending == nil {
				return true, nil
			}
			return fn(key, 0, pending)
		}
		return fn(key, seq, payload)
	})
	if err != nil || stopped {
		return err
	}
	_, err = emitPending(nil)
	return err
}
