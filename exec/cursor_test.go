package exec_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// step is one simple query of a session script and what PostgreSQL 15
// answers: the rows and last command tag, or an error's SQLSTATE.
type step struct {
	sql  string
	rows [][]string // compared only when tag is set
	tag  string
	code string // expected SQLSTATE; "" means success
}

func runScript(t *testing.T, s *exec.Session, steps []step) {
	t.Helper()
	for i, st := range steps {
		r := &textResult{}
		err := s.SimpleQuery(context.Background(), st.sql, r)
		if st.code != "" {
			require.Error(t, err, "step %d: %s", i, st.sql)
			assert.Equal(t, st.code, pgerr.From(err).Code, "step %d: %s: %v", i, st.sql, err)
			continue
		}
		require.NoError(t, err, "step %d: %s", i, st.sql)
		if st.tag != "" {
			require.NotEmpty(t, r.tags, "step %d: %s", i, st.sql)
			assert.Equal(t, st.tag, r.tags[len(r.tags)-1], "step %d: %s", i, st.sql)
			assert.Equal(t, st.rows, r.rows, "step %d: %s", i, st.sql)
		}
	}
}

func rows(vals ...string) [][]string {
	out := make([][]string, len(vals))
	for i, v := range vals {
		out[i] = []string{v}
	}
	return out
}

// TestCursorNamedCursorFlow is what psycopg2's named cursors send.
func TestCursorNamedCursorFlow(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY, name TEXT)")
	query(t, s, "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')")
	query(t, s, "BEGIN")
	r := query(t, s, `DECLARE "c_1" CURSOR WITHOUT HOLD FOR SELECT id, name FROM t ORDER BY id`)
	require.Equal(t, []string{"DECLARE CURSOR"}, r.tags)
	require.Nil(t, r.cols, "DECLARE returns no rows")

	var got [][]string
	for _, want := range []string{"FETCH 2", "FETCH 2", "FETCH 1", "FETCH 0"} {
		r = query(t, s, `FETCH FORWARD 2 FROM "c_1"`)
		require.Equal(t, []string{want}, r.tags)
		require.Len(t, r.cols, 2, "a FETCH describes its columns even with no rows")
		assert.Equal(t, "id", r.cols[0].Name)
		assert.Equal(t, types.KindText, r.cols[1].Type.Kind)
		got = append(got, r.rows...)
	}
	assert.Equal(t, [][]string{{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}, {"5", "e"}}, got)
	require.Equal(t, []string{"CLOSE CURSOR"}, query(t, s, `CLOSE "c_1"`).tags)
	require.Equal(t, []string{"COMMIT"}, query(t, s, "COMMIT").tags)
}

