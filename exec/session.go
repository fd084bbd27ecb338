package exec

import (
	"context"
	"encoding/binary"
	"errors"
	"iter"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	prepared map[string]*namedStatement // PREPARE and protocol Parse names (named_statement.go)
	cursors  map[string]*cursor         // DECLARE … CURSOR (cursor.go)
	seqLast  map[uint32]int64           // last nextval per sequence OID, for currval (sequences.go)
	out      ResultWriter               // the running SimpleQuery's or Execute's writer, for notices (session_settings.go)
	// executeAs is the user an EXECUTE AS USER statement runs its inner
	// statement for; "" outside one (identity.go).
	executeAs string
}

// NewSession starts a session for an authenticated user.
func (e *Engine) NewSession(info SessionInfo) *Session {
	// pgwire accepted one of the database's aliases; the session is in kalamdb.
	info.Database = DatabaseName
	s := &Session{eng: e, info: info}
	s.settings.init(info)
	return s
}

// TxStatus is the ReadyForQuery transaction status: TxIdle, TxActive or TxFailed.
func (s *Session) TxStatus() byte {
	switch {
	case s.tx.implicit:
		return TxIdle
	case s.tx.failed:
		return TxFailed
	case s.tx.open:
		return TxActive
	}
	return TxIdle
}

// Sync marks the end of an extended-protocol message batch, and of the
// implicit transaction its statements ran in: their writes commit now (or
// are dropped if one of them failed). A commit error is returned for
// pgwire to report before ReadyForQuery.
func (s *Session) Sync(ctx context.Context) error {
	return s.endImplicit(ctx)
}

// Close ends the session, rolling back any open transaction.
func (s *Session) Close() {
	s.closeCursors(true) // cursor.go
	s.endBlock()
}

// SimpleQuery runs every statement of a simple-protocol query string in
// order, stopping at the first error (which it returns after earlier
// statements' results were written). An empty string calls w.EmptyQuery.
//
// Queries and DML whose literals normalise (parse.Normalize) run from the
// shared plan cache with their literals as parameters; everything else is
// parsed and planned as written.
func (s *Session) SimpleQuery(ctx context.Context, sql string, w ResultWriter) (result error) {
	s.out = w
	stmts := parse.Normalize(sql)
	if len(stmts) == 0 {
		return w.EmptyQuery()
	}
	// Like PostgreSQL, a syntax error anywhere in a multi-statement string
	// stops it before any statement runs; the parse is reused below.
	var whole []parse.Statement
	if len(stmts) > 1 {
		var err error
		if whole, err = parse.Parse(sql); err != nil {
			return s.fail(err)
		}
		if len(whole) != len(stmts) {
			whole = nil // splitting disagrees: plan statement by statement
		}
		s.beginImplicit()
		defer func() {
			if err := s.endImplicit(ctx); err != nil && result == nil {
				result = err
			}
		}()
	}
	for i := range stmts {
		n := &stmts[i]
		st, args, ok := s.cachedSimple(n)
		if !ok {
			var err error
			if whole != nil {
				st, err = s.prepare(whole[i], nil)
			} else {
				st, err = s.planOriginal(sql, n)
			}
			if err != nil {
				return s.fail(err)
			}
		}
		if st.columns != nil {
			if err := w.Columns(st.columns); err != nil {
				return err
			}
		}
		tag, err := s.run(ctx, st, args, w.Row)
		if err != nil {
			return s.fail(err)
		}
		if err := w.Complete(tag); err != nil {
			return err
		}
	}
	return nil
}

// planOriginal parses and plans one statement as written; error positions
// are made relative to the whole query string.
func (s *Session) planOriginal(sql string, n *parse.Normalized) (*Statement, error) {
	parsed, err := parse.Parse(n.Original)
	if err == nil && len(parsed) == 1 {
		return s.prepare(parsed[0], nil)
	}
	if err == nil {
		return nil, pgerr.New(pgerr.InternalError, "statement splitting disagrees with the parser")
	}
	if pe := pgerr.From(err); pe.Position > 0 && n.Offset > 0 {
		return nil, pe.WithPosition(pe.Position + utf8.RuneCountInString(sql[:n.Offset]))
	}
	return nil, err
}

