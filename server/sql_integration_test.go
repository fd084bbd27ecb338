package server_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustExec(t *testing.T, conn *pgx.Conn, sql string, args ...any) pgconn.CommandTag {
	t.Helper()
	tag, err := conn.Exec(context.Background(), sql, args...)
	require.NoError(t, err, sql)
	return tag
}

func requireCode(t *testing.T, err error, code string) {
	t.Helper()
	var pe *pgconn.PgError
	require.True(t, errors.As(err, &pe), "want SQLSTATE %s, got %v", code, err)
	assert.Equal(t, code, pe.Code, pe.Message)
}

// allTypesRow is one value of every supported type, as Go values pgx encodes.
type allTypesRow struct {
	B   bool
	I2  int16
	I4  int32
	I8  int64
	F4  float32
	F8  float64
	Num pgtype.Numeric
	Txt string
	Vc  string
	Ch  string
	By  []byte
	D   time.Time
	Tm  pgtype.Time
	Ts  time.Time
	Tz  time.Time
	U   [16]byte
	J   map[string]any
	Jb  map[string]any
}

const allTypesDDL = `CREATE TABLE all_types (
	id INT PRIMARY KEY, b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION,
	num NUMERIC(12,4), txt TEXT, vc VARCHAR(10), ch CHAR(3), by BYTEA, d DATE, tm TIME,
	ts TIMESTAMP, tz TIMESTAMPTZ, u UUID, j JSON, jb JSONB)`

func TestEveryTypeRoundTripsInTextAndBinary(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	mustExec(t, conn, allTypesDDL)
	want := allTypesRow{
		B: true, I2: -32768, I4: 2147483647, I8: -9223372036854775808, F4: 1.25, F8: -2.5e100,
		Num: pgtype.Numeric{Int: big.NewInt(-12345678), Exp: -4, Valid: true},
		Txt: "héllo 'world'", Vc: "varchar", Ch: "ab ", By: []byte{0, 1, 0xde, 0xad},
		D:  time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		Tm: pgtype.Time{Microseconds: (13*3600+45*60+30)*1e6 + 123456, Valid: true},
		Ts: time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		Tz: time.Date(2024, 7, 1, 10, 0, 0, 500000000, time.UTC),
		U:  [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11},
		J:  map[string]any{"a": []any{1.0, "x"}}, Jb: map[string]any{"k": true},
	}
	insert := `INSERT INTO all_types VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`
	mustExec(t, conn, insert, 1, want.B, want.I2, want.I4, want.I8, want.F4, want.F8, want.Num, want.Txt,
		want.Vc, want.Ch, want.By, want.D, want.Tm, want.Ts, want.Tz, want.U, want.J, want.Jb)
	mustExec(t, conn, `INSERT INTO all_types (id) VALUES (2)`)

	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			var got allTypesRow
			err := conn.QueryRow(context.Background(), `SELECT b,i2,i4,i8,f4,f8,num,txt,vc,ch,by,d,tm,ts,tz,u,j,jb FROM all_types WHERE id = $1`, mode, 1).
				Scan(&got.B, &got.I2, &got.I4, &got.I8, &got.F4, &got.F8, &got.Num, &got.Txt, &got.Vc, &got.Ch,
					&got.By, &got.D, &got.Tm, &got.Ts, &got.Tz, &got.U, &got.J, &got.Jb)
			require.NoError(t, err)
			assert.Equal(t, want.B, got.B)
			assert.Equal(t, want.I2, got.I2)
			assert.Equal(t, want.I4, got.I4)
			assert.Equal(t, want.I8, got.I8)
			assert.Equal(t, want.F4, got.F4)
			assert.Equal(t, want.F8, got.F8)
			wantNum, _ := want.Num.Value()
			gotNum, _ := got.Num.Value()
			assert.Equal(t, wantNum, gotNum)
			assert.Equal(t, want.Txt, got.Txt)
			assert.Equal(t, want.Vc, got.Vc)
			assert.Equal(t, want.Ch, got.Ch)
			assert.Equal(t, want.By, got.By)
			assert.True(t, want.D.Equal(got.D), "date %v", got.D)
			assert.Equal(t, want.Tm.Microseconds, got.Tm.Microseconds)
			assert.True(t, want.Ts.Equal(got.Ts), "timestamp %v", got.Ts)
			assert.True(t, want.Tz.Equal(got.Tz), "timestamptz %v", got.Tz)
			assert.Equal(t, want.U, got.U)
			assert.Equal(t, want.J, got.J)
			assert.Equal(t, want.Jb, got.Jb)

			// The all-NULL row scans into pointers as nil in every mode.
			var b *bool
			var n *pgtype.Numeric
			var u *[16]byte
			require.NoError(t, conn.QueryRow(context.Background(), `SELECT b, num, u FROM all_types WHERE id = 2`, mode).Scan(&b, &n, &u))
			assert.Nil(t, b)
			assert.Nil(t, u)
		})
	}
}

