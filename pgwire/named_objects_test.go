package pgwire

import (
	"context"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/require"
)

// TestNamedStatementNamespace: SQL PREPARE and protocol Parse share one
// namespace, as in PostgreSQL. Replies are PostgreSQL 15's.
func TestNamedStatementNamespace(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	runExchanges(t, ts, []exchange{
		{
			name:  "PREPARE then Parse of the same name",
			setup: "PREPARE foo AS SELECT 1",
			send:  []pgproto3.FrontendMessage{&pgproto3.Parse{Name: "foo", Query: "select 2"}, &pgproto3.Sync{}},
			want:  []string{`ERROR 42P05 prepared statement "foo" already exists`, "ReadyForQuery I"},
		},
		{
			name: "Parse then PREPARE of the same name",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "foo", Query: "select 2"}, &pgproto3.Sync{},
				&pgproto3.Query{String: "PREPARE foo AS SELECT 1"},
			},
			ready: 2,
			want: []string{
				"ParseComplete", "ReadyForQuery I",
				`ERROR 42P05 prepared statement "foo" already exists`, "ReadyForQuery I",
			},
		},
		{
			name: "EXECUTE runs a Parse'd statement",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "p1", Query: "select $1::int4 + 1 as n"}, &pgproto3.Sync{},
				&pgproto3.Query{String: "EXECUTE p1(41)"},
			},
			ready: 2,
			want: []string{
				"ParseComplete", "ReadyForQuery I",
				"RowDescription n:23:0", "DataRow 42", "CommandComplete SELECT 1", "ReadyForQuery I",
			},
		},
		{
			name: "DEALLOCATE drops a Parse'd statement",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "p1", Query: "select 1"}, &pgproto3.Sync{},
				&pgproto3.Query{String: "DEALLOCATE p1"},
				&pgproto3.Bind{PreparedStatement: "p1"}, &pgproto3.Sync{},
			},
			ready: 3,
			want: []string{
				"ParseComplete", "ReadyForQuery I",
				"CommandComplete DEALLOCATE", "ReadyForQuery I",
				`ERROR 26000 prepared statement "p1" does not exist`, "ReadyForQuery I",
			},
		},
		{
			name: "DEALLOCATE ALL drops Parse'd statements",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "p1", Query: "select 1"}, &pgproto3.Sync{},
				&pgproto3.Query{String: "DEALLOCATE ALL"},
				&pgproto3.Describe{ObjectType: 'S', Name: "p1"}, &pgproto3.Sync{},
				&pgproto3.Parse{Name: "p1", Query: "select 2"}, &pgproto3.Sync{},
			},
			ready: 4,
			want: []string{
				"ParseComplete", "ReadyForQuery I",
				"CommandComplete DEALLOCATE ALL", "ReadyForQuery I",
				`ERROR 26000 prepared statement "p1" does not exist`, "ReadyForQuery I",
				"ParseComplete", "ReadyForQuery I",
			},
		},
		{
			name:  "Close S drops a PREPAREd statement",
			setup: "PREPARE foo AS SELECT 1",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Close{ObjectType: 'S', Name: "foo"}, &pgproto3.Sync{},
				&pgproto3.Query{String: "EXECUTE foo"},
			},
			ready: 2,
			want: []string{
				"CloseComplete", "ReadyForQuery I",
				`ERROR 26000 prepared statement "foo" does not exist`, "ReadyForQuery I",
			},
		},
		{
			name:  "Describe and Bind a PREPAREd statement",
			setup: "PREPARE foo (int4) AS SELECT $1 * 2 AS d",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Describe{ObjectType: 'S', Name: "foo"},
				&pgproto3.Bind{PreparedStatement: "foo", Parameters: [][]byte{text("21")}},
				&pgproto3.Execute{}, &pgproto3.Sync{},
			},
			want: []string{
				"ParameterDescription 23", "RowDescription d:23:0", "BindComplete",
				"DataRow 42", "CommandComplete SELECT 1", "ReadyForQuery I",
			},
		},
		{
			name:  "pg_prepared_statements",
			setup: "PREPARE q (text) AS SELECT $1",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Parse{Name: "s1", Query: "select $1::int4"}, &pgproto3.Sync{},
				&pgproto3.Query{String: "select name, statement, parameter_types, from_sql, generic_plans + custom_plans from pg_prepared_statements order by name"},
			},
			ready: 2,
			want: []string{
				"ParseComplete", "ReadyForQuery I",
				"RowDescription name:25:0,statement:25:0,parameter_types:2211:0,from_sql:16:0,?column?:20:0",
				"DataRow q|PREPARE q (text) AS SELECT $1|{text}|t|0",
				"DataRow s1|select $1::int4|{integer}|f|0",
				"CommandComplete SELECT 2", "ReadyForQuery I",
			},
		},
	})
}

