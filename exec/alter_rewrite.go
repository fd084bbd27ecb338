package exec

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// commit checks the table's existing rows against the new definition and
// queues the definition, and when the row layout or key changed every
// row, into ch. Rows are streamed from one storage snapshot straight into
// ch's batch: memory is the batch itself (about the table's size) plus,
// for a new primary key, its encoded keys for the uniqueness check.
//
// Errors follow PostgreSQL's order for ADD PRIMARY KEY: a duplicated key
// (23505, NULL keys never collide) is reported before a NULL in a NOT NULL
// column (23502).
func (a *alteration) commit(x *execution, ch *catalog.Change) error {
	rewrite := a.relayout || a.rekey
	if !rewrite && len(a.verify) == 0 {
		return ch.AlterTable(a.old, a.next, false)
	}
	fills, err := a.compileFills()
	if err != nil {
		return err
	}
	if rewrite {
		// Assigns next its fresh storage table, which the rows go into.
		if err := ch.AlterTable(a.old, a.next, true); err != nil {
			return err
		}
	}
	snap, err := x.sess.eng.store.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()

	old, next := a.old, a.next
	checkKeys := a.rekey && next.HasPrimaryKey()
	var keys keySet
	nullCol := -1 // first column of a.verify found NULL
	oldRow := make([]types.Value, len(old.Columns)+hiddenColumns)
	newRow := make([]types.Value, len(next.Columns))
	var keyBuf, payload []byte
	n := 0
	err = snap.Scan(old.ID, nil, nil, false, func(key []byte, seq uint64, stored []byte) (bool, error) {
		if n++; n&1023 == 0 {
			if err := x.checkCancel(); err != nil {
				return false, err
			}
		}
		if err := a.project(x, fills, seq, stored, oldRow, newRow); err != nil {
			return false, err
		}
		if nullCol < 0 {
			for _, i := range a.verify {
				if newRow[i].IsNull() {
					nullCol = i
					break
				}
			}
		}
		if nullCol >= 0 && !checkKeys {
			return false, nil // the first NULL decides; only a duplicate key would outrank it
		}
		if !rewrite {
			return true, nil
		}
		if a.rekey {
			if checkKeys && hasNullKey(next, newRow) {
				return true, nil // fails NOT NULL below; a NULL never collides
			}
			keyBuf = rowKey(x.sess.eng.store, next, newRow, append(keyBuf[:0], keyPartition(old, key)...))
			key = keyBuf
			if checkKeys {
				keys.add(key)
			}
		}
		payload = types.AppendRow(payload[:0], newRow)
		ch.Batch.Put(next.ID, key, payload, storage.ExpectAny)
		return true, nil
	})
	if err != nil {
		return err
	}
	if dup, ok := keys.duplicate(); ok {
		return a.duplicateError(x, snap, fills, dup)
	}
	if nullCol >= 0 {
		col := next.Columns[nullCol].Name
		return pgerr.New(pgerr.NotNullViolation, "column \"%s\" of relation \"%s\" contains null values", col, next.Name).
			WithTable(next.Namespace, next.Name).WithColumn(col)
	}
	if !rewrite {
		return ch.AlterTable(old, next, false)
	}
	return checkUnchanged(x, old, snap.LastSeq(), n)
}

// checkUnchanged fails with 40001 when a write to t committed after the
// snapshot (last commit seq since) that the rewrite read its rows from
// (seen rows). Without it, such a write would vanish with t's old storage.
// DML takes no table lock, so a write committing between this check and
// the ALTER's own commit still can; the window is the length of one
// commit instead of the whole scan.
func checkUnchanged(x *execution, t *catalog.Table, since uint64, seen int) error {
	snap, err := x.sess.eng.store.Snapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	if snap.LastSeq() == since {
		return nil
	}
	rows, changed := 0, false
	err = snap.Scan(t.ID, nil, nil, false, func(_ []byte, seq uint64, _ []byte) (bool, error) {
		rows++
		changed = seq > since
		return !changed, nil
	})
	if err != nil {
		return err
	}
	if changed || rows != seen {
		return pgerr.New("40001", "could not serialize access due to concurrent update").
			WithDetail(fmt.Sprintf("Rows of table \"%s\" changed while ALTER TABLE rewrote them.", t.Name)).
			WithHint("Retry the ALTER TABLE.")
	}
	return nil
}

