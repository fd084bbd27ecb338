package pgwire

import (
	"io"
	"os"
	"strconv"
	"sync"

	"github.com/jackc/pgx/v5/pgproto3"
)

// traceEnv switches on the wire trace for every connection without a
// Config.Trace: KALAMDB_WIRE_TRACE=1 prints each message, in the style of
// libpq's PQtrace, to stderr.
const traceEnv = "KALAMDB_WIRE_TRACE"

var envTrace = sync.OnceValue(func() io.Writer {
	if os.Getenv(traceEnv) == "1" {
		return os.Stderr
	}
	return nil
})

// startTrace attaches the wire trace, if any, to the connection's backend.
func (c *Conn) startTrace() {
	w := c.cfg.Trace
	if w == nil {
		w = envTrace()
	}
	if w == nil {
		return
	}
	c.be.Trace(&traceWriter{c: c, w: w}, pgproto3.TracerOptions{})
}

// traceWriter prefixes every trace line with the connection it belongs to,
// so the traces of concurrent connections can be told apart.
type traceWriter struct {
	c   *Conn
	w   io.Writer
	buf []byte
}

func (t *traceWriter) Write(p []byte) (int, error) {
	// pgproto3 writes one complete line per message.
	t.buf = append(t.buf[:0], "conn "...)
	t.buf = strconv.AppendUint(t.buf, uint64(t.c.pid), 10)
	t.buf = append(t.buf, '\t')
	t.buf = append(t.buf, p...)
	if _, err := t.w.Write(t.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}
