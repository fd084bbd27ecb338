package storage

import (
	"bytes"
	"errors"
	"fmt"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// Errors a batch fails with (wrapped with the table and op) when it does not
// fit the tables that exist. They are not conflicts: the catalog is meant to
// prevent them.
var (
	ErrTableNotFound = errors.New("table does not exist")
	ErrTableExists   = errors.New("table already exists")
)

// A batch is applied in two passes inside the group's write transaction:
// validate reads only, so a batch that fails it leaves the transaction
// untouched and the rest of the group proceeds; apply then writes and
// cannot fail short of an I/O or bbolt invariant error.

// tableFate is what earlier ops of the batch being validated did to a table.
type tableFate uint8

const (
	fateUnknown tableFate = iota // untouched: ask the transaction
	fateEmpty                    // created or cleared: exists, rows only from this batch
	fateDropped                  // dropped: does not exist
)

type keyRef struct {
	table TableID
	key   string
}

// overlay is the batch's own writes so far, so its later ops are validated
// against them. Only multi-op batches use it; the committer reuses one.
type overlay struct {
	tables map[TableID]tableFate
	keys   map[keyRef]bool // true: written by this batch, false: deleted
}

// overlayKeep is the key count above which reset replaces the key map
// instead of clearing it: clearing costs its capacity, which one huge
// batch would otherwise leave every later batch to pay.
const overlayKeep = 1 << 12

func (o *overlay) reset() {
	clear(o.tables)
	if len(o.keys) > overlayKeep {
		o.keys = map[keyRef]bool{}
	} else {
		clear(o.keys)
	}
}

func (o *overlay) forgetKeys(t TableID) {
	for k := range o.keys {
		if k.table == t {
			delete(o.keys, k)
		}
	}
}

// validator checks one batch against a write transaction.
type validator struct {
	tx    *bolt.Tx
	ov    *overlay // nil when the batch needs none (see needsOverlay)
	keys  bool     // record the batch's keys in ov (it is not ascending)
	shape *batchShape
	cache bucketCache
	// cursor is on cursorOf (the cached bucket), reused for every lookup
	// instead of Bucket.Get, which allocates a cursor stack per call.
	cursor   *bolt.Cursor
	cursorOf *bolt.Bucket
}

// needsOverlay reports whether validating a batch of shape sh and n ops
// needs the overlay: table fates when it creates, drops or clears tables,
// its own keys when one of them may repeat (see shape.go).
func needsOverlay(sh *batchShape, n int) (ov, keys bool) {
	keys = !sh.ascending && n > 1
	return keys || sh.tableOps, keys
}

func (v *validator) fate(t TableID) tableFate {
	if v.ov == nil {
		return fateUnknown
	}
	return v.ov.tables[t]
}

func (v *validator) tableExists(t TableID) bool {
	switch v.fate(t) {
	case fateEmpty:
		return true
	case fateDropped:
		return false
	}
	return v.cache.get(v.tx, t) != nil
}

// current reports the row at key as this batch would see it: whether it
// exists, its seq, and whether it comes from the batch itself (whose seq is
// not known yet, so no explicit expectation can match it).
func (v *validator) current(t TableID, key []byte) (exists bool, seq uint64, own bool) {
	if v.keys {
		if w, ok := v.ov.keys[keyRef{t, string(key)}]; ok {
			return w, 0, true
		}
	}
	if v.fate(t) == fateEmpty {
		return false, 0, false
	}
	raw := v.lookup(t, key)
	if raw == nil {
		return false, 0, false
	}
	seq, flags, _, ok := openEnvelope(raw)
	if !ok || flags&flagDeleted != 0 {
		return false, 0, false
	}
	return true, seq, false
}

// lookup returns the value stored at key in the transaction, or nil. The
// table exists in the transaction (validate checked).
func (v *validator) lookup(t TableID, key []byte) []byte {
	var c *bolt.Cursor
	if v.shape.bulk {
		ts := v.shape.find(t) // ascending: every table written is tracked
		ts.load(v.tx)
		if ts.last == nil || bytes.Compare(key, ts.last) > 0 {
			return nil // above the greatest key: absent
		}
		c = ts.cursor
	} else {
		b := v.cache.get(v.tx, t)
		if v.cursorOf != b {
			v.cursor, v.cursorOf = b.Cursor(), b
		}
		c = v.cursor
	}
	k, val := c.Seek(key)
	if !bytes.Equal(k, key) {
		return nil
	}
	return val
}

// load fetches the table's bucket, a cursor on it and its greatest key, once
// per batch.
func (ts *tableShape) load(tx *bolt.Tx) {
	if ts.lastLoaded {
		return
	}
	name := tableBucketName(ts.id)
	ts.bucket = tx.Bucket(name[:])
	ts.cursor = ts.bucket.Cursor()
	ts.last, _ = ts.cursor.Last()
	ts.lastLoaded = true
}

// noteAppend keeps ts.appends true only while every op on the table is a
// put of a key above all the table's rows (as left by earlier ops).
func (v *validator) noteAppend(o *op, key []byte) {
	ts := v.shape.find(o.table)
	if !ts.appends {
		return
	}
	switch {
	case o.kind != opPut:
		ts.appends = false
	case v.fate(o.table) == fateEmpty:
		// Only this batch's earlier keys, all below key (ascending).
	default:
		ts.load(v.tx)
		ts.appends = ts.last == nil || bytes.Compare(key, ts.last) > 0
	}
}

func (v *validator) setFate(t TableID, f tableFate) {
	if v.ov != nil {
		v.ov.tables[t] = f
		if v.keys {
			v.ov.forgetKeys(t)
		}
	}
}

// validate returns nil when b can be applied to tx, a *ConflictError when an
// expectation fails, or another error when b does not fit the schema.
func (v *validator) validate(b *Batch) error {
	for i := range b.ops {
		o := &b.ops[i]
		switch o.kind {
		case opPut, opDelete:
			key := b.bytes(o.key)
			if err := checkKey(key); err != nil {
				return fmt.Errorf("storage: op %d on table %d: %w", i, o.table, err)
			}
			if !v.tableExists(o.table) {
				return fmt.Errorf("storage: op %d: table %d: %w", i, o.table, ErrTableNotFound)
			}
			if v.shape.bulk {
				v.noteAppend(o, key)
			}
			if o.expect != ExpectAny {
				exists, seq, own := v.current(o.table, key)
				if o.expect == ExpectAbsent && exists || o.expect != ExpectAbsent && (!exists || own || seq != o.expect) {
					return &ConflictError{Op: i, Table: o.table, Key: append([]byte(nil), key...), Exists: exists}
				}
			}
			if v.keys {
				// The key aliases the arena, which is immutable while the
				// batch commits, and the overlay is cleared before the
				// batch is released, so no copy is needed.
				v.ov.keys[keyRef{o.table, unsafe.String(unsafe.SliceData(key), len(key))}] = o.kind == opPut
			}
		case opCreateTable:
			if v.tableExists(o.table) {
				return fmt.Errorf("storage: op %d: table %d: %w", i, o.table, ErrTableExists)
			}
			v.setFate(o.table, fateEmpty)
		case opDropTable, opClearTable:
			if !v.tableExists(o.table) {
				return fmt.Errorf("storage: op %d: table %d: %w", i, o.table, ErrTableNotFound)
			}
			f := fateEmpty
			if o.kind == opDropTable {
				f = fateDropped
			}
			v.setFate(o.table, f)
		case opPutMeta, opDeleteMeta:
			if err := checkKey(b.bytes(o.key)); err != nil {
				return fmt.Errorf("storage: op %d (meta): %w", i, err)
			}
		default:
			return fmt.Errorf("storage: op %d: unknown kind %d", i, o.kind)
		}
	}
	return nil
}

func checkKey(key []byte) error {
	switch {
	case len(key) == 0:
		return errors.New("empty key")
	case len(key) > bolt.MaxKeySize:
		return fmt.Errorf("key of %d bytes exceeds %d", len(key), bolt.MaxKeySize)
	}
	return nil
}

// apply writes a validated batch, stamping seq into every row's envelope.
func apply(tx *bolt.Tx, b *Batch, seq uint64) error {
	var cache bucketCache
	for i := range b.ops {
		o := &b.ops[i]
		var err error
		switch o.kind {
		case opPut, opDelete:
			bk := cache.get(tx, o.table)
			switch {
			case bk == nil: // validate rules this out
				err = ErrTableNotFound
			case o.kind == opPut:
				val := b.bytes(o.val)
				putEnvelopeHeader(val, seq, 0)
				err = bk.Put(b.bytes(o.key), val)
			default:
				err = bk.Delete(b.bytes(o.key))
			}
		case opCreateTable:
			name := tableBucketName(o.table)
			cache = bucketCache{}
			_, err = tx.CreateBucket(name[:])
		case opDropTable, opClearTable:
			name := tableBucketName(o.table)
			cache = bucketCache{}
			err = tx.DeleteBucket(name[:])
			if err == nil && o.kind == opClearTable {
				_, err = tx.CreateBucket(name[:])
			}
		case opPutMeta:
			err = tx.Bucket(metaBucket).Put(b.bytes(o.key), b.bytes(o.val))
		case opDeleteMeta:
			err = tx.Bucket(metaBucket).Delete(b.bytes(o.key))
		}
		if err != nil {
			return fmt.Errorf("storage: apply op %d: %w", i, err)
		}
	}
	return nil
}

// bucketCache remembers the last table bucket looked up; batches and scans
// mostly touch one table. It must be reset after a bucket is created or
// deleted in the same transaction.
type bucketCache struct {
	id TableID
	b  *bolt.Bucket
}

func (c *bucketCache) get(tx *bolt.Tx, t TableID) *bolt.Bucket {
	if c.b != nil && c.id == t {
		return c.b
	}
	name := tableBucketName(t)
	b := tx.Bucket(name[:])
	if b != nil {
		c.id, c.b = t, b
	}
	return b
}
