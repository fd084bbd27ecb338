package exec

import (
	"sort"
	"strconv"

	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func (p *selectPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	limit, offset, err := evalLimits(x, p.limit, p.offset)
	if err != nil {
		return "", err
	}
	nout := len(p.cols)
	sent := int64(0)
	skipped := int64(0)
	// deliver applies OFFSET/LIMIT; it returns false once the limit is reached.
	deliver := func(row []types.Value) (bool, error) {
		if skipped < offset {
			skipped++
			return true, nil
		}
		if limit >= 0 && sent >= limit {
			return false, nil
		}
		sent++
		if err := emit(row[:nout]); err != nil {
			return false, err
		}
		return limit < 0 || sent < limit, nil
	}
	if limit == 0 {
		return "SELECT 0", nil
	}

	streaming := p.agg == nil && len(p.windows) == 0 && !p.distinct && (len(p.order) == 0 || p.keyOrdered)
	var buffered [][]types.Value
	var groups *grouper
	if p.agg != nil {
		groups = newGrouper(p.agg)
	}
	var windowed [][]types.Value // rows awaiting window functions
	out := make([]types.Value, len(p.project))
	visit := func(row []types.Value) (bool, error) {
		if p.filter != nil {
			v, err := p.filter.Eval(&x.env, row)
			if err != nil {
				return false, err
			}
			if !v.Bool() {
				return true, nil
			}
		}
		if groups != nil {
			return true, groups.add(&x.env, row)
		}
		if len(p.windows) > 0 {
			windowed = append(windowed, append([]types.Value(nil), row...))
			return true, nil
		}
		more := true
		err := p.expandSets(x, row, func(r []types.Value) error {
			if err := project(x, p.project, r, out); err != nil {
				return err
			}
			if streaming {
				var err error
				if more, err = deliver(out); err == nil && !more {
					return errStopScan
				}
				return err
			}
			buffered = append(buffered, append([]types.Value(nil), out...))
			return nil
		})
		if err == errStopScan {
			return false, nil
		}
		return more, err
	}

	if p.lockRows {
		if err := p.lockMatching(x); err != nil {
			return "", err
		}
	}
	if err := p.source.scan(x, visit); err != nil {
		return "", err
	}

	if groups != nil {
		rows, err := groups.finish(&x.env)
		if err != nil {
			return "", err
		}
		for _, g := range rows {
			if p.agg.having != nil {
				v, err := p.agg.having.Eval(&x.env, g)
				if err != nil {
					return "", err
				}
				if !v.Bool() {
					continue
				}
			}
			windowed = append(windowed, g)
		}
	}
	if groups != nil || len(p.windows) > 0 {
		if len(p.windows) > 0 {
			if err := computeWindows(x, p.windows, windowed); err != nil {
				return "", err
			}
		}
		for _, w := range windowed {
			if err := p.expandSets(x, w, func(r []types.Value) error {
				row := make([]types.Value, len(p.project))
				if err := project(x, p.project, r, row); err != nil {
					return err
				}
				buffered = append(buffered, row)
				return nil
			}); err != nil {
				return "", err
			}
		}
	}
	if !streaming {
		if p.distinct && len(p.distinctOn) == 0 {
			buffered = distinctRows(buffered, nout)
		}
		if len(p.order) > 0 {
			sortRows(buffered, p.order)
		}
		if len(p.distinctOn) > 0 {
			buffered = firstPerKey(buffered, p.distinctOn)
		}
		for _, row := range buffered {
			more, err := deliver(row)
			if err != nil {
				return "", err
			}
			if !more {
				break
			}
		}
	}
	return "SELECT " + strconv.FormatInt(sent, 10), nil
}

// evalLimits evaluates LIMIT (-1 = none) and OFFSET.
func evalLimits(x *execution, limitExpr, offsetExpr *expr.Expr) (limit, offset int64, err error) {
	limit = -1
	if limitExpr != nil {
		v, err := limitExpr.Eval(&x.env, nil)
		if err != nil {
			return 0, 0, err
		}
		if !v.IsNull() {
			if v.I < 0 {
				return 0, 0, pgerr.New("2201W", "LIMIT must not be negative")
			}
			limit = v.I
		}
	}
	if offsetExpr != nil {
		v, err := offsetExpr.Eval(&x.env, nil)
		if err != nil {
			return 0, 0, err
		}
		if !v.IsNull() {
			if v.I < 0 {
				return 0, 0, pgerr.New("2201X", "OFFSET must not be negative")
			}
			offset = v.I
		}
	}
	return limit, offset, nil
}

// firstPerKey keeps the first row of each DISTINCT ON key (rows are sorted).
func firstPerKey(rows [][]types.Value, keyCols []int) [][]types.Value {
	seen := map[string]bool{}
	out := rows[:0]
	var key []byte
	vals := make([]types.Value, len(keyCols))
	for _, r := range rows {
		for i, c := range keyCols {
			vals[i] = r[c]
		}
		key = appendGroupKey(key[:0], vals)
		if seen[string(key)] {
			continue
		}
		seen[string(key)] = true
		out = append(out, r)
	}
	return out
}

// project evaluates exprs over row into out.
func project(x *execution, exprs []*expr.Expr, row, out []types.Value) error {
	for i, e := range exprs {
		v, err := e.Eval(&x.env, row)
		if err != nil {
			return err
		}
		out[i] = v
	}
	return nil
}

// appendGroupKey appends bytes that are equal exactly when the values are
// equal for grouping and DISTINCT (NULLs group together).
func appendGroupKey(buf []byte, vals []types.Value) []byte {
	for _, v := range vals {
		buf = types.AppendGroupKey(buf, v)
	}
	return buf
}

func distinctRows(rows [][]types.Value, width int) [][]types.Value {
	seen := make(map[string]struct{}, len(rows))
	out := rows[:0]
	var key []byte
	for _, r := range rows {
		key = appendGroupKey(key[:0], r[:width])
		if _, dup := seen[string(key)]; dup {
			continue
		}
		seen[string(key)] = struct{}{}
		out = append(out, r)
	}
	return out
}

// sortRows orders rows by the sort keys (stable, so equal keys keep scan order).
func sortRows(rows [][]types.Value, keys []sortKey) {
	sort.SliceStable(rows, func(i, j int) bool {
		return compareRows(rows[i], rows[j], keys) < 0
	})
}

func compareRows(a, b []types.Value, keys []sortKey) int {
	for _, k := range keys {
		av, bv := a[k.col], b[k.col]
		var c int
		switch {
		case av.IsNull() && bv.IsNull():
			c = 0
		case av.IsNull():
			c = 1
			if k.nullsFirst {
				c = -1
			}
			if k.desc {
				c = -c
			}
		case bv.IsNull():
			c = -1
			if k.nullsFirst {
				c = 1
			}
			if k.desc {
				c = -c
			}
		default:
			c = types.Compare(av, bv)
		}
		if c != 0 {
			if k.desc {
				return -c
			}
			return c
		}
	}
	return 0
}

// grouper accumulates aggregate states per group, keeping groups in the
// order they were first seen.
type grouper struct {
	plan   *aggPlan
	index  map[string]int
	groups []group
	key    []byte
	vals   []types.Value
}

type group struct {
	vals   []types.Value
	states []expr.AggState
}

func newGrouper(plan *aggPlan) *grouper {
	return &grouper{plan: plan, index: map[string]int{}, vals: make([]types.Value, len(plan.groupBy))}
}

func (g *grouper) add(env *expr.Env, row []types.Value) error {
	for i, e := range g.plan.groupBy {
		v, err := e.Eval(env, row)
		if err != nil {
			return err
		}
		g.vals[i] = v
	}
	g.key = appendGroupKey(g.key[:0], g.vals)
	i, ok := g.index[string(g.key)]
	if !ok {
		i = len(g.groups)
		g.index[string(g.key)] = i
		states := make([]expr.AggState, len(g.plan.aggs))
		for j, a := range g.plan.aggs {
			states[j] = a.NewState()
		}
		g.groups = append(g.groups, group{vals: append([]types.Value(nil), g.vals...), states: states})
	}
	for _, st := range g.groups[i].states {
		if err := st.Step(env, row); err != nil {
			return err
		}
	}
	return nil
}

// finish returns one row per group: group-by values, then aggregate
// results. Without GROUP BY there is always exactly one group.
func (g *grouper) finish(env *expr.Env) ([][]types.Value, error) {
	if len(g.groups) == 0 && len(g.plan.groupBy) == 0 {
		states := make([]expr.AggState, len(g.plan.aggs))
		for j, a := range g.plan.aggs {
			states[j] = a.NewState()
		}
		g.groups = append(g.groups, group{states: states})
	}
	rows := make([][]types.Value, 0, len(g.groups))
	for _, grp := range g.groups {
		row := make([]types.Value, 0, len(grp.vals)+len(grp.states))
		row = append(row, grp.vals...)
		for _, st := range grp.states {
			v, err := st.Result()
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// lockMatching locks the rows SELECT … FOR UPDATE will return; the scan
// that follows reads them at their latest committed version.
func (p *selectPlan) lockMatching(x *execution) error {
	t := p.source.(*tableRel)
	_, err := x.lockMatchingRows(t.table, t.access, func(row []types.Value) (bool, error) {
		if p.filter == nil {
			return true, nil
		}
		v, err := p.filter.Eval(&x.env, row)
		return err == nil && v.Bool(), err
	})
	return err
}
