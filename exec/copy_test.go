package exec_test

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// copyResult is a textResult that also carries COPY data: the client's
// input as a list of CopyData payloads, and the output it receives.
type copyResult struct {
	textResult
	in      [][]byte
	fail    string // sent as CopyFail after the payloads, when set
	ncols   int
	out     strings.Builder
	outMsgs int
}

func (r *copyResult) CopyIn(ncols int) (exec.CopySource, error) {
	r.ncols = ncols
	return &sliceSource{r: r}, nil
}

func (r *copyResult) CopyOut(ncols int) (exec.CopySink, error) {
	r.ncols = ncols
	return &builderSink{r: r}, nil
}

type sliceSource struct {
	r   *copyResult
	i   int
	buf []byte
}

// Next hands out each payload in one reused buffer, so a payload is
// scribbled over by the next call as a connection's receive buffer is.
func (s *sliceSource) Next() ([]byte, error) {
	if s.i < len(s.r.in) {
		for i := range s.buf {
			s.buf[i] = '#'
		}
		s.buf = append(s.buf[:0], s.r.in[s.i]...)
		s.i++
		return s.buf, nil
	}
	if s.r.fail != "" {
		return nil, pgerr.New(pgerr.QueryCanceled, "COPY from stdin failed: %s", s.r.fail)
	}
	return nil, io.EOF
}

type builderSink struct{ r *copyResult }

func (s *builderSink) Send(p []byte) error {
	s.r.out.Write(p)
	s.r.outMsgs++
	return nil
}
func (s *builderSink) Done() error { return nil }

// copyIn runs a COPY … FROM STDIN with data cut into payloads of size
// chunk (0: one payload) and returns the result and error.
func copyIn(s *exec.Session, sql, data string, chunk int) (*copyResult, error) {
	r := &copyResult{}
	if chunk <= 0 {
		chunk = len(data) + 1
	}
	for i := 0; i < len(data); i += chunk {
		r.in = append(r.in, []byte(data[i:min(i+chunk, len(data))]))
	}
	return r, s.SimpleQuery(context.Background(), sql, r)
}

func copyOut(t *testing.T, s *exec.Session, sql string) string {
	t.Helper()
	r := &copyResult{}
	require.NoError(t, s.SimpleQuery(context.Background(), sql, r), sql)
	return r.out.String()
}

// TestCopyFromSplitsAnywhere feeds the same input cut into payloads of
// every size: CopyData may split a row, an escape, a CRLF or the end
// marker anywhere, and the result must not change.
func TestCopyFromSplitsAnywhere(t *testing.T) {
	cases := []struct {
		name, sql, data, want string
	}{
		{"text", "COPY t FROM STDIN", "1\ta\\tb\n2\t\\N\n3\tx\\\\y\\101\\x41\n", "1:a\tb|2:NULL|3:x\\yAA"},
		{"text crlf", "COPY t FROM STDIN", "1\ta\r\n2\tb\r\n", "1:a|2:b"},
		{"text cr", "COPY t FROM STDIN", "1\ta\r2\tb\r", "1:a|2:b"},
		{"end marker", "COPY t FROM STDIN", "1\ta\n\\.\n9\tignored\n", "1:a"},
		{"end marker crlf", "COPY t FROM STDIN", "1\ta\r\n\\.\r\n", "1:a"},
		{"marker after data", "COPY t FROM STDIN", "1\ta\n2\tb\\.\n", "1:a|2:b"},
		{"escaped newline", "COPY t FROM STDIN", "1\ta\\\nb\n", "1:a\nb"},
		{"no final newline", "COPY t FROM STDIN", "1\ta\n2\tb", "1:a|2:b"},
		{"csv quotes", "COPY t FROM STDIN (FORMAT csv)", "1,\"a,\"\"b\"\"\nc\"\n2,\n3,\"\"\n", "1:a,\"b\"\nc|2:NULL|3:"},
		{"csv marker", "COPY t FROM STDIN CSV", "1,a\n\\.\n2,b\n", "1:a"},
		{"csv backslash data", "COPY t FROM STDIN CSV", "1,\\.x\n", "1:\\.x"},
		{"csv header crlf", "COPY t FROM STDIN (FORMAT csv, HEADER)", "id,b\r\n1,a\r\n", "1:a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for chunk := 1; chunk <= len(tc.data); chunk++ {
				s := newSession(t)
				query(t, s, "CREATE TABLE t (id INT PRIMARY KEY, b TEXT)")
				r, err := copyIn(s, tc.sql, tc.data, chunk)
				require.NoError(t, err, "chunk %d", chunk)
				rows := query(t, s, "SELECT id, b FROM t ORDER BY id").rows
				got := make([]string, len(rows))
				for i, row := range rows {
					got[i] = row[0] + ":" + row[1]
				}
				require.Equal(t, tc.want, strings.Join(got, "|"), "chunk %d", chunk)
				require.Equal(t, []string{fmt.Sprintf("COPY %d", len(rows))}, r.tags)
				require.Equal(t, 2, r.ncols)
			}
		})
	}
}

