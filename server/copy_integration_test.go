package server_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// COPY through pgx's PgConn.CopyFrom / CopyTo (the simple-protocol COPY
// every driver uses) and through psql's \copy.

func TestCopyRoundTripThroughPgx(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL, tags JSONB, at DATE DEFAULT '2024-01-02')")

	in := "1\thello\\tworld\t{\"a\": 1}\n2\tline\\nbreak\t\\N\n3\tback\\\\slash\t[]\n"
	tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader(in), "COPY notes (id, body, tags) FROM STDIN")
	require.NoError(t, err)
	assert.Equal(t, "COPY 3", tag.String())

	var out bytes.Buffer
	tag, err = conn.PgConn().CopyTo(ctx, &out, "COPY notes TO STDOUT")
	require.NoError(t, err)
	assert.Equal(t, "COPY 3", tag.String())
	assert.Equal(t, "1\thello\\tworld\t{\"a\": 1}\t2024-01-02\n2\tline\\nbreak\t\\N\t2024-01-02\n3\tback\\\\slash\t[]\t2024-01-02\n", out.String())

	out.Reset()
	_, err = conn.PgConn().CopyTo(ctx, &out, "COPY (SELECT id, body FROM notes WHERE id > 1 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)")
	require.NoError(t, err)
	assert.Equal(t, "id,body\n2,\"line\nbreak\"\n3,back\\slash\n", out.String())

	// CSV back in, through the same reader pgx streams from.
	mustExec(t, conn, "CREATE TABLE notes2 (id BIGINT PRIMARY KEY, body TEXT NOT NULL)")
	tag, err = conn.PgConn().CopyFrom(ctx, strings.NewReader(out.String()), "COPY notes2 FROM STDIN WITH (FORMAT csv, HEADER true)")
	require.NoError(t, err)
	assert.Equal(t, "COPY 2", tag.String())
	var body string
	require.NoError(t, conn.QueryRow(ctx, "SELECT body FROM notes2 WHERE id = 2").Scan(&body))
	assert.Equal(t, "line\nbreak", body)
}

func TestCopyErrorsThroughPgx(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE t (id INT PRIMARY KEY, n INT NOT NULL)")

	_, err := conn.PgConn().CopyFrom(ctx, strings.NewReader("1\t1\n2\t2\n3\tthree\n4\t4\n"), "COPY t FROM STDIN")
	var pe *pgconn.PgError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "22P02", pe.Code)
	assert.Equal(t, `COPY t, line 3, column n: "three"`, pe.Where)

	// pgx turns a failing reader into CopyFail.
	_, err = conn.PgConn().CopyFrom(ctx, io.MultiReader(strings.NewReader("1\t1\n"), failingReader{}), "COPY t FROM STDIN")
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "57014", pe.Code)
	assert.Equal(t, "COPY from stdin failed: disk on fire", pe.Message)

	// pgx.Conn.CopyFrom speaks the binary format, which is refused cleanly.
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"id", "n"}, pgx.CopyFromRows([][]any{{1, 1}}))
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "0A000", pe.Code)

	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&n))
	assert.Zero(t, n, "no COPY stored anything")
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// TestCopyBadRowAtLine500kStoresNothing streams half a million rows and a
// bad last one: the batches already committed are removed again.
func TestCopyBadRowAtLine500kStoresNothing(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	ctx := context.Background()
	mustExec(t, conn, "CREATE TABLE big (id BIGINT PRIMARY KEY, a INT, b TEXT)")
	const rows = 500000
	_, err := conn.PgConn().CopyFrom(ctx, &genRows{n: rows - 1, tail: "oops\t1\tbad\n"}, "COPY big FROM STDIN")
	var pe *pgconn.PgError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, fmt.Sprintf(`COPY big, line %d, column id: "oops"`, rows), pe.Where)
	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM big").Scan(&n))
	assert.Zero(t, n)

	tag, err := conn.PgConn().CopyFrom(ctx, &genRows{n: rows}, "COPY big FROM STDIN")
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("COPY %d", rows), tag.String())
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM big").Scan(&n))
	assert.Equal(t, rows, n)
}

// genRows streams "id\ta\tb" rows, then tail, without holding them.
type genRows struct {
	n, i int
	tail string
	buf  []byte
}

func (g *genRows) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i < g.n {
		g.buf = fmt.Appendf(g.buf, "%d\t%d\trow number %d\n", g.i, g.i%1000, g.i)
		g.i++
	}
	if g.i == g.n && g.tail != "" {
		g.buf = append(g.buf, g.tail...)
		g.tail = ""
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

// TestPsqlCopyRoundTrip runs psql's \copy both ways when psql is
// installed (it is wherever the PostgreSQL oracle is).
func TestPsqlCopyRoundTrip(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Log("psql not installed; \\copy round trip not run")
		return
	}
	ts := startServer(t)
	conn := ts.connect()
	mustExec(t, conn, "CREATE TABLE src (id INT PRIMARY KEY, name TEXT, price NUMERIC(6,2))")
	mustExec(t, conn, `INSERT INTO src VALUES (1, 'tab	in', 1.5), (2, NULL, 2), (3, 'quote"comma,', NULL)`)
	mustExec(t, conn, "CREATE TABLE dst (id INT PRIMARY KEY, name TEXT, price NUMERIC(6,2))")
	dir := t.TempDir()
	file := filepath.Join(dir, "src.csv")
	run := func(cmd string) string {
		t.Helper()
		out, err := exec.Command(psql, ts.DSN(), "-X", "-v", "ON_ERROR_STOP=1", "-c", cmd).CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}
	assert.Equal(t, "COPY 3\n", run(fmt.Sprintf(`\copy src to '%s' with (format csv, header)`, file)))
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "id,name,price\n1,tab\tin,1.50\n2,,2.00\n3,\"quote\"\"comma,\",\n", string(data))
	assert.Equal(t, "COPY 3\n", run(fmt.Sprintf(`\copy dst from '%s' with (format csv, header)`, file)))

	rows, err := conn.Query(context.Background(), "SELECT s.id FROM src s, dst d WHERE s.id = d.id AND s.name IS NOT DISTINCT FROM d.name AND s.price IS NOT DISTINCT FROM d.price")
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	require.NoError(t, err)
	assert.ElementsMatch(t, []int32{1, 2, 3}, ids)
}
