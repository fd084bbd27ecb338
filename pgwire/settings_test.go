package pgwire

import (
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected replies in this file were taken from PostgreSQL 15 given the
// same messages (ParameterStatus after CommandComplete, right before
// ReadyForQuery; NoticeResponse before the CommandComplete it belongs to).

func q(sql string) pgproto3.FrontendMessage { return &pgproto3.Query{String: sql} }

func TestParameterStatusAfterChanges(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	runExchanges(t, ts, []exchange{
		{
			name:  "SET then unchanged SET",
			send:  []pgproto3.FrontendMessage{q("SET application_name = 'x'"), q("SET application_name = 'x'")},
			ready: 2,
			want: []string{
				"CommandComplete SET", "ParameterStatus application_name=x", "ReadyForQuery I",
				"CommandComplete SET", "ReadyForQuery I",
			},
		},
		{
			name: "reported once, after the last statement",
			send: []pgproto3.FrontendMessage{q("set application_name='y'; select 1")},
			want: []string{
				"CommandComplete SET", "RowDescription ?column?:23:0", "DataRow 1", "CommandComplete SELECT 1",
				"ParameterStatus application_name=y", "ReadyForQuery I",
			},
		},
		{
			name:  "SET LOCAL reverts at COMMIT",
			send:  []pgproto3.FrontendMessage{q("begin"), q("set local timezone = 'Asia/Tokyo'"), q("commit")},
			ready: 3,
			want: []string{
				"CommandComplete BEGIN", "ReadyForQuery T",
				"CommandComplete SET", "ParameterStatus TimeZone=Asia/Tokyo", "ReadyForQuery T",
				"CommandComplete COMMIT", "ParameterStatus TimeZone=UTC", "ReadyForQuery I",
			},
		},
		{
			name:  "SET in a rolled back block",
			setup: "set application_name = 'before'",
			send:  []pgproto3.FrontendMessage{q("begin; set application_name='z'; rollback")},
			want:  []string{"CommandComplete BEGIN", "CommandComplete SET", "CommandComplete ROLLBACK", "ReadyForQuery I"},
		},
		{
			name:  "SET LOCAL then ROLLBACK",
			send:  []pgproto3.FrontendMessage{q("begin"), q("set local application_name = 'w'"), q("rollback")},
			ready: 3,
			want: []string{
				"CommandComplete BEGIN", "ReadyForQuery T",
				"CommandComplete SET", "ParameterStatus application_name=w", "ReadyForQuery T",
				"CommandComplete ROLLBACK", "ParameterStatus application_name=", "ReadyForQuery I",
			},
		},
		{
			name:  "RESET and set_config",
			setup: "set application_name = 'a'",
			send:  []pgproto3.FrontendMessage{q("reset application_name"), q("select set_config('application_name', 'q', false)")},
			ready: 2,
			want: []string{
				"CommandComplete RESET", "ParameterStatus application_name=", "ReadyForQuery I",
				"RowDescription set_config:25:0", "DataRow q", "CommandComplete SELECT 1",
				"ParameterStatus application_name=q", "ReadyForQuery I",
			},
		},
		{
			name:  "DISCARD ALL",
			setup: "set timezone = 'Asia/Tokyo'",
			send:  []pgproto3.FrontendMessage{q("discard all")},
			want:  []string{"CommandComplete DISCARD ALL", "ParameterStatus TimeZone=UTC", "ReadyForQuery I"},
		},
		{
			name: "extended protocol: before ReadyForQuery",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Query: "set application_name = 'ext'"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{},
			},
			want: []string{
				"ParseComplete", "BindComplete", "CommandComplete SET",
				"ParameterStatus application_name=ext", "ReadyForQuery I",
			},
		},
	})
}

func TestNotices(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	runExchanges(t, ts, []exchange{
		{
			name:  "transaction warnings",
			send:  []pgproto3.FrontendMessage{q("commit"), q("begin"), q("begin"), q("set local timezone = 'UTC'"), q("rollback")},
			ready: 5,
			want: []string{
				"WARNING 25P01 there is no transaction in progress", "CommandComplete COMMIT", "ReadyForQuery I",
				"CommandComplete BEGIN", "ReadyForQuery T",
				"WARNING 25001 there is already a transaction in progress", "CommandComplete BEGIN", "ReadyForQuery T",
				"CommandComplete SET", "ReadyForQuery T",
				"CommandComplete ROLLBACK", "ReadyForQuery I",
			},
		},
		{
			name: "SET LOCAL outside a block",
			send: []pgproto3.FrontendMessage{q("set local timezone = 'UTC'")},
			want: []string{"WARNING 25P01 SET LOCAL can only be used in transaction blocks", "CommandComplete SET", "ReadyForQuery I"},
		},
		{
			name:  "IF [NOT] EXISTS",
			setup: "create table t1 (a int primary key); create schema s1",
			send: []pgproto3.FrontendMessage{
				q("create table if not exists t1 (a int primary key)"),
				q("create schema if not exists s1"),
				q("drop table if exists nope"),
			},
			ready: 3,
			want: []string{
				`NOTICE 42P07 relation "t1" already exists, skipping`, "CommandComplete CREATE TABLE", "ReadyForQuery I",
				`NOTICE 42P06 schema "s1" already exists, skipping`, "CommandComplete CREATE SCHEMA", "ReadyForQuery I",
				`NOTICE 00000 table "nope" does not exist, skipping`, "CommandComplete DROP TABLE", "ReadyForQuery I",
			},
		},
		{
			name:  "DROP SCHEMA CASCADE",
			setup: "create schema s2; create table s2.t (a int)",
			send:  []pgproto3.FrontendMessage{q("drop schema s2 cascade")},
			want:  []string{"NOTICE 00000 drop cascades to table s2.t", "CommandComplete DROP SCHEMA", "ReadyForQuery I"},
		},
		{
			name:  "client_min_messages",
			setup: "set client_min_messages = error",
			send:  []pgproto3.FrontendMessage{q("commit")},
			want:  []string{"CommandComplete COMMIT", "ReadyForQuery I"},
		},
	})
}