// TestCopyFromErrors checks PostgreSQL's messages and CONTEXT lines
// (taken from PostgreSQL 15 given the same input).
func TestCopyFromErrors(t *testing.T) {
	const ddl = "CREATE TABLE ct (id BIGINT PRIMARY KEY, a INT NOT NULL DEFAULT 7, b VARCHAR(3), c TEXT DEFAULT 'dflt')"
	cases := []struct {
		sql, data, code, msg, where string
	}{
		{"COPY ct FROM STDIN", "1\t2\tabc\tx\n2\tx\tabc\tx\n", "22P02", `invalid input syntax for type integer: "x"`, `COPY ct, line 2, column a: "x"`},
		{"COPY ct FROM STDIN", "1\t2\tabc\n", "22P04", `missing data for column "c"`, "COPY ct, line 1: \"1\t2\tabc\""},
		{"COPY ct FROM STDIN", "1\t2\tabc\tx\ty\n", "22P04", "extra data after last expected column", "COPY ct, line 1: \"1\t2\tabc\tx\ty\""},
		{"COPY ct FROM STDIN", "1\t2\tabcd\tx\n", "22001", "value too long for type character varying(3)", `COPY ct, line 1, column b: "abcd"`},
		{"COPY ct FROM STDIN", "1\t\\N\tab\tx\n", "23502", `null value in column "a" of relation "ct" violates not-null constraint`, "COPY ct, line 1: \"1\t\\N\tab\tx\""},
		{"COPY ct FROM STDIN", "1\t2\tab\tx\n1\t2\tab\tx\n", "23505", `duplicate key value violates unique constraint "ct_pkey"`, "COPY ct, line 2"},
		{"COPY ct FROM STDIN", "1\t2\tab\tx\r\n2\t2\tab\tx\n", "22P04", "literal newline found in data", "COPY ct, line 2"},
		{"COPY ct FROM STDIN", "1\t2\tab\tx\n2\t2\ta\rb\tx\n", "22P04", "literal carriage return found in data", "COPY ct, line 2"},
		{"COPY ct FROM STDIN", "1\t2\tab\tx\n\\.x\n", "22P04", "end-of-copy marker corrupt", "COPY ct, line 2"},
		{"COPY ct FROM STDIN", "1\t2\t\xff\tx\n", "22021", `invalid byte sequence for encoding "UTF8": 0xff`, "COPY ct, line 1"},
		{"COPY ct FROM STDIN", "1\t2\t\\377\tx\n", "22021", `invalid byte sequence for encoding "UTF8": 0xff`, "COPY ct, line 1: \"1\t2\t\\377\tx\""},
		{"COPY ct FROM STDIN CSV", "1,2,\"ab\n", "22P04", "unterminated CSV quoted field", "COPY ct, line 1: \"1,2,\"ab\n\""},
		{"COPY ct FROM STDIN CSV", "1,2,a,b\r\n2,2,a,b\n", "22P04", "unquoted newline found in data", "COPY ct, line 2"},
		{"COPY ct FROM STDIN (FORMAT csv, HEADER match)", "id,a,x,c\n", "22P04", `column name mismatch in header line field 3: got "x", expected "b"`, `COPY ct, line 1: "id,a,x,c"`},
		{"COPY ct FROM STDIN", strings.Repeat("9", 150) + "\n", "22P04", `missing data for column "a"`, `COPY ct, line 1: "` + strings.Repeat("9", 100) + `..."`},
	}
	for _, tc := range cases {
		t.Run(tc.msg, func(t *testing.T) {
			s := newSession(t)
			query(t, s, ddl)
			_, err := copyIn(s, tc.sql, tc.data, 3)
			var pe *pgerr.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.code, pe.Code)
			assert.Equal(t, tc.msg, pe.Message)
			assert.Equal(t, tc.where, pe.Where)
			assert.Equal(t, [][]string{{"0"}}, query(t, s, "SELECT count(*) FROM ct").rows, "nothing stored")
		})
	}
}

