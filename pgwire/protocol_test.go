package pgwire

import (
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exchange is one protocol conversation on a fresh connection: what the
// client sends and every message it must get back, in order. Expectations
// were taken from PostgreSQL 15 given the same messages.
type exchange struct {
	name  string
	setup string // a simple query run first, its replies not checked
	send  []pgproto3.FrontendMessage
	ready int // ReadyForQuery messages that end the conversation; 0 means 1
	want  []string
}

func runExchanges(t *testing.T, ts *testServer, cases []exchange) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ts.connect(t)
			if tc.setup != "" {
				c.send(&pgproto3.Query{String: tc.setup})
				got := c.untilReady()
				require.Equal(t, "ReadyForQuery I", got[len(got)-1], got)
			}
			c.send(tc.send...)
			var got []string
			for range max(tc.ready, 1) {
				got = append(got, c.untilReady()...)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func text(s string) []byte { return []byte(s) }

func TestSimpleQuery(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	runExchanges(t, ts, []exchange{
		{
			name: "multi-statement",
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "select 1 as a; select 'x' as b, null::int4 as c"}},
			want: []string{
				"RowDescription a:23:0", "DataRow 1", "CommandComplete SELECT 1",
				"RowDescription b:25:0,c:23:0", "DataRow x|NULL", "CommandComplete SELECT 1",
				"ReadyForQuery I",
			},
		},
		{
			name: "empty query",
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: ""}},
			want: []string{"EmptyQueryResponse", "ReadyForQuery I"},
		},
		{
			name: "comment only (pgx Ping)",
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "-- ping"}},
			want: []string{"EmptyQueryResponse", "ReadyForQuery I"},
		},
		{
			name: "error stops the rest",
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "select 1; selec 2; select 3"}},
			want: []string{
				`ERROR 42601 syntax error at or near "selec"`,
				"ReadyForQuery I",
			},
		},
		{
			name: "transaction status",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Query{String: "begin"},
				&pgproto3.Query{String: "select 1/0"},
				&pgproto3.Query{String: "rollback"},
			},
			ready: 3,
			want: []string{
				"CommandComplete BEGIN", "ReadyForQuery T",
				"RowDescription ?column?:23:0", "ERROR 22012 division by zero", "ReadyForQuery E",
				"CommandComplete ROLLBACK", "ReadyForQuery I",
			},
		},
	})
}

