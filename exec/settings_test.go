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

// cycle runs one simple query like pgwire does: its results, then the
// parameter reports that precede ReadyForQuery. Tags, notices and reports
// come back in order; err is the query's error, if any.
func cycle(t *testing.T, s *exec.Session, sql string) ([]string, error) {
	t.Helper()
	r := &textResult{}
	err := s.SimpleQuery(context.Background(), sql, r)
	if err != nil {
		r.tags = append(r.tags, "ERROR "+pgerr.From(err).Code)
	}
	require.NoError(t, s.ReportParameters(r))
	return r.tags, err
}

// rawResult keeps the values of rows, to print them with a session's format.
type rawResult struct {
	textResult
	raw [][]types.Value
}

func (r *rawResult) Row(row []types.Value) error {
	r.raw = append(r.raw, append([]types.Value(nil), row...))
	return r.textResult.Row(row)
}

func show(t *testing.T, s *exec.Session, name string) string {
	t.Helper()
	r := query(t, s, "SHOW "+name)
	require.Len(t, r.rows, 1)
	return r.rows[0][0]
}

// Expected sequences were taken from PostgreSQL 15 given the same statements.
func TestParameterReports(t *testing.T) {
	s := newSession(t)
	s.ReportedParameters() // what startup told the client
	steps := []struct {
		sql  string
		want []string
	}{
		{"SET application_name = 'x'", []string{"SET", "application_name=x"}},
		{"SET application_name = 'x'", []string{"SET"}}, // unchanged: nothing to report
		{"SET application_name = 'y'; SELECT 1", []string{"SET", "SELECT 1", "application_name=y"}},
		{"BEGIN", []string{"BEGIN"}},
		{"SET LOCAL TimeZone = 'Asia/Tokyo'", []string{"SET", "TimeZone=Asia/Tokyo"}},
		{"COMMIT", []string{"COMMIT", "TimeZone=UTC"}},
		{"BEGIN; SET application_name = 'z'; ROLLBACK", []string{"BEGIN", "SET", "ROLLBACK"}},
		{"BEGIN; SET application_name = 'kept'; COMMIT", []string{"BEGIN", "SET", "COMMIT", "application_name=kept"}},
		{"BEGIN", []string{"BEGIN"}},
		{"SET LOCAL application_name = 'w'", []string{"SET", "application_name=w"}},
		{"ROLLBACK", []string{"ROLLBACK", "application_name=kept"}},
		{"SET LOCAL TimeZone = 'UTC'", []string{"WARNING 25P01 SET LOCAL can only be used in transaction blocks", "SET"}},
		{"RESET application_name", []string{"RESET", "application_name="}},
		{"SELECT set_config('application_name', 'q', false)", []string{"SELECT 1", "application_name=q"}},
		{"SET DateStyle = 'dmy'", []string{"SET", "DateStyle=ISO, DMY"}},
		{"RESET ALL", []string{"RESET", "application_name=", "DateStyle=ISO, MDY"}},
		{"SET TimeZone = 5", []string{"SET", "TimeZone=<+05>-05"}},
		{"DISCARD ALL", []string{"DISCARD ALL", "TimeZone=UTC"}},
		{"SET TimeZone = 'nope'", []string{"ERROR 22023"}},
		{"SET server_version = '1'", []string{"ERROR 55P02"}},
	}
	for _, step := range steps {
		got, _ := cycle(t, s, step.sql)
		assert.Equal(t, step.want, got, step.sql)
	}
}

func TestTransactionWarnings(t *testing.T) {
	s := newSession(t)
	s.ReportedParameters()
	steps := []struct {
		sql  string
		want []string
	}{
		{"COMMIT", []string{"WARNING 25P01 there is no transaction in progress", "COMMIT"}},
		{"ROLLBACK", []string{"WARNING 25P01 there is no transaction in progress", "ROLLBACK"}},
		{"BEGIN", []string{"BEGIN"}},
		{"BEGIN", []string{"WARNING 25001 there is already a transaction in progress", "BEGIN"}},
		{"COMMIT", []string{"COMMIT"}},
		{"SET client_min_messages = error", []string{"SET"}},
		{"COMMIT", []string{"COMMIT"}}, // the warning is filtered out
	}
	for _, step := range steps {
		got, err := cycle(t, s, step.sql)
		require.NoError(t, err, step.sql)
		assert.Equal(t, step.want, got, step.sql)
	}
}