func TestCopyFromDefaultsForceAndWhere(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE ct (id BIGINT PRIMARY KEY, a INT NOT NULL DEFAULT 7, b VARCHAR(3), c TEXT DEFAULT 'dflt')")
	_, err := copyIn(s, "COPY ct (id, b) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (b))", "1,\n2,\"\"\n", 0)
	require.NoError(t, err)
	_, err = copyIn(s, "COPY ct (c, id) FROM STDIN WITH CSV FORCE NOT NULL c", "z,5\n,6\n", 0)
	require.NoError(t, err)
	_, err = copyIn(s, "COPY ct FROM STDIN WITH (FORMAT csv, FORCE_NULL (b, c))", "10,1,\"\",x\n", 0)
	require.NoError(t, err)
	r, err := copyIn(s, "COPY ct (id) FROM STDIN WHERE id > 20", "20\n21\n22\n", 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"COPY 2"}, r.tags)
	assert.Equal(t, "1\t7\t\tdflt\n2\t7\t\tdflt\n5\t7\t\\N\tz\n6\t7\t\\N\t\n10\t1\t\\N\tx\n21\t7\t\\N\tdflt\n22\t7\t\\N\tdflt\n",
		copyOut(t, s, "COPY ct TO STDOUT"))
}

func TestCopyToFormats(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE ct (id BIGINT PRIMARY KEY, a INT, b TEXT, c TEXT)")
	query(t, s, `INSERT INTO ct VALUES (5, 7, E'q\tz', 'dflt'), (6, 7, NULL, 'dflt'), (7, 1, 'a,b', ''), (8, 1, NULL, 'x"y'), (9, 2, E'back\\slash\nnl', '\.')`)
	cases := []struct{ sql, want string }{
		{"COPY ct TO STDOUT", "5\t7\tq\\tz\tdflt\n6\t7\t\\N\tdflt\n7\t1\ta,b\t\n8\t1\t\\N\tx\"y\n9\t2\tback\\\\slash\\nnl\t\\\\.\n"},
		{"COPY ct TO STDOUT CSV HEADER", "id,a,b,c\n5,7,q\tz,dflt\n6,7,,dflt\n7,1,\"a,b\",\"\"\n8,1,,\"x\"\"y\"\n9,2,\"back\\slash\nnl\",\\.\n"},
		{"COPY (SELECT id, b FROM ct WHERE id < 9 ORDER BY id DESC) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)", "\"8\",\n\"7\",\"a,b\"\n\"6\",\n\"5\",\"q\tz\"\n"},
		{"COPY ct (b, id) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (id), DELIMITER ';', NULL 'NUL')", "q\tz;\"5\"\nNUL;\"6\"\na,b;\"7\"\nNUL;\"8\"\n\"back\\slash\nnl\";\"9\"\n"},
		{"COPY (SELECT c FROM ct WHERE id = 9) TO STDOUT CSV", "\"\\.\"\n"},
		{"COPY ct (id) TO STDOUT WITH (DELIMITER '|', HEADER)", "id\n5\n6\n7\n8\n9\n"},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			r := &copyResult{}
			require.NoError(t, s.SimpleQuery(context.Background(), tc.sql, r))
			assert.Equal(t, tc.want, r.out.String())
			assert.Regexp(t, `^COPY \d+$`, r.tags[0])
		})
	}
}

