package pgwire

import (
	"errors"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// COPY sub-protocol. exec runs the COPY statement and asks the result
// writer for the data stream (exec.CopyStream), so COPY works the same in
// the simple and the extended protocol and in the middle of a
// multi-statement query. pgwire only moves bytes: CopyData payloads are
// handed to exec as they arrive, without being held or parsed here.
//
// Errors follow PostgreSQL: when exec stops reading early (a bad row), the
// error is reported at once and the client's remaining CopyData, CopyDone
// and CopyFail messages are ignored by dispatch (simple protocol) or by
// skip-to-Sync (extended protocol).

var _ exec.CopyStream = (*resultWriter)(nil)

// errProtocolLost ends the connection after a client broke COPY's
// message flow.
var errProtocolLost = errors.New("protocol synchronization was lost during COPY")

// CopyIn implements exec.CopyStream: CopyInResponse, then the stream.
func (w *resultWriter) CopyIn(ncols int) (exec.CopySource, error) {
	c := w.c
	c.send(&pgproto3.CopyInResponse{ColumnFormatCodes: make([]uint16, ncols)}, 7+2*ncols)
	// The client sends nothing until it has seen the response.
	c.flush()
	if c.writeErr != nil {
		return nil, c.writeErr
	}
	return &copyIn{c: c}, nil
}

// CopyOut implements exec.CopyStream.
func (w *resultWriter) CopyOut(ncols int) (exec.CopySink, error) {
	c := w.c
	c.send(&pgproto3.CopyOutResponse{ColumnFormatCodes: make([]uint16, ncols)}, 7+2*ncols)
	return &copyOut{c: c}, c.writeErr
}

// copyIn reads the client's COPY FROM STDIN messages.
type copyIn struct {
	c *Conn
}

// Next implements exec.CopySource. Flush and Sync are ignored during
// copy-in, as the protocol specifies (a driver using the extended protocol
// may send them after Execute). Any other message breaks the protocol:
// like PostgreSQL, the connection reports it and ends.
func (s *copyIn) Next() ([]byte, error) {
	c := s.c
	for {
		msg, err := c.be.Receive()
		if err != nil {
			if isDisconnect(err) {
				c.writeErr = err // the client is gone: Serve ends
			} else {
				c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "invalid frontend message during COPY: %v", err))
				c.writeErr = errProtocolLost
			}
			return nil, err
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			return m.Data, nil
		case *pgproto3.CopyDone:
			return nil, io.EOF
		case *pgproto3.CopyFail:
			return nil, pgerr.New(pgerr.QueryCanceled, "COPY from stdin failed: %s", m.Message)
		case *pgproto3.Flush, *pgproto3.Sync:
			continue
		default:
			e := pgerr.New(pgerr.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", messageType(msg))
			c.sendError(e)
			c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "terminating connection because protocol synchronization was lost"))
			// Nothing more is written; dispatch returns false and Serve ends.
			c.writeErr = errProtocolLost
			return nil, e
		}
	}
}

// messageType is a frontend message's type byte, for error messages.
func messageType(msg pgproto3.FrontendMessage) byte {
	b, err := msg.Encode(nil)
	if err != nil || len(b) == 0 {
		return 0
	}
	return b[0]
}

// copyOut sends COPY TO STDOUT data, one CopyData message per call (one
// row, as PostgreSQL sends them). The message struct is reused: Send
// encodes it into the output buffer before returning.
type copyOut struct {
	c   *Conn
	msg pgproto3.CopyData
}

// Send implements exec.CopySink.
func (s *copyOut) Send(p []byte) error {
	s.msg.Data = p
	s.c.send(&s.msg, 5+len(p))
	s.msg.Data = nil
	return s.c.writeErr
}

// Done implements exec.CopySink.
func (s *copyOut) Done() error {
	s.c.send(&pgproto3.CopyDone{}, 5)
	return s.c.writeErr
}