// cachedSimple finds (or plans and caches) the plan of a normalised
// statement and converts its literals to parameter values. ok is false when
// the statement must be planned as written: it was not normalised, its
// shape cannot be planned with parameters, or a literal does not fit the
// parameter's type (the original reports that error with its position).
func (s *Session) cachedSimple(n *parse.Normalized) (*Statement, []types.Value, bool) {
	if n.Text == "" || s.tx.failed {
		return nil, nil, false
	}
	cache := s.eng.plans
	version := s.eng.catalog.Current().Version
	key := "S" + n.Shape() + "\x00" + s.settings.searchPathKey()
	cached, found := cache.get(key, version)
	if !found {
		cached = s.planNormalized(n)
		cache.put(key, version, cached)
	}
	if cached == nil {
		return nil, nil, false
	}
	args := make([]types.Value, len(n.Literals))
	for i, lit := range n.Literals {
		v, err := types.ParseTextIn(lit.Text, cached.paramTypes[i], nil, s.settings.format) // a zone-less timestamptz is in the session zone
		if err != nil {
			return nil, nil, false
		}
		args[i] = v
	}
	return &Statement{*cached}, args, true
}

// planNormalized plans a normalised statement with its literals' types as
// the declared parameter types; nil when it cannot be.
func (s *Session) planNormalized(n *parse.Normalized) *prepared {
	parsed, err := parse.Parse(n.Text)
	if err != nil || len(parsed) != 1 || !cacheable(parsed[0].AST) {
		return nil
	}
	declared := make([]types.Type, len(n.Literals))
	for i, lit := range n.Literals {
		declared[i] = lit.Type
	}
	st, err := s.prepare(parsed[0], declared)
	if err != nil {
		return nil
	}
	return &st.prepared
}

// cacheable reports whether a statement's plan may be shared: queries and
// DML, whose plans hold no session state.
func cacheable(stmt ast.Statement) bool {
	switch stmt.(type) {
	case *ast.Select, *ast.SetOp, *ast.Values, *ast.Insert, *ast.Update, *ast.Delete:
		return true
	}
	return false
}

// Prepare parses and plans one statement (Parse). paramOIDs are the types
// the client declared; 0 or missing entries are inferred. More than one
// statement in sql is 42601. Plans of queries and DML come from, and go
// to, the shared plan cache.
func (s *Session) Prepare(ctx context.Context, sql string, paramOIDs []uint32) (*Statement, error) {
	declared := make([]types.Type, len(paramOIDs))
	sig := make([]byte, 0, 4*len(paramOIDs))
	for i, oid := range paramOIDs {
		if oid != 0 {
			t, ok := types.TypeForOID(oid)
			if !ok {
				return nil, s.fail(pgerr.New(pgerr.UndefinedObject, "type with OID %d is not supported", oid))
			}
			declared[i] = t
		}
		sig = binary.BigEndian.AppendUint32(sig, oid)
	}
	version := s.eng.catalog.Current().Version
	key := "P" + sql + "\x00" + string(sig) + "\x00" + s.settings.searchPathKey()
	if cached, found := s.eng.plans.get(key, version); found && cached != nil && !s.tx.failed {
		return &Statement{*cached}, nil
	}
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
	st, err := s.prepare(stmts[0], declared)
	if err != nil {
		return nil, s.fail(err)
	}
	if cacheable(st.stmt) {
		s.eng.plans.put(key, version, &st.prepared)
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
	s.out = w
	s.beginImplicit()
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
	n, done, err := p.pull(ctx, s, int64(maxRows), w.Row) // portal.go
	switch {
	case done && err != nil:
		return false, s.fail(err)
	case err != nil:
		return false, err
	case !done:
		return true, nil
	}
	// Like PostgreSQL, a resumed SELECT reports the rows of this Execute.
	tag := p.tag
	if strings.HasPrefix(tag, "SELECT ") {
		tag = "SELECT " + strconv.FormatInt(n, 10)
	}
	return false, w.Complete(tag)
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
	if limit := s.settings.duration("statement_timeout"); limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, limit, errStatementTimeout)
		defer cancel()
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
			Format:        s.settings.format,
		},
	}
	x.env.Host = x
	defer x.close()
	tag, err := pl.run(x, emit)
	if err != nil && ctx.Err() != nil && pgerr.From(err).Code == pgerr.QueryCanceled {
		err = cancelError(ctx) // say why: a cancel request or statement_timeout
	}
	return tag, err
}

// checkAborted refuses statements other than COMMIT/ROLLBACK inside a
// failed transaction block.
func (s *Session) checkAborted(stmt ast.Statement) error {
	if !s.tx.failed {
		return nil
	}
	if t, ok := stmt.(*ast.Transaction); ok && (t.Kind == "commit" || t.Kind == "rollback" || t.Kind == "rollback to") {
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
