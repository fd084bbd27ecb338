package exec

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

// AuditEntry is one row of system.audit_log (KalamDB's columns). Callers
// fill Action, Target and the user ids; Engine.Audit assigns AuditID and,
// when it is zero, Timestamp.
type AuditEntry struct {
	AuditID       string    `json:"audit_id"`
	Timestamp     time.Time `json:"timestamp"`
	ActorUserID   string    `json:"actor_user_id"` // who acted (the login)
	Action        string    `json:"action"`        // e.g. "IMPERSONATE", "CREATE_USER"
	Target        string    `json:"target"`        // what it acted on, e.g. the impersonated user
	Details       string    `json:"details"`       // free text or JSON
	IPAddress     string    `json:"ip_address"`
	SubjectUserID string    `json:"subject_user_id"` // whom it acted as ("" when not impersonating)
}

// auditCapacity bounds the audit log, in memory and on disk alike: the
// newest entries are kept, the oldest dropped.
const auditCapacity = 10000

// auditKeyPrefix heads every audit entry's key in the storage meta bucket.
// The key ends in the entry's sequence number zero-padded to 20 digits, so
// key order is id order and the newest entry sorts last.
const auditKeyPrefix = "audit/"

func auditKey(seq uint64) string { return fmt.Sprintf("%s%020d", auditKeyPrefix, seq) }

// auditRecord is a kept entry with its sequence number, by which entries
// are ordered (the ring holds them in commit order, which concurrent
// callers may interleave).
type auditRecord struct {
	seq   uint64
	entry AuditEntry
}

// auditLog is the in-memory image of the persisted audit log: a bounded
// ring of the newest entries. Its zero value is ready (empty, default
// capacity). Invariant: every entry in the ring is committed to storage,
// and seq is at least the largest id ever assigned, so ids never repeat,
// even across restarts (loadAudit restores it from the newest key).
type auditLog struct {
	mu       sync.Mutex
	entries  []auditRecord // ring buffer once len == capacity
	next     int           // where the next entry goes once full
	seq      uint64
	capacity int // 0 means auditCapacity; tests lower it
}

func (a *auditLog) limit() int {
	if a.capacity > 0 {
		return a.capacity
	}
	return auditCapacity
}

// keep adds a committed record to the ring, dropping the oldest when full.
// a.mu must be held.
func (a *auditLog) keep(r auditRecord) {
	if len(a.entries) < a.limit() {
		a.entries = append(a.entries, r)
		return
	}
	a.entries[a.next] = r
	a.next = (a.next + 1) % len(a.entries)
}

// Audit appends an entry to system.audit_log and commits it durably before
// returning, so an acknowledged action is never lost; an error means the
// entry was not recorded and the audited action must not proceed. It is
// safe for concurrent use; concurrent calls share one fsync through the
// store's group commit. The entry that falls off the on-disk cap (the one
// auditCapacity ids older) is deleted in the same batch.
func (e *Engine) Audit(entry AuditEntry) error {
	a := &e.audit
	a.mu.Lock()
	a.seq++
	seq := a.seq
	limit := a.limit()
	a.mu.Unlock()

	entry.AuditID = "AU-" + strconv.FormatUint(seq, 10)
	if entry.Timestamp.IsZero() {
		entry.Timestamp = time.Now()
	}
	raw, err := json.Marshal(&entry)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	var b storage.Batch
	b.PutMeta(auditKey(seq), raw)
	if seq > uint64(limit) {
		b.DeleteMeta(auditKey(seq - uint64(limit)))
	}
	if _, err := e.store.Commit(context.Background(), &b); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	a.mu.Lock()
	a.keep(auditRecord{seq: seq, entry: entry})
	a.mu.Unlock()
	return nil
}

// loadAudit restores the newest entries and the id counter from storage at
// engine start. Entries beyond the cap (left by a batch that failed to
// commit its deletion, or a larger earlier cap) are deleted.
func (e *Engine) loadAudit(ctx context.Context) error {
	rd, err := e.store.Snapshot()
	if err != nil {
		return err
	}
	var recs []auditRecord
	err = rd.MetaScan(auditKeyPrefix, func(key string, val []byte) error {
		seq, err := strconv.ParseUint(strings.TrimPrefix(key, auditKeyPrefix), 10, 64)
		if err != nil {
			return fmt.Errorf("audit: bad key %q: %w", key, err)
		}
		var en AuditEntry
		if err := json.Unmarshal(val, &en); err != nil {
			return fmt.Errorf("audit: %s: %w", key, err)
		}
		recs = append(recs, auditRecord{seq: seq, entry: en})
		return nil
	})
	rd.Close()
	if err != nil {
		return err
	}
	a := &e.audit
	a.mu.Lock()
	defer a.mu.Unlock()
	var stale storage.Batch
	if extra := len(recs) - a.limit(); extra > 0 {
		for _, r := range recs[:extra] {
			stale.DeleteMeta(auditKey(r.seq))
		}
		recs = recs[extra:]
	}
	for _, r := range recs {
		a.keep(r)
		a.seq = max(a.seq, r.seq)
	}
	_, err = e.store.Commit(ctx, &stale)
	return err
}

// AuditEntries returns the kept entries, oldest first.
func (e *Engine) AuditEntries() []AuditEntry {
	a := &e.audit
	a.mu.Lock()
	recs := make([]auditRecord, 0, len(a.entries))
	recs = append(recs, a.entries[a.next:]...)
	recs = append(recs, a.entries[:a.next]...)
	a.mu.Unlock()
	slices.SortFunc(recs, func(x, y auditRecord) int {
		switch {
		case x.seq < y.seq:
			return -1
		case x.seq > y.seq:
			return 1
		}
		return 0
	})
	out := make([]AuditEntry, len(recs))
	for i, r := range recs {
		out[i] = r.entry
	}
	return out
}

func init() {
	systemTables["audit_log"] = &systemTable{columns: sysCols(
		"audit_id", types.Text, "timestamp", types.Timestamptz, "actor_user_id", types.Text,
		"action", types.Text, "target", types.Text, "details", types.Text, "ip_address", types.Text,
		"subject_user_id", types.Text), rows: auditRows}
}

func auditRows(x *execution) [][]types.Value {
	entries := x.sess.eng.AuditEntries()
	out := make([][]types.Value, len(entries))
	for i, en := range entries {
		out[i] = []types.Value{types.NewText(en.AuditID), types.NewTimestamptz(en.Timestamp.UnixMicro()),
			types.NewText(en.ActorUserID), types.NewText(en.Action), textOrNull(en.Target),
			textOrNull(en.Details), textOrNull(en.IPAddress), textOrNull(en.SubjectUserID)}
	}
	return out
}
