package exec_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// textResult collects a statement's results as text, the way psql shows them.
type textResult struct {
	cols []exec.Column
	rows [][]string
	tags []string
}

func (r *textResult) Columns(cols []exec.Column) error { r.cols = cols; return nil }
func (r *textResult) Row(row []types.Value) error {
	out := make([]string, len(row))
	for i, v := range row {
		if v.IsNull() {
			out[i] = "NULL"
		} else {
			out[i] = string(types.AppendText(nil, v, types.Type{Kind: v.K, Mod: -1}))
		}
	}
	r.rows = append(r.rows, out)
	return nil
}
func (r *textResult) Complete(tag string) error { r.tags = append(r.tags, tag); return nil }
func (r *textResult) EmptyQuery() error         { r.tags = append(r.tags, "EMPTY"); return nil }

// Notice records a NoticeResponse as "SEVERITY CODE message" among the tags.
func (r *textResult) Notice(n *pgerr.Error) error {
	r.tags = append(r.tags, n.Severity+" "+n.Code+" "+n.Message)
	return nil
}

// ParameterStatus records a report as "name=value" among the tags.
func (r *textResult) ParameterStatus(name, value string) error {
	r.tags = append(r.tags, name+"="+value)
	return nil
}

func newSession(t *testing.T) *exec.Session {
	return newEngine(t, 0).NewSession(exec.SessionInfo{User: "root"})
}

func query(t *testing.T, s *exec.Session, sql string) *textResult {
	t.Helper()
	r := &textResult{}
	require.NoError(t, s.SimpleQuery(context.Background(), sql, r), sql)
	return r
}

func TestSessionRunsStatements(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY, name TEXT, n INT DEFAULT 7)")
	r := query(t, s, "INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
	require.Equal(t, []string{"INSERT 0 3"}, r.tags)
	r = query(t, s, "SELECT id, name, n FROM t WHERE id >= 2 ORDER BY id DESC")
	require.Equal(t, [][]string{{"3", "c", "7"}, {"2", "b", "7"}}, r.rows)
	r = query(t, s, "SELECT name, count(*) FROM t GROUP BY name ORDER BY name LIMIT 2")
	require.Equal(t, [][]string{{"a", "1"}, {"b", "1"}}, r.rows)
	r = query(t, s, "UPDATE t SET n = n + id WHERE id = 2 RETURNING n")
	require.Equal(t, [][]string{{"9"}}, r.rows)
	require.Equal(t, "UPDATE 1", r.tags[0])
	r = query(t, s, "DELETE FROM t WHERE name IN ('a', 'c')")
	require.Equal(t, "DELETE 2", r.tags[0])
	r = query(t, s, "SELECT * FROM t")
	require.Equal(t, [][]string{{"2", "b", "9"}}, r.rows)
	require.Equal(t, "id,name,n", strings.Join([]string{r.cols[0].Name, r.cols[1].Name, r.cols[2].Name}, ","))
}

func TestTransactionBlockBuffersWrites(t *testing.T) {
	s := newSession(t)
	other := newSessionOn(t, s)
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY, v TEXT)")
	query(t, s, "INSERT INTO t VALUES (1, 'one'), (5, 'five')")

	query(t, s, "BEGIN")
	require.Equal(t, exec.TxActive, s.TxStatus())
	query(t, s, "INSERT INTO t VALUES (3, 'three'), (7, 'seven')")
	query(t, s, "UPDATE t SET v = 'FIVE' WHERE id = 5")
	query(t, s, "DELETE FROM t WHERE id = 1")
	r := query(t, s, "SELECT id, v FROM t ORDER BY id")
	require.Equal(t, [][]string{{"3", "three"}, {"5", "FIVE"}, {"7", "seven"}}, r.rows)
	r = query(t, s, "SELECT id FROM t ORDER BY id DESC LIMIT 2")
	require.Equal(t, [][]string{{"7"}, {"5"}}, r.rows)
	// Other sessions see nothing until COMMIT.
	r = query(t, other, "SELECT id, v FROM t ORDER BY id")
	require.Equal(t, [][]string{{"1", "one"}, {"5", "five"}}, r.rows)
	query(t, s, "COMMIT")
	require.Equal(t, exec.TxIdle, s.TxStatus())
	r = query(t, other, "SELECT id, v FROM t ORDER BY id")
	require.Equal(t, [][]string{{"3", "three"}, {"5", "FIVE"}, {"7", "seven"}}, r.rows)

	query(t, s, "BEGIN")
	query(t, s, "INSERT INTO t VALUES (9, 'nine')")
	query(t, s, "ROLLBACK")
	r = query(t, s, "SELECT count(*) FROM t")
	require.Equal(t, [][]string{{"3"}}, r.rows)

	// An error aborts the block until ROLLBACK; COMMIT then rolls back.
	query(t, s, "BEGIN")
	query(t, s, "INSERT INTO t VALUES (10, 'ten')")
	err := s.SimpleQuery(context.Background(), "INSERT INTO t VALUES (3, 'dup')", &textResult{})
	require.ErrorContains(t, err, "duplicate key")
	require.Equal(t, exec.TxFailed, s.TxStatus())
	err = s.SimpleQuery(context.Background(), "SELECT 1", &textResult{})
	require.ErrorContains(t, err, "current transaction is aborted")
	r = query(t, s, "COMMIT")
	require.Equal(t, []string{"ROLLBACK"}, r.tags)
	r = query(t, s, "SELECT count(*) FROM t WHERE id = 10")
	require.Equal(t, [][]string{{"0"}}, r.rows)
}

// newSessionOn opens a second session on the same engine as s.
func newSessionOn(t *testing.T, s *exec.Session) *exec.Session {
	return s.Engine().NewSession(exec.SessionInfo{User: "root"})
}

func TestCancelStopsRunningStatement(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.SimpleQuery(ctx, "SELECT pg_sleep(5)", &textResult{})
	require.ErrorContains(t, err, "canceling statement due to user request")
	require.Less(t, time.Since(start), 2*time.Second)
	r := query(t, s, "SELECT pg_sleep(0.01) IS NULL")
	require.Equal(t, [][]string{{"t"}}, r.rows)
}

func TestCommitAfterConcurrentDropIsRetryable(t *testing.T) {
	eng := newEngine(t, 0)
	a := eng.NewSession(exec.SessionInfo{User: "root"})
	b := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, a, "CREATE TABLE gone (id INT PRIMARY KEY)")
	query(t, a, "BEGIN")
	query(t, a, "INSERT INTO gone VALUES (1)")
	query(t, b, "DROP TABLE gone")
	err := a.SimpleQuery(context.Background(), "COMMIT", &textResult{})
	require.Error(t, err)
	require.Equal(t, "40001", pgerr.From(err).Code)
}

func TestFailedMultiStatementQueryUndoesItsSet(t *testing.T) {
	s := newSession(t)
	err := s.SimpleQuery(context.Background(), "SET application_name = 'x'; SELECT 1/0", &textResult{})
	require.Error(t, err)
	r := query(t, s, "SHOW application_name")
	require.Equal(t, [][]string{{""}}, r.rows)
	query(t, s, "SET application_name = 'y'; SELECT 1")
	r = query(t, s, "SHOW application_name")
	require.Equal(t, [][]string{{"y"}}, r.rows)
}
