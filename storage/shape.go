package storage

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// A bulk load (COPY, a re-keying ALTER TABLE) commits batches of thousands
// of rows with increasing keys. Checking each row the general way costs a
// B-tree descent plus an entry in the overlay's key map per row, more than
// writing it. One pass over the ops first (shapeOf) proves what lets
// validate skip that work without changing any outcome:
//
//   - ascending: on every table, the keys of the batch's puts and deletes
//     strictly increase in op order, so no op touches a key an earlier op of
//     the batch touched. The overlay's key map is then never hit and is not
//     kept. (Only for a hit does current consult it; a key first seen cannot
//     hit.)
//   - for bulk batches, a table's greatest key as the transaction holds it
//     (one cursor.Last): a key above it is absent, with no descent. validate
//     writes nothing, so that key stays the greatest while it runs.
//
// Appending batches also raise the bucket's FillPercent, so pages split
// full instead of half full (see appendFillPercent).

const (
	// bulkOps is the batch length from which looking up a table's greatest
	// key pays for itself; a short OLTP batch would only add a descent.
	bulkOps = 64
	// maxShapeTables bounds the tables tracked per batch; a batch touching
	// more takes the general path.
	maxShapeTables = 8
	// appendFillPercent is how full bbolt fills split pages of a bucket
	// that only received appended keys in the group: those pages will
	// never receive a key in between, so the default 50% would only waste
	// half of each page and double the pages written.
	appendFillPercent = 0.9
)

// tableShape is what a batch does to one table, as far as shapeOf and
// validate can tell.
type tableShape struct {
	id   TableID
	prev []byte // greatest key so far in op order (shapeOf)

	// Filled lazily by validate for bulk batches.
	bucket     *bolt.Bucket
	cursor     *bolt.Cursor
	last       []byte // the bucket's greatest key in the transaction; nil if empty
	lastLoaded bool
	// appends: every op on the table so far was a put of a key above every
	// key the table held, so apply only appended to it.
	appends bool
}

// batchShape is the result of shapeOf. The committer reuses one.
type batchShape struct {
	tableOps  bool // creates, drops or clears a table
	ascending bool // see the comment at the top of the file
	bulk      bool // ascending and at least bulkOps ops: use greatest keys
	tables    []tableShape
}

// shapeOf scans b's ops once. It reads only keys and op kinds.
func (sh *batchShape) of(b *Batch) {
	clear(sh.tables) // drop bucket references of the previous batch
	sh.tables = sh.tables[:0]
	sh.tableOps, sh.ascending = false, true
	for i := range b.ops {
		o := &b.ops[i]
		switch o.kind {
		case opCreateTable, opDropTable, opClearTable:
			sh.tableOps = true
		case opPut, opDelete:
			if !sh.ascending {
				continue
			}
			key := b.bytes(o.key)
			t := sh.find(o.table)
			switch {
			case t == nil && len(sh.tables) == maxShapeTables:
				sh.ascending = false
			case t == nil:
				sh.tables = append(sh.tables, tableShape{id: o.table, prev: key, appends: true})
			case bytes.Compare(key, t.prev) <= 0:
				sh.ascending = false
			default:
				t.prev = key
			}
		}
	}
	sh.bulk = sh.ascending && len(b.ops) >= bulkOps
	if !sh.ascending {
		clear(sh.tables)
		sh.tables = sh.tables[:0]
	}
}

func (sh *batchShape) find(id TableID) *tableShape {
	for i := range sh.tables {
		if sh.tables[i].id == id {
			return &sh.tables[i]
		}
	}
	return nil
}

// setFillPercents marks the buckets of tables a bulk batch only appended to,
// and resets those it wrote otherwise. bbolt applies FillPercent when it
// splits nodes at commit, so the last batch of a group to touch a bucket
// decides; it affects page occupancy only, never what is stored.
func (sh *batchShape) setFillPercents(tx *bolt.Tx) {
	if !sh.bulk {
		return
	}
	for i := range sh.tables {
		t := &sh.tables[i]
		name := tableBucketName(t.id)
		b := tx.Bucket(name[:])
		if b == nil { // dropped by the batch
			continue
		}
		if t.appends {
			b.FillPercent = appendFillPercent
		} else {
			b.FillPercent = bolt.DefaultFillPercent
		}
	}
}
