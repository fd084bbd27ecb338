package types

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// requireSQLState asserts that err is a *pgerr.Error with the given code
// and message.
func requireSQLState(t *testing.T, err error, code, msg string) *pgerr.Error {
	t.Helper()
	require.Error(t, err)
	e, ok := err.(*pgerr.Error)
	require.True(t, ok, "not a *pgerr.Error: %T %v", err, err)
	require.Equal(t, code, e.Code, e.Message)
	require.Equal(t, msg, e.Message)
	return e
}

func zeros(n int) string { return strings.Repeat("0", n) }
