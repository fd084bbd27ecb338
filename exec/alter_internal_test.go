package exec

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// TestCheckUnchangedSeesConcurrentWrites covers the guard that keeps a
// write committed during an ALTER TABLE rewrite from vanishing with the
// table's old storage: any insert, update or delete after the rewrite's
// snapshot makes it fail with 40001.
func TestCheckUnchangedSeesConcurrentWrites(t *testing.T) {
	tests := []struct {
		name  string
		write string // committed after the snapshot; "" for none
	}{
		{"unchanged", ""},
		{"other table written", "INSERT INTO other VALUES (1)"},
		{"insert", "INSERT INTO t VALUES (9)"},
		{"update", "UPDATE t SET a = 7 WHERE a = 1"},
		{"delete", "DELETE FROM t WHERE a = 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, err := storage.Open(t.TempDir(), storage.Options{NoSync: true})
			require.NoError(t, err)
			defer store.Close()
			eng, err := NewEngine(store, Options{})
			require.NoError(t, err)
			s := eng.NewSession(SessionInfo{User: "root"})
			run := func(sql string) {
				require.NoError(t, s.SimpleQuery(context.Background(), sql, discardResults{}), sql)
			}
			run("CREATE TABLE t (a int)")
			run("CREATE TABLE other (a int)")
			run("INSERT INTO t VALUES (1), (2), (3)")

			snap, err := store.Snapshot()
			require.NoError(t, err)
			since := snap.LastSeq()
			snap.Close()
			if tt.write != "" {
				run(tt.write)
			}
			table, ok := eng.catalog.Current().Table("public", "t")
			require.True(t, ok)
			err = checkUnchanged(&execution{ctx: context.Background(), sess: s}, table, since, 3)
			if tt.write == "" || tt.name == "other table written" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Equal(t, "40001", pgerr.From(err).Code)
		})
	}
}

// discardResults drops a statement's results.
type discardResults struct{}

func (discardResults) Columns([]Column) error               { return nil }
func (discardResults) Row([]types.Value) error              { return nil }
func (discardResults) Complete(string) error                { return nil }
func (discardResults) EmptyQuery() error                    { return nil }
func (discardResults) Notice(*pgerr.Error) error            { return nil }
func (discardResults) ParameterStatus(string, string) error { return nil }
