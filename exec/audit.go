package exec

import (
	"strconv"
	"sync"
	"time"

	"github.com/kalamdb/kalamdb/types"
)

// AuditEntry is one row of system.audit_log (KalamDB's columns). Callers
// fill Action, Target and the user ids; Engine.Audit assigns AuditID and,
// when it is zero, Timestamp.
type AuditEntry struct {
	AuditID       string
	Timestamp     time.Time
	ActorUserID   string // who acted (the login)
	Action        string // e.g. "IMPERSONATE", "CREATE_USER"
	Target        string // what it acted on, e.g. the impersonated user
	Details       string // free text or JSON
	IPAddress     string
	SubjectUserID string // whom it acted as ("" when not impersonating)
}

// auditCapacity bounds the in-memory audit log: the newest entries are
// kept, the oldest dropped.
const auditCapacity = 10000

// auditLog is a bounded ring of audit entries; its zero value is ready.
// It lives in memory only: the log restarts empty with the server.
type auditLog struct {
	mu      sync.Mutex
	entries []AuditEntry // ring buffer once len == auditCapacity
	next    int          // where the next entry goes once full
	seq     uint64
}

// Audit appends an entry to system.audit_log. It is safe for concurrent
// use and cheap (no I/O), so it may be called on every impersonation.
func (e *Engine) Audit(entry AuditEntry) {
	a := &e.audit
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	entry.AuditID = "AU-" + strconv.FormatUint(a.seq, 10)
	if entry.Timestamp.IsZero() {
		entry.Timestamp = time.Now()
	}
	if len(a.entries) < auditCapacity {
		a.entries = append(a.entries, entry)
		return
	}
	a.entries[a.next] = entry
	a.next = (a.next + 1) % auditCapacity
}

// AuditEntries returns the kept entries, oldest first.
func (e *Engine) AuditEntries() []AuditEntry {
	a := &e.audit
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]AuditEntry, 0, len(a.entries))
	out = append(out, a.entries[a.next:]...)
	return append(out, a.entries[:a.next]...)
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
