package exec

import (
	"context"
	"errors"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/exec/parse"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Session is one client's state: identity, settings, search path and
// transaction. A session is used by one goroutine at a time.
type Session struct {
	eng      *Engine
	info     SessionInfo
	settings settings
	tx       txState
	prepared map[string]*Statement // PREPARE name AS …
}

// NewSession starts a session for an authenticated user.
func (e *Engine) NewSession(info SessionInfo) *Session {
	// pgwire accepted one of the database's aliases; the session is in kalamdb.
	info.Database = DatabaseName
	s := &Session{eng: e, info: info}
	s.settings.init(info)
	return s
}

// txState tracks an explicit transaction block.
type txState struct {
	open   bool // inside BEGIN … COMMIT
	failed bool // an error happened inside the block: only ROLLBACK/COMMIT run
	w      *txn // the block's buffered writes; nil outside a block
}

// TxStatus is the ReadyForQuery transaction status: TxIdle, TxActive or TxFailed.
func (s *Session) TxStatus() byte {
	switch {
	case s.tx.failed:
		return TxFailed
	case s.tx.open:
		return TxActive
	}
	return TxIdle
}

// Sync marks the end of an extended-protocol message batch.
func (s *Session) Sync() {}

// Close ends the session, rolling back any open transaction.
func (s *Session) Close() { s.tx = txState{} }

// SimpleQuery runs every statement of a simple-protocol query string in
// order, stopping at the first error (which it returns after earlier
// statements' results were written). An empty string calls w.EmptyQuery.
func (s *Session) SimpleQuery(ctx context.Context, sql string, w ResultWriter) error {
	stmts, err := parse.Parse(sql)
	if err != nil {
		return s.fail(err)
	}
	if len(stmts) == 0 {
		return w.EmptyQuery()
	}
	for _, ps := range stmts {
		st, err := s.prepare(ps, nil)
		if err != nil {
			return s.fail(err)
		}
		if st.columns != nil {
			if err := w.Columns(st.columns); err != nil {
				return err
			}
		}
		tag, err := s.run(ctx, st, nil, w.Row)
		if err != nil {
			return s.fail(err)
		}
		if err := w.Complete(tag); err != nil {
			return err
		}
	}
	return nil
}

// Prepare parses and plans one statement (Parse). paramOIDs are the types
// the client declared; 0 or missing entries are inferred. More than one
// statement in sql is 42601.
func (s *Session) Prepare(ctx context.Context, sql string, paramOIDs []uint32) (*Statement, error) {
	stmts, err := parse.Parse(sql)
	if err != nil {
		return nil, s.fail(err)
	}
	switch len(stmts) {
	case 0:
		return &Statement{prepared{stmt: &ast.Empty{}, plan: emptyPlan{}}}, nil
	case 1:
	default:
		return nil, s.fail(pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement"))
	}
	declared := make([]types.Type, len(paramOIDs))
	for i, oid := range paramOIDs {
		t, ok := typeForOID(oid)
		if !ok && oid != 0 {
			return nil, s.fail(pgerr.New(pgerr.UndefinedObject, "type with OID %d is not supported", oid))
		}
		declared[i] = t
	}
	st, err := s.prepare(stmts[0], declared)
	if err != nil {
		return nil, s.fail(err)
	}
	return st, nil
}

// Bind binds parameter values (already decoded by pgwire using
// st.ParamTypes(); NULL is the zero Value) and returns a portal.
func (s *Session) Bind(ctx context.Context, st *Statement, params []types.Value) (*Portal, error) {
	if len(params) != len(st.paramTypes) {
		return nil, s.fail(pgerr.New(pgerr.ProtocolViolation,
			"bind message supplies %d parameters, but prepared statement requires %d", len(params), len(st.paramTypes)))
	}
	if err := s.checkAborted(st.stmt); err != nil {
		return nil, s.fail(err)
	}
	return &Portal{portalState{stmt: st, params: params}}, nil
}

// portalState is a bound statement and, once a row limit suspended it, the
// paused execution.
type portalState struct {
	stmt   *Statement
	params []types.Value
	next   func() ([]types.Value, error, bool)
	stop   func()
	tag    string
	done   bool
}

// errPortalPaused stops a push-style run when the puller went away.
var errPortalPaused = errors.New("portal closed")

// Execute runs or resumes a portal. maxRows <= 0 means all rows. When the
// limit stops it early it returns suspended=true and no command tag was
// written; a later Execute continues where it stopped.
func (s *Session) Execute(ctx context.Context, p *Portal, maxRows int, w ResultWriter) (suspended bool, err error) {
	if p.done {
		return false, s.fail(pgerr.New(pgerr.ObjectNotInPrerequisiteState, "portal has already been run to completion"))
	}
	if _, empty := p.stmt.stmt.(*ast.Empty); empty {
		p.done = true
		return false, w.EmptyQuery()
	}
	if p.next == nil && maxRows <= 0 {
		tag, err := s.run(ctx, p.stmt, p.params, w.Row)
		p.done = true
		if err != nil {
			return false, s.fail(err)
		}
		return false, w.Complete(tag)
	}
	if p.next == nil {
		p.start(ctx, s)
	}
	for n := 0; maxRows <= 0 || n < maxRows; n++ {
		row, err, ok := p.next()
		if !ok {
			p.finish()
			// Like PostgreSQL, a resumed SELECT reports the rows of this Execute.
			tag := p.tag
			if strings.HasPrefix(tag, "SELECT ") {
				tag = "SELECT " + strconv.Itoa(n)
			}
			return false, w.Complete(tag)
		}
		if err != nil {
			p.finish()
			return false, s.fail(err)
		}
		if err := w.Row(row); err != nil {
			return false, err
		}
	}
	return true, nil
}

// start turns the portal's push-style run into a pull iterator so it can
// pause between Execute messages.
func (p *Portal) start(ctx context.Context, s *Session) {
	seq := func(yield func([]types.Value, error) bool) {
		tag, err := s.run(ctx, p.stmt, p.params, func(row []types.Value) error {
			if !yield(append([]types.Value(nil), row...), nil) {
				return errPortalPaused
			}
			return nil
		})
		p.tag = tag
		if err != nil && !errors.Is(err, errPortalPaused) {
			yield(nil, err)
		}
	}
	next, stop := iter.Pull2(seq)
	p.next = func() ([]types.Value, error, bool) {
		row, err, ok := next()
		return row, err, ok
	}
	p.stop = stop
}

func (p *Portal) finish() {
	p.done = true
	if p.stop != nil {
		p.stop()
	}
}

// Close releases a portal's paused execution, if any.
func (p *Portal) Close() {
	if p.stop != nil {
		p.stop()
	}
}

// run executes a prepared statement, re-planning it first if the catalog
// changed since it was planned.
func (s *Session) run(ctx context.Context, st *Statement, params []types.Value, emit func([]types.Value) error) (string, error) {
	if err := s.checkAborted(st.stmt); err != nil {
		return "", err
	}
	pl := st.plan
	if st.catalogVersion != s.eng.catalog.Current().Version || st.searchPath != s.settings.searchPathKey() {
		fresh, err := s.planStatement(st.stmt, append([]types.Type(nil), st.paramTypes...))
		if err != nil {
			return "", err
		}
		pl = fresh.plan
	}
	x := &execution{
		ctx:  ctx,
		sess: s,
		env: expr.Env{
			Ctx:           ctx,
			Params:        params,
			StatementTime: time.Now(),
			User:          s.info.User,
			Database:      s.info.Database,
			Schema:        s.settings.currentSchema(),
			ServerVersion: ServerVersion,
			ProcessID:     s.info.ProcessID,
			SearchPath:    s.settings.searchPath,
		},
	}
	x.env.Host = x
	defer x.close()
	return pl.run(x, emit)
}

// checkAborted refuses statements other than COMMIT/ROLLBACK inside a
// failed transaction block.
func (s *Session) checkAborted(stmt ast.Statement) error {
	if !s.tx.failed {
		return nil
	}
	if t, ok := stmt.(*ast.Transaction); ok && (t.Kind == "commit" || t.Kind == "rollback") {
		return nil
	}
	return pgerr.New(pgerr.InFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// fail records an error against the transaction block and returns it.
func (s *Session) fail(err error) error {
	if s.tx.open {
		s.tx.failed = true
	}
	return err
}

// Engine returns the engine the session belongs to.
func (s *Session) Engine() *Engine { return s.eng }
