package exec

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func (p *insertPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	t := p.table
	if err := x.checkTableAccess(t, true); err != nil {
		return "", err
	}
	part, err := x.partition(t, nil)
	if err != nil {
		return "", err
	}
	ncol := len(t.Columns)
	var rows [][]types.Value
	addRow := func(vals []types.Value) error {
		if err := checkNotNull(t, vals); err != nil {
			return err
		}
		rows = append(rows, vals)
		return nil
	}
	for _, exprs := range p.values {
		vals := make([]types.Value, ncol+hiddenColumns)
		if err := project(x, exprs, nil, vals); err != nil {
			return "", err
		}
		if err := addRow(vals); err != nil {
			return "", err
		}
	}
	if p.source != nil {
		_, err := p.source.run(x, func(src []types.Value) error {
			vals := make([]types.Value, ncol+hiddenColumns)
			if err := project(x, p.defaults, nil, vals); err != nil {
				return err
			}
			for i, col := range p.sourceCols {
				v, err := types.CastIn(src[i], t.Columns[col].Type, false, nil, x.env.Format)
				if err != nil {
					return err
				}
				vals[col] = v
			}
			return addRow(vals)
		})
		if err != nil {
			return "", err
		}
	}
	ws := &writeSet{statement: "INSERT"}
	expect, err := x.insertExpectation(t)
	if err != nil {
		return "", err
	}
	for _, vals := range rows {
		key := rowKey(x.sess.eng.store, t, vals, append([]byte(nil), part...))
		ws.put(t, key, vals, expect(key), true)
	}
	seq, err := x.apply(ws)
	if err != nil {
		return "", err
	}
	if err := emitReturning(x, p.returning, rows, seq, emit); err != nil {
		return "", err
	}
	return "INSERT 0 " + strconv.Itoa(len(rows)), nil
}

func (p *updatePlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	t := p.table
	if t.Kind == catalog.KindStream {
		return "", pgerr.New(pgerr.FeatureNotSupported, "UPDATE is not supported for STREAM tables").
			WithHint("STREAM tables are append-only: INSERT a new row, or DELETE.")
	}
	part, err := x.partition(t, nil)
	if err != nil {
		return "", err
	}
	rows, seq, err := x.rewriteRows("UPDATE", t, p.access, p.filter, func(ws *writeSet, key []byte, row []types.Value) ([]types.Value, error) {
		next := append([]types.Value(nil), row...)
		for _, a := range p.set {
			v, err := a.value.Eval(&x.env, row)
			if err != nil {
				return nil, err
			}
			next[a.column] = v
		}
		if err := checkNotNull(t, next); err != nil {
			return nil, err
		}
		expect := expectFor(uint64(row[len(t.Columns)].I))
		oldKey := append([]byte(nil), key...)
		newKey := oldKey
		if t.HasPrimaryKey() {
			newKey = rowKey(nil, t, next, append([]byte(nil), part...))
		}
		if string(newKey) == string(oldKey) {
			ws.put(t, newKey, next, expect, false)
		} else {
			ws.del(t, oldKey, row, expect)
			ws.put(t, newKey, next, storage.ExpectAbsent, true)
		}
		return next, nil
	})
	if err != nil {
		return "", err
	}
	if err := emitReturning(x, p.returning, rows, seq, emit); err != nil {
		return "", err
	}
	return "UPDATE " + strconv.Itoa(len(rows)), nil
}

func (p *deletePlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	t := p.table
	rows, _, err := x.rewriteRows("DELETE", t, p.access, p.filter, func(ws *writeSet, key []byte, row []types.Value) ([]types.Value, error) {
		old := append([]types.Value(nil), row...)
		ws.del(t, append([]byte(nil), key...), old, expectFor(uint64(row[len(t.Columns)].I)))
		return old, nil
	})
	if err != nil {
		return "", err
	}
	// RETURNING of a DELETE shows the rows as they were.
	for _, row := range rows {
		if err := emitReturningRow(x, p.returning, row, emit); err != nil {
			return "", err
		}
	}
	return "DELETE " + strconv.Itoa(len(rows)), nil
}

