package storage

// STUB FILE — owned by the storage helper, who deletes it once the real
// files (store.go, snapshot.go, batch.go, commit.go, seq.go, lock.go …)
// implement these signatures.

import "context"

// TableID identifies a table's bucket. IDs are assigned by the catalog and
// never reused.
type TableID uint64

// Options tune the store; the zero value is the durable default.
type Options struct {
	// NoSync skips fsync on commit (tests only; loses durability on crash).
	NoSync bool
}

// Store is the hot tier: one bbolt file (DIR/hot.db) guarded by an exclusive
// lock file (DIR/LOCK) so a second server on the same directory is refused.
type Store struct{}

// Open creates DIR if needed, takes the lock and opens the database.
func Open(dir string, opts Options) (*Store, error) { panic("unimplemented") }

// Close waits for queued commits and closes the database and the lock.
func (s *Store) Close() error { panic("unimplemented") }

// Snapshot returns a consistent read view. It must be closed.
func (s *Store) Snapshot() (*Snapshot, error) { panic("unimplemented") }

// Snapshot is a bbolt read transaction.
type Snapshot struct{}

// Close ends the read view.
func (sn *Snapshot) Close() { panic("unimplemented") }

// Get returns the row stored at key: its commit sequence and payload (valid
// until Close). ok is false when absent.
func (sn *Snapshot) Get(table TableID, key []byte) (seq uint64, payload []byte, ok bool) {
	panic("unimplemented")
}

// Scan visits rows with lo <= key < hi in key order (nil bounds are open),
// or in reverse order when reverse is set, until fn returns false or an
// error. key and payload are valid only during the call.
func (sn *Snapshot) Scan(table TableID, lo, hi []byte, reverse bool, fn func(key []byte, seq uint64, payload []byte) (bool, error)) error {
	panic("unimplemented")
}

// Meta reads a value from the metadata bucket (the catalog's home).
func (sn *Snapshot) Meta(key string) []byte { panic("unimplemented") }

// MetaScan visits metadata entries whose key starts with prefix.
func (sn *Snapshot) MetaScan(prefix string, fn func(key string, val []byte) error) error {
	panic("unimplemented")
}

// Batch is a set of writes committed atomically.
type Batch struct{}

// Expectations for Put/Delete: the write applies only if the current row
// matches, else Commit fails with *ConflictError and nothing of the batch is
// applied.
const (
	ExpectAny    uint64 = ^uint64(0) // no check
	ExpectAbsent uint64 = 0          // key must not exist (INSERT)
	// any other value: the row's current seq must equal it (UPDATE/DELETE)
)

// Put writes payload at key.
func (b *Batch) Put(table TableID, key, payload []byte, expect uint64) { panic("unimplemented") }

// Delete removes key.
func (b *Batch) Delete(table TableID, key []byte, expect uint64) { panic("unimplemented") }

// CreateTable creates the table's bucket; DropTable deletes it with its rows;
// ClearTable empties it (TRUNCATE).
func (b *Batch) CreateTable(table TableID) { panic("unimplemented") }
func (b *Batch) DropTable(table TableID)   { panic("unimplemented") }
func (b *Batch) ClearTable(table TableID)  { panic("unimplemented") }

// PutMeta / DeleteMeta write the metadata bucket.
func (b *Batch) PutMeta(key string, val []byte) { panic("unimplemented") }
func (b *Batch) DeleteMeta(key string)          { panic("unimplemented") }

// Len is the number of operations in the batch.
func (b *Batch) Len() int { panic("unimplemented") }

// ConflictError reports the first operation whose expectation failed.
type ConflictError struct {
	Op     int    // index of the operation in the batch
	Table  TableID
	Key    []byte
	Exists bool // whether a row was present
}

func (e *ConflictError) Error() string { return "storage: write conflict" }

// Commit applies the batch atomically and durably (fsync) before it
// returns, grouping concurrent commits from many goroutines into one bbolt
// write transaction. It returns the commit sequence number stamped on every
// row the batch wrote.
func (s *Store) Commit(ctx context.Context, b *Batch) (seq uint64, err error) {
	panic("unimplemented")
}

// NextID returns a new unique, increasing 64-bit id (Snowflake-style: ms
// timestamp, node, sequence), used for hidden row ids. Also monotonic
// across restarts.
func (s *Store) NextID() int64 { panic("unimplemented") }
