package expr

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// TestOracleScalars replays testdata/scalars.golden, recorded from
// PostgreSQL 15 by testdata/gen_oracle.sh: each expression must produce the
// same text and type, or fail with the same SQLSTATE and message.
func TestOracleScalars(t *testing.T) {
	f, err := os.Open("testdata/scalars.golden")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		require.GreaterOrEqual(t, len(fields), 3, sc.Text())
		sql := fields[0]
		n++
		t.Run(sql, func(t *testing.T) {
			got, typ, err := evalText(t, sql, &Params{}, testEnv())
			if fields[1] == "ERROR" {
				require.Error(t, err, "want %s %s, got %q", fields[2], fields[3], got)
				pe := requireCode(t, err, fields[2])
				assert.Equal(t, fields[3], pe.Message)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, fields[1], got)
			assert.Equal(t, fields[2], types.Type{Kind: typ.Kind, Mod: -1}.Name())
		})
	}
	require.NoError(t, sc.Err())
	require.Greater(t, n, 300)
}