func TestCopyPlanErrors(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE ct (id BIGINT PRIMARY KEY, a INT, b TEXT)")
	cases := []struct{ sql, code, msg string }{
		{"COPY ct (id, zz) FROM STDIN", "42703", `column "zz" of relation "ct" does not exist`},
		{"COPY ct (id, id) FROM STDIN", "42701", `column "id" specified more than once`},
		{"COPY nope FROM STDIN", "42P01", `relation "nope" does not exist`},
		{"COPY ct TO '/tmp/x'", "0A000", `COPY to or from a file is not supported; use STDIN/STDOUT (psql \copy)`},
		{"COPY ct FROM PROGRAM 'cat'", "0A000", `COPY to or from a program is not supported; use STDIN/STDOUT (psql \copy)`},
		{"COPY ct FROM STDIN BINARY", "0A000", "COPY BINARY is not supported; use FORMAT text or csv"},
		{"COPY ct FROM STDIN WITH (FORMAT xml)", "22023", `COPY format "xml" not recognized`},
		{"COPY ct FROM STDIN WITH (FORMAT csv, FORMAT text)", "42601", "conflicting or redundant options"},
		{"COPY ct FROM STDIN WITH (bogus 1)", "42601", `option "bogus" not recognized`},
		{"COPY ct FROM STDIN WITH (DELIMITER ',,')", "0A000", "COPY delimiter must be a single one-byte character"},
		{`COPY ct FROM STDIN WITH (DELIMITER '\')`, "22023", `COPY delimiter cannot be "\"`},
		{"COPY ct FROM STDIN WITH (QUOTE '\"')", "0A000", "COPY quote available only in CSV mode"},
		{"COPY ct FROM STDIN WITH (FORMAT csv, NULL ',')", "0A000", "COPY delimiter must not appear in the NULL specification"},
		{"COPY ct FROM STDIN WITH (FORMAT csv, DELIMITER '\"')", "22023", "COPY delimiter and quote must be different"},
		{"COPY ct FROM STDIN WITH (HEADER 'maybe')", "42601", `header requires a Boolean value or "match"`},
		{"COPY ct TO STDOUT WITH (FORMAT csv, HEADER match)", "0A000", `cannot use "match" with HEADER in COPY TO`},
		{"COPY ct FROM STDIN WITH (FREEZE 2)", "42601", "freeze requires a Boolean value"},
		{"COPY ct FROM STDIN WITH (FORMAT csv, FORCE_QUOTE (a))", "0A000", "COPY force quote only available using COPY TO"},
		{"COPY ct TO STDOUT WITH (FORMAT csv, FORCE_NOT_NULL (a))", "0A000", "COPY force not null only available using COPY FROM"},
		{"COPY ct FROM STDIN WITH (FORCE_NOT_NULL (a))", "0A000", "COPY force not null available only in CSV mode"},
		{"COPY ct FROM STDIN WITH (FORCE_QUOTE a)", "22023", `argument to option "force_quote" must be a list of column names`},
		{"COPY ct (a) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (b))", "42P10", `FORCE_QUOTE column "b" not referenced by COPY`},
		{"COPY ct (a) FROM STDIN WITH (FORMAT csv, FORCE_NULL (zz))", "42703", `column "zz" of relation "ct" does not exist`},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			r := &copyResult{}
			err := s.SimpleQuery(context.Background(), tc.sql, r)
			var pe *pgerr.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.code, pe.Code)
			assert.Equal(t, tc.msg, pe.Message)
			assert.Zero(t, r.ncols, "no CopyInResponse before a planning error")
		})
	}
}

