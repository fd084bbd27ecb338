package pgwire

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// DefaultMaxMessageSize bounds one client message (a Query string, a Bind
// with its parameters…) when Config.MaxMessageSize is zero.
const DefaultMaxMessageSize = 64 << 20

// flushThreshold is how many pending output bytes force a flush before the
// next ReadyForQuery, so large results stream instead of piling up.
const flushThreshold = 64 << 10

// Config is shared by every connection of a server. It must not change once
// connections are being served.
type Config struct {
	// Engine runs the SQL. Nil refuses every authenticated connection with
	// 57P03 (the server is starting up), which keeps startup testable alone.
	Engine *exec.Engine
	// Auth finds users; nil means there are none.
	Auth Authenticator
	// Registry makes connections findable by CancelRequest; nil ignores
	// cancel requests.
	Registry Registry
	// Logger receives connection events and recovered panics; nil uses slog.Default().
	Logger *slog.Logger
	// MaxMessageSize bounds a client message in bytes; 0 means DefaultMaxMessageSize.
	MaxMessageSize int
	// Trace, when set, receives a libpq-style trace of every message. When nil
	// the environment variable KALAMDB_WIRE_TRACE=1 traces to stderr.
	Trace io.Writer
}

// Registry tracks connections that completed startup so that a
// CancelRequest, which arrives on a connection of its own, can reach them.
type Registry interface {
	Register(c *Conn)
	Unregister(c *Conn)
	// Lookup returns the live connection with that process id, or nil.
	Lookup(pid uint32) *Conn
}

// lastPID hands out process ids: unique for the life of the process, so they
// can key cancel requests and be reported as pg_backend_pid().
var lastPID atomic.Uint32

// Conn is one client connection. Serve runs it; the other exported methods
// may be called from other goroutines.
type Conn struct {
	cfg *Config
	nc  net.Conn
	be  *pgproto3.Backend
	log *slog.Logger

	pid    uint32
	secret [4]byte
	user   User

	// Fields below are owned by the goroutine running Serve.
	session    *exec.Session
	unnamed    *exec.Statement    // the unnamed statement; named ones live in the session
	portals    map[string]*portal // "" is the unnamed portal
	skipToSync bool               // an extended-protocol error discards messages until Sync
	res        resultWriter
	pending    int   // bytes sent since the last flush (an estimate)
	writeErr   error // the first failed write; the connection is dead after it
	registered bool

	// stmtMu guards the statement context, which CancelRequest cancels from
	// another goroutine. One context serves every statement until a cancel
	// uses it up, so running a statement does not allocate.
	stmtMu     sync.Mutex
	busy       bool
	stmtCtx    context.Context
	stmtCancel context.CancelFunc
	baseCtx    context.Context // cancelled by Close: every statement stops
	baseCancel context.CancelFunc

	shutdown atomic.Bool // Shutdown was called: end at the next idle point
	done     chan struct{}
}

// NewConn prepares to serve nc. It does no I/O.
func NewConn(nc net.Conn, cfg *Config) *Conn {
	c := &Conn{
		cfg:  cfg,
		nc:   nc,
		be:   pgproto3.NewBackend(nc, nc),
		log:  cfg.Logger,
		done: make(chan struct{}),
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	maxSize := cfg.MaxMessageSize
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	c.be.SetMaxBodyLen(maxSize)
	c.baseCtx, c.baseCancel = context.WithCancel(context.Background())
	c.stmtCtx, c.stmtCancel = context.WithCancel(c.baseCtx)
	c.res.c = c
	c.startTrace()
	return c
}

// ProcessID is the connection's BackendKeyData process id (0 before startup).
func (c *Conn) ProcessID() uint32 { return c.pid }

// Done is closed when Serve has returned and the socket is closed.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Cancel cancels the running statement if secret is the connection's
// BackendKeyData secret key; with no statement running it does nothing, as
// in PostgreSQL. It reports whether the key matched.
func (c *Conn) Cancel(secret []byte) bool {
	if subtle.ConstantTimeCompare(secret, c.secret[:]) != 1 {
		return false
	}
	c.stmtMu.Lock()
	if c.busy {
		c.stmtCancel()
	}
	c.stmtMu.Unlock()
	return true
}

// Shutdown asks the connection to end with FATAL 57P01 as soon as it is
// idle: a running statement finishes first, a connection waiting for the
// client ends at once.
func (c *Conn) Shutdown() {
	c.shutdown.Store(true)
	// A deadline in the past wakes a blocked read and fails every later one;
	// Serve sees the shutdown flag and says goodbye.
	_ = c.nc.SetReadDeadline(time.Unix(1, 0))
}

// Close ends the connection now: the running statement is cancelled and the
// socket closed.
func (c *Conn) Close() {
	c.baseCancel()
	_ = c.nc.Close()
}

// Serve runs the connection until the client leaves, the protocol breaks or
// the server shuts it down. It closes the socket before returning.
func (c *Conn) Serve() {
	defer c.finish()
	defer func() {
		if r := recover(); r != nil {
			c.logPanic(r)
			contain(c, func() { c.sendFatal(internalError(r)) })
		}
	}()
	if !c.startup() {
		return
	}
	for c.writeErr == nil {
		if c.shutdown.Load() {
			c.sendFatal(pgerr.New(pgerr.AdminShutdown, "terminating connection due to administrator command"))
			return
		}
		msg, err := c.be.Receive()
		if err != nil {
			c.receiveFailed(err)
			return
		}
		if !c.dispatch(msg) {
			return
		}
	}
}

// dispatch handles one message; false ends the connection. A panic is
// contained here so that one bad statement does not cost the connection.
func (c *Conn) dispatch(msg pgproto3.FrontendMessage) (keep bool) {
	defer func() {
		if r := recover(); r != nil {
			keep = c.recoverMessage(msg, r)
		}
	}()
	if _, isSync := msg.(*pgproto3.Sync); !isSync && c.skipToSync {
		_, terminate := msg.(*pgproto3.Terminate)
		return !terminate
	}
	switch m := msg.(type) {
	case *pgproto3.Query:
		c.simpleQuery(m.String)
	case *pgproto3.Parse:
		c.parse(m)
	case *pgproto3.Bind:
		c.bind(m)
	case *pgproto3.Describe:
		c.describe(m)
	case *pgproto3.Execute:
		c.execute(m)
	case *pgproto3.Sync:
		c.sync()
	case *pgproto3.Flush:
		c.flush()
	case *pgproto3.Close:
		c.closeObject(m)
	case *pgproto3.Terminate:
		return false
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Outside COPY these are ignored, as the protocol specifies.
	case *pgproto3.FunctionCall:
		// Like Query, a FunctionCall is answered with ReadyForQuery.
		c.sendError(pgerr.New(pgerr.FeatureNotSupported, "fastpath function calls are not supported"))
		c.readyForQuery()
	default:
		c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "unexpected message type %T", msg))
		return false
	}
	return c.writeErr == nil
}