// TestCursorPositioning follows PostgreSQL 15 answers for a NO SCROLL
// cursor over generate_series(1, 5).
func TestCursorPositioning(t *testing.T) {
	const decl = "BEGIN; DECLARE c NO SCROLL CURSOR FOR SELECT g FROM generate_series(1, 5) g"
	tests := []struct {
		name  string
		steps []step
	}{
		{"next, move, all", []step{
			{sql: "FETCH c", tag: "FETCH 1", rows: rows("1")},
			{sql: "FETCH NEXT FROM c", tag: "FETCH 1", rows: rows("2")},
			{sql: "MOVE 1 IN c", tag: "MOVE 1"},
			{sql: "MOVE 0 IN c", tag: "MOVE 1"},
			{sql: "FETCH ALL FROM c", tag: "FETCH 2", rows: rows("4", "5")},
			{sql: "FETCH c", tag: "FETCH 0"},
			{sql: "MOVE ALL c", tag: "MOVE 0"},
			{sql: "FETCH 0 FROM c", tag: "FETCH 0"},
		}},
		{"absolute and relative forward", []step{
			{sql: "FETCH ABSOLUTE 2 c", tag: "FETCH 1", rows: rows("2")},
			{sql: "FETCH RELATIVE 2 c", tag: "FETCH 1", rows: rows("4")},
			{sql: "MOVE ABSOLUTE 5 c", tag: "MOVE 1"},
			{sql: "FETCH ABSOLUTE 5 c", code: "55000"},
		}},
		{"past the end", []step{
			{sql: "FETCH ABSOLUTE 9 c", tag: "FETCH 0"},
			{sql: "MOVE RELATIVE 1 c", tag: "MOVE 0"},
			{sql: "FETCH LAST c", code: "55000"},
		}},
		{"absolute 0 at the start", []step{
			{sql: "FETCH ABSOLUTE 0 c", tag: "FETCH 0"},
			{sql: "MOVE 0 c", tag: "MOVE 0"},
			{sql: "MOVE FORWARD 7 c", tag: "MOVE 5"},
			{sql: "FETCH ABSOLUTE 0 c", code: "55000"},
		}},
		{"backward", []step{{sql: "FETCH FORWARD 2 c", tag: "FETCH 2", rows: rows("1", "2")}, {sql: "FETCH PRIOR c", code: "55000"}}},
		{"backward 0", []step{{sql: "FETCH BACKWARD 0 c", code: "55000"}}},
		{"forward -1", []step{{sql: "FETCH FORWARD -1 c", code: "55000"}}},
		{"refetch", []step{{sql: "FETCH 1 c", tag: "FETCH 1", rows: rows("1")}, {sql: "FETCH 0 c", code: "55000"}}},
		{"move backward all at start", []step{{sql: "MOVE BACKWARD ALL c", tag: "MOVE 0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			query(t, s, decl)
			runScript(t, s, tt.steps)
		})
	}
}

func TestCursorLifetime(t *testing.T) {
	s := newSession(t)
	runScript(t, s, []step{
		{sql: "DECLARE c CURSOR FOR SELECT 1", code: pgerr.NoActiveSQLTransaction},
		{sql: "FETCH c", code: pgerr.InvalidCursorName},
		{sql: "CLOSE nope", code: pgerr.InvalidCursorName},
		{sql: "BEGIN"},
		{sql: "DECLARE c CURSOR FOR SELECT 1"},
		{sql: "DECLARE c CURSOR FOR SELECT 2", code: "42P03"},
		{sql: "ROLLBACK"},
		// A WITHOUT HOLD cursor ends with its transaction.
		{sql: "BEGIN; DECLARE c CURSOR FOR SELECT g FROM generate_series(1, 3) g; FETCH c", tag: "FETCH 1", rows: rows("1")},
		{sql: "COMMIT"},
		{sql: "FETCH c", code: pgerr.InvalidCursorName},
		// WITH HOLD survives the commit, with its position, but not a
		// rollback of the transaction that declared it.
		{sql: "BEGIN; DECLARE h CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 3) g; FETCH h", tag: "FETCH 1", rows: rows("1")},
		{sql: "COMMIT"},
		{sql: "BEGIN; FETCH h; ROLLBACK", tag: "ROLLBACK", rows: rows("2")},
		{sql: "FETCH ALL h", tag: "FETCH 1", rows: rows("3")},
		{sql: "BEGIN; DECLARE h2 CURSOR WITH HOLD FOR SELECT 1; ROLLBACK"},
		{sql: "FETCH h2", code: pgerr.InvalidCursorName},
		// WITH HOLD outside a block is read at once.
		{sql: "DECLARE h3 CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 4) g"},
		{sql: "MOVE 2 h3", tag: "MOVE 2"},
		{sql: "FETCH 5 h3", tag: "FETCH 2", rows: rows("3", "4")},
		{sql: "CLOSE ALL", tag: "CLOSE CURSOR ALL"},
		{sql: "FETCH h", code: pgerr.InvalidCursorName},
		{sql: "FETCH h3", code: pgerr.InvalidCursorName},
	})
}

// TestCursorSeesTableAndAbortsBlock: a cursor over a table, the error of
// a bad FETCH aborting the block, and pg_cursors.
func TestCursorSeesTableAndAbortsBlock(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY)")
	query(t, s, "INSERT INTO t SELECT g FROM generate_series(1, 100) g")
	runScript(t, s, []step{
		{sql: "BEGIN"},
		{sql: "DECLARE big CURSOR FOR SELECT id FROM t WHERE id > 90 ORDER BY id"},
		{sql: "DECLARE h CURSOR WITH HOLD FOR SELECT 1"},
		{sql: "SELECT name, statement, is_holdable, is_binary, is_scrollable FROM pg_cursors ORDER BY name", tag: "SELECT 2", rows: [][]string{
			{"big", "DECLARE big CURSOR FOR SELECT id FROM t WHERE id > 90 ORDER BY id", "f", "f", "f"},
			{"h", "DECLARE h CURSOR WITH HOLD FOR SELECT 1", "t", "f", "f"},
		}},
		{sql: "MOVE 8 big", tag: "MOVE 8"},
		{sql: "FETCH 5 big", tag: "FETCH 2", rows: rows("99", "100")},
		{sql: "FETCH nope", code: pgerr.InvalidCursorName},
		{sql: "FETCH big", code: pgerr.InFailedTransaction},
		{sql: "COMMIT", tag: "ROLLBACK"},
		{sql: "SELECT count(*) FROM pg_cursors", tag: "SELECT 1", rows: rows("0")},
	})
}

