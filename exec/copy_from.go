package exec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// How COPY FROM writes. A COPY is one statement: it succeeds whole or
// leaves nothing behind.
//
// In autocommit mode rows are encoded straight into a storage batch. A
// COPY whose encoded rows fit in copyBatchBytes commits once, atomically.
// A larger one commits a batch each time copyBatchBytes fill up, so memory
// stays bounded however many rows arrive, and remembers each batch's
// commit seq; if a later row fails (bad data, duplicate key, CopyFail,
// cancel, lost connection) the rows carrying those seqs are deleted again
// before the error is reported. The price: between its batches a large
// COPY's rows are visible to other sessions, and a crash in the middle
// keeps the batches committed so far.
//
// Inside a transaction block rows join the block's buffered writes
// (txn.go) in chunks of copyTxnChunk, so they commit or roll back with
// it; a failed COPY fails the block, as any failed statement does.
const (
	copyBatchBytes   = 1 << 20
	copyTxnChunk     = 4096
	copyRollbackRows = 50000
)

func (p *copyFromPlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	cs, err := x.copyStream()
	if err != nil {
		return "", err
	}
	src, err := cs.CopyIn(len(p.targets))
	if err != nil {
		return "", err
	}
	t := p.table
	l := &copyLoader{
		x:     x,
		p:     p,
		t:     t,
		inTxn: x.sess.tx.w != nil,
		row:   make([]types.Value, len(t.Columns)+hiddenColumns),
		r: copyReader{
			src:    src,
			csv:    p.opts.Format == ast.CopyCSV,
			quote:  p.opts.Quote,
			escape: p.opts.Escape,
		},
		f: copyFields{opts: p.opts},
	}
	n, err := l.load()
	if err != nil {
		if rerr := l.rollback(); rerr != nil {
			err = pgerr.From(err).WithDetail("Rows already written could not be removed: " + rerr.Error())
		}
		return "", err
	}
	return "COPY " + strconv.FormatInt(n, 10), nil
}

// copyLoader is one run of COPY FROM.
type copyLoader struct {
	x     *execution
	p     *copyFromPlan
	t     *catalog.Table
	r     copyReader
	f     copyFields
	inTxn bool
	row   []types.Value // the row being built: table columns, then hidden ones
	count int64

	// autocommit mode
	batch  storage.Batch
	lines  []int64  // the line of each row in batch
	seqs   []uint64 // commits made by this COPY, undone on failure
	keyBuf []byte
	rowBuf []byte
	// transaction block mode
	ws      *writeSet
	wsLines []int64
}

// load reads every record and writes its row; it returns the row count.
func (l *copyLoader) load() (int64, error) {
	if l.p.opts.Header {
		rec, err := l.r.next()
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, l.streamError(err)
		}
		if l.p.opts.HeaderMatch {
			if err := l.checkHeader(rec); err != nil {
				return 0, err
			}
		}
	}
	for {
		if l.count&1023 == 0 {
			if err := l.x.checkCancel(); err != nil {
				return 0, err
			}
		}
		rec, err := l.r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, l.streamError(err)
		}
		if err := l.addRecord(rec); err != nil {
			return 0, err
		}
	}
	// After `\.` the client may still send data: PostgreSQL reads and
	// ignores it up to CopyDone.
	if err := l.r.drain(); err != nil {
		return 0, l.streamError(err)
	}
	if err := l.flush(); err != nil {
		return 0, err
	}
	return l.count, nil
}

