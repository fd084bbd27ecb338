package exec

import (
	"strconv"

	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// KalamDB's system namespace: read-only relations computed from the
// running engine. (Users, jobs, live queries … join it with later work.)

// systemTable is a relation of the system namespace.
type systemTable struct {
	columns []expr.Column
	rows    func(x *execution) [][]types.Value
}

var systemTables = map[string]*systemTable{
	"stats": {
		columns: []expr.Column{{Name: "metric_name", Type: types.Text}, {Name: "metric_value", Type: types.Text}},
		rows:    statsRows,
	},
}

// statsRows is system.stats: the plan cache and storage counters.
func statsRows(x *execution) [][]types.Value {
	pc := x.sess.eng.PlanCacheStats()
	st := x.sess.eng.store.Stats()
	metric := func(name string, v int64) []types.Value {
		return []types.Value{types.NewText(name), types.NewText(strconv.FormatInt(v, 10))}
	}
	return [][]types.Value{
		metric("plan_cache_hits", pc.Hits),
		metric("plan_cache_misses", pc.Misses),
		metric("plan_cache_evictions", pc.Evictions),
		metric("plan_cache_entries", int64(pc.Entries)),
		metric("plan_cache_capacity", int64(pc.Capacity)),
		metric("storage_commits", int64(st.Commits)),
		metric("storage_commit_groups", int64(st.Groups)),
		metric("storage_conflicts", int64(st.Conflicts)),
	}
}

// systemRelOf is a system table as a FROM relation.
type systemTableRel struct {
	table *systemTable
	cols  []relCol
}

func newSystemTableRel(name string, t *systemTable, alias string) *systemTableRel {
	qual := firstNonEmpty(alias, name)
	r := &systemTableRel{table: t}
	for _, c := range t.columns {
		c.Table = qual
		r.cols = append(r.cols, relCol{Column: c})
	}
	return r
}

func (r *systemTableRel) columns() []relCol { return r.cols }

func (r *systemTableRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	for _, row := range r.table.rows(x) {
		if more, err := emit(row); !more || err != nil {
			return err
		}
	}
	return nil
}