func TestErrorsCarrySQLSTATEAndConnectionSurvives(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	mustExec(t, conn, `CREATE TABLE t (id INT PRIMARY KEY, name TEXT NOT NULL, n INT)`)
	mustExec(t, conn, `INSERT INTO t VALUES (1, 'a', 1)`)
	cases := []struct {
		sql  string
		args []any
		code string
	}{
		{"SELECT * FROM nope", nil, "42P01"},
		{"SELECT zzz FROM t", nil, "42703"},
		{"INSERT INTO t VALUES (1, 'b', 2)", nil, "23505"},
		{"INSERT INTO t VALUES ($1, $2, 2)", []any{1, "b"}, "23505"},
		{"INSERT INTO t VALUES (2, NULL, 2)", nil, "23502"},
		{"SELECT 'abc'::int", nil, "22P02"},
		{"SELECT 1/0", nil, "22012"},
		{"SELECT n/0 FROM t", nil, "22012"},
		{"SELEC 1", nil, "42601"},
		{"CREATE TABLE w (a foo)", nil, "42704"},
		{"CREATE TABLE w (a interval)", nil, "0A000"},
		{"INSERT INTO t VALUES (3, 'x', 1), (3, 'y', 2)", nil, "23505"},
	}
	for _, c := range cases {
		_, err := conn.Exec(context.Background(), c.sql, c.args...)
		requireCode(t, err, c.code)
		var one int
		require.NoError(t, conn.QueryRow(context.Background(), "SELECT 1").Scan(&one), "connection unusable after %q", c.sql)
	}
	// The failed multi-row insert applied nothing.
	var count int
	require.NoError(t, conn.QueryRow(context.Background(), "SELECT count(*) FROM t").Scan(&count))
	assert.Equal(t, 1, count)

	// Syntax errors point at the offending token.
	_, err := conn.Exec(context.Background(), "SELECT * FORM t")
	var pe *pgconn.PgError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "42601", pe.Code)
	assert.Equal(t, int32(10), pe.Position)
}

func TestRestartKeepsCommittedRows(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	mustExec(t, conn, `CREATE NAMESPACE app`)
	mustExec(t, conn, `CREATE TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT, at TIMESTAMPTZ DEFAULT now())`)
	for i := 0; i < 100; i++ {
		mustExec(t, conn, `INSERT INTO app.notes (id, body) VALUES ($1, $2)`, i, fmt.Sprintf("note %d", i))
	}
	mustExec(t, conn, `DELETE FROM app.notes WHERE id >= 90`)
	mustExec(t, conn, `UPDATE app.notes SET body = 'changed' WHERE id = 5`)
	conn.Close(context.Background())

	ts.restart()
	conn = ts.connect()
	var count int
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT count(*) FROM app.notes`).Scan(&count))
	assert.Equal(t, 90, count)
	var body string
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT body FROM app.notes WHERE id = 5`).Scan(&body))
	assert.Equal(t, "changed", body)
	var nullAt int
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT count(*) FROM app.notes WHERE at IS NULL`).Scan(&nullAt))
	assert.Equal(t, 0, nullAt)
}

func TestFiftyConcurrentClients(t *testing.T) {
	ts := startServer(t)
	setup := ts.connect()
	mustExec(t, setup, `CREATE TABLE events (client INT, n INT, payload TEXT, PRIMARY KEY (client, n))`)
	mustExec(t, setup, `CREATE TABLE counter (id INT PRIMARY KEY, value BIGINT NOT NULL)`)
	mustExec(t, setup, `INSERT INTO counter VALUES (1, 0)`)

	const clients, perClient = 50, 40
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, ts.DSN())
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(ctx)
			for i := 0; i < perClient; i++ {
				if _, err := conn.Exec(ctx, `INSERT INTO events VALUES ($1, $2, $3)`, c, i, fmt.Sprintf("c%d-%d", c, i)); err != nil {
					errs <- err
					return
				}
				if _, err := conn.Exec(ctx, `UPDATE counter SET value = value + 1 WHERE id = 1`); err != nil {
					errs <- err
					return
				}
				var mine int
				if err := conn.QueryRow(ctx, `SELECT count(*) FROM events WHERE client = $1`, c).Scan(&mine); err != nil {
					errs <- err
					return
				}
				if mine != i+1 {
					errs <- fmt.Errorf("client %d sees %d of its rows, want %d", c, mine, i+1)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var total, value int64
	require.NoError(t, setup.QueryRow(context.Background(), `SELECT count(*) FROM events`).Scan(&total))
	require.NoError(t, setup.QueryRow(context.Background(), `SELECT value FROM counter WHERE id = 1`).Scan(&value))
	assert.Equal(t, int64(clients*perClient), total)
	assert.Equal(t, int64(clients*perClient), value, "concurrent increments were lost")
}

func TestNamespacesAndSearchPath(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	mustExec(t, conn, `CREATE NAMESPACE IF NOT EXISTS shop`)
	mustExec(t, conn, `CREATE NAMESPACE IF NOT EXISTS shop`)
	mustExec(t, conn, `CREATE SHARED TABLE shop.products (id BIGINT PRIMARY KEY, name TEXT)`)
	mustExec(t, conn, `USE shop`)
	mustExec(t, conn, `INSERT INTO products VALUES (1, 'pen')`)
	var schema string
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&schema))
	assert.Equal(t, "shop", schema)
	mustExec(t, conn, `SET search_path = public`)
	_, err := conn.Exec(context.Background(), `SELECT * FROM products`)
	requireCode(t, err, "42P01")

	rows, err := conn.Query(context.Background(), `SHOW NAMESPACES`)
	require.NoError(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Contains(t, names, "shop")
	assert.Contains(t, names, "public")

	_, err = conn.Exec(context.Background(), `DROP NAMESPACE shop`)
	requireCode(t, err, "2BP01")
	mustExec(t, conn, `DROP NAMESPACE shop CASCADE`)
	_, err = conn.Exec(context.Background(), `SELECT * FROM shop.products`)
	requireCode(t, err, "42P01")

	_, err = conn.Exec(context.Background(), `CREATE SHARED TABLE nokey (a INT)`)
	requireCode(t, err, "42P16")
}

func TestVersionLooksLikePostgres15(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	var version string
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT version()`).Scan(&version))
	assert.Regexp(t, `^PostgreSQL 15\.0 \(KalamDB [0-9.]+\)`, version)
	assert.Equal(t, "15.0 (KalamDB 0.1.0)"[:4], conn.PgConn().ParameterStatus("server_version")[:4])
}
