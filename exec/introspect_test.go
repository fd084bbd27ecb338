package exec_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func colNames(r *textResult) []string {
	out := make([]string, len(r.cols))
	for i, c := range r.cols {
		out[i] = c.Name
	}
	return out
}

func TestShowTablesDescribeAndStats(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE NAMESPACE app")
	query(t, s, "CREATE SHARED TABLE app.msgs (id BIGINT PRIMARY KEY, body TEXT NOT NULL, n INT DEFAULT 7)")
	query(t, s, "CREATE USER TABLE app.notes (id INT PRIMARY KEY, v TEXT)")
	query(t, s, "CREATE TABLE t (a INT)")
	query(t, s, "INSERT INTO app.msgs (id, body) VALUES (1, 'a'), (2, 'b'), (3, 'c')")

	tests := []struct {
		sql  string
		cols []string
		rows [][]string
	}{
		{"SHOW TABLES", []string{"namespace_id", "table_name", "table_type"},
			[][]string{{"app", "msgs", "shared"}, {"app", "notes", "user"}, {"public", "t", "shared"}}},
		{"show tables in app", nil, [][]string{{"app", "msgs", "shared"}, {"app", "notes", "user"}}},
		{"SHOW TABLES IN NAMESPACE public", nil, [][]string{{"public", "t", "shared"}}},
		{"DESCRIBE TABLE app.msgs", []string{"column_name", "ordinal_position", "column_id", "data_type", "is_nullable",
			"is_primary_key", "column_default", "column_comment", "schema_version"}, [][]string{
			{"id", "1", "1", "bigint", "f", "t", "NULL", "NULL", "1"},
			{"body", "2", "2", "text", "f", "f", "NULL", "NULL", "1"},
			{"n", "3", "3", "integer", "t", "f", "7", "NULL", "1"}}},
		{"DESC t", nil, [][]string{{"a", "1", "1", "integer", "t", "f", "NULL", "NULL", "1"}}},
		{"DESCRIBE system.namespaces", nil, [][]string{
			{"namespace_id", "1", "1", "text", "t", "f", "NULL", "NULL", "1"},
			{"name", "2", "2", "text", "t", "f", "NULL", "NULL", "1"},
			{"created_at", "3", "3", "timestamp with time zone", "t", "f", "NULL", "NULL", "1"},
			{"options", "4", "4", "json", "t", "f", "NULL", "NULL", "1"},
			{"table_count", "5", "5", "bigint", "t", "f", "NULL", "NULL", "1"}}},
	}
	for _, tc := range tests {
		r := query(t, s, tc.sql)
		if tc.cols != nil {
			assert.Equal(t, tc.cols, colNames(r), tc.sql)
		}
		assert.Equal(t, tc.rows, r.rows, tc.sql)
	}

	for _, sql := range []string{"SHOW STATS FOR TABLE app.msgs", "show table stats app.msgs"} {
		r := query(t, s, sql)
		require.Equal(t, []string{"table_name", "namespace", "schema_version", "logical_rows", "flushed_segments",
			"active_streams", "memory_bytes"}, colNames(r))
		require.Len(t, r.rows, 1, sql)
		assert.Equal(t, []string{"msgs", "app", "1", "3", "0", "0"}, r.rows[0][:6], sql)
		assert.NotEqual(t, "0", r.rows[0][6], "bytes of three rows")
	}
	r := query(t, s, "SHOW STATS")
	assert.Len(t, r.rows, 3)

	errs := []struct{ sql, code, msg string }{
		{"DESCRIBE nope", pgerr.UndefinedTable, `relation "nope" does not exist`},
		{"SHOW STATS FOR TABLE app.nope", pgerr.UndefinedTable, `relation "app.nope" does not exist`},
		{"SHOW TABLE STATS nope", pgerr.UndefinedTable, `relation "nope" does not exist`},
		{"SHOW TABLES IN nope", pgerr.UndefinedSchema, `namespace "nope" does not exist`},
		{"SHOW TABLE x", pgerr.SyntaxError, `syntax error at or near "x"`},
		{"DESCRIBE", pgerr.SyntaxError, "syntax error at end of input"},
	}
	for _, tc := range errs {
		e := queryErr(t, s, tc.sql)
		require.NotNil(t, e, tc.sql)
		assert.Equal(t, tc.code, e.Code, tc.sql)
		assert.Equal(t, tc.msg, e.Message, tc.sql)
	}
	// SHOW name is still PostgreSQL's.
	r = query(t, s, "SHOW TimeZone")
	assert.Equal(t, [][]string{{"UTC"}}, r.rows)
}