// recoverMessage reports a panic raised while handling msg and leaves the
// connection in the state an error would have: simple queries end with
// ReadyForQuery, extended ones skip to the next Sync.
func (c *Conn) recoverMessage(msg pgproto3.FrontendMessage, r any) (keep bool) {
	c.logPanic(r)
	defer func() {
		if r2 := recover(); r2 != nil {
			c.logPanic(r2)
			keep = false
		}
	}()
	c.endStatement()
	c.sendError(internalError(r))
	switch msg.(type) {
	case *pgproto3.Query, *pgproto3.Sync:
		// The client waits for ReadyForQuery after these.
		c.skipToSync = false
		c.readyForQuery()
	default:
		c.skipToSync = true
	}
	return c.writeErr == nil
}

// receiveFailed ends the connection after Receive failed, telling the client
// why when the reason is ours or its protocol error rather than a hang-up.
func (c *Conn) receiveFailed(err error) {
	if c.shutdown.Load() {
		c.sendFatal(pgerr.New(pgerr.AdminShutdown, "terminating connection due to administrator command"))
		return
	}
	if isDisconnect(err) {
		return
	}
	var tooBig *pgproto3.ExceededMaxBodyLenErr
	if errors.As(err, &tooBig) {
		c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "invalid message length: %d bytes exceeds the limit of %d", tooBig.ActualBodyLen, tooBig.MaxExpectedBodyLen))
		return
	}
	c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "invalid frontend message: %v", err))
}

// isDisconnect reports errors that mean the client went away.
func isDisconnect(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || (errors.As(err, &ne) && ne.Timeout())
}

// beginStatement returns the context a statement runs under and marks the
// connection busy, so that CancelRequest can reach it.
func (c *Conn) beginStatement() context.Context {
	c.stmtMu.Lock()
	c.busy = true
	ctx := c.stmtCtx
	c.stmtMu.Unlock()
	return ctx
}

// endStatement marks the connection idle; a context spent by a cancel is
// replaced so the next statement does not start out cancelled.
func (c *Conn) endStatement() {
	c.stmtMu.Lock()
	c.busy = false
	if c.stmtCtx.Err() != nil && c.baseCtx.Err() == nil {
		c.stmtCancel()
		c.stmtCtx, c.stmtCancel = context.WithCancel(c.baseCtx)
	}
	c.stmtMu.Unlock()
}

// send buffers msg; size estimates its encoded length for the flush policy.
func (c *Conn) send(msg pgproto3.BackendMessage, size int) {
	c.be.Send(msg)
	c.pending += size
	if c.pending >= flushThreshold {
		c.flush()
	}
}

// flush writes the buffered output. The first write error is kept: the
// connection is dead and Serve returns.
func (c *Conn) flush() {
	c.pending = 0
	if c.writeErr != nil {
		return
	}
	if err := c.be.Flush(); err != nil {
		c.writeErr = err
	}
}

// readyForQuery ends a query cycle: parameters the cycle changed are
// reported (ParameterStatus, where PostgreSQL sends them), portals of a
// finished transaction are dropped, and the output is flushed.
func (c *Conn) readyForQuery() {
	if c.writeErr == nil {
		_ = c.session.ReportParameters(&c.res) // a write error is kept in c.writeErr
	}
	status := c.session.TxStatus()
	if status == exec.TxIdle {
		c.dropPortals()
	}
	c.be.Send(&pgproto3.ReadyForQuery{TxStatus: status})
	c.flush()
}

// contain runs fn, logging instead of propagating a panic: for cleanup
// that must not take the process down while a panic is being handled.
func contain(c *Conn, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			c.logPanic(r)
		}
	}()
	fn()
}

// finish releases everything Serve acquired.
func (c *Conn) finish() {
	if c.registered {
		c.cfg.Registry.Unregister(c)
	}
	if c.session != nil {
		contain(c, func() {
			c.dropPortals()
			c.session.Close()
		})
	}
	c.baseCancel()
	_ = c.nc.Close()
	close(c.done)
}