func TestStartupSettingsReported(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	c, got := ts.dial(t, map[string]string{
		"user": "root", "database": "kalamdb", "TimeZone": "Asia/Tokyo", "DateStyle": "ISO",
		"extra_float_digits": "0", "client_encoding": "UTF8",
		"options": `-c application_name=a\ b --search_path=public`,
	})
	require.Equal(t, "ReadyForQuery I", got[len(got)-1], got)
	assert.Contains(t, got, "ParameterStatus TimeZone=Asia/Tokyo")
	assert.Contains(t, got, "ParameterStatus application_name=a b")
	assert.NotContains(t, got, "ParameterStatus TimeZone=UTC")

	// Text results are printed in the session's zone and float digits,
	// and follow a later SET.
	c.send(q("select '2024-07-01 12:00:00+00'::timestamptz as ts, 1::float8/3 as f"))
	assert.Equal(t, []string{
		"RowDescription ts:1184:0,f:701:0", "DataRow 2024-07-01 21:00:00+09|0.333333333333333",
		"CommandComplete SELECT 1", "ReadyForQuery I",
	}, c.untilReady())
	c.send(q("set timezone = 'America/St_Johns'; select '2024-07-01 12:00'::timestamptz as ts"))
	assert.Equal(t, []string{
		"CommandComplete SET", "RowDescription ts:1184:0", "DataRow 2024-07-01 12:00:00-02:30",
		"CommandComplete SELECT 1", "ParameterStatus TimeZone=America/St_Johns", "ReadyForQuery I",
	}, c.untilReady())

	// Bound text parameters without a zone are read in the session zone.
	c.send(&pgproto3.Parse{Query: "select $1::timestamptz::text"},
		&pgproto3.Bind{Parameters: [][]byte{text("2024-01-01 12:00")}}, &pgproto3.Execute{}, &pgproto3.Sync{})
	assert.Equal(t, []string{"ParseComplete", "BindComplete", "DataRow 2024-01-01 12:00:00-03:30",
		"CommandComplete SELECT 1", "ReadyForQuery I"}, c.untilReady())
}

func TestStartupSettingsRefused(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	cases := []struct {
		name string
		set  map[string]string
		want string
	}{
		{"bad client_encoding", map[string]string{"client_encoding": "nope"}, `FATAL 22023 invalid value for parameter "client_encoding": "nope"`},
		{"bad TimeZone", map[string]string{"TimeZone": "nope"}, `FATAL 22023 invalid value for parameter "TimeZone": "nope"`},
		{"unknown parameter", map[string]string{"nope": "1"}, `FATAL 42704 unrecognized configuration parameter "nope"`},
		{"unknown parameter in options", map[string]string{"options": "-c nope=1"}, `FATAL 42704 unrecognized configuration parameter "nope"`},
		{"read-only parameter", map[string]string{"server_version": "1"}, `FATAL 55P02 parameter "server_version" cannot be changed`},
		{"out of range", map[string]string{"options": "-c extra_float_digits=9"},
			`FATAL 22023 9 is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`},
		{"bad switch", map[string]string{"options": "-x"}, "FATAL 42601 invalid command-line argument for server process: -x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			params := map[string]string{"user": "root", "database": "kalamdb"}
			for k, v := range tc.set {
				params[k] = v
			}
			_, got := ts.dial(t, params)
			assert.Equal(t, []string{"AuthenticationOk", tc.want}, got)
		})
	}
}

func TestErrorResponseFields(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	c := ts.connect(t)
	c.send(q("create schema s1; create table s1.t (a int primary key, b text not null); insert into s1.t values (1, 'x')"))
	require.Equal(t, "ReadyForQuery I", last(c.untilReady()))

	cases := []struct {
		sql  string
		want pgproto3.ErrorResponse
	}{
		{"insert into s1.t values (1, 'y')", pgproto3.ErrorResponse{
			Code: "23505", SchemaName: "s1", TableName: "t", ConstraintName: "t_pkey",
			Detail: "Key (a)=(1) already exists."}},
		{"update s1.t set b = null", pgproto3.ErrorResponse{
			Code: "23502", SchemaName: "s1", TableName: "t", ColumnName: "b",
			Detail: "Failing row contains (1, null)."}},
	}
	for _, tc := range cases {
		c.send(q(tc.sql))
		var got *pgproto3.ErrorResponse
		for {
			msg, err := c.fe.Receive()
			require.NoError(t, err)
			if e, ok := msg.(*pgproto3.ErrorResponse); ok {
				cp := *e
				got = &cp
			}
			if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
				break
			}
		}
		require.NotNil(t, got, tc.sql)
		assert.Equal(t, []string{tc.want.Code, tc.want.SchemaName, tc.want.TableName, tc.want.ColumnName, tc.want.ConstraintName, tc.want.Detail},
			[]string{got.Code, got.SchemaName, got.TableName, got.ColumnName, got.ConstraintName, got.Detail}, tc.sql)
	}
}

func last(s []string) string { return s[len(s)-1] }
