package exec

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// How COPY FROM writes. A COPY is one statement: it succeeds whole or
// leaves nothing behind. Outside a transaction block copyWriter
// (copy_commit.go) commits the rows in bounded batches and deletes them
// again if the COPY fails; inside one, rows join the block's buffered
// writes (txn.go) in chunks of copyTxnChunk, so they commit or roll back
// with it, and a failed COPY fails the block as any failed statement does.
const copyTxnChunk = 4096

func (p *copyFromPlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	if err := x.checkTableAccess(p.table, true); err != nil {
		return "", err
	}
	part, err := x.partition(p.table, nil) // every row goes to the subject's partition
	if err != nil {
		return "", err
	}
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
		part:  part,
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
	l.w.init(x, t)
	n, err := l.load()
	if err != nil {
		if rerr := l.w.rollback(); rerr != nil {
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
	part  []byte // key prefix of the subject's partition (identity.go)
	r     copyReader
	f     copyFields
	inTxn bool
	row   []types.Value // the row being built: table columns, then hidden ones
	count int64

	// autocommit mode (copy_commit.go)
	w      copyWriter
	keyBuf []byte
	rowBuf []byte
	// transaction block mode
	ws       *writeSet
	wsLines  []int64
	wsExpect func(key []byte) uint64 // as copyWriter.expect, nil after each flush
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
	l.keyBuf = rowKey(l.x.sess.eng.store, t, row, append(l.keyBuf[:0], l.part...))
	l.rowBuf = types.AppendRow(l.rowBuf[:0], row[:len(t.Columns)])
	return l.w.put(l.keyBuf, l.rowBuf, l.r.line)
}

// flush writes the rows still queued.
func (l *copyLoader) flush() error {
	if l.inTxn {
		return l.flushTxn()
	}
	return l.w.finish()
}

// queueTxn adds a row to the transaction block's writes.
func (l *copyLoader) queueTxn(row []types.Value) error {
	if l.ws == nil {
		l.ws = &writeSet{}
	}
	if l.wsExpect == nil {
		expect, err := l.x.insertExpectation(l.t)
		if err != nil {
			return err
		}
		l.wsExpect = expect
	}
	vals := append([]types.Value(nil), row...)
	key := rowKey(l.x.sess.eng.store, l.t, vals, append([]byte(nil), l.part...))
	l.ws.put(l.t, key, vals, l.wsExpect(key), true)
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
	_, err := l.x.apply(l.ws)
	l.wsExpect = nil // apply may have reset the snapshot it read
	if err != nil {
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
