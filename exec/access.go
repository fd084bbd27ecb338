package exec

import (
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

// accessPath narrows a table scan using primary-key predicates of the
// WHERE clause: equality on a prefix of the key columns, then at most one
// range on the next key column. The full WHERE filter still runs on every
// row, so a path only has to be a superset of the matching rows.
type accessPath struct {
	eq      []*expr.Expr // bounds for key columns 0..len(eq)-1, already cast to the column type
	lo, hi  *expr.Expr   // range on key column len(eq); nil = open
	loIncl  bool
	hiIncl  bool
	reverse bool // scan in descending key order (ORDER BY key DESC)
}

// chooseAccessPath inspects the top-level AND terms of where.
func (p *planner) chooseAccessPath(t *catalog.Table, scope *expr.Scope, where ast.Expr) *accessPath {
	path := &accessPath{}
	if !t.HasPrimaryKey() || where == nil {
		return path
	}
	type bound struct {
		op    string
		value ast.Expr
	}
	bounds := make([][]bound, len(t.PrimaryKey))
	keyPos := func(e ast.Expr) int {
		ref, ok := e.(*ast.ColumnRef)
		if !ok {
			return -1
		}
		idx := resolveColumn(scope, ref)
		for pos, col := range t.PrimaryKey {
			if col == idx {
				return pos
			}
		}
		return -1
	}
	for _, term := range conjuncts(where) {
		switch n := term.(type) {
		case *ast.BinaryOp:
			op := n.Op
			if pos := keyPos(n.Left); pos >= 0 {
				bounds[pos] = append(bounds[pos], bound{op, n.Right})
			} else if pos := keyPos(n.Right); pos >= 0 {
				bounds[pos] = append(bounds[pos], bound{flipComparison(op), n.Left})
			}
		case *ast.Between:
			if pos := keyPos(n.Operand); pos >= 0 && !n.Not {
				bounds[pos] = append(bounds[pos], bound{">=", n.Low}, bound{"<=", n.High})
			}
		}
	}
	for pos, col := range t.PrimaryKey {
		colType := t.Columns[col].Type
		var eq *expr.Expr
		for _, b := range bounds[pos] {
			if b.op == "=" {
				if eq = p.keyBound(colType, b.value); eq != nil {
					break
				}
			}
		}
		if eq != nil {
			path.eq = append(path.eq, eq)
			continue
		}
		for _, b := range bounds[pos] {
			switch b.op {
			case ">", ">=":
				if path.lo == nil {
					if e := p.keyBound(colType, b.value); e != nil {
						path.lo, path.loIncl = e, b.op == ">="
					}
				}
			case "<", "<=":
				if path.hi == nil {
					if e := p.keyBound(colType, b.value); e != nil {
						path.hi, path.hiIncl = e, b.op == "<="
					}
				}
			}
		}
		break
	}
	return path
}

// keyBound compiles a constant or parameter compared with a key column
// when converting it to the column type cannot change which rows match.
func (p *planner) keyBound(colType types.Type, e ast.Expr) *expr.Expr {
	switch e.(type) {
	case *ast.Const, *ast.Param:
	default:
		return nil
	}
	probe, err := expr.Compile(e, &expr.Scope{}, p.params)
	if err != nil {
		return nil
	}
	k, ck := probe.Type.Kind, colType.Kind
	lossless := k == ck || k == types.KindUnknown ||
		(k.IsInteger() && ck.IsInteger()) || (k.IsString() && ck.IsString())
	if !lossless {
		return nil
	}
	bound, err := expr.CompileAs(e, colType, &expr.Scope{}, p.params)
	if err != nil {
		return nil
	}
	return bound
}

// keyRange evaluates the path into storage bounds inside the key
// partition part (nil for SHARED tables). ok is false when the
// bounds cannot match anything (a NULL bound); fallback is true when a
// bound could not be converted and the scan must cover the whole table.
func (a *accessPath) keyRange(x *execution, part []byte) (lo, hi []byte, ok, fallback bool) {
	prefix := append([]byte(nil), part...)
	for _, e := range a.eq {
		v, err := e.Eval(&x.env, nil)
		if err != nil {
			return nil, nil, true, true
		}
		if v.IsNull() {
			return nil, nil, false, false
		}
		prefix = types.AppendKey(prefix, v)
	}
	lo = append([]byte(nil), prefix...)
	hi = prefixEnd(prefix)
	if a.lo != nil {
		v, err := a.lo.Eval(&x.env, nil)
		if err != nil {
			return nil, nil, true, true
		}
		if v.IsNull() {
			return nil, nil, false, false
		}
		k := types.AppendKey(append([]byte(nil), prefix...), v)
		if a.loIncl {
			lo = k
		} else {
			lo = prefixEnd(k)
		}
	}
	if a.hi != nil {
		v, err := a.hi.Eval(&x.env, nil)
		if err != nil {
			return nil, nil, true, true
		}
		if v.IsNull() {
			return nil, nil, false, false
		}
		k := types.AppendKey(append([]byte(nil), prefix...), v)
		if a.hiIncl {
			hi = prefixEnd(k)
		} else {
			hi = k
		}
	}
	return lo, hi, true, false
}

// prefixEnd returns the smallest key greater than every key starting with
// prefix, or nil (unbounded) when there is none.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// scanTable visits the rows of t selected by path, decoded into a reused
// row of len(t.Columns)+hiddenColumns values. fn returns false to stop.
func (x *execution) scanTable(t *catalog.Table, path *accessPath, fn func(key []byte, row []types.Value) (bool, error)) error {
	snap, err := x.snapshot()
	if err != nil {
		return err
	}
	if err := x.checkTableAccess(t, false); err != nil {
		return err
	}
	// Every bound lies inside the subject's partition of a USER or STREAM
	// table; an unbounded side becomes the partition's own end.
	part, err := x.partition(t, nil)
	if err != nil {
		return err
	}
	var lo, hi []byte
	if path != nil {
		var ok, fallback bool
		lo, hi, ok, fallback = path.keyRange(x, part)
		if !ok {
			return nil
		}
		if fallback {
			lo, hi = nil, nil
		}
	}
	if len(part) > 0 {
		if lo == nil {
			lo = part
		}
		if hi == nil {
			hi = prefixEnd(part)
		}
	}
	cutoff := ttlCutoff(t, time.Now())
	row := make([]types.Value, len(t.Columns)+hiddenColumns)
	n := 0
	reverse := path != nil && path.reverse
	visit := func(key []byte, seq uint64, payload []byte) (bool, error) {
		if n++; n&1023 == 0 {
			if err := x.checkCancel(); err != nil {
				return false, err
			}
		}
		if expired(cutoff, seq) {
			return true, nil
		}
		if err := decodeStoredRow(t, seq, payload, row); err != nil {
			return false, err
		}
		return fn(key, row)
	}
	scan := func(fn func(key []byte, seq uint64, payload []byte) (bool, error)) error {
		return storageError(snap.Scan(t.ID, lo, hi, reverse, fn))
	}
	if tx := x.sess.tx.w; tx != nil && tx.overlay[t.ID] != nil {
		return mergeOverlay(tx.overlay[t.ID], lo, hi, reverse, scan, visit)
	}
	return scan(visit)
}

// decodeStoredRow fills row (len(t.Columns)+hiddenColumns) from a stored payload.
func decodeStoredRow(t *catalog.Table, seq uint64, payload []byte, row []types.Value) error {
	ncol := len(t.Columns)
	vals, err := types.DecodeRow(payload, row[:0:ncol])
	if err != nil {
		return err
	}
	for i := len(vals); i < ncol; i++ {
		row[i] = types.NullValue // column added after the row was written
	}
	row[ncol] = types.NullValue // a row of this transaction has no seq yet
	if seq != 0 {
		row[ncol] = types.NewInt8(int64(seq))
	}
	row[ncol+1] = types.NewBool(false)
	return nil
}

// rowKey builds the storage key of a row from its primary-key values, or
// from a fresh hidden row id for tables without a primary key.
func rowKey(store *storage.Store, t *catalog.Table, row []types.Value, buf []byte) []byte {
	if !t.HasPrimaryKey() {
		return types.AppendKey(buf, types.NewInt8(store.NextID()))
	}
	for _, col := range t.PrimaryKey {
		buf = types.AppendKey(buf, row[col])
	}
	return buf
}

// conjuncts splits a WHERE clause into its top-level AND terms.
func conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := e.(*ast.BinaryOp); ok && b.Op == "AND" {
		return append(conjuncts(b.Left), conjuncts(b.Right)...)
	}
	return []ast.Expr{e}
}

func flipComparison(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

// resolveColumn finds a column reference in scope, or -1 when it is absent
// or ambiguous (the expression compiler reports those errors).
func resolveColumn(scope *expr.Scope, ref *ast.ColumnRef) int {
	found := -1
	for i, c := range scope.Columns {
		if c.Name == ref.Column && (ref.Table == "" || ref.Table == c.Table) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}
