package exec

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// PlanSubquery plans a subquery found inside an expression (expr calls it
// through Params.Subqueries); outer is the scope of the query around it.
func (p *planner) PlanSubquery(q ast.Query, outer *expr.Scope, params *expr.Params) (expr.Subquery, error) {
	pl, err := p.planQuery(q, outer)
	if err != nil {
		return nil, err
	}
	cols := pl.columns()
	ts := make([]types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	return &subquery{plan: pl, types: ts}, nil
}

// subquery runs a planned subquery inside the statement that contains it,
// sharing the statement's read view.
type subquery struct {
	plan  plan
	types []types.Type
}

func (s *subquery) Types() []types.Type { return s.types }

func (s *subquery) Run(env *expr.Env, emit func(row []types.Value) (bool, error)) error {
	parent := env.Host.(*execution)
	child := &execution{ctx: parent.ctx, sess: parent.sess, env: *env, parent: parent}
	child.env.Host = child
	_, err := s.plan.run(child, func(row []types.Value) error {
		more, err := emit(row)
		if err == nil && !more {
			return errStopScan
		}
		return err
	})
	if err == errStopScan {
		return nil
	}
	return err
}