// rewriteRows is the read-modify-write step of UPDATE and DELETE: change
// queues the writes for each row matching filter and returns the row to
// report.
//
// The matching rows are locked first (until the statement ends, or the
// transaction block if there is one) and then re-read at their latest
// version — the block's own pending write, else the latest committed row —
// so a concurrent change to the same row is never lost. Under REPEATABLE
// READ a row changed since the block's snapshot is a serialization
// failure (40001), as in PostgreSQL.
func (x *execution) rewriteRows(stmt string, t *catalog.Table, access *accessPath, filter *expr.Expr,
	change func(ws *writeSet, key []byte, row []types.Value) ([]types.Value, error)) ([][]types.Value, uint64, error) {
	if err := x.checkTableAccess(t, true); err != nil {
		return nil, 0, err
	}
	matches := func(row []types.Value) (bool, error) {
		if filter == nil {
			return true, nil
		}
		v, err := filter.Eval(&x.env, row)
		return err == nil && v.Bool(), err
	}
	keys, err := x.lockMatchingRows(t, access, matches)
	if err != nil || len(keys) == 0 {
		return nil, 0, err
	}
	latest, err := x.sess.eng.store.Snapshot()
	if err != nil {
		return nil, 0, err
	}
	ws := &writeSet{statement: stmt}
	var rows [][]types.Value
	row := make([]types.Value, len(t.Columns)+hiddenColumns)
	for _, k := range keys {
		found, err := x.latestRow(t, []byte(k), latest, row)
		if err != nil {
			latest.Close()
			return nil, 0, err
		}
		if !found {
			continue // deleted before we got the lock
		}
		if ok, err := matches(row); err != nil {
			latest.Close()
			return nil, 0, err
		} else if !ok {
			continue // changed so that it no longer matches
		}
		kept, err := change(ws, []byte(k), row)
		if err != nil {
			latest.Close()
			return nil, 0, err
		}
		rows = append(rows, kept)
	}
	latest.Close()
	if len(rows) == 0 {
		return nil, 0, nil
	}
	seq, err := x.apply(ws)
	if errors.Is(err, errRowChanged) {
		// Only possible if a writer bypassed the row locks.
		err = errSerialization
	}
	return rows, seq, err
}

var errSerialization = pgerr.New("40001", "could not serialize access due to concurrent update")

// lockMatchingRows finds the keys of the rows of t matching the statement's
// view, in key order, and locks them. Locks taken outside a transaction
// block are released when the statement ends.
func (x *execution) lockMatchingRows(t *catalog.Table, access *accessPath, matches func([]types.Value) (bool, error)) ([]string, error) {
	var keys []string
	err := x.scanTable(t, access, func(key []byte, row []types.Value) (bool, error) {
		ok, err := matches(row)
		if ok {
			keys = append(keys, string(key))
		}
		return err == nil, err
	})
	x.resetSnapshot()
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	sort.Strings(keys)
	return keys, x.lockRows(t, keys)
}

// lockRows locks keys of t for the statement's lock owner.
func (x *execution) lockRows(t *catalog.Table, keys []string) error {
	locks := &x.sess.eng.rowLocks
	owner, held := x.lockOwner()
	prefix := tableLockPrefix(t)
	timeout := x.sess.settings.duration("lock_timeout")
	for _, k := range keys {
		acquired, err := locks.lock(x.ctx, prefix+k, owner, timeout)
		if err != nil {
			return err
		}
		if acquired {
			*held = append(*held, prefix+k)
		}
	}
	return nil
}

// latestRow reads the version of a locked row this statement must work on
// into row: the transaction's own pending write if any, else the latest
// committed version (which, under REPEATABLE READ, must still be the one
// the transaction's snapshot sees).
func (x *execution) latestRow(t *catalog.Table, key []byte, latest *storage.Snapshot, row []types.Value) (bool, error) {
	if tx := x.sess.tx.w; tx != nil {
		if o := tx.overlay[t.ID]; o != nil {
			if pending, ok := o.rows[string(key)]; ok {
				if pending == nil {
					return false, nil
				}
				return true, decodeStoredRow(t, 0, pending, row)
			}
		}
	}
	seq, payload, found := latest.Get(t.ID, key)
	if tx := x.sess.tx.w; tx != nil && tx.snap != nil {
		snapSeq, _, inSnap := tx.snap.Get(t.ID, key)
		if found != inSnap || seq != snapSeq {
			return false, errSerialization
		}
	}
	if !found {
		return false, nil
	}
	return true, decodeStoredRow(t, seq, payload, row)
}

func tableLockPrefix(t *catalog.Table) string {
	return strconv.FormatUint(uint64(t.ID), 16) + ":"
}

// apply makes a statement's writes happen: committed durably at once in
// autocommit mode, or added to the open transaction's buffer.
func (x *execution) apply(ws *writeSet) (uint64, error) {
	// The read view must be gone before committing: bbolt may need to remap.
	x.resetSnapshot()
	if err := x.checkWritable(ws.statement); err != nil {
		return 0, err
	}
	if tx := x.sess.tx.w; tx != nil {
		return 0, x.bufferWrites(tx, ws)
	}
	seq, err := x.sess.eng.store.Commit(x.ctx, &ws.batch)
	if err == nil {
		return seq, nil
	}
	err = storageError(err)
	var conflict *storage.ConflictError
	if !errors.As(err, &conflict) {
		return 0, err
	}
	op := ws.ops[conflict.Op]
	if op.insert && conflict.Exists {
		return 0, duplicateKeyError(op.table, op.vals)
	}
	if op.insert {
		// An insert over an expired STREAM row finds it gone when the
		// eviction job deleted it meanwhile; retrying succeeds.
		return 0, errSerialization
	}
	return 0, errRowChanged
}

