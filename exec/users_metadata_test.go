package exec_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// TestUserMetadata checks the metadata JSON column of users: set by CREATE
// and ALTER USER and by DML on system.users, kept as written, validated as
// json on every write, cleared by NULL.
func TestUserMetadata(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	for _, tc := range []struct{ sql, code string }{
		{`CREATE USER m1 WITH PASSWORD 'pw' METADATA '{"team": "red", "n": [1, 2]}'`, ""},
		{`INSERT INTO system.users (username, metadata) VALUES ('m2', '[true,null]')`, ""},
		{`INSERT INTO system.users (username) VALUES ('m3')`, ""},
		{`CREATE USER bad1 METADATA '{"team": }'`, pgerr.InvalidTextRepresentation},
		{`INSERT INTO system.users (username, metadata) VALUES ('bad2', 'nope')`, pgerr.InvalidTextRepresentation},
		{`UPDATE system.users SET metadata = '{' WHERE username = 'm1'`, pgerr.InvalidTextRepresentation},
		{`ALTER USER m1 SET METADATA '[1,'`, pgerr.InvalidTextRepresentation},
		{`ALTER USER m3 SET METADATA '{"x":1}'`, ""},
		{`UPDATE system.users SET metadata = NULL WHERE username = 'm2'`, ""},
	} {
		if tc.code == "" {
			query(t, root, tc.sql)
		} else {
			require.Equal(t, tc.code, queryErr(t, root, tc.sql).Code, tc.sql)
		}
	}
	r := query(t, root, "SELECT username, metadata IS NULL, metadata::text, pg_typeof(metadata) FROM system.users "+
		"WHERE username LIKE 'm_' OR username LIKE 'bad_' ORDER BY username")
	require.Equal(t, "m1|f|{\"team\": \"red\", \"n\": [1, 2]}|json\nm2|t|NULL|json\nm3|f|{\"x\":1}|json\n", cells(r))
}
