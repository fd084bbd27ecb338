package exec_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// TestNamedStatementsShareOneNamespace: PREPARE and protocol Parse names
// (AddNamedStatement) are one namespace, as in PostgreSQL.
func TestNamedStatementsShareOneNamespace(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	parse := func(name, sql string) error {
		st, err := s.Prepare(ctx, sql, nil)
		require.NoError(t, err)
		return s.AddNamedStatement(name, st)
	}
	code := func(err error) string { return pgerr.From(err).Code }

	query(t, s, "PREPARE foo (int8) AS SELECT $1 + 1")
	require.Equal(t, pgerr.DuplicatePreparedStatement, code(parse("foo", "SELECT 2")))
	st, ok := s.NamedStatement("foo")
	require.True(t, ok, "PREPARE'd statements are visible to Bind")
	require.Len(t, st.ParamTypes(), 1)

	require.NoError(t, parse("bar", "SELECT $1::int4 * 2 AS d"))
	r := query(t, s, "EXECUTE bar(21)")
	require.Equal(t, [][]string{{"42"}}, r.rows)
	err := s.SimpleQuery(ctx, "PREPARE bar AS SELECT 1", &textResult{})
	require.Equal(t, pgerr.DuplicatePreparedStatement, code(err))

	r = query(t, s, "SELECT name, statement, parameter_types, from_sql, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name")
	require.Equal(t, [][]string{
		{"bar", "SELECT $1::int4 * 2 AS d", "{integer}", "f", "0", "0"},
		{"foo", "PREPARE foo (int8) AS SELECT $1 + 1", "{bigint}", "t", "0", "0"},
	}, r.rows)
	r = query(t, s, "SELECT count(*) FROM pg_prepared_statements WHERE prepare_time <= now()")
	require.Equal(t, [][]string{{"2"}}, r.rows)

	query(t, s, "DEALLOCATE bar")
	_, ok = s.NamedStatement("bar")
	require.False(t, ok, "DEALLOCATE drops a Parse'd statement")
	s.CloseNamedStatement("foo")
	err = s.SimpleQuery(ctx, "EXECUTE foo(1)", &textResult{})
	require.Equal(t, pgerr.InvalidSQLStatementName, code(err), "Close drops a PREPARE'd statement")

	require.NoError(t, parse("a", "SELECT 1"))
	query(t, s, "PREPARE b AS SELECT 1")
	query(t, s, "DEALLOCATE ALL")
	for _, name := range []string{"a", "b"} {
		_, ok = s.NamedStatement(name)
		require.False(t, ok, name)
	}
	require.NoError(t, parse("a", "SELECT 1"))
	query(t, s, "DISCARD ALL")
	_, ok = s.NamedStatement("a")
	require.False(t, ok, "DISCARD ALL deallocates")
}

// TestAddNamedStatementFailsBlock: like any error, a duplicate name in
// Parse aborts the transaction block.
func TestAddNamedStatementFailsBlock(t *testing.T) {
	ctx := context.Background()
	s := newSession(t)
	query(t, s, "BEGIN; PREPARE x AS SELECT 1")
	st, err := s.Prepare(ctx, "SELECT 2", nil)
	require.NoError(t, err)
	require.NoError(t, s.AddNamedStatement("y", st))
	require.Equal(t, exec.TxActive, s.TxStatus())
	require.Error(t, s.AddNamedStatement("x", st))
	require.Equal(t, exec.TxFailed, s.TxStatus())
}
