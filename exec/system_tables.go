package exec

import (
	"strconv"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// KalamDB's system namespace: read-only relations computed from the
// running engine when a query scans them, so they always show the catalog
// and session as they are at that moment. Other files add their tables
// to systemTables from init functions (system.users …); the catalog ones
// live in system_catalog.go.
//
// Writes never reach these relations: a DML or DDL target named system.x
// resolves to no stored table and planner.resolveTable answers with
// errSystemReadOnly.

// systemTable is a relation of the system namespace.
type systemTable struct {
	columns []expr.Column
	rows    func(x *execution) [][]types.Value
	// anyRole lets every role scan the table (it then filters its own
	// rows). By default, as in KalamDB, only dba and system may read it.
	anyRole bool
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

// errSystemReadOnly is the answer to any write aimed at system.name.
func errSystemReadOnly(name string) *pgerr.Error {
	return pgerr.New(pgerr.InsufficientPrivilege, "system tables are read-only: cannot modify system.%s", name).
		WithHint("System tables reflect the catalog; change it with DDL (CREATE/ALTER/DROP …).")
}

// checkSystemAccess enforces the dba/system-only rule for system.name.
func checkSystemAccess(x *execution, name string, t *systemTable) error {
	if t.anyRole {
		return nil
	}
	if catalog.RoleRank(x.sess.subject().role) >= catalog.RoleRank(catalog.RoleDBA) {
		return nil
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", name).
		WithDetail("Only the dba and system roles may read system tables.")
}

// systemTableRel is a system table as a FROM relation.
type systemTableRel struct {
	name  string
	table *systemTable
	cols  []relCol
}

func newSystemTableRel(name string, t *systemTable, alias string) *systemTableRel {
	qual := firstNonEmpty(alias, name)
	r := &systemTableRel{name: name, table: t}
	for _, c := range t.columns {
		c.Table = qual
		r.cols = append(r.cols, relCol{Column: c})
	}
	return r
}

func (r *systemTableRel) columns() []relCol { return r.cols }

// scan checks the subject's role at run time, not at plan time, so a
// cached plan never carries one session's permission to another.
func (r *systemTableRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	if err := checkSystemAccess(x, r.name, r.table); err != nil {
		return err
	}
	for _, row := range r.table.rows(x) {
		if more, err := emit(row); !more || err != nil {
			return err
		}
	}
	return nil
}