// TestCursorExtendedProtocol: DECLARE with a parameter, and a FETCH
// prepared after the DECLARE describes the cursor's columns.
func TestCursorExtendedProtocol(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	query(t, s, "BEGIN")
	st, err := s.Prepare(ctx, "DECLARE c CURSOR FOR SELECT g * $1 AS x FROM generate_series(1, 4) g", nil)
	require.NoError(t, err)
	require.Nil(t, st.Columns())
	require.Equal(t, []types.Type{types.Int4}, st.ParamTypes())
	p, err := s.Bind(ctx, st, []types.Value{types.NewInt4(10)})
	require.NoError(t, err)
	r := &textResult{}
	_, err = s.Execute(ctx, p, 0, r)
	require.NoError(t, err)
	require.Equal(t, []string{"DECLARE CURSOR"}, r.tags)

	fetch, err := s.Prepare(ctx, "FETCH 3 FROM c", nil)
	require.NoError(t, err)
	require.Len(t, fetch.Columns(), 1)
	assert.Equal(t, "x", fetch.Columns()[0].Name)
	for _, want := range []struct {
		rows [][]string
		tag  string
	}{{rows("10", "20", "30"), "FETCH 3"}, {rows("40"), "FETCH 1"}} {
		p, err = s.Bind(ctx, fetch, nil)
		require.NoError(t, err)
		r = &textResult{}
		suspended, err := s.Execute(ctx, p, 0, r)
		require.NoError(t, err)
		require.False(t, suspended)
		assert.Equal(t, want.rows, r.rows)
		assert.Equal(t, []string{want.tag}, r.tags)
	}
	// A FETCH of a cursor that does not exist yet plans, and fails to run.
	missing, err := s.Prepare(ctx, "FETCH 1 FROM later", nil)
	require.NoError(t, err)
	require.Nil(t, missing.Columns())
	p, err = s.Bind(ctx, missing, nil)
	require.NoError(t, err)
	_, err = s.Execute(ctx, p, 0, &textResult{})
	require.Equal(t, pgerr.InvalidCursorName, pgerr.From(err).Code)
	query(t, s, "ROLLBACK")
}

// TestCursorSessionCloseReleasesQuery: closing a session with an open
// cursor ends its paused query (which holds a storage snapshot).
func TestCursorSessionCloseReleasesQuery(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY)")
	query(t, s, "INSERT INTO t VALUES (1), (2)")
	query(t, s, "BEGIN; DECLARE c CURSOR FOR SELECT id FROM t; FETCH c")
	s.Close()
	other := newSessionOn(t, s)
	require.Equal(t, []string{"INSERT 0 1"}, query(t, other, "INSERT INTO t VALUES (3)").tags)
}
