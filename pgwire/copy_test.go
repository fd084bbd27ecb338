package pgwire

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copySummary renders the COPY messages summarize leaves as type names,
// and errors with their CONTEXT (W) field.
func copySummary(msg pgproto3.BackendMessage) string {
	switch m := msg.(type) {
	case *pgproto3.CopyInResponse:
		return fmt.Sprintf("CopyInResponse %d %v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyOutResponse:
		return fmt.Sprintf("CopyOutResponse %d %v", m.OverallFormat, m.ColumnFormatCodes)
	case *pgproto3.CopyData:
		return fmt.Sprintf("CopyData %q", m.Data)
	case *pgproto3.ErrorResponse:
		s := fmt.Sprintf("%s %s %s", m.Severity, m.Code, m.Message)
		if m.Where != "" {
			s += " @ " + m.Where
		}
		return s
	}
	return summarize(msg)
}

// copyUntil reads replies until one starts with stop (or the connection
// ends) and returns them all.
func (c *wireClient) copyUntil(stop string) []string {
	c.t.Helper()
	var got []string
	for {
		msg, err := c.fe.Receive()
		if err != nil {
			return append(got, "EOF")
		}
		s := copySummary(msg)
		got = append(got, s)
		if strings.HasPrefix(s, stop) {
			return got
		}
	}
}

// TestCopyProtocol replays exchanges whose replies were taken from
// PostgreSQL 15 given the same messages (CopyData split mid-row, errors
// reported as soon as found with later copy messages ignored, CopyFail,
// the extended protocol with Flush/Sync inside copy-in, COPY OUT in a
// multi-statement query).
func TestCopyProtocol(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	setup := "CREATE TABLE pr (id BIGINT PRIMARY KEY, b TEXT)"
	cases := []struct {
		name  string
		steps [][]pgproto3.FrontendMessage // sent one after the other, each answered up to ReadyForQuery
		want  [][]string
	}{
		{
			name: "copy in split rows",
			steps: [][]pgproto3.FrontendMessage{{
				&pgproto3.Query{String: "COPY pr FROM STDIN"},
				&pgproto3.CopyData{Data: text("1\tx\n2\t")},
				&pgproto3.CopyData{Data: text("y\n")},
				&pgproto3.CopyDone{},
			}},
			want: [][]string{{"CopyInResponse 0 [0 0]", "CommandComplete COPY 2", "ReadyForQuery I"}},
		},
		{
			name: "bad row reported at once, rest ignored",
			steps: [][]pgproto3.FrontendMessage{{
				&pgproto3.Query{String: "COPY pr FROM STDIN"},
				&pgproto3.CopyData{Data: text("1\tx\nzz\ty\n")},
				&pgproto3.CopyData{Data: text("3\tx\n")},
				&pgproto3.CopyDone{},
			}, {
				&pgproto3.Query{String: "SELECT count(*) FROM pr"},
			}},
			want: [][]string{{
				"CopyInResponse 0 [0 0]",
				`ERROR 22P02 invalid input syntax for type bigint: "zz" @ COPY pr, line 2, column id: "zz"`,
				"ReadyForQuery I",
			}, {"RowDescription count:20:0", "DataRow 0", "CommandComplete SELECT 1", "ReadyForQuery I"}},
		},
		{
			name: "CopyFail",
			steps: [][]pgproto3.FrontendMessage{{
				&pgproto3.Query{String: "COPY pr FROM STDIN"},
				&pgproto3.CopyData{Data: text("1\tx\n")},
				&pgproto3.CopyFail{Message: "boom"},
			}},
			want: [][]string{{"CopyInResponse 0 [0 0]", "ERROR 57014 COPY from stdin failed: boom @ COPY pr, line 2", "ReadyForQuery I"}},
		},
		{
			name: "extended protocol ignores Flush and Sync during copy-in",
			steps: [][]pgproto3.FrontendMessage{{
				&pgproto3.Parse{Query: "COPY pr FROM STDIN"},
				&pgproto3.Bind{},
				&pgproto3.Describe{ObjectType: 'P'},
				&pgproto3.Execute{},
				&pgproto3.CopyData{Data: text("5\tx")},
				&pgproto3.Flush{},
				&pgproto3.Sync{},
				&pgproto3.CopyData{Data: text("\n6\ty\n")},
				&pgproto3.CopyDone{},
				&pgproto3.Sync{},
			}},
			want: [][]string{{
				"ParseComplete", "BindComplete", "NoData", "CopyInResponse 0 [0 0]",
				"CommandComplete COPY 2", "ReadyForQuery I",
			}},
		},
		{
			name: "copy in between other statements",
			steps: [][]pgproto3.FrontendMessage{{
				&pgproto3.Query{String: "SELECT 1 AS a; COPY pr FROM STDIN; SELECT 2 AS b"},
				&pgproto3.CopyData{Data: text("9\tq\n\\.\n10\tignored\n")},
				&pgproto3.CopyDone{},
			}},
			want: [][]string{{
				"RowDescription a:23:0", "DataRow 1", "CommandComplete SELECT 1",
				"CopyInResponse 0 [0 0]", "CommandComplete COPY 1",
				"RowDescription b:23:0", "DataRow 2", "CommandComplete SELECT 1",
				"ReadyForQuery I",
			}},
		},
		{
			name: "copy out",
			steps: [][]pgproto3.FrontendMessage{
				{&pgproto3.Query{String: "INSERT INTO pr VALUES (5, 'x'), (6, NULL)"}},
				{&pgproto3.Query{String: "COPY pr TO STDOUT; COPY (SELECT 1 AS x, 'a' AS y) TO STDOUT WITH CSV HEADER"}},
			},
			want: [][]string{
				{"CommandComplete INSERT 0 2", "ReadyForQuery I"},
				{
					"CopyOutResponse 0 [0 0]", `CopyData "5\tx\n"`, `CopyData "6\t\\N\n"`, "CopyDone", "CommandComplete COPY 2",
					"CopyOutResponse 0 [0 0]", `CopyData "x,y\n"`, `CopyData "1,a\n"`, "CopyDone", "CommandComplete COPY 1",
					"ReadyForQuery I",
				},
			},
		},
		{
			name: "copy out in the extended protocol",
			steps: [][]pgproto3.FrontendMessage{{
				&pgproto3.Parse{Query: "COPY (SELECT 7 AS n) TO STDOUT"},
				&pgproto3.Bind{},
				&pgproto3.Execute{},
				&pgproto3.Sync{},
			}},
			want: [][]string{{"ParseComplete", "BindComplete", "CopyOutResponse 0 [0]", `CopyData "7\n"`, "CopyDone", "CommandComplete COPY 1", "ReadyForQuery I"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ts.connect(t)
			c.send(&pgproto3.Query{String: "DROP TABLE IF EXISTS pr; " + setup})
			c.untilReady()
			for i, step := range tc.steps {
				c.send(step...)
				assert.Equal(t, tc.want[i], c.copyUntil("ReadyForQuery"), "step %d", i)
			}
		})
	}
}

// TestCopyProtocolViolation: a message other than CopyData, CopyDone,
// CopyFail, Flush or Sync during copy-in ends the connection, as in
// PostgreSQL.
func TestCopyProtocolViolation(t *testing.T) {
	ts := startServer(t, Config{Engine: newEngine(t)})
	c := ts.connect(t)
	c.send(&pgproto3.Query{String: "CREATE TABLE pr (id INT PRIMARY KEY)"})
	c.untilReady()
	c.send(&pgproto3.Query{String: "COPY pr FROM STDIN"}, &pgproto3.Query{String: "SELECT 1"})
	require.Equal(t, []string{
		"CopyInResponse 0 [0]",
		"ERROR 08P01 unexpected message type 0x51 during COPY from stdin",
		"FATAL 08P01 terminating connection because protocol synchronization was lost",
		"EOF",
	}, c.copyUntil("never"))
}
