package exec

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// executeAsPlan runs EXECUTE AS USER 'u' (statement): the inner plan runs
// with u as the session's subject, then the subject reverts, whether the
// statement succeeded or not. The inner plan is an ordinary plan: like any
// plan it holds no subject, which is read from the session as it runs.
type executeAsPlan struct {
	user  string
	inner plan
}

func (p *planner) planExecuteAs(n *ast.ExecuteAs) (plan, error) {
	inner, err := p.plan(n.Stmt)
	if err != nil {
		return nil, err
	}
	return &executeAsPlan{user: n.User, inner: inner}, nil
}

func (p *executeAsPlan) columns() []Column { return p.inner.columns() }

func (p *executeAsPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	s := x.sess
	if err := s.checkImpersonation(p.user); err != nil {
		return "", err
	}
	prev := s.executeAs
	s.executeAs = p.user
	defer func() { s.executeAs = prev }()
	return p.inner.run(x, emit)
}