// compileFills compiles the DEFAULT existing rows get for each added
// column (nil: NULL).
func (a *alteration) compileFills() ([]*expr.Expr, error) {
	fills := make([]*expr.Expr, len(a.fill))
	for i, def := range a.fill {
		if a.source[i] >= 0 || def == "" {
			continue
		}
		parsed, err := parseDefault(def)
		if err != nil {
			return nil, err
		}
		if fills[i], err = expr.CompileAs(parsed, a.next.Columns[i].Type, &expr.Scope{}, &expr.Params{}); err != nil {
			return nil, err
		}
	}
	return fills, nil
}

// project decodes a stored row of the old definition into oldRow and
// builds its values under the new one in newRow. A volatile DEFAULT is
// evaluated per row, as PostgreSQL's table rewrite does.
func (a *alteration) project(x *execution, fills []*expr.Expr, seq uint64, stored []byte, oldRow, newRow []types.Value) error {
	if err := decodeStoredRow(a.old, seq, stored, oldRow); err != nil {
		return err
	}
	for i, src := range a.source {
		switch {
		case src >= 0:
			newRow[i] = oldRow[src]
		case fills[i] != nil:
			v, err := fills[i].Eval(&x.env, nil)
			if err != nil {
				return err
			}
			newRow[i] = v
		default:
			newRow[i] = types.NullValue
		}
	}
	return nil
}

func hasNullKey(t *catalog.Table, row []types.Value) bool {
	for _, col := range t.PrimaryKey {
		if row[col].IsNull() {
			return true
		}
	}
	return false
}

// duplicateError is PostgreSQL's error for a key that occurs twice when
// the key's index is built. The key's values are found again by scanning
// for its encoding (the error path may be slow; the happy path keeps only
// encoded keys).
func (a *alteration) duplicateError(x *execution, snap *storage.Snapshot, fills []*expr.Expr, dup []byte) error {
	next := a.next
	name := next.PrimaryKeyName()
	e := pgerr.New(pgerr.UniqueViolation, "could not create unique index \"%s\"", name).
		WithTable(next.Namespace, next.Name).WithConstraint(name)
	oldRow := make([]types.Value, len(a.old.Columns)+hiddenColumns)
	newRow := make([]types.Value, len(next.Columns))
	var keyBuf []byte
	err := snap.Scan(a.old.ID, nil, nil, false, func(key []byte, seq uint64, stored []byte) (bool, error) {
		if err := a.project(x, fills, seq, stored, oldRow, newRow); err != nil {
			return false, err
		}
		if hasNullKey(next, newRow) {
			return true, nil
		}
		keyBuf = rowKey(nil, next, newRow, append(keyBuf[:0], keyPartition(a.old, key)...))
		if !bytes.Equal(keyBuf, dup) {
			return true, nil
		}
		names := make([]string, len(next.PrimaryKey))
		vals := make([]types.Value, len(next.PrimaryKey))
		for k, col := range next.PrimaryKey {
			names[k], vals[k] = next.Columns[col].Name, newRow[col]
		}
		e = e.WithDetail("Key (" + strings.Join(names, ", ") + ")=" + formatRow(vals) + " is duplicated.")
		return false, nil
	})
	if err != nil {
		return err
	}
	return e
}

// keySet collects encoded keys in one arena to find a duplicate by
// sorting: about 12 bytes per key beyond the key itself, and no per-key
// allocation, so a million-row table costs a few tens of megabytes.
type keySet struct {
	arena []byte
	ends  []int // ends[i] is where key i ends in arena
}

func (s *keySet) add(key []byte) {
	s.arena = append(s.arena, key...)
	s.ends = append(s.ends, len(s.arena))
}

func (s *keySet) key(i int32) []byte {
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.arena[start:s.ends[i]]
}

// duplicate returns the smallest key that occurs more than once.
func (s *keySet) duplicate() ([]byte, bool) {
	if len(s.ends) < 2 {
		return nil, false
	}
	order := make([]int32, len(s.ends))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int { return bytes.Compare(s.key(i), s.key(j)) })
	for k := 1; k < len(order); k++ {
		if prev := s.key(order[k-1]); bytes.Equal(prev, s.key(order[k])) {
			return prev, true
		}
	}
	return nil, false
}
