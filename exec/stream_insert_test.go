package exec_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestInsertOverExpiredStreamRow checks that an expired STREAM row, still
// stored until the eviction job runs, does not block its key, while a live
// row (or a second write in the same statement) still does.
func TestInsertOverExpiredStreamRow(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE STREAM TABLE ev (id INT PRIMARY KEY, what TEXT) WITH (TTL_SECONDS = 1)")
	alice := login(eng, "alice")
	query(t, alice, "INSERT INTO ev VALUES (1, 'old1'), (2, 'old2'), (3, 'old3')")
	require.Equal(t, "23505", queryErr(t, alice, "INSERT INTO ev VALUES (1, 'live')").Code)

	time.Sleep(1100 * time.Millisecond)
	for _, tc := range []struct{ sql, code string }{
		{"INSERT INTO ev VALUES (1, 'new1')", ""},
		{"INSERT INTO ev VALUES (1, 'again')", "23505"},       // the new row is live
		{"INSERT INTO ev VALUES (2, 'x'), (2, 'y')", "23505"}, // one statement, same key
		{"BEGIN", ""},
		{"INSERT INTO ev VALUES (2, 'new2')", ""},     // inside a block
		{"INSERT INTO ev VALUES (2, 'dup')", "23505"}, // its own row is live
		{"ROLLBACK", ""},
		{"BEGIN", ""},
		{"INSERT INTO ev VALUES (3, 'new3')", ""},
		{"COMMIT", ""},
	} {
		if tc.code == "" {
			query(t, alice, tc.sql)
		} else {
			require.Equal(t, tc.code, queryErr(t, alice, tc.sql).Code, tc.sql)
		}
	}
	require.Equal(t, "1|new1\n3|new3\n", cells(query(t, alice, "SELECT id, what FROM ev ORDER BY id")))
}
