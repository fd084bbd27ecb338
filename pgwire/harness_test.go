package pgwire

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/storage"
)

// newEngine opens a real store and engine in a temporary directory.
func newEngine(tb testing.TB) *exec.Engine {
	tb.Helper()
	store, err := storage.Open(tb.TempDir(), storage.Options{NoSync: true})
	require.NoError(tb, err)
	eng, err := exec.NewEngine(store, exec.Options{})
	require.NoError(tb, err)
	tb.Cleanup(func() {
		_ = eng.Close()
		_ = store.Close()
	})
	return eng
}

// panicLog records whether a panic was logged: tests fail on any, since
// Serve recovers them and they would otherwise go unnoticed.
type panicLog struct {
	mu     sync.Mutex
	panics []string
}

func (p *panicLog) Enabled(context.Context, slog.Level) bool { return true }
func (p *panicLog) WithAttrs([]slog.Attr) slog.Handler       { return p }
func (p *panicLog) WithGroup(string) slog.Handler            { return p }
func (p *panicLog) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "panic") {
		var b strings.Builder
		r.Attrs(func(a slog.Attr) bool {
			fmt.Fprintf(&b, "%s=%v\n", a.Key, a.Value)
			return true
		})
		p.mu.Lock()
		p.panics = append(p.panics, b.String())
		p.mu.Unlock()
	}
	return nil
}

func (p *panicLog) list() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.panics...)
}

// mapRegistry is a minimal Registry for tests.
type mapRegistry struct {
	mu    sync.Mutex
	conns map[uint32]*Conn
}

func (r *mapRegistry) Register(c *Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.conns == nil {
		r.conns = map[uint32]*Conn{}
	}
	r.conns[c.ProcessID()] = c
}

func (r *mapRegistry) Unregister(c *Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.conns, c.ProcessID())
}

func (r *mapRegistry) Lookup(pid uint32) *Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conns[pid]
}

// testServer serves pgwire connections on a loopback TCP port.
type testServer struct {
	addr string
	cfg  *Config
	log  *panicLog
}

// startServer serves cfg (completed with a panic-recording logger and a
// registry) until the test ends, and fails the test if anything panicked.
func startServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ts := &testServer{addr: ln.Addr().String(), cfg: &cfg, log: &panicLog{}}
	cfg.Logger = slog.New(ts.log)
	if cfg.Registry == nil {
		cfg.Registry = &mapRegistry{}
	}
	if cfg.Auth == nil {
		cfg.Auth = StaticUsers{"root": {Name: "root", Superuser: true}}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				NewConn(nc, ts.cfg).Serve()
			}()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
		require.Empty(t, ts.log.list(), "recovered panics")
	})
	return ts
}

// wireClient is a raw protocol client: tests send exact messages and read
// back a readable summary of every reply.
type wireClient struct {
	t   *testing.T
	nc  net.Conn
	fe  *pgproto3.Frontend
	pid uint32
	key []byte
}

// dial connects and completes startup with the given parameters.
func (ts *testServer) dial(t *testing.T, params map[string]string) (*wireClient, []string) {
	t.Helper()
	nc, err := net.Dial("tcp", ts.addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = nc.Close() })
	c := &wireClient{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: params})
	return c, c.untilReady()
}

// connect dials as root on the kalamdb database and requires success.
func (ts *testServer) connect(t *testing.T) *wireClient {
	t.Helper()
	c, got := ts.dial(t, map[string]string{"user": "root", "database": "kalamdb"})
	require.Equal(t, "ReadyForQuery I", got[len(got)-1], got)
	return c
}

func (c *wireClient) send(msgs ...pgproto3.FrontendMessage) {
	c.t.Helper()
	for _, m := range msgs {
		c.fe.Send(m)
	}
	require.NoError(c.t, c.fe.Flush())
}

// untilReady reads replies up to and including ReadyForQuery, or until the
// server closes the connection.
func (c *wireClient) untilReady() []string {
	c.t.Helper()
	var got []string
	for {
		s, ok := c.next()
		if !ok {
			return got
		}
		got = append(got, s)
		if strings.HasPrefix(s, "ReadyForQuery") {
			return got
		}
	}
}

// next reads one reply; false when the connection ended.
func (c *wireClient) next() (string, bool) {
	c.t.Helper()
	require.NoError(c.t, c.nc.SetReadDeadline(time.Now().Add(5*time.Second)))
	msg, err := c.fe.Receive()
	if err != nil {
		var ne net.Error
		require.False(c.t, errors.As(err, &ne) && ne.Timeout(), "timed out waiting for the server")
		return "", false
	}
	if k, ok := msg.(*pgproto3.BackendKeyData); ok {
		c.pid, c.key = k.ProcessID, append([]byte(nil), k.SecretKey...)
	}
	return summarize(msg), true
}

// summarize renders a backend message compactly for assertions.
func summarize(msg pgproto3.BackendMessage) string {
	switch m := msg.(type) {
	case *pgproto3.ReadyForQuery:
		return "ReadyForQuery " + string(m.TxStatus)
	case *pgproto3.ErrorResponse:
		return fmt.Sprintf("%s %s %s", m.Severity, m.Code, m.Message)
	case *pgproto3.CommandComplete:
		return "CommandComplete " + string(m.CommandTag)
	case *pgproto3.RowDescription:
		fields := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			fields[i] = fmt.Sprintf("%s:%d:%d", f.Name, f.DataTypeOID, f.Format)
		}
		return "RowDescription " + strings.Join(fields, ",")
	case *pgproto3.DataRow:
		vals := make([]string, len(m.Values))
		for i, v := range m.Values {
			switch {
			case v == nil:
				vals[i] = "NULL"
			case utf8.Valid(v) && !strings.ContainsRune(string(v), 0):
				vals[i] = string(v)
			default:
				vals[i] = "0x" + hex.EncodeToString(v)
			}
		}
		return "DataRow " + strings.Join(vals, "|")
	case *pgproto3.ParameterDescription:
		oids := make([]string, len(m.ParameterOIDs))
		for i, o := range m.ParameterOIDs {
			oids[i] = fmt.Sprint(o)
		}
		return "ParameterDescription " + strings.Join(oids, ",")
	case *pgproto3.ParameterStatus:
		return "ParameterStatus " + m.Name + "=" + m.Value
	case *pgproto3.NoticeResponse:
		return fmt.Sprintf("%s %s %s", m.Severity, m.Code, m.Message)
	case *pgproto3.BackendKeyData:
		return "BackendKeyData"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", msg), "*pgproto3.")
}
