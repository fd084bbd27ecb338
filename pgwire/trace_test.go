package pgwire

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/stretchr/testify/assert"
)

// lockedBuffer is a bytes.Buffer safe to write from the connection's
// goroutine and read from the test's.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestWireTrace(t *testing.T) {
	var trace lockedBuffer
	ts := startServer(t, Config{Engine: newEngine(t), Trace: &trace})
	c := ts.connect(t)
	c.send(&pgproto3.Query{String: "select 1"})
	c.untilReady()

	out := trace.String()
	prefix := "conn " + strconv.FormatUint(uint64(c.pid), 10) + "\t"
	for _, want := range []string{"F\tQuery", "B\tRowDescription", "B\tDataRow", "B\tCommandComplete", "B\tReadyForQuery"} {
		assert.Contains(t, out, want)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, "Query") {
			assert.True(t, strings.HasPrefix(line, prefix), line)
		}
	}
}
