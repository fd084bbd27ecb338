package exec

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/exec/parse"
	"github.com/kalamdb/kalamdb/types"
)

// prepared is a planned statement: immutable once built.
type prepared struct {
	sql            string
	stmt           ast.Statement
	plan           plan
	paramTypes     []types.Type
	columns        []Column
	catalogVersion uint64
	searchPath     string // the search path the names were resolved with
}

// prepare plans one parsed statement with the client's declared parameter
// types (KindNull entries are inferred).
func (s *Session) prepare(ps parse.Statement, declared []types.Type) (*Statement, error) {
	st, err := s.planStatement(ps.AST, declared)
	if err != nil {
		return nil, err
	}
	st.sql = ps.SQL
	return st, nil
}

// planStatement builds the plan for stmt.
func (s *Session) planStatement(stmt ast.Statement, declared []types.Type) (*Statement, error) {
	params := &expr.Params{Types: make([]types.Type, len(declared))}
	for i, t := range declared {
		if t.Kind == types.KindNull {
			t = types.Unknown
		}
		params.Types[i] = t
	}
	snap := s.eng.catalog.Current()
	p := &planner{sess: s, catalog: snap, params: params}
	params.Subqueries = p
	pl, err := p.plan(stmt)
	if err != nil {
		return nil, err
	}
	// Parameters nothing constrained are text, as in PostgreSQL.
	for i, t := range params.Types {
		if t.Kind == types.KindUnknown || t.Kind == types.KindNull {
			params.Types[i] = types.Text
		}
	}
	return &Statement{prepared{
		stmt:           stmt,
		plan:           pl,
		paramTypes:     params.Types,
		columns:        pl.columns(),
		catalogVersion: snap.Version,
		searchPath:     s.settings.searchPathKey(),
	}}, nil
}
