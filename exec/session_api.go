package exec

// This file is the seam between pgwire and exec: everything pgwire may call.
// pgwire knows messages and formats; exec knows statements and plans.

import (
	"context"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Column describes one result column (a RowDescription field).
type Column struct {
	Name     string
	TableOID uint32 // 0 unless the column is a plain reference to a table column
	AttNum   int16  // 1-based attribute number in that table, else 0
	Type     types.Type
}

// ResultWriter receives the results of statements as they run.
// Values passed to Row are only valid during the call.
type ResultWriter interface {
	// Columns is called before the rows of a row-returning statement run
	// through SimpleQuery (it is the RowDescription). Execute never calls it:
	// in the extended protocol the client asked with Describe.
	Columns(cols []Column) error
	Row(row []types.Value) error
	// Complete ends one statement with its command tag ("SELECT 3", "INSERT 0 1").
	Complete(tag string) error
	// EmptyQuery reports a query string with no statement in it.
	EmptyQuery() error
	// Notice sends a NoticeResponse while a statement runs (a WARNING such
	// as "there is no transaction in progress", or a NOTICE such as
	// "relation … already exists, skipping"), already filtered by
	// client_min_messages. Its Severity is set.
	Notice(n *pgerr.Error) error
	// ParameterStatus reports the new value of a parameter the client
	// tracks (application_name, TimeZone …); see Session.ReportParameters.
	ParameterStatus(name, value string) error
}

// CopyStream is implemented by a ResultWriter that can carry COPY data
// (pgwire's does). A COPY statement finds it on the writer of the
// SimpleQuery or Execute running it, so COPY works in both protocols and
// in the middle of a multi-statement query string; on a writer without it
// COPY FROM STDIN / TO STDOUT fail with 0A000. exec parses and formats the
// data; pgwire only moves the bytes.
type CopyStream interface {
	// CopyIn sends CopyInResponse (text format, ncols text columns) and
	// returns the client's data. exec reads it to io.EOF, or returns an
	// error early; pgwire then reports that error at once and ignores the
	// client's remaining CopyData, CopyDone and CopyFail messages, as
	// PostgreSQL does.
	CopyIn(ncols int) (CopySource, error)
	// CopyOut sends CopyOutResponse (text format, ncols text columns).
	CopyOut(ncols int) (CopySink, error)
}

// CopySource is the client's side of COPY FROM STDIN.
type CopySource interface {
	// Next returns the payload of the next CopyData message, valid only
	// until the next call. It returns io.EOF after CopyDone, the 57014
	// error "COPY from stdin failed: …" after CopyFail, and another error
	// when the connection broke or the client broke the protocol.
	Next() ([]byte, error)
}

// CopySink is the client's side of COPY TO STDOUT.
type CopySink interface {
	// Send sends p as one CopyData message; p is only read during the call.
	Send(p []byte) error
	// Done sends CopyDone. CommandComplete follows through Complete.
	Done() error
}

// SessionInfo is what pgwire learned at startup.
type SessionInfo struct {
	User            string
	Database        string
	ApplicationName string
	ProcessID       uint32 // BackendKeyData process id; pg_backend_pid()
	Superuser       bool   // is_superuser
	// Settings are the run-time parameters the StartupMessage set (its
	// entries other than user, database, replication and options, and the
	// options' -c name=value), by name as the client spelled it. They
	// become the values RESET returns to; see Engine.OpenSession.
	Settings map[string]string
}

// Transaction status bytes for ReadyForQuery.
const (
	TxIdle   byte = 'I'
	TxActive byte = 'T'
	TxFailed byte = 'E'
)

// Statement is a parsed and planned statement (extended protocol Parse).
// It is immutable and may be executed many times.
type Statement struct {
	prepared
}

// ParamTypes are the parameter types, inferred where the client sent 0.
func (s *Statement) ParamTypes() []types.Type { return s.paramTypes }

// Columns are the result columns; nil means the statement returns no rows (NoData).
func (s *Statement) Columns() []Column { return s.columns }

// Portal is a statement bound to parameter values, ready to execute, and
// resumable when an Execute row limit suspends it.
type Portal struct {
	portalState
}

// Columns are the portal's result columns; nil means NoData.
func (p *Portal) Columns() []Column { return p.stmt.columns }

var _ = context.Background