// TestCursors: DECLARE, FETCH, MOVE and CLOSE over the wire. Replies are
// PostgreSQL 15's.
func TestCursors(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	runExchanges(t, ts, []exchange{
		{
			name: "simple query",
			send: []pgproto3.FrontendMessage{&pgproto3.Query{String: "BEGIN; DECLARE c CURSOR FOR SELECT g FROM generate_series(1, 3) g; " +
				"FETCH 2 FROM c; FETCH 2 FROM c; FETCH c; MOVE c; CLOSE c; COMMIT"}},
			want: []string{
				"CommandComplete BEGIN", "CommandComplete DECLARE CURSOR",
				"RowDescription g:23:0", "DataRow 1", "DataRow 2", "CommandComplete FETCH 2",
				"RowDescription g:23:0", "DataRow 3", "CommandComplete FETCH 1",
				"RowDescription g:23:0", "CommandComplete FETCH 0",
				"CommandComplete MOVE 0", "CommandComplete CLOSE CURSOR", "CommandComplete COMMIT",
				"ReadyForQuery I",
			},
		},
		{
			name: "errors",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Query{String: "DECLARE c CURSOR FOR SELECT 1"},
				&pgproto3.Query{String: "BEGIN; DECLARE c CURSOR FOR SELECT 1; DECLARE c CURSOR FOR SELECT 2"},
				&pgproto3.Query{String: "ROLLBACK; FETCH c"},
				&pgproto3.Query{String: "CLOSE c"},
			},
			ready: 4,
			want: []string{
				"ERROR 25P01 DECLARE CURSOR can only be used in transaction blocks", "ReadyForQuery I",
				"CommandComplete BEGIN", "CommandComplete DECLARE CURSOR", `ERROR 42P03 cursor "c" already exists`, "ReadyForQuery E",
				"CommandComplete ROLLBACK", `ERROR 34000 cursor "c" does not exist`, "ReadyForQuery I",
				`ERROR 34000 cursor "c" does not exist`, "ReadyForQuery I",
			},
		},
		{
			name: "extended protocol",
			send: []pgproto3.FrontendMessage{
				&pgproto3.Query{String: "BEGIN"},
				&pgproto3.Parse{Query: "DECLARE c CURSOR FOR SELECT g * $1 AS x FROM generate_series(1, 3) g"},
				&pgproto3.Bind{Parameters: [][]byte{text("10")}},
				&pgproto3.Describe{ObjectType: 'P'},
				&pgproto3.Execute{},
				&pgproto3.Parse{Name: "f", Query: "FETCH 2 FROM c"},
				&pgproto3.Describe{ObjectType: 'S', Name: "f"},
				&pgproto3.Bind{PreparedStatement: "f"},
				&pgproto3.Execute{},
				&pgproto3.Bind{PreparedStatement: "f"},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
				&pgproto3.Query{String: "COMMIT"},
			},
			ready: 3,
			want: []string{
				"CommandComplete BEGIN", "ReadyForQuery T",
				"ParseComplete", "BindComplete", "NoData", "CommandComplete DECLARE CURSOR",
				"ParseComplete", "ParameterDescription ", "RowDescription x:23:0",
				"BindComplete", "DataRow 10", "DataRow 20", "CommandComplete FETCH 2",
				"BindComplete", "DataRow 30", "CommandComplete FETCH 1",
				"ReadyForQuery T", "CommandComplete COMMIT", "ReadyForQuery I",
			},
		},
	})
}

// TestNamedCursorThroughPgx is the flow of psycopg2's named cursors, sent
// by pgx over the simple protocol: BEGIN; DECLARE; FETCH FORWARD n until a
// short batch; CLOSE; COMMIT.
func TestNamedCursorThroughPgx(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	ctx := context.Background()
	cfg, err := pgx.ParseConfig("postgres://root@" + ts.addr + "/kalamdb?sslmode=disable&default_query_exec_mode=simple_protocol")
	require.NoError(t, err)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	defer conn.Close(ctx)

	_, err = conn.Exec(ctx, "CREATE TABLE items (id INT PRIMARY KEY, label TEXT)")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5) g")
	require.NoError(t, err)

	_, err = conn.Exec(ctx, "BEGIN")
	require.NoError(t, err)
	tag, err := conn.Exec(ctx, `DECLARE "c_7f_1" CURSOR WITHOUT HOLD FOR SELECT id, label FROM items ORDER BY id`)
	require.NoError(t, err)
	require.Equal(t, "DECLARE CURSOR", tag.String())
	var ids []int32
	var batches []int
	for {
		rows, err := conn.Query(ctx, `FETCH FORWARD 2 FROM "c_7f_1"`)
		require.NoError(t, err)
		require.Len(t, rows.FieldDescriptions(), 2)
		n := 0
		for rows.Next() {
			var id int32
			var label string
			require.NoError(t, rows.Scan(&id, &label))
			ids = append(ids, id)
			n++
		}
		require.NoError(t, rows.Err())
		require.Equal(t, "FETCH "+strconv.Itoa(n), rows.CommandTag().String())
		batches = append(batches, n)
		if n < 2 {
			break
		}
	}
	require.Equal(t, []int32{1, 2, 3, 4, 5}, ids)
	require.Equal(t, []int{2, 2, 1}, batches)
	tag, err = conn.Exec(ctx, `CLOSE "c_7f_1"`)
	require.NoError(t, err)
	require.Equal(t, "CLOSE CURSOR", tag.String())
	tag, err = conn.Exec(ctx, "COMMIT")
	require.NoError(t, err)
	require.Equal(t, "COMMIT", tag.String())
}
