package expr

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOracle replays the golden files recorded from PostgreSQL 15 by
// testdata/gen_oracle.sh: each expression must produce the same text and
// type, or fail with the same SQLSTATE and message.
func TestOracle(t *testing.T) {
	for name, minCases := range map[string]int{"scalars": 300, "catalog": 250, "subquery": 40} {
		t.Run(name, func(t *testing.T) { replayGolden(t, "testdata/"+name+".golden", minCases) })
	}
}

func replayGolden(t *testing.T, path string, minCases int) {
	f, err := os.Open(path)
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
			got, typ, err := evalText(t, sql, &Params{Subqueries: fixturePlanner{}}, testEnv())
			if fields[1] == "ERROR" {
				require.Error(t, err, "want %s %s, got %q", fields[2], fields[3], got)
				pe := requireCode(t, err, fields[2])
				assert.Equal(t, fields[3], pe.Message)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, fields[1], got)
			assert.Equal(t, fields[2], baseType(typ).Name())
		})
	}
	require.NoError(t, sc.Err())
	require.Greater(t, n, minCases)
}