func TestSystemCatalogTables(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE NAMESPACE app")
	query(t, s, "CREATE SHARED TABLE app.msgs (id BIGINT PRIMARY KEY, body TEXT NOT NULL) WITH (ACCESS_LEVEL = 'public')")

	r := query(t, s, "SELECT namespace_id, name, options::text, table_count FROM system.namespaces ORDER BY 1")
	assert.Equal(t, [][]string{{"app", "app", "{}", "1"}, {"public", "public", "{}", "0"}}, r.rows)

	r = query(t, s, "SELECT * FROM system.tables")
	assert.Equal(t, []string{"namespace_id", "table_name", "table_type", "storage_id", "version", "options", "comment",
		"updated_at", "created_at"}, colNames(r))
	require.Len(t, r.rows, 1)
	assert.Equal(t, []string{"app", "msgs", "shared", "NULL", "1", `{"access_level":"public"}`, "NULL"}, r.rows[0][:7])
	assert.NotEqual(t, "NULL", r.rows[0][8], "created_at is recorded")

	r = query(t, s, "SELECT table_name, version, column_id, column_name, data_type, default_value, ordinal, nullable, primary_key, primary_key_pos FROM system.columns ORDER BY ordinal")
	assert.Equal(t, [][]string{
		{"msgs", "1", "1", "id", "bigint", "NULL", "1", "f", "t", "1"},
		{"msgs", "1", "2", "body", "text", "NULL", "2", "f", "f", "NULL"}}, r.rows)

	r = query(t, s, "SELECT table_id, table_name, namespace_id, table_type, schema_version, access_level, is_latest, columns::text FROM system.schemas")
	assert.Equal(t, [][]string{{"app:msgs", "msgs", "app", "shared", "1", "public", "t",
		`[{"column_name":"id","ordinal_position":1,"data_type":"bigint","is_nullable":false,"is_primary_key":true},` +
			`{"column_name":"body","ordinal_position":2,"data_type":"text","is_nullable":false,"is_primary_key":false}]`}}, r.rows)

	r = query(t, s, "SELECT name, value, category FROM system.settings WHERE name IN ('TimeZone', 'server_version_num') ORDER BY name")
	assert.Equal(t, [][]string{{"TimeZone", "UTC", "Client Connection Defaults / Locale and Formatting"},
		{"server_version_num", "150000", "Preset Options"}}, r.rows)
	query(t, s, "SET TimeZone = 'Asia/Tokyo'")
	r = query(t, s, "SELECT value FROM system.settings WHERE name = 'TimeZone'")
	assert.Equal(t, [][]string{{"Asia/Tokyo"}}, r.rows, "the session's own settings")

	r = query(t, s, "SELECT * FROM system.audit_log")
	assert.Equal(t, []string{"audit_id", "timestamp", "actor_user_id", "action", "target", "details", "ip_address",
		"subject_user_id"}, colNames(r))
	assert.Empty(t, r.rows)
	require.NoError(t, s.Engine().Audit(exec.AuditEntry{ActorUserID: "root", Action: "IMPERSONATE", Target: "alice", SubjectUserID: "alice"}))
	r = query(t, s, "SELECT audit_id, actor_user_id, action, target, details, subject_user_id, timestamp <= now() FROM system.audit_log")
	assert.Equal(t, [][]string{{"AU-1", "root", "IMPERSONATE", "alice", "NULL", "alice", "t"}}, r.rows)
}

