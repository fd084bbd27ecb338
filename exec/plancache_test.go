package exec_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

func newEngine(t testing.TB, cacheSize int) *exec.Engine {
	store, err := storage.Open(t.TempDir(), storage.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	eng, err := exec.NewEngine(store, exec.Options{PlanCacheSize: cacheSize})
	require.NoError(t, err)
	return eng
}

func TestPlanCacheSharesPlansAcrossLiteralsAndSessions(t *testing.T) {
	eng := newEngine(t, 0)
	s := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, s, "CREATE TABLE users (id INT PRIMARY KEY, name TEXT, born DATE)")
	query(t, s, "INSERT INTO users VALUES (1, 'ann', '1990-01-02'), (2, 'bob', '1985-03-04')")

	before := eng.PlanCacheStats()
	r := query(t, s, "SELECT name FROM users WHERE id = 1")
	require.Equal(t, [][]string{{"ann"}}, r.rows)
	other := eng.NewSession(exec.SessionInfo{User: "root"})
	r = query(t, other, "SELECT name FROM users WHERE id = 2")
	require.Equal(t, [][]string{{"bob"}}, r.rows)
	r = query(t, s, "SELECT name FROM users WHERE born > '1988-01-01'")
	require.Equal(t, [][]string{{"ann"}}, r.rows)
	after := eng.PlanCacheStats()
	require.Equal(t, before.Hits+1, after.Hits, "the second point query must reuse the first one's plan")

	// Typing follows the literal: a date literal parses as a date, a bad one fails like PostgreSQL.
	err := s.SimpleQuery(context.Background(), "SELECT name FROM users WHERE born > '1988-13-01'", &textResult{})
	require.ErrorContains(t, err, "date/time field value out of range")

	// DDL changes the catalog version: the old plan is not used.
	query(t, s, "DROP TABLE users")
	query(t, s, "CREATE TABLE users (id INT PRIMARY KEY, name TEXT, extra INT)")
	query(t, s, "INSERT INTO users VALUES (1, 'new', 7)")
	r = query(t, s, "SELECT name FROM users WHERE id = 1")
	require.Equal(t, [][]string{{"new"}}, r.rows)

	// ORDER BY ordinals and typed literals are not parameters.
	r = query(t, s, "SELECT name, extra FROM users ORDER BY 2 DESC, 1")
	require.Equal(t, "name", r.cols[0].Name)

	r = query(t, s, "SELECT * FROM system.stats WHERE metric_name = 'plan_cache_hits'")
	require.Len(t, r.rows, 1)
	query(t, s, "CLEAR CACHE")
	require.Zero(t, eng.PlanCacheStats().Entries)
}

func TestPlanCacheEvictsLeastRecentlyUsed(t *testing.T) {
	eng := newEngine(t, 2)
	s := eng.NewSession(exec.SessionInfo{User: "root"})
	query(t, s, "CREATE TABLE t (id INT PRIMARY KEY)")
	for i := 0; i < 5; i++ {
		query(t, s, fmt.Sprintf("SELECT id, %d AS k%d FROM t WHERE id = 1", i, i))
	}
	st := eng.PlanCacheStats()
	require.Equal(t, 2, st.Entries)
	require.GreaterOrEqual(t, st.Evictions, int64(3))
}

// BenchmarkPointQuery runs the same primary-key lookup with and without the
// plan cache, through the extended protocol's Prepare/Bind/Execute and
// through simple queries whose literal changes every time.
func BenchmarkPointQuery(b *testing.B) {
	for _, mode := range []struct {
		name string
		size int
	}{{"cache", 0}, {"nocache", -1}} {
		eng := newEngine(b, mode.size)
		s := eng.NewSession(exec.SessionInfo{User: "root"})
		ctx := context.Background()
		w := &textResult{}
		require.NoError(b, s.SimpleQuery(ctx, "CREATE TABLE t (id INT PRIMARY KEY, name TEXT)", w))
		for i := 0; i < 1000; i++ {
			require.NoError(b, s.SimpleQuery(ctx, fmt.Sprintf("INSERT INTO t VALUES (%d, 'n%d')", i, i), w))
		}
		b.Run(mode.name+"/prepared", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				st, err := s.Prepare(ctx, "SELECT name FROM t WHERE id = $1", nil)
				if err != nil {
					b.Fatal(err)
				}
				p, err := s.Bind(ctx, st, []types.Value{types.NewInt4(int32(i % 1000))})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Execute(ctx, p, 0, discard{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(mode.name+"/simple-varying-literals", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := s.SimpleQuery(ctx, "SELECT name FROM t WHERE id = "+fmt.Sprint(i%1000), discard{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type discard struct{}

func (discard) Columns([]exec.Column) error          { return nil }
func (discard) Row([]types.Value) error              { return nil }
func (discard) Complete(string) error                { return nil }
func (discard) EmptyQuery() error                    { return nil }
func (discard) Notice(*pgerr.Error) error            { return nil }
func (discard) ParameterStatus(string, string) error { return nil }
