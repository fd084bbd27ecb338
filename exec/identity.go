package exec

import (
	"strconv"
	"strings"
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// userIDSetting is the custom setting that impersonates a user for the rest
// of the session (or transaction, with SET LOCAL); RESET returns to the
// login user. EXECUTE AS USER does the same for one statement.
const userIDSetting = "kalam.user_id"

// subject is whom a statement acts for: the logged-in user, or the user it
// impersonates (EXECUTE AS USER, SET kalam.user_id). USER and STREAM
// tables show and change only the subject's partition, and ACCESS_LEVEL of
// SHARED tables is judged by the subject's role: impersonating acts with
// the target's identity and permissions, never more.
type subject struct {
	userID string
	role   string
}

// lookupUser finds a user by name in the catalog. It is a variable only so
// that tests can stand in a user directory for roles the catalog's user DDL
// would create.
var lookupUser = func(cat *catalog.Snapshot, name string) (*catalog.User, bool) { return cat.User(name) }

// resolveUser is the subject a user name stands for. A name the catalog does
// not know is an opaque user id (KalamDB ids need not be registered users)
// with the least privileged role.
func resolveUser(cat *catalog.Snapshot, name string) subject {
	if u, ok := lookupUser(cat, name); ok {
		return subject{userID: u.ID, role: u.Role}
	}
	return subject{userID: name, role: catalog.RoleUser}
}

// subject returns the session's current subject. When the impersonation
// target is not allowed (see currentSubject) it returns a subject with no
// role and no partition, so a caller that only compares roles denies.
func (s *Session) subject() subject {
	sub, err := s.currentSubject()
	if err != nil {
		return subject{}
	}
	return sub
}

// currentSubject returns the session's current subject. The impersonation
// rules are checked here, at every use, not only when the target is set: a
// kalam.user_id given as a startup option or through set_config must not
// get around them, and a role change of the login takes effect at once.
func (s *Session) currentSubject() (subject, error) {
	cat := s.eng.catalog.Current()
	login := resolveUser(cat, s.info.User)
	target := s.executeAs
	if target == "" {
		target, _ = s.settings.get(userIDSetting)
	}
	if target == "" || target == s.info.User {
		return login, nil
	}
	return impersonate(login, resolveUser(cat, target), target)
}

// impersonate applies the role rules: system → anyone; dba →
// dba/service/user; service → service/user; user → only itself.
func impersonate(login, target subject, name string) (subject, error) {
	allowed := false
	switch login.role {
	case catalog.RoleSystem:
		allowed = true
	case catalog.RoleDBA, catalog.RoleService:
		allowed = catalog.RoleRank(target.role) <= catalog.RoleRank(login.role)
	default:
		allowed = target.userID == login.userID
	}
	if !allowed {
		return subject{}, pgerr.New(pgerr.InsufficientPrivilege, "permission denied to act as user \"%s\"", name).
			WithDetail("Role " + login.role + " may not impersonate a user with role " + target.role + ".")
	}
	return target, nil
}

// checkImpersonation validates a new impersonation target (SET
// kalam.user_id, EXECUTE AS USER) before it takes effect, so that
// statement itself fails rather than the next one. "" is the login user.
func (s *Session) checkImpersonation(value string) error {
	if value == "" || value == s.info.User {
		return nil
	}
	cat := s.eng.catalog.Current()
	if _, err := impersonate(resolveUser(cat, s.info.User), resolveUser(cat, value), value); err != nil {
		return err
	}
	// Every impersonation is recorded in system.audit_log, durably, before
	// it takes effect: one that cannot be recorded is refused.
	return s.eng.Audit(AuditEntry{ActorUserID: s.info.User, Action: "IMPERSONATE", Target: value, SubjectUserID: value})
}

// partitioned reports whether t keeps a partition per user.
func partitioned(t *catalog.Table) bool {
	return t.Kind == catalog.KindUser || t.Kind == catalog.KindStream
}

// partition appends to buf the key prefix of the subject's partition of t:
// nothing for SHARED tables, the order-preserving encoding of the subject's
// user id for USER and STREAM tables, so each user's rows are one
// contiguous key range. It is computed at execution, never planned: one
// cached plan serves every user.
func (x *execution) partition(t *catalog.Table, buf []byte) ([]byte, error) {
	if !partitioned(t) {
		return buf, nil
	}
	sub, err := x.sess.currentSubject()
	if err != nil {
		return nil, err
	}
	return catalog.AppendPartition(buf, sub.userID), nil
}

// keyPartition returns the partition prefix of a stored key of t (empty for
// SHARED tables). Rewrites that rebuild keys from row values (ALTER TABLE)
// use it to keep each row in the partition it was written to.
func keyPartition(t *catalog.Table, key []byte) []byte {
	if !partitioned(t) {
		return nil
	}
	_, rest, err := types.DecodeKey(key, types.Text)
	if err != nil {
		return nil
	}
	return key[:len(key)-len(rest)]
}

// Access levels of SHARED tables (WITH (ACCESS_LEVEL = …)); RESTRICTED is
// KalamDB's synonym for PRIVATE.
const (
	accessPublic     = "public"
	accessPrivate    = "private"
	accessRestricted = "restricted"
	accessDBA        = "dba"
)

// checkAccessLevel validates an ACCESS_LEVEL option value.
func checkAccessLevel(v string) error {
	switch strings.ToLower(v) {
	case accessPublic, accessPrivate, accessRestricted, accessDBA:
		return nil
	}
	return pgerr.New(pgerr.InvalidParameterValue, "invalid ACCESS_LEVEL %q (use public, private, restricted or dba)", v)
}

// checkTableAccess enforces the ACCESS_LEVEL matrix of SHARED tables:
// public — any role reads, service+ writes; private (default) — service+;
// dba — dba+. USER and STREAM tables are open to every role, each in its
// own partition.
func (x *execution) checkTableAccess(t *catalog.Table, write bool) error {
	if t.Kind != catalog.KindShared {
		return nil
	}
	sub, err := x.sess.currentSubject()
	if err != nil {
		return err
	}
	need := catalog.RoleService
	switch strings.ToLower(t.Options["access_level"]) {
	case accessPublic:
		if !write {
			need = catalog.RoleUser
		}
	case accessDBA:
		need = catalog.RoleDBA
	}
	if catalog.RoleRank(sub.role) < catalog.RoleRank(need) {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", t.Name)
	}
	return nil
}

// streamTTL is the time to live of a STREAM table's rows, 0 for other tables.
func streamTTL(t *catalog.Table) time.Duration { return t.StreamTTL() }

// checkTTL validates a TTL_SECONDS option value.
func checkTTL(v string) error {
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil || n <= 0 {
		return pgerr.New(pgerr.InvalidParameterValue, "TTL_SECONDS must be a positive integer, not %q", v)
	}
	return nil
}

// ttlCutoff returns the commit time before which t's rows have expired;
// the zero time when nothing expires. Expired rows are never returned,
// whether or not an eviction job has removed them yet.
func ttlCutoff(t *catalog.Table, now time.Time) time.Time {
	ttl := streamTTL(t)
	if ttl == 0 {
		return time.Time{}
	}
	return now.Add(-ttl)
}

// expired reports whether a row committed at seq is older than cutoff. A
// row of the running transaction (seq 0) is always alive.
func expired(cutoff time.Time, seq uint64) bool {
	return seq != 0 && !cutoff.IsZero() && storage.SeqTime(seq).Before(cutoff)
}
