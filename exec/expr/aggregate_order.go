package expr

import (
	"slices"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// orderKey is one compiled ORDER BY term of an aggregate call, e.g.
// string_agg(name, ',' ORDER BY name DESC).
type orderKey struct {
	x          *Expr
	desc       bool
	nullsFirst bool
	cmp        func(a, b types.Value) int
}

// orderKeys compiles ORDER BY terms with PostgreSQL's defaults: NULLs sort
// last ascending and first descending.
func (c *compiler) orderKeys(items []ast.OrderItem) ([]orderKey, error) {
	if len(items) == 0 {
		return nil, nil
	}
	keys := make([]orderKey, len(items))
	for i, it := range items {
		x, err := c.compile(it.Expr)
		if err != nil {
			return nil, err
		}
		if x, err = c.textIfUnknown(x); err != nil {
			return nil, err
		}
		_, _, cmp, err := c.comparator("<", x, x, x.loc)
		if err != nil {
			return nil, err
		}
		nullsFirst := it.Desc
		if it.NullsFirst != nil {
			nullsFirst = *it.NullsFirst
		}
		keys[i] = orderKey{x: x, desc: it.Desc, nullsFirst: nullsFirst, cmp: cmp}
	}
	return keys, nil
}

// sortBuffer holds an ordered aggregate's rows until its result is needed.
type sortBuffer struct {
	rows   []sortRow
	sorted int // rows[:sorted] are in order
}

type sortRow struct {
	vals []types.Value // the aggregate's argument values
	keys []types.Value // the ORDER BY values
}

func (b *sortBuffer) add(env *Env, row []types.Value, keys []orderKey, vals []types.Value) error {
	r := sortRow{vals: slices.Clone(vals), keys: make([]types.Value, len(keys))}
	for i, k := range keys {
		v, err := k.x.fn(env, row)
		if err != nil {
			return err
		}
		r.keys[i] = v
	}
	b.rows = append(b.rows, r)
	return nil
}

// sort orders the rows stably (ties keep arrival order).
func (b *sortBuffer) sort(keys []orderKey) {
	if b.sorted == len(b.rows) {
		return
	}
	slices.SortStableFunc(b.rows, func(x, y sortRow) int {
		for i, k := range keys {
			if c := compareKey(k, x.keys[i], y.keys[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	b.sorted = len(b.rows)
}

// compareKey orders two values of one key, NULL placement included.
func compareKey(k orderKey, a, b types.Value) int {
	an, bn := a.K == types.KindNull, b.K == types.KindNull
	switch {
	case an && bn:
		return 0
	case an != bn:
		if an == k.nullsFirst {
			return -1
		}
		return 1
	}
	c := k.cmp(a, b)
	if k.desc {
		return -c
	}
	return c
}