// addRecord parses one record into a row and queues its write.
func (l *copyLoader) addRecord(rec []byte) error {
	t, p := l.t, l.p
	if err := checkUTF8(rec); err != nil {
		return l.atLine(err)
	}
	if err := l.f.split(rec); err != nil {
		return l.atLineText(err, rec)
	}
	switch n := len(l.f.ends); {
	case n > len(p.targets):
		return l.atLineText(pgerr.New(pgerr.BadCopyFileFormat, "extra data after last expected column"), rec)
	case n < len(p.targets):
		return l.atLineText(pgerr.New(pgerr.BadCopyFileFormat, "missing data for column %q", t.Columns[p.targets[n]].Name), rec)
	}
	// One string holds the row's values. Outside a transaction block the
	// row is encoded before the next record reuses the buffer, so the
	// string may alias it; inside one the row is kept, so it is copied.
	var s string
	if l.inTxn {
		s = string(l.f.buf)
	} else if len(l.f.buf) > 0 {
		s = unsafe.String(unsafe.SliceData(l.f.buf), len(l.f.buf))
	}
	row := l.row
	clear(row)
	start := 0
	for i, col := range p.targets {
		end := l.f.ends[i]
		isNull := l.f.null[i]
		value := s[start:end]
		start = end
		switch {
		case isNull && p.forceNotNull != nil && p.forceNotNull[i]:
			isNull, value = false, p.opts.Null
		case !isNull && p.forceNull != nil && p.forceNull[i] && value == p.opts.Null:
			isNull = true
		}
		if isNull {
			continue
		}
		c := &t.Columns[col]
		v, err := types.ParseTextIn(value, c.Type, nil, l.x.env.Format)
		if err == nil && c.Type.Mod >= 0 {
			v, err = types.CastIn(v, c.Type, false, nil, l.x.env.Format)
		}
		if err != nil {
			return l.atColumn(err, c.Name, value)
		}
		row[col] = v
	}
	for _, d := range p.defaults {
		v, err := d.value.Eval(&l.x.env, nil)
		if err != nil {
			return l.atLineText(err, rec)
		}
		row[d.column] = v
	}
	if p.where != nil {
		v, err := p.where.Eval(&l.x.env, row)
		if err != nil {
			return l.atLineText(err, rec)
		}
		if !v.Bool() || v.IsNull() {
			return nil
		}
	}
	if err := checkNotNull(t, row); err != nil {
		return l.atLineText(err, rec)
	}
	l.count++
	if l.inTxn {
		return l.queueTxn(row)
	}
	l.keyBuf = rowKey(l.x.sess.eng.store, t, row, l.keyBuf[:0])
	l.rowBuf = types.AppendRow(l.rowBuf[:0], row[:len(t.Columns)])
	l.batch.Put(t.ID, l.keyBuf, l.rowBuf, storage.ExpectAbsent)
	l.lines = append(l.lines, l.r.line)
	if l.batch.Size() >= copyBatchBytes {
		return l.commitBatch()
	}
	return nil
}

// flush writes the rows still queued.
func (l *copyLoader) flush() error {
	if l.inTxn {
		return l.flushTxn()
	}
	return l.commitBatch()
}

// commitBatch commits the queued rows (autocommit mode).
func (l *copyLoader) commitBatch() error {
	if l.batch.Len() == 0 {
		return nil
	}
	l.x.resetSnapshot() // bbolt may need to remap while committing
	seq, err := l.x.sess.eng.store.Commit(l.x.ctx, &l.batch)
	if err != nil {
		var conflict *storage.ConflictError
		if errors.As(err, &conflict) {
			return l.duplicate(conflict)
		}
		return err
	}
	l.seqs = append(l.seqs, seq)
	l.batch.Reset()
	l.lines = l.lines[:0]
	return nil
}

// duplicate is the 23505 error for a row whose key exists: stored, or
// earlier in the same COPY. The key columns are decoded from the key.
func (l *copyLoader) duplicate(c *storage.ConflictError) error {
	t := l.t
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
	if c.Op < len(l.lines) {
		line = l.lines[c.Op]
	}
	return pgerr.From(duplicateKeyError(t, vals)).WithWhere(fmt.Sprintf("COPY %s, line %d", t.Name, line))
}

// queueTxn adds a row to the transaction block's writes.
func (l *copyLoader) queueTxn(row []types.Value) error {
	if l.ws == nil {
		l.ws = &writeSet{}
	}
	vals := append([]types.Value(nil), row...)
	l.ws.put(l.t, rowKey(l.x.sess.eng.store, l.t, vals, nil), vals, storage.ExpectAbsent, true)
	l.wsLines = append(l.wsLines, l.r.line)
	if len(l.ws.ops) >= copyTxnChunk {
		return l.flushTxn()
	}
	return nil
}

// flushTxn hands the queued rows to the transaction block.
func (l *copyLoader) flushTxn() error {
	if l.ws == nil || len(l.ws.ops) == 0 {
		return nil
	}
	if _, err := l.x.apply(l.ws); err != nil {
		return l.txnDuplicate(err)
	}
	l.ws = nil
	l.wsLines = l.wsLines[:0]
	return nil
}

