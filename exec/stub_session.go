package exec

// STUB FILE — replaced by the real engine and session (owned by the lead).
// The signatures are the contract pgwire and server code against.

import (
	"context"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Version is KalamDB's version; ServerVersion is what clients see as
// server_version (parses as PostgreSQL 15).
const (
	Version       = "0.1.0"
	ServerVersion = "15.0 (KalamDB " + Version + ")"
)

type prepared struct {
	paramTypes []types.Type
	columns    []Column
}

type portalState struct {
	stmt *Statement
}

// Engine is shared by every session: the catalog, storage and plan cache.
type Engine struct{}

// NewEngine loads the catalog from an open store.
func NewEngine(store *storage.Store) (*Engine, error) { return &Engine{}, nil }

// Close releases the engine (not the store, which the caller owns).
func (e *Engine) Close() error { return nil }

// Session is one client's state: settings, search path, transaction.
type Session struct{}

// NewSession starts a session for an authenticated user.
func (e *Engine) NewSession(info SessionInfo) *Session { return &Session{} }

// SimpleQuery runs every statement of a simple-protocol query string in
// order, stopping at the first error (which it returns after earlier
// statements' results were written). An empty string calls w.EmptyQuery.
func (s *Session) SimpleQuery(ctx context.Context, sql string, w ResultWriter) error {
	return pgerr.New(pgerr.FeatureNotSupported, "not implemented")
}

// Prepare parses and plans one statement (Parse). paramOIDs are the types
// the client declared; 0 or missing entries are inferred. More than one
// statement in sql is 42601.
func (s *Session) Prepare(ctx context.Context, sql string, paramOIDs []uint32) (*Statement, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "not implemented")
}

// Bind binds parameter values (already decoded by pgwire using
// st.ParamTypes(); NULL is the zero Value) and returns a portal.
func (s *Session) Bind(ctx context.Context, st *Statement, params []types.Value) (*Portal, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "not implemented")
}

// Execute runs or resumes a portal. maxRows <= 0 means all rows. When the
// limit stops it early it returns suspended=true and no command tag was
// written; a later Execute continues where it stopped.
func (s *Session) Execute(ctx context.Context, p *Portal, maxRows int, w ResultWriter) (suspended bool, err error) {
	return false, pgerr.New(pgerr.FeatureNotSupported, "not implemented")
}

// Sync marks the end of an extended-protocol message batch (implicit
// transaction boundary).
func (s *Session) Sync() {}

// TxStatus is the ReadyForQuery transaction status: TxIdle, TxActive or TxFailed.
func (s *Session) TxStatus() byte { return TxIdle }

// Close ends the session, rolling back any open transaction.
func (s *Session) Close() {}
