package exec

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// maxWriteRetries bounds how often an UPDATE/DELETE re-reads its rows after
// another session changed one of them between the read and the commit.
const maxWriteRetries = 100

// pendingRow is a row a statement is about to write, kept for RETURNING
// and for error messages.
type pendingRow struct {
	key  []byte
	vals []types.Value // table columns + hidden columns
}

func (p *insertPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	t := p.table
	var rows []pendingRow
	addRow := func(vals []types.Value) error {
		if err := checkNotNull(t, vals); err != nil {
			return err
		}
		rows = append(rows, pendingRow{vals: vals})
		return nil
	}
	ncol := len(t.Columns)
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
				v, err := types.Cast(src[i], t.Columns[col].Type, false)
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
	// The read view must be gone before committing (bbolt remaps need it).
	x.resetSnapshot()
	batch := &storage.Batch{}
	var buf []byte
	for i := range rows {
		rows[i].key = rowKey(x.sess.eng.store, t, rows[i].vals, nil)
		buf = types.AppendRow(buf[:0], rows[i].vals[:ncol])
		batch.Put(t.ID, rows[i].key, buf, storage.ExpectAbsent)
	}
	seq, err := x.sess.eng.store.Commit(x.ctx, batch)
	if err != nil {
		return "", writeError(err, t, func(op int) []types.Value { return rows[op].vals })
	}
	if err := emitReturning(x, p.returning, rows, seq, emit); err != nil {
		return "", err
	}
	return "INSERT 0 " + strconv.Itoa(len(rows)), nil
}

func (p *updatePlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	t := p.table
	ncol := len(t.Columns)
	for attempt := 0; ; attempt++ {
		x.resetSnapshot()
		batch := &storage.Batch{}
		var rows []pendingRow
		var opRows []int    // batch op index → rows index
		var opInsert []bool // batch op index → the op must create a new key
		var buf []byte
		err := x.scanTable(t, p.access, func(key []byte, row []types.Value) (bool, error) {
			if p.filter != nil {
				v, err := p.filter.Eval(&x.env, row)
				if err != nil || !v.Bool() {
					return err == nil, err
				}
			}
			seq := uint64(row[ncol].I)
			next := append([]types.Value(nil), row...)
			for _, a := range p.set {
				v, err := a.value.Eval(&x.env, row)
				if err != nil {
					return false, err
				}
				next[a.column] = v
			}
			if err := checkNotNull(t, next); err != nil {
				return false, err
			}
			newKey := append([]byte(nil), key...)
			if t.HasPrimaryKey() {
				newKey = rowKey(nil, t, next, nil)
			}
			buf = types.AppendRow(buf[:0], next[:ncol])
			if string(newKey) == string(key) {
				batch.Put(t.ID, newKey, buf, seq)
				opRows = append(opRows, len(rows))
				opInsert = append(opInsert, false)
			} else {
				batch.Delete(t.ID, append([]byte(nil), key...), seq)
				batch.Put(t.ID, newKey, buf, storage.ExpectAbsent)
				opRows = append(opRows, len(rows), len(rows))
				opInsert = append(opInsert, false, true)
			}
			rows = append(rows, pendingRow{key: newKey, vals: next})
			return true, nil
		})
		if err != nil {
			return "", err
		}
		x.resetSnapshot()
		if len(rows) == 0 {
			return "UPDATE 0", nil
		}
		seq, err := x.sess.eng.store.Commit(x.ctx, batch)
		if retry, err := retryable(err, attempt, func(op int) bool { return opInsert[op] }); retry {
			continue
		} else if err != nil {
			return "", writeError(err, t, func(op int) []types.Value { return rows[opRows[op]].vals })
		}
		if err := emitReturning(x, p.returning, rows, seq, emit); err != nil {
			return "", err
		}
		return "UPDATE " + strconv.Itoa(len(rows)), nil
	}
}

func (p *deletePlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	t := p.table
	ncol := len(t.Columns)
	for attempt := 0; ; attempt++ {
		x.resetSnapshot()
		batch := &storage.Batch{}
		var rows []pendingRow
		err := x.scanTable(t, p.access, func(key []byte, row []types.Value) (bool, error) {
			if p.filter != nil {
				v, err := p.filter.Eval(&x.env, row)
				if err != nil || !v.Bool() {
					return err == nil, err
				}
			}
			k := append([]byte(nil), key...)
			batch.Delete(t.ID, k, uint64(row[ncol].I))
			rows = append(rows, pendingRow{key: k, vals: append([]types.Value(nil), row...)})
			return true, nil
		})
		if err != nil {
			return "", err
		}
		x.resetSnapshot()
		if len(rows) == 0 {
			return "DELETE 0", nil
		}
		_, err = x.sess.eng.store.Commit(x.ctx, batch)
		if retry, err := retryable(err, attempt, func(int) bool { return false }); retry {
			continue
		} else if err != nil {
			return "", err
		}
		// RETURNING of a DELETE shows the rows as they were.
		for i := range rows {
			if err := emitReturningRow(x, p.returning, rows[i].vals, emit); err != nil {
				return "", err
			}
		}
		return "DELETE " + strconv.Itoa(len(rows)), nil
	}
}

// retryable reports whether a commit failed only because a row changed
// after this statement read it; then the statement re-reads and tries
// again, so concurrent `x = x + 1` updates never lose one.
func retryable(err error, attempt int, isInsert func(op int) bool) (bool, error) {
	var conflict *storage.ConflictError
	if err == nil || !errors.As(err, &conflict) {
		return false, err
	}
	if isInsert(conflict.Op) {
		return false, err // a new key collided: a real duplicate
	}
	if attempt >= maxWriteRetries {
		return false, pgerr.New("40001", "could not serialize access due to concurrent update")
	}
	return true, nil
}

func emitReturning(x *execution, r *returning, rows []pendingRow, seq uint64, emit func([]types.Value) error) error {
	if r == nil {
		return nil
	}
	ncol := len(rows[0].vals) - hiddenColumns
	for i := range rows {
		rows[i].vals[ncol] = types.NewInt8(int64(seq))
		rows[i].vals[ncol+1] = types.NewBool(false)
		if err := emitReturningRow(x, r, rows[i].vals, emit); err != nil {
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
				WithDetail("Failing row contains " + formatRow(vals[:len(t.Columns)]) + ".")
		}
	}
	return nil
}

// writeError turns a storage conflict on a new key into 23505.
func writeError(err error, t *catalog.Table, rowOf func(op int) []types.Value) error {
	var conflict *storage.ConflictError
	if !errors.As(err, &conflict) {
		return err
	}
	vals := rowOf(conflict.Op)
	names := make([]string, len(t.PrimaryKey))
	key := make([]types.Value, len(t.PrimaryKey))
	for i, col := range t.PrimaryKey {
		names[i] = t.Columns[col].Name
		key[i] = vals[col]
	}
	return pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint %q", t.PrimaryKeyName()).
		WithDetail("Key (" + strings.Join(names, ", ") + ")=" + formatRow(key) + " already exists.")
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
