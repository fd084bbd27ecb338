package pgwire

import (
	"bytes"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/require"
)

var loopback = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5000}

// scriptedConn is a client that sends a fixed script of bytes, then EOF,
// and accepts every reply: the server runs through the whole script.
type scriptedConn struct {
	r *bytes.Reader
}

func (s scriptedConn) Read(p []byte) (int, error)       { return s.r.Read(p) }
func (s scriptedConn) Write(p []byte) (int, error)      { return len(p), nil }
func (s scriptedConn) Close() error                     { return nil }
func (s scriptedConn) LocalAddr() net.Addr              { return loopback }
func (s scriptedConn) RemoteAddr() net.Addr             { return loopback }
func (s scriptedConn) SetDeadline(time.Time) error      { return nil }
func (s scriptedConn) SetReadDeadline(time.Time) error  { return nil }
func (s scriptedConn) SetWriteDeadline(time.Time) error { return nil }

// serveBytes runs one connection whose client sends data and hangs up, and
// fails if the server panicked (recovered panics are logged) or hung.
func serveBytes(t *testing.T, cfg Config, data []byte) {
	log := &panicLog{}
	cfg.Logger = slog.New(log)
	c := NewConn(scriptedConn{bytes.NewReader(data)}, &cfg)
	go c.Serve()
	select {
	case <-c.Done():
	case <-time.After(2 * time.Second):
		// A statement may still be running (pg_sleep): cancel it.
		c.Close()
		select {
		case <-c.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("connection did not end after Close")
		}
	}
	require.Empty(t, log.list(), "recovered panics")
}

// encode concatenates messages as a client would send them.
func encode(tb testing.TB, msgs ...interface {
	Encode([]byte) ([]byte, error)
}) []byte {
	var buf []byte
	for _, m := range msgs {
		var err error
		buf, err = m.Encode(buf)
		require.NoError(tb, err)
	}
	return buf
}

func startupBytes(tb testing.TB, user string) []byte {
	return encode(tb, &pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
		Parameters: map[string]string{"user": user, "database": "kalamdb"}})
}

func fuzzUsers(tb testing.TB) Authenticator {
	v, err := NewSCRAMVerifier("secret")
	require.NoError(tb, err)
	return StaticUsers{
		"root":  {Name: "root", Superuser: true},
		"alice": {Name: "alice", SCRAM: v},
	}
}

