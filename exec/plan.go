package exec

import (
	"context"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// plan is an executable statement. Plans are immutable and hold no session
// state; everything per-execution lives in *execution.
type plan interface {
	// columns describes the result rows; nil when the statement returns none.
	columns() []Column
	// run executes the plan, passing each result row to emit, and returns
	// the command tag.
	run(x *execution, emit func([]types.Value) error) (string, error)
}

// execution is the state of one run of a plan.
type execution struct {
	ctx  context.Context
	sess *Session
	env  expr.Env
	snap *storage.Snapshot // opened on first use
	// parent is the statement's execution when this one runs a subquery;
	// the two share one read view.
	parent *execution
	// lockID owns the row locks an autocommit statement takes (locks);
	// they are released when the statement ends.
	lockID uint64
	locks  []string
}

// snapshot returns the statement's read view, opening it on first use.
func (x *execution) snapshot() (*storage.Snapshot, error) {
	if x.parent != nil {
		return x.parent.snapshot()
	}
	if x.sess.snapshotIsolated() {
		tx := x.sess.tx.w
		if tx.snap == nil {
			sn, err := x.sess.eng.store.Snapshot()
			if err != nil {
				return nil, err
			}
			tx.snap = sn
		}
		return tx.snap, nil
	}
	if x.snap == nil {
		sn, err := x.sess.eng.store.Snapshot()
		if err != nil {
			return nil, err
		}
		x.snap = sn
	}
	return x.snap, nil
}

// resetSnapshot drops the read view so the next read sees newer commits
// (used when a write conflict makes a statement retry).
func (x *execution) resetSnapshot() {
	if x.snap != nil {
		x.snap.Close()
		x.snap = nil
	}
}

func (x *execution) close() {
	x.resetSnapshot()
	x.releaseStatementLocks()
}

// catalog is the catalog snapshot system relations describe.
func (x *execution) catalog() *catalog.Snapshot { return x.sess.eng.catalog.Current() }

// checkCancel reports 57014 once the statement's context is cancelled.
func (x *execution) checkCancel() error {
	if x.ctx.Err() != nil {
		return cancelError(x.ctx)
	}
	return nil
}

var (
	errCanceled         = pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	errStatementTimeout = pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
)

// cancelError is the 57014 error for a context that ended: a cancel
// request, or statement_timeout (the context's cause).
func cancelError(ctx context.Context) error {
	if context.Cause(ctx) == errStatementTimeout {
		return errStatementTimeout
	}
	return errCanceled
}

// planner turns one AST statement into a plan against a catalog snapshot.
type planner struct {
	sess    *Session
	catalog *catalog.Snapshot
	params  *expr.Params
	ctes    []map[string]*cteDef // WITH queries in scope, innermost last
}

func (p *planner) plan(stmt ast.Statement) (plan, error) {
	switch n := stmt.(type) {
	case *ast.Select:
		return p.planSelect(n)
	case *ast.SetOp, *ast.Values:
		return p.planQuery(n.(ast.Query), nil)
	case *ast.Insert:
		return p.planInsert(n)
	case *ast.Update:
		return p.planUpdate(n)
	case *ast.Delete:
		return p.planDelete(n)
	case *ast.Copy:
		return p.planCopy(n) // copy_plan.go
	case *ast.Empty:
		return emptyPlan{}, nil
	default:
		return p.planUtility(stmt)
	}
}

// emptyPlan is a statement with nothing to do.
type emptyPlan struct{}

func (emptyPlan) columns() []Column { return nil }
func (emptyPlan) run(*execution, func([]types.Value) error) (string, error) {
	return "", nil
}

// resolveTable finds a table through the session's search path.
func (p *planner) resolveTable(name ast.TableName) (*catalog.Table, error) {
	if name.Namespace != "" {
		if t, ok := p.catalog.Table(name.Namespace, name.Name); ok {
			return t, nil
		}
	} else {
		for _, ns := range p.sess.settings.searchPath {
			if t, ok := p.catalog.Table(ns, name.Name); ok {
				return t, nil
			}
		}
	}
	if _, ok := systemTables[name.Name]; ok && name.Namespace == "system" {
		return nil, errSystemReadOnly(name.Name) // system_tables.go
	}
	full := name.Name
	if name.Namespace != "" {
		full = name.Namespace + "." + name.Name
	}
	return nil, pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", full).WithPosition(name.Location + 1)
}

// hiddenColumns is how many system columns follow a table's own columns in
// a scanned row.
const hiddenColumns = 2
