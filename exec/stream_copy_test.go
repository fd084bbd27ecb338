package exec_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCopyOverExpiredStreamRow checks that COPY FROM, like INSERT, writes
// over an expired STREAM row still stored until eviction, in autocommit and
// inside a block, while a live row or a repeat within the COPY is still a
// duplicate.
func TestCopyOverExpiredStreamRow(t *testing.T) {
	eng := identityEngine(t)
	root := login(eng, "root")
	query(t, root, "CREATE STREAM TABLE ev (id INT PRIMARY KEY, what TEXT) WITH (TTL_SECONDS = 1)")
	alice := login(eng, "alice")
	_, err := copyIn(alice, "COPY ev FROM STDIN", "1\told1\n2\told2\n3\told3\n", 0)
	require.NoError(t, err)
	_, err = copyIn(alice, "COPY ev FROM STDIN", "1\tlive\n", 0)
	require.Equal(t, "23505", pgErrCode(err), "a live row blocks its key")

	time.Sleep(1100 * time.Millisecond)
	for _, tc := range []struct{ sql, data, code string }{
		{"COPY ev FROM STDIN", "1\tnew1\n", ""},
		{"COPY ev FROM STDIN", "1\tagain\n", "23505"},   // the new row is live
		{"COPY ev FROM STDIN", "2\tx\n2\ty\n", "23505"}, // one COPY, same key
		{"BEGIN", "", ""},
		{"COPY ev FROM STDIN", "3\tnew3\n", ""},     // inside a block
		{"COPY ev FROM STDIN", "3\tdup\n", "23505"}, // its own row is live
		{"ROLLBACK", "", ""},
		{"BEGIN", "", ""},
		{"COPY ev FROM STDIN", "2\tnew2\n", ""},
		{"COMMIT", "", ""},
	} {
		_, err := copyIn(alice, tc.sql, tc.data, 0)
		require.Equal(t, tc.code, pgErrCode(err), tc.sql+" "+tc.data)
	}
	require.Equal(t, "1|new1\n2|new2\n", cells(query(t, alice, "SELECT id, what FROM ev ORDER BY id")))
}
