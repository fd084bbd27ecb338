package pgwire

import (
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
)

func TestStartupSequence(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	_, got := ts.dial(t, map[string]string{"user": "root", "database": "kalamdb", "application_name": "wiretest"})
	assert.Equal(t, []string{
		"AuthenticationOk",
		"ParameterStatus application_name=wiretest",
		"ParameterStatus client_encoding=UTF8",
		"ParameterStatus DateStyle=ISO, MDY",
		"ParameterStatus default_transaction_read_only=off",
		"ParameterStatus in_hot_standby=off",
		"ParameterStatus integer_datetimes=on",
		"ParameterStatus IntervalStyle=postgres",
		"ParameterStatus is_superuser=on",
		"ParameterStatus server_encoding=UTF8",
		"ParameterStatus server_version=" + exec.ServerVersion,
		"ParameterStatus session_authorization=root",
		"ParameterStatus standard_conforming_strings=on",
		"ParameterStatus TimeZone=UTC",
		"BackendKeyData",
		"ReadyForQuery I",
	}, got)
}

func TestStartupRefusals(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	cases := []struct {
		name   string
		params map[string]string
		want   []string
	}{
		{"unknown database", map[string]string{"user": "root", "database": "x"},
			[]string{`FATAL 3D000 database "x" does not exist`}},
		{"no user", map[string]string{"database": "kalamdb"},
			[]string{"FATAL 28000 no PostgreSQL user name specified in startup packet"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, got := ts.dial(t, tc.params)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, db := range []string{"kalamdb", "postgres", "root", ""} {
		t.Run("database "+db, func(t *testing.T) {
			params := map[string]string{"user": "root"}
			if db != "" {
				params["database"] = db
			}
			_, got := ts.dial(t, params)
			assert.Equal(t, "ReadyForQuery I", got[len(got)-1])
		})
	}
}

func TestStartupWithoutEngine(t *testing.T) {
	ts := startServer(t, Config{})
	_, got := ts.dial(t, map[string]string{"user": "root"})
	assert.Equal(t, []string{"FATAL 57P03 the database system is starting up"}, got)
}

// rawStartup writes a length-prefixed startup-phase packet.
func rawStartup(t *testing.T, nc net.Conn, code uint32, body ...byte) {
	t.Helper()
	buf := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
	buf = binary.BigEndian.AppendUint32(buf, code)
	_, err := nc.Write(append(buf, body...))
	require.NoError(t, err)
}

func TestEncryptionRequestsAreRefused(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	const sslRequest, gssRequest = 80877103, 80877104
	for _, codes := range [][]uint32{{sslRequest}, {gssRequest}, {gssRequest, sslRequest}} {
		nc, err := net.Dial("tcp", ts.addr)
		require.NoError(t, err)
		for _, code := range codes {
			rawStartup(t, nc, code)
			answer := make([]byte, 1)
			_, err = io.ReadFull(nc, answer)
			require.NoError(t, err)
			assert.Equal(t, "N", string(answer))
		}
		c := &wireClient{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
		c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "root"}})
		got := c.untilReady()
		assert.Equal(t, "ReadyForQuery I", got[len(got)-1])
		_ = nc.Close()
	}
}

func TestProtocolVersions(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})

	t.Run("3.2 is negotiated down to 3.0", func(t *testing.T) {
		nc, err := net.Dial("tcp", ts.addr)
		require.NoError(t, err)
		defer nc.Close()
		c := &wireClient{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
		c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion32,
			Parameters: map[string]string{"user": "root", "_pq_.extension": "x"}})
		got := c.untilReady()
		assert.Equal(t, "NegotiateProtocolVersion", got[0])
		assert.Equal(t, "ReadyForQuery I", got[len(got)-1])
	})
	t.Run("2.0 is refused", func(t *testing.T) {
		nc, err := net.Dial("tcp", ts.addr)
		require.NoError(t, err)
		defer nc.Close()
		rawStartup(t, nc, 2<<16, []byte("user\x00root\x00\x00")...)
		c := &wireClient{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
		got := c.untilReady()
		require.Len(t, got, 1)
		assert.True(t, strings.HasPrefix(got[0], "FATAL 0A000 unsupported frontend protocol"), got[0])
	})
}

// remoteConn pretends a net.Pipe end is a remote TCP peer.
type remoteConn struct {
	net.Conn
	addr net.Addr
}

func (r remoteConn) RemoteAddr() net.Addr { return r.addr }