func TestIsolationSettings(t *testing.T) {
	s := newSession(t)
	s.ReportedParameters()
	assert.Equal(t, "read committed", show(t, s, "TRANSACTION ISOLATION LEVEL"))
	query(t, s, "BEGIN ISOLATION LEVEL SERIALIZABLE")
	assert.Equal(t, "serializable", show(t, s, "TRANSACTION ISOLATION LEVEL"))
	query(t, s, "COMMIT")
	assert.Equal(t, "read committed", show(t, s, "transaction_isolation"))

	query(t, s, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ")
	assert.Equal(t, "repeatable read", show(t, s, "default_transaction_isolation"))
	assert.Equal(t, "repeatable read", show(t, s, "TRANSACTION ISOLATION LEVEL"))
	query(t, s, "BEGIN")
	query(t, s, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
	assert.Equal(t, "serializable", show(t, s, "TRANSACTION ISOLATION LEVEL"))
	query(t, s, "ROLLBACK")
	assert.Equal(t, "repeatable read", show(t, s, "TRANSACTION ISOLATION LEVEL"))

	got, err := cycle(t, s, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
	require.NoError(t, err)
	assert.Equal(t, []string{"WARNING 25P01 SET TRANSACTION can only be used in transaction blocks", "SET"}, got)
	assert.Equal(t, "repeatable read", show(t, s, "TRANSACTION ISOLATION LEVEL"))

	query(t, s, "BEGIN READ ONLY")
	assert.Equal(t, "on", show(t, s, "transaction_read_only"))
	query(t, s, "COMMIT")
	assert.Equal(t, "off", show(t, s, "transaction_read_only"))
}

func TestSettingValues(t *testing.T) {
	s := newSession(t)
	cases := []struct{ set, name, want string }{
		{"SET TimeZone = 'asia/tokyo'", "TimeZone", "Asia/Tokyo"},
		{"SET TIME ZONE 'UTC+5'", "TimeZone", "UTC+5"},
		{"SET DateStyle = 'ISO, DMY'", "DateStyle", "ISO, DMY"},
		{"SET DateStyle = 'mdy'", "DateStyle", "ISO, MDY"},
		{"SET extra_float_digits = -3", "extra_float_digits", "-3"},
		{"SET client_encoding = 'utf-8'", "client_encoding", "UTF8"},
		{"SET NAMES 'sql_ascii'", "client_encoding", "SQL_ASCII"},
		{"SET default_transaction_read_only = yes", "default_transaction_read_only", "on"},
		{"SET client_min_messages = debug", "client_min_messages", "debug2"},
		{"SET search_path = a, public", "search_path", "a, public"},
		{"SET kalam.custom = 'v'", "kalam.custom", "v"},
	}
	for _, tc := range cases {
		query(t, s, tc.set)
		assert.Equal(t, tc.want, show(t, s, tc.name), tc.set)
	}
	bad := []struct{ set, code string }{
		{"SET TimeZone = 'Z'", "22023"},
		{"SET extra_float_digits = 4", "22023"},
		{"SET DateStyle = 'German'", "0A000"},
		{"SET DateStyle = 'nonsense'", "22023"},
		{"SET client_encoding = 'LATIN1'", "0A000"},
		{"SET client_encoding = 'nope'", "22023"},
		{"SET default_transaction_read_only = 2", "22023"},
		{"SET client_min_messages = loud", "22023"},
		{"SET no_such_setting = 1", "42704"},
		{"SET is_superuser = on", "55P02"},
	}
	for _, tc := range bad {
		err := s.SimpleQuery(context.Background(), tc.set, &textResult{})
		require.Error(t, err, tc.set)
		assert.Equal(t, tc.code, pgerr.From(err).Code, tc.set)
	}
}

func TestStartupSettings(t *testing.T) {
	eng := newEngine(t, 0)
	s, err := eng.OpenSession(exec.SessionInfo{User: "root", Superuser: true, ApplicationName: "app", Settings: map[string]string{
		"application_name": "app", "TimeZone": "Asia/Tokyo", "DateStyle": "ISO", "extra_float_digits": "2", "client_encoding": "UTF8",
	}})
	require.NoError(t, err)
	params := map[string]string{}
	for _, p := range s.ReportedParameters() {
		params[p[0]] = p[1]
	}
	assert.Equal(t, "Asia/Tokyo", params["TimeZone"])
	assert.Equal(t, "app", params["application_name"])
	assert.Equal(t, "on", params["is_superuser"])
	assert.Equal(t, "root", params["session_authorization"])
	assert.Len(t, params, 13)
	assert.Equal(t, "Asia/Tokyo", s.TextFormat().Location.String())
	assert.Equal(t, 2, s.TextFormat().ExtraFloatDigits)

	// RESET goes back to the startup value, not the built-in default.
	got, err := cycle(t, s, "SET TimeZone = 'UTC'")
	require.NoError(t, err)
	assert.Equal(t, []string{"SET", "TimeZone=UTC"}, got)
	got, err = cycle(t, s, "RESET TimeZone")
	require.NoError(t, err)
	assert.Equal(t, []string{"RESET", "TimeZone=Asia/Tokyo"}, got)

	for _, bad := range []struct {
		name, value, code string
	}{
		{"client_encoding", "nope", "22023"},
		{"TimeZone", "nope", "22023"},
		{"nope", "1", "42704"},
		{"server_version", "1", "55P02"},
		{"extra_float_digits", "9", "22023"},
	} {
		_, err := eng.OpenSession(exec.SessionInfo{User: "root", Settings: map[string]string{bad.name: bad.value}})
		require.Error(t, err, bad.name)
		assert.Equal(t, bad.code, pgerr.From(err).Code, bad.name)
	}
}

// TestSessionTimeZone checks values computed in the session zone; the
// expected text is PostgreSQL's with TimeZone = 'Asia/Kolkata'.
func TestSessionTimeZone(t *testing.T) {
	s := newSession(t)
	query(t, s, "SET TimeZone = 'Asia/Kolkata'")
	before := s.TextFormat()
	r := &rawResult{}
	require.NoError(t, s.SimpleQuery(context.Background(), `SELECT
		'2024-07-01 12:00'::timestamptz,
		date_trunc('day', '2024-07-01 20:00:00+00'::timestamptz),
		extract(hour from '2024-07-01 20:00:00+00'::timestamptz),
		'2024-07-01 20:00:00+00'::timestamptz::date,
		'2024-07-01 20:00:00+00'::timestamptz::timestamp,
		'2024-07-01 20:00'::timestamp::timestamptz,
		'2024-07-01 20:00:00+00'::timestamptz::text`, r))
	f := s.TextFormat()
	out := make([]string, len(r.raw[0]))
	for i, v := range r.raw[0] {
		out[i] = string(types.AppendTextFormat(nil, v, r.cols[i].Type, f))
	}
	assert.Equal(t, []string{
		"2024-07-01 12:00:00+05:30", "2024-07-02 00:00:00+05:30", "1", "2024-07-02",
		"2024-07-02 01:30:00", "2024-07-01 20:00:00+05:30", "2024-07-02 01:30:00+05:30",
	}, out)

	// The same statement text planned in another session, in another zone,
	// must not reuse a value folded for this one.
	other := newSessionOn(t, s)
	query(t, other, "SET TimeZone = 'Asia/Tokyo'")
	r2 := &rawResult{}
	require.NoError(t, other.SimpleQuery(context.Background(), "SELECT '2024-07-01 12:00'::timestamptz", r2))
	assert.Equal(t, "2024-07-01 12:00:00+09",
		string(types.AppendTextFormat(nil, r2.raw[0][0], types.Timestamptz, other.TextFormat())))

	// A format handed out is never changed by a later SET.
	query(t, s, "SET TimeZone = 'UTC'")
	assert.Equal(t, "Asia/Kolkata", before.Location.String())
	assert.NotSame(t, before, s.TextFormat())
}

func TestDDLNotices(t *testing.T) {
	s := newSession(t)
	s.ReportedParameters()
	steps := []struct {
		sql  string
		want []string
	}{
		{"CREATE SCHEMA s1", []string{"CREATE SCHEMA"}},
		{"CREATE SCHEMA IF NOT EXISTS s1", []string{"NOTICE 42P06 schema \"s1\" already exists, skipping", "CREATE SCHEMA"}},
		{"CREATE TABLE s1.t (a INT PRIMARY KEY)", []string{"CREATE TABLE"}},
		{"CREATE TABLE IF NOT EXISTS s1.t (a INT PRIMARY KEY)", []string{"NOTICE 42P07 relation \"t\" already exists, skipping", "CREATE TABLE"}},
		{"CREATE TABLE s1.u (a INT)", []string{"CREATE TABLE"}},
		{"DROP TABLE IF EXISTS nope, s1.nope2", []string{
			"NOTICE 00000 table \"nope\" does not exist, skipping",
			"NOTICE 00000 table \"nope2\" does not exist, skipping", "DROP TABLE"}},
		{"DROP TABLE IF EXISTS a.b", []string{"NOTICE 00000 schema \"a\" does not exist, skipping", "DROP TABLE"}},
		{"DROP SCHEMA IF EXISTS nope, s1 CASCADE", []string{
			"NOTICE 00000 schema \"nope\" does not exist, skipping",
			"NOTICE 00000 drop cascades to 2 other objects", "DROP SCHEMA"}},
		{"CREATE SCHEMA s2; CREATE TABLE s2.t (a INT)", []string{"CREATE SCHEMA", "CREATE TABLE"}},
		{"DROP SCHEMA s2 CASCADE", []string{"NOTICE 00000 drop cascades to table s2.t", "DROP SCHEMA"}},
		{"SET client_min_messages = warning", []string{"SET"}},
		{"DROP TABLE IF EXISTS nope", []string{"DROP TABLE"}},
	}
	for _, step := range steps {
		got, err := cycle(t, s, step.sql)
		require.NoError(t, err, step.sql)
		assert.Equal(t, step.want, got, step.sql)
	}
}

func TestConstraintErrorFields(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE SCHEMA s1")
	query(t, s, "CREATE TABLE s1.t (a INT PRIMARY KEY, b TEXT NOT NULL)")
	query(t, s, "INSERT INTO s1.t VALUES (1, 'x')")

	err := s.SimpleQuery(context.Background(), "INSERT INTO s1.t VALUES (1, 'y')", &textResult{})
	e := pgerr.From(err)
	assert.Equal(t, pgerr.UniqueViolation, e.Code)
	assert.Equal(t, []string{"s1", "t", "", "t_pkey"}, []string{e.SchemaName, e.TableName, e.ColumnName, e.ConstraintName})

	err = s.SimpleQuery(context.Background(), "UPDATE s1.t SET b = NULL", &textResult{})
	e = pgerr.From(err)
	assert.Equal(t, pgerr.NotNullViolation, e.Code)
	assert.Equal(t, []string{"s1", "t", "b", ""}, []string{e.SchemaName, e.TableName, e.ColumnName, e.ConstraintName})
}

// TestDateStyleOrder checks that DateStyle's field order decides how
// ambiguous dates are read, also for plans shared between sessions.
func TestDateStyleOrder(t *testing.T) {
	mdy := newSession(t)
	dmy := newSessionOn(t, mdy)
	query(t, dmy, "SET DateStyle = 'ISO, DMY'")
	const sql = "SELECT '01/02/2024'::date, '1/2/2024 10:00'::timestamp, '2024-01-02'::date"
	assert.Equal(t, [][]string{{"2024-01-02", "2024-01-02 10:00:00", "2024-01-02"}}, query(t, mdy, sql).rows)
	assert.Equal(t, [][]string{{"2024-02-01", "2024-02-01 10:00:00", "2024-01-02"}}, query(t, dmy, sql).rows)
	err := mdy.SimpleQuery(context.Background(), "SELECT '13/02/2024'::date", &textResult{})
	assert.Equal(t, "22008", pgerr.From(err).Code)
	assert.Equal(t, [][]string{{"2024-02-13"}}, query(t, dmy, "SELECT '13/02/2024'::date").rows)
}
