package pgwire

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types"
)

func TestFormatOf(t *testing.T) {
	cases := []struct {
		codes []int16
		i     int
		want  int16
	}{
		{nil, 3, formatText},
		{[]int16{1}, 0, formatBinary},
		{[]int16{1}, 5, formatBinary},
		{[]int16{0, 1, 0}, 1, formatBinary},
		{[]int16{0, 1, 0}, 2, formatText},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, formatOf(tc.codes, tc.i), "%v[%d]", tc.codes, tc.i)
	}
}

// TestRowEncodingDoesNotAllocate guards the per-row hot path: once the
// buffers have grown, encoding a row allocates nothing, in either format.
func TestRowEncodingDoesNotAllocate(t *testing.T) {
	c := NewConn(scriptedConn{bytes.NewReader(nil)}, &Config{})
	cols := []exec.Column{
		{Name: "id", Type: types.Int8},
		{Name: "name", Type: types.Text},
		{Name: "ok", Type: types.Bool},
		{Name: "gone", Type: types.Int4},
	}
	row := []types.Value{types.NewInt8(42), types.NewText("kalam"), types.NewBool(true), types.NullValue}
	for _, formats := range [][]int16{nil, {1}, {0, 1, 0, 1}} {
		c.res.reset(cols, formats)
		require.NoError(t, c.res.Row(row)) // grow the buffers
		allocs := testing.AllocsPerRun(200, func() {
			_ = c.res.Row(row)
		})
		assert.Zero(t, allocs, "formats %v", formats)
	}
	require.NoError(t, c.writeErr)
}