func TestCopyFailAndTransactionBlock(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY, b TEXT)")

	r := &copyResult{in: [][]byte{[]byte("1\ta\n2\t")}, fail: "client gave up"}
	err := s.SimpleQuery(context.Background(), "COPY t FROM STDIN", r)
	var pe *pgerr.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "57014", pe.Code)
	assert.Equal(t, "COPY from stdin failed: client gave up", pe.Message)
	assert.Equal(t, "COPY t, line 2", pe.Where)

	// Inside a block the rows are the block's: visible to it, gone after ROLLBACK.
	query(t, s, "BEGIN")
	_, err = copyIn(s, "COPY t FROM STDIN", "1\ta\n2\tb\n", 0)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"2"}}, query(t, s, "SELECT count(*) FROM t").rows)
	query(t, s, "ROLLBACK")
	assert.Equal(t, [][]string{{"0"}}, query(t, s, "SELECT count(*) FROM t").rows)

	// A duplicate inside a block names its line and fails the block.
	query(t, s, "BEGIN")
	query(t, s, "INSERT INTO t VALUES (3, 'x')")
	_, err = copyIn(s, "COPY t FROM STDIN", "1\ta\n3\tb\n", 0)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "23505", pe.Code)
	assert.Equal(t, "COPY t, line 2", pe.Where)
	assert.Equal(t, exec.TxFailed, s.TxStatus())
	query(t, s, "ROLLBACK")

	query(t, s, "BEGIN")
	_, err = copyIn(s, "COPY t FROM STDIN", "1\ta\n2\tb\n", 0)
	require.NoError(t, err)
	query(t, s, "COMMIT")
	assert.Equal(t, [][]string{{"2"}}, query(t, s, "SELECT count(*) FROM t").rows)
}

// TestCopyFromLargeIsAtomic loads enough rows to need several batches and
// fails at the last row: the batches already committed are removed.
func TestCopyFromLargeIsAtomic(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id BIGINT PRIMARY KEY, a INT, b TEXT)")
	query(t, s, "INSERT INTO t VALUES (-1, 0, 'kept')")
	const rows = 100000
	var data strings.Builder
	for i := range rows {
		fmt.Fprintf(&data, "%d\t%d\tsome text for row %d\n", i, i%100, i)
	}
	good := data.String()
	_, err := copyIn(s, "COPY t FROM STDIN", good+"x\t1\tbad\n", 64<<10)
	var pe *pgerr.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "COPY t, line "+strconv.Itoa(rows+1)+`, column id: "x"`, pe.Where)
	assert.Equal(t, [][]string{{"1"}}, query(t, s, "SELECT count(*) FROM t").rows)

	// A duplicate of a row committed in an earlier batch fails it all too.
	_, err = copyIn(s, "COPY t FROM STDIN", good+"5\t1\tagain\n", 64<<10)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "23505", pe.Code)
	assert.Equal(t, "Key (id)=(5) already exists.", pe.Detail)
	assert.Equal(t, "COPY t, line "+strconv.Itoa(rows+1), pe.Where)
	assert.Equal(t, [][]string{{"1"}}, query(t, s, "SELECT count(*) FROM t").rows)

	r, err := copyIn(s, "COPY t FROM STDIN", good, 64<<10)
	require.NoError(t, err)
	assert.Equal(t, []string{"COPY " + strconv.Itoa(rows)}, r.tags)
	assert.Equal(t, [][]string{{strconv.Itoa(rows + 1)}}, query(t, s, "SELECT count(*) FROM t").rows)
}

func BenchmarkCopyFrom(b *testing.B) {
	const rows = 100000
	var data strings.Builder
	for i := range rows {
		fmt.Fprintf(&data, "%d\t%d\tsome text value number %d\n", i, i%1000, i)
	}
	payloads := [][]byte{}
	in := []byte(data.String())
	for i := 0; i < len(in); i += 64 << 10 {
		payloads = append(payloads, in[i:min(i+64<<10, len(in))])
	}
	s := newEngine(b, 0).NewSession(exec.SessionInfo{User: "root"})
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for i := 0; b.Loop(); i++ {
		r := &copyResult{}
		require.NoError(b, s.SimpleQuery(context.Background(), fmt.Sprintf("CREATE TABLE t%d (id BIGINT PRIMARY KEY, a INT, b TEXT)", i), r))
		r.in = payloads
		require.NoError(b, s.SimpleQuery(context.Background(), fmt.Sprintf("COPY t%d FROM STDIN", i), r))
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