func TestExtendedQuery(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	int4 := func(n byte) []byte { return []byte{0, 0, 0, n} }
	runExchanges(t, ts, []exchange{
		{
			name: "parse bind describe execute",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "s", Query: "select $1::int4 + 1 as n, $2::text as t"},
				&pgproto3.Describe{ObjectType: 'S', Name: "s"},
				&pgproto3.Bind{PreparedStatement: "s", Parameters: [][]byte{text("41"), nil}},
				&pgproto3.Describe{ObjectType: 'P'},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			want: []string{
				"ParseComplete", "ParameterDescription 23,25", "RowDescription n:23:0,t:25:0",
				"BindComplete", "RowDescription n:23:0,t:25:0",
				"DataRow 42|NULL", "CommandComplete SELECT 1", "ReadyForQuery I",
			},
		},
		{
			name: "binary parameters and results",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select $1::int4 as n, 'x'::text as t"},
				&pgproto3.Bind{ParameterFormatCodes: []int16{1}, Parameters: [][]byte{int4(7)}, ResultFormatCodes: []int16{1, 0}},
				&pgproto3.Describe{ObjectType: 'P'},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			want: []string{
				"ParseComplete", "BindComplete", "RowDescription n:23:1,t:25:0",
				"DataRow 0x00000007|x", "CommandComplete SELECT 1", "ReadyForQuery I",
			},
		},
		{
			name: "one result format applies to all columns",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select 1::int4 as a, 2::int4 as b"},
				&pgproto3.Bind{ResultFormatCodes: []int16{1}},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "BindComplete", "DataRow 0x00000001|0x00000002", "CommandComplete SELECT 1", "ReadyForQuery I"},
		},
		{
			name: "statement without rows describes as NoData",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "create table nodata (id int primary key)"},
				&pgproto3.Describe{ObjectType: 'S'},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "ParameterDescription ", "NoData", "ReadyForQuery I"},
		},
		{
			name: "duplicate named statement discards until Sync",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "a", Query: "select 1"},
				&pgproto3.Parse{Name: "a", Query: "select 2"},
				&pgproto3.Bind{PreparedStatement: "a"},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
				&pgproto3.Bind{PreparedStatement: "a"},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			ready: 2,
			want: []string{
				"ParseComplete", `ERROR 42P05 prepared statement "a" already exists`, "ReadyForQuery I",
				"BindComplete", "DataRow 1", "CommandComplete SELECT 1", "ReadyForQuery I",
			},
		},
		{
			name: "unnamed statement is replaced",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select 1"},
				&pgproto3.Parse{Query: "select 2"},
				&pgproto3.Bind{},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "ParseComplete", "BindComplete", "DataRow 2", "CommandComplete SELECT 1", "ReadyForQuery I"},
		},
		{
			name: "unknown statement",
			send: []pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "nope"}, &pgproto3.Sync{}},
			want: []string{`ERROR 26000 prepared statement "nope" does not exist`, "ReadyForQuery I"},
		},
		{
			name: "unnamed statement missing",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Bind{}, &pgproto3.Sync{},
				&pgproto3.Describe{ObjectType: 'S'}, &pgproto3.Sync{},
			},
			ready: 2,
			want: []string{
				"ERROR 26000 unnamed prepared statement does not exist", "ReadyForQuery I",
				"ERROR 26000 unnamed prepared statement does not exist", "ReadyForQuery I",
			},
		},
		{
			name: "bad binary parameter",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select $1::int4"},
				&pgproto3.Bind{ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 0, 0, 1, 2}}},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "ERROR 22P03 incorrect binary data format in bind parameter 1", "ReadyForQuery I"},
		},
		{
			name: "describe unknown statement and portal",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Describe{ObjectType: 'S', Name: "zz"}, &pgproto3.Sync{},
				&pgproto3.Describe{ObjectType: 'P', Name: "zz"}, &pgproto3.Sync{},
				&pgproto3.Execute{Portal: "zz"}, &pgproto3.Sync{},
			},
			ready: 3,
			want: []string{
				`ERROR 26000 prepared statement "zz" does not exist`, "ReadyForQuery I",
				`ERROR 34000 portal "zz" does not exist`, "ReadyForQuery I",
				`ERROR 34000 portal "zz" does not exist`, "ReadyForQuery I",
			},
		},
		{
			name: "wrong parameter count",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select $1::int4"},
				&pgproto3.Bind{Parameters: [][]byte{text("1"), text("2")}},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", `ERROR 08P01 bind message supplies 2 parameters, but prepared statement "" requires 1`, "ReadyForQuery I"},
		},
		{
			name: "parameter format count mismatch",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select $1::int4"},
				&pgproto3.Bind{ParameterFormatCodes: []int16{0, 0}, Parameters: [][]byte{text("1")}},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "ERROR 08P01 bind message has 2 parameter formats but 1 parameters", "ReadyForQuery I"},
		},
		{
			name: "unsupported parameter format",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select $1::int4"},
				&pgproto3.Bind{ParameterFormatCodes: []int16{3}, Parameters: [][]byte{text("1")}},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "ERROR 22023 unsupported format code: 3", "ReadyForQuery I"},
		},
		{
			name: "bad text parameter",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select $1::int4"},
				&pgproto3.Bind{Parameters: [][]byte{text("x1")}},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", `ERROR 22P02 invalid input syntax for type integer: "x1"`, "ReadyForQuery I"},
		},
		{
			name: "result format count mismatch",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select 1"},
				&pgproto3.Bind{ResultFormatCodes: []int16{0, 1}},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "ERROR 08P01 bind message has 2 result formats but query has 1 columns", "ReadyForQuery I"},
		},
		{
			name: "unsupported result format fails at Execute",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select 1"},
				&pgproto3.Bind{ResultFormatCodes: []int16{5}},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "BindComplete", "ERROR 22023 unsupported format code: 5", "ReadyForQuery I"},
		},
		{
			name: "duplicate named portal",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select 1"},
				&pgproto3.Bind{DestinationPortal: "p"},
				&pgproto3.Bind{DestinationPortal: "p"},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "BindComplete", `ERROR 42P03 cursor "p" already exists`, "ReadyForQuery I"},
		},
		{
			name: "errors skip every message until Sync, simple Query and Flush too",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "selec"},
				&pgproto3.Query{String: "select 1"},
				&pgproto3.Flush{},
				&pgproto3.Bind{},
				&pgproto3.Sync{},
			},
			want: []string{`ERROR 42601 syntax error at or near "selec"`, "ReadyForQuery I"},
		},
		{
			name: "multiple statements cannot be prepared",
			send: []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "select 1; select 2"}, &pgproto3.Sync{}},
			want: []string{"ERROR 42601 cannot insert multiple commands into a prepared statement", "ReadyForQuery I"},
		},
		{
			name: "empty statement",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: ""},
				&pgproto3.Bind{},
				&pgproto3.Describe{ObjectType: 'P'},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			want: []string{"ParseComplete", "BindComplete", "NoData", "EmptyQueryResponse", "ReadyForQuery I"},
		},
		{
			name: "invalid describe subtype",
			send: []pgproto3.FrontendMessage{&pgproto3.Describe{ObjectType: 'X', Name: "zz"}, &pgproto3.Sync{}},
			want: []string{"ERROR 08P01 invalid DESCRIBE message subtype 88", "ReadyForQuery I"},
		},
		{
			name: "close of missing objects is no error; closed statement is gone",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Close{ObjectType: 'S', Name: "zz"},
				&pgproto3.Close{ObjectType: 'P', Name: "zz"},
				&pgproto3.Parse{Name: "s", Query: "select 1"},
				&pgproto3.Close{ObjectType: 'S', Name: "s"},
				&pgproto3.Bind{PreparedStatement: "s"},
				&pgproto3.Sync{},
			},
			want: []string{"CloseComplete", "CloseComplete", "ParseComplete", "CloseComplete",
				`ERROR 26000 prepared statement "s" does not exist`, "ReadyForQuery I"},
		},
		{
			name: "simple query drops the unnamed portal",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select 1"},
				&pgproto3.Bind{},
				&pgproto3.Query{String: "select 2"},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			},
			ready: 2,
			want: []string{
				"ParseComplete", "BindComplete",
				"RowDescription ?column?:23:0", "DataRow 2", "CommandComplete SELECT 1", "ReadyForQuery I",
				`ERROR 34000 portal "" does not exist`, "ReadyForQuery I",
			},
		},
		{
			name:  "portal suspension",
			setup: "create table s3 (id int primary key); insert into s3 values (1), (2), (3)",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select id from s3 order by id"},
				&pgproto3.Bind{},
				&pgproto3.Execute{MaxRows: 2},
				&pgproto3.Execute{MaxRows: 2},
				&pgproto3.Sync{},
			},
			want: []string{
				"ParseComplete", "BindComplete",
				"DataRow 1", "DataRow 2", "PortalSuspended",
				"DataRow 3", "CommandComplete SELECT 1", "ReadyForQuery I",
			},
		},
		{
			name:  "portals end with their implicit transaction",
			setup: "create table s4 (id int primary key); insert into s4 values (1), (2), (3)",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "select id from s4 order by id"},
				&pgproto3.Bind{},
				&pgproto3.Execute{MaxRows: 2},
				&pgproto3.Sync{},
				&pgproto3.Execute{MaxRows: 2},
				&pgproto3.Sync{},
			},
			ready: 2,
			want: []string{
				"ParseComplete", "BindComplete", "DataRow 1", "DataRow 2", "PortalSuspended", "ReadyForQuery I",
				`ERROR 34000 portal "" does not exist`, "ReadyForQuery I",
			},
		},
		{
			name:  "portals survive Sync inside a transaction block",
			setup: "create table s5 (id int primary key); insert into s5 values (1), (2), (3)",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Query{String: "begin"},
				&pgproto3.Parse{Query: "select id from s5 order by id"},
				&pgproto3.Bind{},
				&pgproto3.Execute{MaxRows: 2},
				&pgproto3.Sync{},
				&pgproto3.Execute{MaxRows: 2},
				&pgproto3.Sync{},
				&pgproto3.Query{String: "commit"},
			},
			ready: 4,
			want: []string{
				"CommandComplete BEGIN", "ReadyForQuery T",
				"ParseComplete", "BindComplete", "DataRow 1", "DataRow 2", "PortalSuspended", "ReadyForQuery T",
				"DataRow 3", "CommandComplete SELECT 1", "ReadyForQuery T",
				"CommandComplete COMMIT", "ReadyForQuery I",
			},
		},
		{
			name: "DEALLOCATE ALL frees protocol statement names",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "stmtcache_1", Query: "select 1"},
				&pgproto3.Sync{},
				&pgproto3.Query{String: "deallocate all"},
				&pgproto3.Parse{Name: "stmtcache_1", Query: "select 2"},
				&pgproto3.Sync{},
			},
			ready: 3,
			want: []string{
				"ParseComplete", "ReadyForQuery I",
				"CommandComplete DEALLOCATE ALL", "ReadyForQuery I",
				"ParseComplete", "ReadyForQuery I",
			},
		},
	})
}

func TestTerminateClosesTheConnection(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	c := ts.connect(t)
	c.send(&pgproto3.Terminate{})
	_, ok := c.next()
	assert.False(t, ok, "connection should be closed after Terminate")
}