// insertExpectation returns, for t, the storage expectation of an INSERT
// of a key: ExpectAbsent, except over an expired STREAM row, which the
// insert replaces (expecting its seq, so a row written meanwhile still
// fails as a duplicate). Expired rows are invisible but stay stored until
// the eviction job deletes them, and must not block their key.
func (x *execution) insertExpectation(t *catalog.Table) (func(key []byte) uint64, error) {
	cutoff := ttlCutoff(t, time.Now())
	if cutoff.IsZero() {
		return func([]byte) uint64 { return storage.ExpectAbsent }, nil
	}
	snap, err := x.snapshot()
	if err != nil {
		return nil, err
	}
	var own map[string][]byte
	if tx := x.sess.tx.w; tx != nil && tx.overlay[t.ID] != nil {
		own = tx.overlay[t.ID].rows
	}
	return func(key []byte) uint64 {
		if _, mine := own[string(key)]; mine {
			// The transaction's own earlier write of the key comes first
			// in its batch and decides; bufferWrites checks duplicates.
			return storage.ExpectAbsent
		}
		if seq, _, ok := snap.Get(t.ID, key); ok && expired(cutoff, seq) {
			return seq
		}
		return storage.ExpectAbsent
	}, nil
}

// bufferWrites adds a statement's writes to the transaction. New keys are
// checked against committed rows and the transaction's own rows now, so a
// duplicate fails the statement as in PostgreSQL rather than the COMMIT.
func (x *execution) bufferWrites(tx *txn, ws *writeSet) error {
	snap, err := x.snapshot()
	if err != nil {
		return err
	}
	defer x.resetSnapshot()
	seen := map[string]bool{}
	for _, op := range ws.ops {
		if !op.insert {
			continue
		}
		id := string(op.key) + "\x00" + strconv.FormatUint(uint64(op.table.ID), 10)
		pending, inTx := tx.tableOverlay(op.table.ID).rows[string(op.key)]
		seq, _, stored := snap.Get(op.table.ID, op.key)
		stored = stored && !expired(ttlCutoff(op.table, time.Now()), seq)
		if seen[id] || (inTx && pending != nil) || (!inTx && stored) {
			return duplicateKeyError(op.table, op.vals)
		}
		seen[id] = true
	}
	for i := range ws.ops {
		op := &ws.ops[i]
		if !op.delete {
			op.payload = types.AppendRow(nil, op.vals[:len(op.table.Columns)])
		}
		o := tx.tableOverlay(op.table.ID)
		o.rows[string(op.key)] = op.payload
		o.sorted = nil
	}
	tx.batch.Append(&ws.batch)
	tx.ops = append(tx.ops, ws.ops...)
	return nil
}

func emitReturning(x *execution, r *returning, rows [][]types.Value, seq uint64, emit func([]types.Value) error) error {
	if r == nil {
		return nil
	}
	for _, row := range rows {
		ncol := len(row) - hiddenColumns
		if seq != 0 {
			row[ncol] = types.NewInt8(int64(seq))
		}
		row[ncol+1] = types.NewBool(false)
		if err := emitReturningRow(x, r, row, emit); err != nil {
			return err
		}
	}
	return nil
}

func emitReturningRow(x *execution, r *returning, row []types.Value, emit func([]types.Value) error) error {
	if r == nil {
		return nil
	}
	out := make([]types.Value, len(r.exprs))
	if err := project(x, r.exprs, row, out); err != nil {
		return err
	}
	return emit(out)
}

// checkNotNull enforces NOT NULL before anything is written.
func checkNotNull(t *catalog.Table, vals []types.Value) error {
	for i, c := range t.Columns {
		if (c.NotNull || t.IsKeyColumn(i)) && vals[i].IsNull() {
			return pgerr.New(pgerr.NotNullViolation,
				"null value in column %q of relation %q violates not-null constraint", c.Name, t.Name).
				WithDetail("Failing row contains "+formatRow(vals[:len(t.Columns)])+".").
				WithTable(t.Namespace, t.Name).WithColumn(c.Name)
		}
	}
	return nil
}

// duplicateKeyError is PostgreSQL's 23505 for a primary-key collision.
func duplicateKeyError(t *catalog.Table, vals []types.Value) error {
	names := make([]string, len(t.PrimaryKey))
	key := make([]types.Value, len(t.PrimaryKey))
	for i, col := range t.PrimaryKey {
		names[i] = t.Columns[col].Name
		key[i] = vals[col]
	}
	return pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint %q", t.PrimaryKeyName()).
		WithDetail("Key ("+strings.Join(names, ", ")+")="+formatRow(key)+" already exists.").
		WithTable(t.Namespace, t.Name).WithConstraint(t.PrimaryKeyName())
}

// formatRow prints values the way PostgreSQL's error details do: (1, null, abc).
func formatRow(vals []types.Value) string {
	var b []byte
	b = append(b, '(')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		if v.IsNull() {
			b = append(b, "null"...)
		} else {
			b = types.AppendText(b, v, types.Type{Kind: v.K, Mod: -1})
		}
	}
	return string(append(b, ')'))
}

// errRowChanged means a row this statement read was changed by another
// session before the statement committed.
var errRowChanged = errors.New("row changed concurrently")