func TestSystemTablesReadOnlyAndPrivileged(t *testing.T) {
	s := newSession(t)
	for _, sql := range []string{
		"INSERT INTO system.tables (table_name) VALUES ('x')",
		"UPDATE system.namespaces SET name = 'x'",
		"DELETE FROM system.schemas",
		"TRUNCATE system.columns",
		"DROP TABLE system.settings",
		"ALTER TABLE system.tables ADD COLUMN x INT",
	} {
		e := queryErr(t, s, sql)
		require.NotNil(t, e, sql)
		assert.Equal(t, pgerr.InsufficientPrivilege, e.Code, sql)
		assert.Contains(t, e.Message, "system tables are read-only", sql)
	}

	alice := s.Engine().NewSession(exec.SessionInfo{User: "alice"}) // unknown: role user
	for _, name := range []string{"namespaces", "tables", "columns", "schemas", "settings", "audit_log", "stats"} {
		e := queryErr(t, alice, "SELECT count(*) FROM system."+name)
		require.NotNil(t, e, name)
		assert.Equal(t, pgerr.InsufficientPrivilege, e.Code, name)
		assert.Equal(t, "permission denied for table "+name, e.Message)
	}
}

func TestDeprecatedTableTypeNamesReplacement(t *testing.T) {
	s := newSession(t)
	for _, sql := range []string{
		"CREATE TABLE t (id INT PRIMARY KEY) TABLE_TYPE 'shared'",
		"CREATE TABLE t (id INT PRIMARY KEY) WITH (table_type = 'shared')",
	} {
		e := queryErr(t, s, sql)
		require.NotNil(t, e, sql)
		assert.Equal(t, pgerr.FeatureNotSupported, e.Code, sql)
		assert.Contains(t, e.Message, "TABLE_TYPE is no longer supported", sql)
		assert.Contains(t, e.Hint, "CREATE SHARED", sql)
	}
	// A column named table_type is fine.
	query(t, s, "CREATE TABLE ok (id INT PRIMARY KEY, \"table_type\" TEXT)")
}

func TestSchemaEvolutionKeepsEveryVersion(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE ev (id INT PRIMARY KEY, a TEXT)")
	query(t, s, "INSERT INTO ev VALUES (1, 'v1')")
	query(t, s, "ALTER TABLE ev ADD COLUMN b INT DEFAULT 5")
	query(t, s, "INSERT INTO ev VALUES (2, 'v2', 20)")
	query(t, s, "ALTER TABLE ev RENAME COLUMN a TO label")
	query(t, s, "INSERT INTO ev (id, label) VALUES (3, 'v3')")
	query(t, s, "ALTER TABLE ev DROP COLUMN b")
	query(t, s, "INSERT INTO ev VALUES (4, 'v4')")
	query(t, s, "ALTER TABLE ev ADD COLUMN c TEXT")
	query(t, s, "UPDATE ev SET c = 'x' WHERE id = 1")

	r := query(t, s, "SELECT * FROM ev ORDER BY id")
	assert.Equal(t, []string{"id", "label", "c"}, colNames(r))
	assert.Equal(t, [][]string{{"1", "v1", "x"}, {"2", "v2", "NULL"}, {"3", "v3", "NULL"}, {"4", "v4", "NULL"}}, r.rows)

	r = query(t, s, "SELECT schema_version, is_latest, table_name, columns FROM system.schemas WHERE table_id = 'public:ev' ORDER BY schema_version")
	for _, row := range r.rows {
		var cols []struct {
			Name string `json:"column_name"`
		}
		require.NoError(t, json.Unmarshal([]byte(row[3]), &cols))
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Name
		}
		row[3] = strings.Join(names, ",")
	}
	assert.Equal(t, [][]string{
		{"1", "f", "ev", "id,a"},
		{"2", "f", "ev", "id,a,b"},
		{"3", "f", "ev", "id,label,b"},
		{"4", "f", "ev", "id,label"},
		{"5", "t", "ev", "id,label,c"}}, r.rows)
	r = query(t, s, "DESCRIBE ev")
	require.Len(t, r.rows, 3)
	assert.Equal(t, "5", r.rows[2][8], "schema_version")

	// Dropping the table forgets its history; a new table starts again at 1.
	query(t, s, "DROP TABLE ev")
	query(t, s, "CREATE TABLE ev (id INT PRIMARY KEY)")
	r = query(t, s, "SELECT schema_version, is_latest FROM system.schemas WHERE table_name = 'ev'")
	assert.Equal(t, [][]string{{"1", "t"}}, r.rows)
}
