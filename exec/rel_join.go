package exec

import (
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// joinRel joins two rels. Rows are the left columns followed by the right
// columns. The right side is materialised once per scan (or re-scanned for
// every left row when it is LATERAL); equality terms of ON between the two
// sides become a hash lookup, and ON is still checked on every candidate.
type joinRel struct {
	left, right rel
	kind        string     // "inner", "left", "right", "full", "cross"
	on          *expr.Expr // over left+right columns; nil = true
	lateral     bool       // right reads the current left row through env.Outer
	// leftKeys[i] = rightKeys[i] are equality terms usable for hashing.
	leftKeys, rightKeys []*expr.Expr
	cols                []relCol
}

func (j *joinRel) columns() []relCol { return j.cols }

func (j *joinRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	nl, nr := len(j.left.columns()), len(j.right.columns())
	combined := make([]types.Value, nl+nr)
	nullRight := make([]types.Value, nr)
	emitRightUnmatched := j.kind == "right" || j.kind == "full"

	var right [][]types.Value
	var index map[string][]int
	var rightMatched []bool
	if !j.lateral {
		var err error
		if right, err = materialize(x, j.right); err != nil {
			return err
		}
		rightMatched = make([]bool, len(right))
		if len(j.rightKeys) > 0 {
			if index, err = j.buildIndex(x, right); err != nil {
				return err
			}
		}
	}

	var key []byte
	err := j.left.scan(x, func(lrow []types.Value) (bool, error) {
		copy(combined, lrow)
		matched := false
		try := func(i int, rrow []types.Value) (bool, error) {
			copy(combined[nl:], rrow)
			if j.on != nil {
				v, err := j.on.Eval(&x.env, combined)
				if err != nil || !v.Bool() {
					return err == nil, err
				}
			}
			matched = true
			if i >= 0 {
				rightMatched[i] = true
			}
			return emit(combined)
		}
		if j.lateral {
			x.env.Outer = append(x.env.Outer, lrow)
			lcopy := append([]types.Value(nil), lrow...)
			err := j.right.scan(x, func(rrow []types.Value) (bool, error) {
				copy(combined, lcopy)
				return try(-1, rrow)
			})
			x.env.Outer = x.env.Outer[:len(x.env.Outer)-1]
			if err != nil {
				return false, err
			}
		} else if index != nil {
			var ok bool
			var err error
			if key, ok, err = groupKeyOf(x, j.leftKeys, lrow, key[:0]); err != nil {
				return false, err
			}
			if ok {
				for _, i := range index[string(key)] {
					if more, err := try(i, right[i]); !more || err != nil {
						return more, err
					}
				}
			}
		} else {
			for i, rrow := range right {
				if more, err := try(i, rrow); !more || err != nil {
					return more, err
				}
			}
		}
		if !matched && (j.kind == "left" || j.kind == "full") {
			copy(combined, lrow)
			copy(combined[nl:], nullRight)
			return emit(combined)
		}
		return true, nil
	})
	if err != nil || !emitRightUnmatched {
		return err
	}
	for i, rrow := range right {
		if rightMatched[i] {
			continue
		}
		for k := 0; k < nl; k++ {
			combined[k] = types.NullValue
		}
		copy(combined[nl:], rrow)
		if more, err := emit(combined); !more || err != nil {
			return err
		}
	}
	return nil
}

// buildIndex hashes the right rows by their join keys. Rows with a NULL
// key never match an equality and are left out.
func (j *joinRel) buildIndex(x *execution, right [][]types.Value) (map[string][]int, error) {
	index := make(map[string][]int, len(right))
	var key []byte
	for i, row := range right {
		var ok bool
		var err error
		if key, ok, err = groupKeyOf(x, j.rightKeys, row, key[:0]); err != nil {
			return nil, err
		}
		if ok {
			index[string(key)] = append(index[string(key)], i)
		}
	}
	return index, nil
}

// groupKeyOf evaluates key expressions over row; ok is false when one is NULL.
func groupKeyOf(x *execution, keys []*expr.Expr, row []types.Value, buf []byte) ([]byte, bool, error) {
	for _, k := range keys {
		v, err := k.Eval(&x.env, row)
		if err != nil || v.IsNull() {
			return buf, false, err
		}
		buf = types.AppendGroupKey(buf, v)
	}
	return buf, true, nil
}

// materialize copies every row of a rel.
func materialize(x *execution, r rel) ([][]types.Value, error) {
	var rows [][]types.Value
	err := r.scan(x, func(row []types.Value) (bool, error) {
		rows = append(rows, append([]types.Value(nil), row...))
		return true, nil
	})
	return rows, err
}
