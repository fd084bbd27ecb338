package exec

import (
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// DDL permissions by role. Every check judges the session's current
// subject (identity.go), so an impersonating session acts with the
// target's permissions, never the login's. Checks run at execution, against
// the subject then: a statement prepared by one subject and run by another
// is judged as the latter.
//
// The table rules are KalamDB's (reference kalamdb.md §1):
//
//	create: system → any kind; dba, service → user/shared/stream; user → user/stream
//	alter:  system, dba → any; service → user/shared/stream; user → user/stream
//	drop:   system, dba
//
// Where KalamDB is silent the rules here are our choice:
//   - TRUNCATE empties every user's partition at once, so it follows DROP
//     (dba+), not ALTER.
//   - CREATE/DROP NAMESPACE and CLEAR CACHE affect every user: dba+.
//   - VACUUM and ANALYZE below dba skip each named table with PostgreSQL's
//     warning (both are no-ops here, so nothing is lost, and routine tool
//     runs keep working).
//   - Creating a table needs no right on its namespace beyond the kind rule.

// ddlAction is the kind of table DDL a permission check is for.
type ddlAction int

const (
	ddlCreate ddlAction = iota
	ddlAlter
	ddlDrop
	ddlTruncate
)

// minTableRole returns the least role that may perform act on a table of
// the given kind.
func minTableRole(act ddlAction, kind string) string {
	switch act {
	case ddlCreate, ddlAlter:
		if kind == catalog.KindShared {
			return catalog.RoleService
		}
		return catalog.RoleUser
	}
	return catalog.RoleDBA
}

// atLeast reports whether role ranks at or above need.
func atLeast(role, need string) bool {
	return catalog.RoleRank(role) >= catalog.RoleRank(need)
}

// roleDetail explains which roles a denied statement needs.
func roleDetail(what, need string) string {
	roles := map[string]string{
		catalog.RoleUser:    "user, service, dba or system",
		catalog.RoleService: "service, dba or system",
		catalog.RoleDBA:     "dba or system",
		catalog.RoleSystem:  "system",
	}[need]
	return "Only users with the " + roles + " role may " + what + "."
}

// checkCreateTable applies the CREATE TABLE rules to t before it is
// created. A SHARED table that a user or service creates in the namespace
// named after its own user id becomes a USER table, as in KalamDB; any
// ACCESS_LEVEL it was given goes with it, since only SHARED tables have one.
func (s *Session) checkCreateTable(t *catalog.Table) error {
	sub, err := s.currentSubject()
	if err != nil {
		return err
	}
	if t.Kind == catalog.KindShared && !atLeast(sub.role, catalog.RoleDBA) && t.Namespace == sub.userID {
		t.Kind = catalog.KindUser
		delete(t.Options, "access_level")
	}
	need := minTableRole(ddlCreate, t.Kind)
	if atLeast(sub.role, need) {
		return nil
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for schema %s", t.Namespace).
		WithDetail(roleDetail("create "+strings.ToUpper(t.Kind)+" tables", need))
}

// checkTableDDL fails unless the current subject may ALTER, DROP or
// TRUNCATE t, with PostgreSQL's messages for each.
func (s *Session) checkTableDDL(act ddlAction, t *catalog.Table) error {
	sub, err := s.currentSubject()
	if err != nil {
		return err
	}
	need := minTableRole(act, t.Kind)
	if atLeast(sub.role, need) {
		return nil
	}
	kind := strings.ToUpper(t.Kind)
	switch act {
	case ddlTruncate:
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", t.Name).
			WithDetail(roleDetail("truncate "+kind+" tables", need))
	case ddlDrop:
		return pgerr.New(pgerr.InsufficientPrivilege, "must be owner of table %s", t.Name).
			WithDetail(roleDetail("drop "+kind+" tables", need))
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "must be owner of table %s", t.Name).
		WithDetail(roleDetail("alter "+kind+" tables", need))
}

// checkNamespaceDDL fails unless the current subject may create (create
// true) or drop the namespace name: dba and system only.
func (s *Session) checkNamespaceDDL(create bool, name string) error {
	sub, err := s.currentSubject()
	if err != nil {
		return err
	}
	if atLeast(sub.role, catalog.RoleDBA) {
		return nil
	}
	if create {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to create namespace \"%s\"", name).
			WithDetail(roleDetail("create namespaces", catalog.RoleDBA))
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "must be owner of schema %s", name).
		WithDetail(roleDetail("drop namespaces", catalog.RoleDBA))
}

// checkClearCache fails unless the current subject is dba or system: the
// plan cache is shared by every session.
func (s *Session) checkClearCache() error {
	sub, err := s.currentSubject()
	if err != nil {
		return err
	}
	if atLeast(sub.role, catalog.RoleDBA) {
		return nil
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to clear cache").
		WithDetail(roleDetail("clear the plan cache", catalog.RoleDBA))
}

// warnVacuumSkip sends PostgreSQL's warning that VACUUM or ANALYZE (verb
// "vacuum" or "analyze") skips t when the current subject is below dba.
// The statement still succeeds, as in PostgreSQL for tables one does not
// own; both are no-ops here, so a skip changes nothing else.
func (s *Session) warnVacuumSkip(verb string, t *catalog.Table) error {
	sub, err := s.currentSubject()
	if err != nil {
		return err
	}
	if atLeast(sub.role, catalog.RoleDBA) {
		return nil
	}
	return s.notice(severityWarning, pgerr.New(pgerr.Warning, "skipping \"%s\" --- only table or database owner can %s it", t.Name, verb))
}

// statsScope decides how SHOW STATS reports t to the current subject:
// skip hides the table (a SHARED table the subject may not read), and
// prefix, when not nil, limits the counts to the subject's partition. Below
// dba, counts of USER and STREAM tables are the subject's own partition,
// so row counts never reveal how much other users stored; dba and system
// see whole tables.
func (x *execution) statsScope(t *catalog.Table) (prefix []byte, skip bool, err error) {
	sub, err := x.sess.currentSubject()
	if err != nil {
		return nil, true, err
	}
	if atLeast(sub.role, catalog.RoleDBA) {
		return nil, false, nil
	}
	if partitioned(t) {
		part, err := x.partition(t, nil)
		return part, false, err
	}
	if x.checkTableAccess(t, false) != nil {
		return nil, true, nil
	}
	return nil, false, nil
}
