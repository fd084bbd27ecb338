package exec

import (
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// SQL-level prepared statements: PREPARE, EXECUTE, DEALLOCATE, DISCARD.
// They share the session's namespace with protocol-level named statements
// (named_statement.go).

// executePlan runs a statement prepared with PREPARE.
type executePlan struct {
	stmt   *Statement
	params []*expr.Expr // compiled to the statement's parameter types
}

func (p *executePlan) columns() []Column { return p.stmt.columns }

func (p *executePlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	args := make([]types.Value, len(p.params))
	if err := project(x, p.params, nil, args); err != nil {
		return "", err
	}
	return x.sess.run(x.ctx, p.stmt, args, emit)
}

func (p *planner) planExecute(n *ast.Execute) (plan, error) {
	st, ok := p.sess.NamedStatement(n.Name)
	if !ok {
		return nil, pgerr.New(pgerr.InvalidSQLStatementName, "prepared statement %q does not exist", n.Name)
	}
	if len(n.Params) != len(st.paramTypes) {
		return nil, pgerr.New(pgerr.SyntaxError, "wrong number of parameters for prepared statement %q", n.Name).
			WithDetail(pluralParams(len(st.paramTypes), len(n.Params)))
	}
	ep := &executePlan{stmt: st}
	for i, a := range n.Params {
		e, err := expr.CompileAs(a, st.paramTypes[i], &expr.Scope{}, p.params)
		if err != nil {
			return nil, err
		}
		ep.params = append(ep.params, e)
	}
	return ep, nil
}

func pluralParams(want, got int) string {
	return "Expected " + itoa(want) + " parameters but got " + itoa(got) + "."
}

// prepareSQL handles PREPARE name [(types)] AS statement. As in
// PostgreSQL, the statement is planned before its name is checked.
func (s *Session) prepareSQL(n *ast.Prepare) error {
	declared := make([]types.Type, len(n.ParamTypes))
	for i, tn := range n.ParamTypes {
		t, err := types.LookupTypeNameArray(tn.Name, tn.Mods, tn.Array)
		if err != nil {
			return err
		}
		declared[i] = t
	}
	st, err := s.planStatement(n.Stmt, declared)
	if err != nil {
		return err
	}
	st.sql = n.SQL
	return s.addNamed(n.Name, &namedStatement{st: st, text: n.Text, fromSQL: true})
}

// deallocate handles DEALLOCATE name | ALL.
func (s *Session) deallocate(n *ast.Deallocate) (string, error) {
	if n.All {
		s.prepared = nil
		return "DEALLOCATE ALL", nil
	}
	if _, ok := s.prepared[n.Name]; !ok {
		return "", pgerr.New(pgerr.InvalidSQLStatementName, "prepared statement %q does not exist", n.Name)
	}
	delete(s.prepared, n.Name)
	return "DEALLOCATE", nil
}

// discard handles DISCARD ALL | PLANS | SEQUENCES | TEMP.
func (s *Session) discard(n *ast.Discard) (string, error) {
	what := strings.ToLower(n.What)
	switch what {
	case "all":
		if s.tx.open {
			return "", pgerr.New(pgerr.ActiveSQLTransaction, "DISCARD ALL cannot run inside a transaction block")
		}
		s.prepared = nil
		s.closeCursors(true) // DISCARD ALL includes CLOSE ALL
		// RESET ALL: back to the startup values (settings.go).
		s.settings.resetAll(s.eng.catalog.Current(), false)
	case "plans", "sequences", "temp", "temporary":
	default:
		return "", pgerr.New(pgerr.SyntaxError, "unrecognized DISCARD target %q", n.What)
	}
	return "DISCARD " + strings.ToUpper(what), nil
}