func TestTrustOnlyFromLoopback(t *testing.T) {
	cases := []struct {
		addr string
		want string
	}{
		{"127.0.0.1:5000", "ReadyForQuery I"},
		{"[::1]:5000", "ReadyForQuery I"},
		{"10.1.2.3:5000", `FATAL 28000 no password is set for user "root", so only loopback connections are trusted (client address 10.1.2.3:5000)`},
	}
	eng := newEngine(t)
	for _, tc := range cases {
		t.Run(tc.addr, func(t *testing.T) {
			server, client := net.Pipe()
			defer client.Close()
			addr, err := net.ResolveTCPAddr("tcp", tc.addr)
			require.NoError(t, err)
			cfg := &Config{Engine: eng, Auth: StaticUsers{"root": {Name: "root"}}}
			go NewConn(remoteConn{server, addr}, cfg).Serve()
			c := &wireClient{t: t, nc: client, fe: pgproto3.NewFrontend(client, client)}
			c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "root"}})
			got := c.untilReady()
			assert.Equal(t, tc.want, got[len(got)-1])
		})
	}
}

func TestUnknownUserIsOfferedSCRAM(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	nc, err := net.Dial("tcp", ts.addr)
	require.NoError(t, err)
	defer nc.Close()
	c := &wireClient{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "mallory"}})
	// The server asks for a password as it would for a real user, so the
	// answer does not reveal that mallory does not exist.
	got, ok := c.next()
	require.True(t, ok)
	assert.Equal(t, "AuthenticationSASL", got)
}

func TestMessageSizeLimit(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t), MaxMessageSize: 1024})
	c := ts.connect(t)
	c.send(&pgproto3.Query{String: "select '" + strings.Repeat("x", 2000) + "'"})
	got := c.untilReady()
	require.Len(t, got, 1)
	assert.True(t, strings.HasPrefix(got[0], "FATAL 08P01 invalid message length"), got[0])
	_, ok := c.next()
	assert.False(t, ok, "the connection is closed")
}

func TestLargeResultStreams(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	c := ts.connect(t)
	// ~200 KiB of rows: several flushes before ReadyForQuery.
	c.send(&pgproto3.Query{String: "create table big (id int primary key, v text)"})
	c.untilReady()
	c.send(&pgproto3.Query{String: "insert into big select i, repeat('x', 1000) from generate_series(1, 200) as g(i)"})
	got := c.untilReady()
	if got[0] != "CommandComplete INSERT 0 200" {
		// Fall back to plain VALUES if generate_series is unavailable.
		var sb strings.Builder
		sb.WriteString("insert into big values ")
		for i := 1; i <= 200; i++ {
			if i > 1 {
				sb.WriteString(",")
			}
			sb.WriteString("(" + strconv.Itoa(i) + ", '" + strings.Repeat("x", 1000) + "')")
		}
		c.send(&pgproto3.Query{String: sb.String()})
		got = c.untilReady()
		require.Equal(t, "CommandComplete INSERT 0 200", got[0], got)
	}
	c.send(&pgproto3.Query{String: "select id, v from big order by id"})
	got = c.untilReady()
	require.Len(t, got, 1+200+2)
	assert.Equal(t, "CommandComplete SELECT 200", got[201])
	assert.Equal(t, "DataRow 200|"+strings.Repeat("x", 1000), got[200])
}

func TestCancelRequest(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	c := ts.connect(t)
	cancel := func(key []byte) {
		nc, err := net.Dial("tcp", ts.addr)
		require.NoError(t, err)
		defer nc.Close()
		fe := pgproto3.NewFrontend(nc, nc)
		fe.Send(&pgproto3.CancelRequest{ProcessID: c.pid, SecretKey: key})
		require.NoError(t, fe.Flush())
		// The server closes the cancel connection without a reply.
		_ = nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := nc.Read(make([]byte, 1))
		assert.Equal(t, 0, n)
		assert.ErrorIs(t, err, io.EOF)
	}

	// A wrong key cancels nothing.
	c.send(&pgproto3.Query{String: "select pg_sleep(0.3)"})
	time.Sleep(50 * time.Millisecond)
	cancel([]byte{0, 0, 0, 0})
	got := c.untilReady()
	assert.Equal(t, "CommandComplete SELECT 1", got[len(got)-2])

	c.send(&pgproto3.Query{String: "select pg_sleep(30)"})
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	cancel(c.key)
	got = c.untilReady()
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, "ERROR 57014 canceling statement due to user request", got[len(got)-2])

	// The connection goes on, and the next statement is not cancelled.
	c.send(&pgproto3.Query{String: "select 1"})
	assert.Equal(t, []string{"RowDescription ?column?:23:0", "DataRow 1", "CommandComplete SELECT 1", "ReadyForQuery I"}, c.untilReady())
}
