package storage

import "fmt"

// Expectations for Put/Delete: the write applies only if the current row
// matches, else Commit fails with *ConflictError and nothing of the batch is
// applied.
const (
	ExpectAny    uint64 = ^uint64(0) // no check
	ExpectAbsent uint64 = 0          // key must not exist (INSERT)
	// any other value: the row's current seq must equal it (UPDATE/DELETE)
)

type opKind uint8

const (
	opPut opKind = iota + 1
	opDelete
	opCreateTable
	opDropTable
	opClearTable
	opPutMeta
	opDeleteMeta
)

// span locates bytes in a Batch's arena.
type span struct{ off, n int }

type op struct {
	kind   opKind
	table  TableID
	expect uint64
	key    span
	// val is the whole envelope (header room + payload) for opPut and the
	// value for opPutMeta.
	val span
}

// Batch is a set of writes committed atomically. The zero value is an empty
// batch. Put and friends copy their arguments, so callers may reuse their
// buffers at once. A Batch must not be modified while Commit runs; after
// Commit returns it may be Reset and reused.
//
// Keys and payloads live in one arena, each payload preceded by room for
// its envelope header, so the committer stamps the header in place and
// hands the arena to bbolt without copying or allocating per row.
type Batch struct {
	ops   []op
	arena []byte
}

func (b *Batch) add(data []byte) span {
	s := span{off: len(b.arena), n: len(data)}
	b.arena = append(b.arena, data...)
	return s
}

func (b *Batch) bytes(s span) []byte { return b.arena[s.off : s.off+s.n : s.off+s.n] }

// Put writes payload at key.
func (b *Batch) Put(table TableID, key, payload []byte, expect uint64) {
	k := b.add(key)
	v := span{off: len(b.arena), n: envelopeHeader + len(payload)}
	var hdr [envelopeHeader]byte
	b.arena = append(b.arena, hdr[:]...)
	b.arena = append(b.arena, payload...)
	b.ops = append(b.ops, op{kind: opPut, table: table, expect: expect, key: k, val: v})
}

// Delete removes key. Deleting an absent key with ExpectAny is a no-op.
func (b *Batch) Delete(table TableID, key []byte, expect uint64) {
	b.ops = append(b.ops, op{kind: opDelete, table: table, expect: expect, key: b.add(key)})
}

// CreateTable creates the table's bucket (an error if it exists); DropTable
// deletes it with its rows; ClearTable empties it (TRUNCATE). Drop and Clear
// of a missing table are errors: the catalog guarantees existence, so a
// mismatch is a bug worth surfacing.
func (b *Batch) CreateTable(table TableID) {
	b.ops = append(b.ops, op{kind: opCreateTable, table: table})
}
func (b *Batch) DropTable(table TableID) { b.ops = append(b.ops, op{kind: opDropTable, table: table}) }
func (b *Batch) ClearTable(table TableID) {
	b.ops = append(b.ops, op{kind: opClearTable, table: table})
}

// PutMeta / DeleteMeta write the metadata bucket.
func (b *Batch) PutMeta(key string, val []byte) {
	k := b.add([]byte(key))
	b.ops = append(b.ops, op{kind: opPutMeta, key: k, val: b.add(val)})
}
func (b *Batch) DeleteMeta(key string) {
	b.ops = append(b.ops, op{kind: opDeleteMeta, key: b.add([]byte(key))})
}

// Len is the number of operations in the batch.
func (b *Batch) Len() int { return len(b.ops) }

// Size is the number of key and value bytes the batch holds.
func (b *Batch) Size() int { return len(b.arena) }

// Reset empties the batch, keeping its memory.
func (b *Batch) Reset() {
	b.ops = b.ops[:0]
	b.arena = b.arena[:0]
}

// ConflictError reports the first operation whose expectation failed.
type ConflictError struct {
	Op     int // index of the operation in the batch
	Table  TableID
	Key    []byte
	Exists bool // whether a row was present
}

func (e *ConflictError) Error() string {
	state := "absent"
	if e.Exists {
		state = "present"
	}
	return fmt.Sprintf("storage: write conflict: op %d on table %d key %x (row %s)", e.Op, e.Table, e.Key, state)
}

// Append adds all of o's operations to b, in order (a transaction gathers
// its statements' batches this way before one Commit).
func (b *Batch) Append(o *Batch) {
	base := len(b.arena)
	b.arena = append(b.arena, o.arena...)
	for _, op := range o.ops {
		op.key.off += base
		op.val.off += base
		b.ops = append(b.ops, op)
	}
}

// Truncate drops every operation after the first n (ROLLBACK TO SAVEPOINT).
func (b *Batch) Truncate(n int) {
	if n >= len(b.ops) {
		return
	}
	end := 0
	for _, op := range b.ops[:n] {
		end = max(end, op.key.off+op.key.n, op.val.off+op.val.n)
	}
	b.ops = b.ops[:n]
	b.arena = b.arena[:end]
}