// FuzzStartup feeds arbitrary bytes to the startup and authentication
// phases (no engine: a successful login ends with 57P03).
func FuzzStartup(f *testing.F) {
	f.Add(startupBytes(f, "root"))
	f.Add(startupBytes(f, "alice"))
	f.Add(append(encode(f, &pgproto3.SSLRequest{}), startupBytes(f, "root")...))
	f.Add(append(encode(f, &pgproto3.GSSEncRequest{}), startupBytes(f, "root")...))
	f.Add(encode(f, &pgproto3.CancelRequest{ProcessID: 1, SecretKey: []byte{1, 2, 3, 4}}))
	f.Add(append(startupBytes(f, "alice"), encode(f,
		&pgproto3.SASLInitialResponse{AuthMechanism: "SCRAM-SHA-256", Data: []byte("n,,n=,r=abcdefghijkl")},
		&pgproto3.SASLResponse{Data: []byte("c=biws,r=abcdefghijkl,p=AAAA")})...))
	f.Add([]byte{0, 0, 0, 8, 0, 2, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	users := fuzzUsers(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		serveBytes(t, Config{Auth: users, MaxMessageSize: 1 << 16}, data)
	})
}

// FuzzMessages logs in as root and feeds arbitrary bytes as protocol
// messages to a real engine.
func FuzzMessages(f *testing.F) {
	seeds := [][]byte{
		encode(f, &pgproto3.Query{String: "select 1; select 'a'"}),
		encode(f, &pgproto3.Query{String: ""}),
		encode(f,
			&pgproto3.Parse{Name: "s", Query: "select $1::int4, $2::text"},
			&pgproto3.Describe{ObjectType: 'S', Name: "s"},
			&pgproto3.Bind{PreparedStatement: "s", ParameterFormatCodes: []int16{1, 0},
				Parameters: [][]byte{{0, 0, 0, 1}, nil}, ResultFormatCodes: []int16{1}},
			&pgproto3.Describe{ObjectType: 'P'},
			&pgproto3.Execute{MaxRows: 1},
			&pgproto3.Execute{},
			&pgproto3.Close{ObjectType: 'P'},
			&pgproto3.Close{ObjectType: 'S', Name: "s"},
			&pgproto3.Sync{}),
		encode(f, &pgproto3.Parse{Query: "selec"}, &pgproto3.Bind{}, &pgproto3.Flush{}, &pgproto3.Sync{}),
		encode(f, &pgproto3.Query{String: "begin"}, &pgproto3.Parse{Query: "select 1"}, &pgproto3.Bind{DestinationPortal: "p"},
			&pgproto3.Execute{Portal: "p", MaxRows: 1}, &pgproto3.Sync{}, &pgproto3.Query{String: "commit"}),
		encode(f, &pgproto3.FunctionCall{Function: 1}, &pgproto3.CopyData{Data: []byte("x")}, &pgproto3.Terminate{}),
		{'Q', 0, 0, 0, 3},
		{'B', 0, 0, 0, 10, 0, 0, 0xff, 0xff, 0, 0},
		{'?', 0, 0, 0, 4},
	}
	for _, s := range seeds {
		f.Add(s)
	}
	eng := newEngine(f)
	users := fuzzUsers(f)
	prefix := startupBytes(f, "root")
	f.Fuzz(func(t *testing.T, data []byte) {
		serveBytes(t, Config{Engine: eng, Auth: users, MaxMessageSize: 1 << 16}, append(prefix[:len(prefix):len(prefix)], data...))
	})
}

func TestPanicIsContained(t *testing.T) {
	log := &panicLog{}
	server, client := net.Pipe()
	defer client.Close()
	cfg := &Config{Engine: newEngine(t), Auth: fuzzUsers(t), Logger: slog.New(log)}
	c := NewConn(remoteConn{server, loopback}, cfg)
	replies := make(chan string, 64)
	go func() {
		defer close(replies)
		fe := pgproto3.NewFrontend(client, client)
		for {
			m, err := fe.Receive()
			if err != nil {
				return
			}
			replies <- summarize(m)
		}
	}()
	until := func(last string) []string {
		var got []string
		for {
			select {
			case s := <-replies:
				got = append(got, s)
				if s == last {
					return got
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("no %q after %v", last, got)
			}
		}
	}

	require.True(t, c.begin(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
		Parameters: map[string]string{"user": "root"}}))
	until("ReadyForQuery I")

	// A portal without an exec.Portal makes Describe dereference nil.
	c.portals["bad"] = &portal{}
	require.True(t, c.dispatch(&pgproto3.Describe{ObjectType: 'P', Name: "bad"}))
	delete(c.portals, "bad")
	require.True(t, c.dispatch(&pgproto3.Execute{}), "skipped until Sync")
	require.True(t, c.dispatch(&pgproto3.Sync{}))
	require.Equal(t, []string{
		"ERROR XX000 internal error: runtime error: invalid memory address or nil pointer dereference",
		"ReadyForQuery I",
	}, until("ReadyForQuery I"))

	require.True(t, c.dispatch(&pgproto3.Query{String: "select 1"}), "the connection stays usable")
	require.Equal(t, []string{"RowDescription ?column?:23:0", "DataRow 1", "CommandComplete SELECT 1", "ReadyForQuery I"},
		until("ReadyForQuery I"))

	panics := log.list()
	require.Len(t, panics, 1)
	require.Contains(t, panics[0], "stack=")
	require.Contains(t, panics[0], "describe")
}
