package pgwire

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Severities as PostgreSQL spells them.
const (
	severityError  = "ERROR"
	severityFatal  = "FATAL"
	severityNotice = "NOTICE"
)

// sendError buffers an ErrorResponse for err. Any error that is not a
// *pgerr.Error becomes XX000 with its text as the message.
func (c *Conn) sendError(err error) {
	msg, size := errorResponse(wireError(err), severityError)
	c.be.Send(&msg)
	c.pending += size
}

// errorResponse renders e as the fields of an ErrorResponse (also the body
// of a NoticeResponse), with sev when e has no severity of its own, and
// the message's approximate size for flush accounting.
func errorResponse(e *pgerr.Error, sev string) (pgproto3.ErrorResponse, int) {
	if e.Severity != "" {
		sev = e.Severity
	}
	msg := pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                e.Code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            int32(e.Position),
		Where:               e.Where,
		SchemaName:          e.SchemaName,
		TableName:           e.TableName,
		ColumnName:          e.ColumnName,
		ConstraintName:      e.ConstraintName,
		DataTypeName:        e.DataTypeName,
	}
	size := 64 + len(e.Message) + len(e.Detail) + len(e.Hint) + len(e.Where) + len(e.SchemaName) + len(e.TableName) +
		len(e.ColumnName) + len(e.ConstraintName) + len(e.DataTypeName)
	return msg, size
}

// wireError is err as the client should see it. A statement stopped by its
// context reports PostgreSQL's cancel error even when exec passed the
// context's error through unchanged.
func wireError(err error) *pgerr.Error {
	var e *pgerr.Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.Canceled) {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	}
	return pgerr.From(err)
}

// sendFatal reports an error that ends the connection and flushes it; the
// caller then returns from Serve.
func (c *Conn) sendFatal(e *pgerr.Error) {
	if c.writeErr != nil {
		return
	}
	f := *e
	f.Severity = severityFatal
	c.sendError(&f)
	c.flush()
	c.log.Debug("connection refused or ended", "pid", c.pid, "code", e.Code, "message", e.Message,
		"remote", c.nc.RemoteAddr().String())
}

// extendedError reports an error in the extended protocol: the rest of the
// batch up to Sync is discarded.
func (c *Conn) extendedError(err error) {
	c.sendError(err)
	c.skipToSync = true
}

// internalError describes a recovered panic to the client. The stack stays
// in the server log.
func internalError(r any) *pgerr.Error {
	return pgerr.New(pgerr.InternalError, "internal error: %v", r)
}

// logPanic records a recovered panic with the stack that raised it.
func (c *Conn) logPanic(r any) {
	c.log.Error("panic while serving connection", "pid", c.pid, "panic", fmt.Sprint(r),
		"stack", string(debug.Stack()))
}
