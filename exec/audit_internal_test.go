package exec

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/storage"
)

// auditIDs lists the ids of the engine's kept audit entries, oldest first.
func auditIDs(eng *Engine) []string {
	var ids []string
	for _, en := range eng.AuditEntries() {
		ids = append(ids, en.AuditID)
	}
	return ids
}

// diskAuditKeys lists the audit keys persisted in the store's meta bucket.
func diskAuditKeys(t *testing.T, store *storage.Store) []string {
	rd, err := store.Snapshot()
	require.NoError(t, err)
	defer rd.Close()
	var keys []string
	require.NoError(t, rd.MetaScan(auditKeyPrefix, func(key string, _ []byte) error {
		keys = append(keys, key)
		return nil
	}))
	return keys
}

// TestAuditSurvivesRestart reopens the store after auditing and checks the
// entries come back intact and new ids continue past the old ones; with a
// lowered cap it checks the oldest entries are deleted from disk too.
func TestAuditSurvivesRestart(t *testing.T) {
	tests := []struct {
		name     string
		capacity int // cap while auditing before the restart; 0 = default
		n        int // entries audited before the restart
		wantKept []string
		wantDisk []string
		wantNext string // id of the first entry after the restart
	}{
		{"default cap", 0, 3, []string{"AU-1", "AU-2", "AU-3"},
			[]string{auditKey(1), auditKey(2), auditKey(3)}, "AU-4"},
		{"cap drops oldest", 2, 5, []string{"AU-4", "AU-5"},
			[]string{auditKey(4), auditKey(5)}, "AU-6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			store, err := storage.Open(dir, storage.Options{NoSync: true})
			require.NoError(t, err)
			eng, err := NewEngine(store, Options{})
			require.NoError(t, err)
			eng.audit.capacity = tt.capacity
			for range tt.n - 1 {
				require.NoError(t, eng.Audit(AuditEntry{ActorUserID: "root", Action: "CREATE_USER", Target: "x"}))
			}
			// The last one through the SQL path: an impersonation.
			s := eng.NewSession(SessionInfo{User: "root"})
			require.NoError(t, s.SimpleQuery(context.Background(), "SET kalam.user_id = 'alice'", discardResults{}))
			require.Equal(t, tt.wantKept, auditIDs(eng))
			require.Equal(t, tt.wantDisk, diskAuditKeys(t, store))
			before := eng.AuditEntries()
			require.NoError(t, eng.Close())
			require.NoError(t, store.Close())

			store, err = storage.Open(dir, storage.Options{NoSync: true})
			require.NoError(t, err)
			defer store.Close()
			eng, err = NewEngine(store, Options{})
			require.NoError(t, err)
			after := eng.AuditEntries()
			require.Len(t, after, len(before))
			for i := range before {
				require.True(t, before[i].Timestamp.Equal(after[i].Timestamp))
				before[i].Timestamp = after[i].Timestamp // monotonic reading is not persisted
			}
			require.Equal(t, before, after)
			last := after[len(after)-1]
			require.Equal(t, AuditEntry{AuditID: last.AuditID, Timestamp: last.Timestamp, ActorUserID: "root",
				Action: "IMPERSONATE", Target: "alice", SubjectUserID: "alice"}, last)

			require.NoError(t, eng.Audit(AuditEntry{ActorUserID: "root", Action: "DROP_USER"}))
			ids := auditIDs(eng)
			require.Equal(t, tt.wantNext, ids[len(ids)-1])
		})
	}
}

// TestAuditLoadTrimsOverCap checks engine start deletes persisted entries
// beyond the cap (e.g. left by a failed commit) and keeps the newest.
func TestAuditLoadTrimsOverCap(t *testing.T) {
	store, err := storage.Open(t.TempDir(), storage.Options{NoSync: true})
	require.NoError(t, err)
	defer store.Close()
	var b storage.Batch
	for seq := uint64(1); seq <= auditCapacity+2; seq++ {
		b.PutMeta(auditKey(seq), []byte(`{"audit_id":"AU-`+itoaU(seq)+`","action":"X"}`))
	}
	_, err = store.Commit(context.Background(), &b)
	require.NoError(t, err)

	eng, err := NewEngine(store, Options{})
	require.NoError(t, err)
	ids := auditIDs(eng)
	require.Len(t, ids, auditCapacity)
	require.Equal(t, "AU-3", ids[0])
	require.Equal(t, "AU-"+itoaU(auditCapacity+2), ids[len(ids)-1])
	keys := diskAuditKeys(t, store)
	require.Len(t, keys, auditCapacity)
	require.Equal(t, auditKey(3), keys[0])
}

func itoaU(n uint64) string { return fmt.Sprint(n) }
