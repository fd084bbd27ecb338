package exec

import (
	"sort"
	"time"

	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// A session's named prepared statements form one namespace, as in
// PostgreSQL: SQL PREPARE and the extended protocol's Parse both add to
// it, DEALLOCATE and Close ('S') both remove from it, so PREPARE foo then
// Parse "foo" is 42P05 and DEALLOCATE ALL drops protocol statements too.
// The unnamed protocol statement is not part of it; pgwire keeps that one.

// namedStatement is one entry of the namespace.
type namedStatement struct {
	st       *Statement
	text     string // what pg_prepared_statements shows as the statement
	fromSQL  bool   // made by PREPARE rather than Parse
	prepared time.Time
}

// NamedStatement returns the prepared statement called name.
func (s *Session) NamedStatement(name string) (*Statement, bool) {
	e, ok := s.prepared[name]
	if !ok {
		return nil, false
	}
	return e.st, true
}

// AddNamedStatement names a statement prepared by Parse. A name already
// in use (by Parse or PREPARE) is 42P05. name must not be empty.
func (s *Session) AddNamedStatement(name string, st *Statement) error {
	if err := s.addNamed(name, &namedStatement{st: st, text: st.sql}); err != nil {
		return s.fail(err)
	}
	return nil
}

// CloseNamedStatement forgets the statement called name, if there is one.
func (s *Session) CloseNamedStatement(name string) { delete(s.prepared, name) }

func (s *Session) addNamed(name string, e *namedStatement) error {
	if _, dup := s.prepared[name]; dup {
		return pgerr.New(pgerr.DuplicatePreparedStatement, "prepared statement \"%s\" already exists", name)
	}
	if s.prepared == nil {
		s.prepared = map[string]*namedStatement{}
	}
	e.prepared = time.Now()
	s.prepared[name] = e
	return nil
}

// preparedStatements describes the namespace for pg_prepared_statements,
// by name.
func (s *Session) preparedStatements() []pgcatalog.PreparedStatement {
	out := make([]pgcatalog.PreparedStatement, 0, len(s.prepared))
	for name, e := range s.prepared {
		out = append(out, pgcatalog.PreparedStatement{
			Name:        name,
			Statement:   e.text,
			PrepareTime: e.prepared,
			ParamTypes:  append([]types.Type(nil), e.st.paramTypes...),
			FromSQL:     e.fromSQL,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
