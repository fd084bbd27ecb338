package parse

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// clientCaptures is a copy of /work/shared/reference/client-captures.md:
// the SQL that psql, pgjdbc, pgx, node-postgres, psycopg2 and pgbench send
// to PostgreSQL 15, captured verbatim.
const clientCaptures = "testdata/client-captures.md"

// capturedStatement is one SQL text found in the captures.
type capturedStatement struct {
	sql  string
	line int // where it starts in the file, for failure messages
}

// Trace lines: `c<conn> F Query <len> "<sql>"` and
// `c<conn> F Parse <len> "<name>" "<sql>" <nparams> <oids…>`. A line cut
// short by the tracer no longer ends that way.
var (
	traceQuery   = regexp.MustCompile(`^c\d+ F Query \d+\s+"(.*)"$`)
	traceParse   = regexp.MustCompile(`^c\d+ F Parse \d+\s+"[^"]*" "(.*)" \d+(?: \d+)*$`)
	traceMessage = regexp.MustCompile(`^c\d+ F (Query|Parse) `)
)

// extractCaptured pulls every statement out of the captures: the ```sql
// blocks (split at top-level semicolons) and the Query and Parse messages
// of the protocol traces. Trace lines are cut at ~170 characters; a cut
// message is counted and skipped (its full text is in the ```sql
// sections). Duplicates are dropped.
func extractCaptured(t *testing.T) (stmts []capturedStatement, truncated int) {
	t.Helper()
	f, err := os.Open(clientCaptures)
	require.NoError(t, err)
	defer f.Close()
	seen := map[string]bool{}
	add := func(sql string, line int) {
		sql = strings.TrimSpace(sql)
		if sql != "" && !seen[sql] {
			seen[sql] = true
			stmts = append(stmts, capturedStatement{sql, line})
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var (
		inSQL, inBlock bool
		block          strings.Builder
		blockLine      int
	)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			if inSQL {
				text := block.String()
				for _, p := range splitStatements(text) {
					add(text[p.start:p.end], blockLine+strings.Count(text[:p.start], "\n"))
				}
				block.Reset()
			}
			inSQL = !inBlock && strings.HasPrefix(line, "```sql")
			inBlock = !inBlock
			blockLine = n + 1
		case inSQL:
			block.WriteString(line + "\n")
		case inBlock:
			if m := traceQuery.FindStringSubmatch(line); m != nil {
				add(m[1], n)
			} else if m := traceParse.FindStringSubmatch(line); m != nil {
				add(m[1], n)
			} else if traceMessage.MatchString(line) {
				truncated++
			}
		}
	}
	require.NoError(t, sc.Err())
	return stmts, truncated
}

// capturedExceptions are the captured statements KalamDB deliberately
// refuses with 0A000, matched by a regexp on their text.
var capturedExceptions = []struct {
	pattern *regexp.Regexp
	reason  string
}{
	{regexp.MustCompile(`(?i)^(listen|unlisten|notify)\b`), "LISTEN/NOTIFY are a pgwire feature, not parsed into the AST"},
	{regexp.MustCompile(`(?i)^create index\b`), "CREATE INDEX is not supported yet"},
	{regexp.MustCompile(`(?i)^comment on\b`), "COMMENT ON is not supported yet"},
	{regexp.MustCompile(`(?i)^create table .*\b(references|check)\b`), "FOREIGN KEY and CHECK constraints are not supported yet (the captures' schema setup)"},
}

// TestClientCaptures is the acceptance test of the catalog-query
// milestone: every statement real clients send parses into the AST,
// except the deliberate exceptions above, which must fail with 0A000.
func TestClientCaptures(t *testing.T) {
	stmts, truncated := extractCaptured(t)
	require.Greater(t, len(stmts), 50, "extraction found too few statements")
	require.Less(t, truncated, 5, "too many cut trace lines")
	used := make([]bool, len(capturedExceptions))
	for _, s := range stmts {
		excepted := -1
		for i, ex := range capturedExceptions {
			if ex.pattern.MatchString(s.sql) {
				excepted = i
				used[i] = true
				break
			}
		}
		parsed, err := Parse(s.sql)
		if excepted < 0 {
			require.NoError(t, err, "line %d: %s", s.line, s.sql)
			for _, p := range parsed {
				requireComplete(t, p.AST, s.sql)
			}
			continue
		}
		var pe *pgerr.Error
		require.ErrorAs(t, err, &pe, "line %d (%s): %s", s.line, capturedExceptions[excepted].reason, s.sql)
		require.Equal(t, pgerr.FeatureNotSupported, pe.Code, "line %d: %s", s.line, s.sql)
	}
	for i, u := range used {
		require.True(t, u, "exception %q matched nothing", capturedExceptions[i].pattern)
	}
}