// txnDuplicate adds the line to a duplicate-key error of a transaction
// chunk. The block's buffer reports the row only through the error's
// detail, so the row is found by it: the second row of the chunk with
// that key when there are two (a duplicate within the COPY), else the
// only one.
func (l *copyLoader) txnDuplicate(err error) error {
	pe := pgerr.From(err)
	if pe.Code != pgerr.UniqueViolation {
		return err
	}
	line, seen := int64(0), 0
	for i, op := range l.ws.ops {
		if pgerr.From(duplicateKeyError(l.t, op.vals)).Detail == pe.Detail {
			line = l.wsLines[i]
			if seen++; seen == 2 {
				break
			}
		}
	}
	return pe.WithWhere(fmt.Sprintf("COPY %s, line %d", l.t.Name, line))
}

// rollback deletes the rows of the batches this COPY already committed
// (autocommit mode). Rows are found by their commit seq; a row another
// session changed since no longer carries it and is left alone.
func (l *copyLoader) rollback() error {
	if len(l.seqs) == 0 {
		return nil
	}
	ours := make(map[uint64]bool, len(l.seqs))
	for _, s := range l.seqs {
		ours[s] = true
	}
	ctx := context.WithoutCancel(l.x.ctx)
	store := l.x.sess.eng.store
	l.x.resetSnapshot()
	var from []byte
	for {
		var del storage.Batch
		var next []byte
		sn, err := store.Snapshot()
		if err != nil {
			return err
		}
		err = sn.Scan(l.t.ID, from, nil, false, func(key []byte, seq uint64, _ []byte) (bool, error) {
			if !ours[seq] {
				return true, nil
			}
			if del.Len() == copyRollbackRows {
				next = append([]byte(nil), key...)
				return false, nil
			}
			del.Delete(l.t.ID, key, seq)
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
			l.seqs = nil
			return nil
		}
		from = next
	}
}

// checkHeader is HEADER MATCH: the header names the COPY's columns in order.
func (l *copyLoader) checkHeader(rec []byte) error {
	if err := checkUTF8(rec); err != nil {
		return l.atLine(err)
	}
	if err := l.f.split(rec); err != nil {
		return l.atLineText(err, rec)
	}
	targets := l.p.targets
	if n := len(l.f.ends); n != len(targets) {
		return l.atLineText(pgerr.New(pgerr.BadCopyFileFormat,
			"wrong number of fields in header line: got %d, expected %d", n, len(targets)), rec)
	}
	for i, col := range targets {
		want := l.t.Columns[col].Name
		got := string(l.f.field(i))
		switch {
		case l.f.null[i]:
			return l.atLineText(pgerr.New(pgerr.BadCopyFileFormat,
				"column name mismatch in header line field %d: got null value (%q), expected %q", i+1, l.p.opts.Null, want), rec)
		case got != want:
			return l.atLineText(pgerr.New(pgerr.BadCopyFileFormat,
				"column name mismatch in header line field %d: got %q, expected %q", i+1, got, want), rec)
		}
	}
	return nil
}

// streamError adds the line to an error of the data stream: a bad line
// end from the reader, or CopyFail.
func (l *copyLoader) streamError(err error) error {
	var le *copyLineError
	if errors.As(err, &le) {
		err = le.err
	}
	return l.atLine(err)
}

// atLine is PostgreSQL's context for errors about a line as a whole
// before it could be read: "COPY t, line 3".
func (l *copyLoader) atLine(err error) error {
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		return err // a broken connection, a cancelled context: no context to add
	}
	return pe.WithWhere(fmt.Sprintf("COPY %s, line %d", l.t.Name, l.r.line))
}

// atLineText is the context for errors about a row: the line as sent.
func (l *copyLoader) atLineText(err error, rec []byte) error {
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		return err
	}
	return pe.WithWhere(fmt.Sprintf("COPY %s, line %d: \"%s\"", l.t.Name, l.r.line, clipCopyData(rec)))
}

// atColumn is the context for a value its column's type rejects.
func (l *copyLoader) atColumn(err error, column, value string) error {
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		return err
	}
	return pe.WithWhere(fmt.Sprintf("COPY %s, line %d, column %s: \"%s\"", l.t.Name, l.r.line, column, clipCopyData([]byte(value))))
}

// clipCopyData shortens data shown in an error context to 100 bytes and
// "...", on a character boundary, as PostgreSQL does.
func clipCopyData(b []byte) string {
	const maxShown = 100
	if len(b) <= maxShown {
		return string(b)
	}
	n := maxShown
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + "..."
}
