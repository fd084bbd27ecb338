package storage

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Snapshot is a consistent read view: a bbolt read transaction. Byte slices
// it returns point into the memory-mapped file and are valid only until
// Close (Scan's only during the callback); copy what must outlive it.
//
// A Snapshot is used by one goroutine. Keep it short-lived: an open read
// transaction pins the pages it sees (the file grows while it lives), and
// bbolt cannot re-map a grown file while any is open, so a commit that needs
// a re-map waits for all Snapshots. Open maps 16 GiB up front so that never
// happens in practice, but do not rely on it for unbounded data.
type Snapshot struct {
	tx    *bolt.Tx
	cache bucketCache
}

// Snapshot returns a consistent read view. It must be closed.
func (s *Store) Snapshot() (*Snapshot, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	tx, err := s.db.Begin(false)
	if err != nil {
		return nil, fmt.Errorf("storage: begin read: %w", err)
	}
	return &Snapshot{tx: tx}, nil
}

// Close ends the read view. Closing twice is harmless.
func (sn *Snapshot) Close() {
	if sn.tx != nil {
		_ = sn.tx.Rollback()
		sn.tx = nil
	}
}

// HasTable reports whether the table's bucket exists in this view.
func (sn *Snapshot) HasTable(table TableID) bool {
	return sn.cache.get(sn.tx, table) != nil
}

// LastSeq is the highest commit seq stamped as of this view (0 for a new
// store): every row visible here has seq <= LastSeq, every later commit a
// greater one. Subscriptions resume from it.
func (sn *Snapshot) LastSeq() uint64 {
	return readUint64(sn.tx.Bucket(stateBucket).Get(keyLastSeq))
}

// Get returns the row stored at key: its commit sequence and payload (valid
// until Close). ok is false when absent, when the table does not exist, and
// for tombstones.
func (sn *Snapshot) Get(table TableID, key []byte) (seq uint64, payload []byte, ok bool) {
	b := sn.cache.get(sn.tx, table)
	if b == nil {
		return 0, nil, false
	}
	v := b.Get(key)
	if v == nil {
		return 0, nil, false
	}
	seq, flags, payload, ok := openEnvelope(v)
	if !ok || flags&flagDeleted != 0 {
		return 0, nil, false
	}
	return seq, payload, true
}

// errCorrupt reports a stored value that is not an envelope.
var errCorrupt = errors.New("storage: corrupt row envelope")

// Scan visits rows with lo <= key < hi in key order (nil bounds are open),
// or in reverse order when reverse is set, until fn returns false or an
// error, which Scan returns. key and payload are valid only during the call.
// Tombstones are skipped. Scanning a table that does not exist is an error
// wrapping ErrTableNotFound.
func (sn *Snapshot) Scan(table TableID, lo, hi []byte, reverse bool, fn func(key []byte, seq uint64, payload []byte) (bool, error)) error {
	b := sn.cache.get(sn.tx, table)
	if b == nil {
		return fmt.Errorf("storage: scan table %d: %w", table, ErrTableNotFound)
	}
	c := b.Cursor()
	var k, v []byte
	switch {
	case !reverse && lo == nil:
		k, v = c.First()
	case !reverse:
		k, v = c.Seek(lo)
	case hi == nil:
		k, v = c.Last()
	default:
		// Seek lands on the first key >= hi (excluded) or past the end.
		if k, _ = c.Seek(hi); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	}
	for ; k != nil; k, v = step(c, reverse) {
		if reverse && lo != nil && bytes.Compare(k, lo) < 0 || !reverse && hi != nil && bytes.Compare(k, hi) >= 0 {
			return nil
		}
		seq, flags, payload, ok := openEnvelope(v)
		if !ok {
			return fmt.Errorf("%w: table %d key %x", errCorrupt, table, k)
		}
		if flags&flagDeleted != 0 {
			continue
		}
		more, err := fn(k, seq, payload)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

func step(c *bolt.Cursor, reverse bool) ([]byte, []byte) {
	if reverse {
		return c.Prev()
	}
	return c.Next()
}

// Count returns the number of live rows in the table (a full scan of keys
// and headers; bbolt keeps no counts).
func (sn *Snapshot) Count(table TableID) (int, error) {
	n := 0
	err := sn.Scan(table, nil, nil, false, func([]byte, uint64, []byte) (bool, error) {
		n++
		return true, nil
	})
	return n, err
}

// Meta reads a value from the metadata bucket (the catalog's home); nil
// when absent. The value is valid until Close.
func (sn *Snapshot) Meta(key string) []byte {
	return sn.tx.Bucket(metaBucket).Get([]byte(key))
}

// MetaScan visits metadata entries whose key starts with prefix, in key
// order, until fn returns an error, which MetaScan returns. val is valid
// until Close.
func (sn *Snapshot) MetaScan(prefix string, fn func(key string, val []byte) error) error {
	c := sn.tx.Bucket(metaBucket).Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(string(k), v); err != nil {
			return err
		}
	}
	return nil
}
