package exec

import (
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// The session's side of run-time parameters that pgwire needs: startup
// settings, the ParameterStatus reports, the text output format, and
// NoticeResponses.

// OpenSession starts a session for an authenticated user and applies the
// StartupMessage's settings (info.Settings). A setting PostgreSQL would
// refuse (an unknown name, a bad value, a read-only parameter) fails the
// session, which pgwire reports as FATAL like PostgreSQL.
func (e *Engine) OpenSession(info SessionInfo) (*Session, error) {
	s := e.NewSession(info)
	if err := s.settings.applyStartup(e.catalog.Current(), info.Settings); err != nil {
		return nil, err
	}
	return s, nil
}

// ReportedParameters lists the parameters PostgreSQL reports after
// authentication, in its order, with this session's values; pgwire sends
// them as ParameterStatus. Later changes are reported by ReportParameters.
func (s *Session) ReportedParameters() [][2]string {
	out := make([][2]string, 0, len(reportedSettings))
	_ = s.settings.reportChanges(func(name, value string) error {
		out = append(out, [2]string{name, value})
		return nil
	})
	return out
}

// ReportParameters calls w.ParameterStatus for every reported parameter
// whose value changed since the client was last told (SET, RESET, a SET
// LOCAL ending with its transaction, set_config, DISCARD ALL). pgwire calls
// it just before each ReadyForQuery, which is where PostgreSQL sends them:
// after the last CommandComplete or ErrorResponse of the cycle.
func (s *Session) ReportParameters(w ResultWriter) error {
	return s.settings.reportChanges(w.ParameterStatus)
}

// TextFormat is the session's current output format (TimeZone,
// extra_float_digits) for text results. The returned value is never
// modified; a SET builds a new one, so pgwire asks again per statement.
func (s *Session) TextFormat() *types.TextFormat { return s.settings.format }

// Message severities of NoticeResponse, with their client_min_messages rank.
const (
	severityNotice  = "NOTICE"
	severityWarning = "WARNING"
)

// notice sends n as a NoticeResponse with the given severity unless
// client_min_messages filters it out. Outside SimpleQuery/Execute (no
// writer) it is dropped.
func (s *Session) notice(severity string, n *pgerr.Error) error {
	rank := messageLevels["notice"]
	if severity == severityWarning {
		rank = messageLevels["warning"]
	}
	if s.out == nil || rank < s.settings.messageLevel() {
		return nil
	}
	m := *n
	m.Severity = severity
	return s.out.Notice(&m)
}

// setStmt runs SET [LOCAL] and RESET. SET LOCAL and SET TRANSACTION
// outside a transaction block warn and change nothing, as in PostgreSQL.
func (s *Session) setStmt(cat *catalog.Snapshot, n *ast.Set) (string, error) {
	tag := "SET"
	if n.Reset {
		tag = "RESET"
	}
	if !s.tx.open && (n.Local || transactionScoped(n.Name)) {
		what := "SET LOCAL"
		if !n.Local {
			what = "SET TRANSACTION"
		}
		if err := s.notice(severityWarning, pgerr.New(pgerr.NoActiveSQLTransaction, "%s can only be used in transaction blocks", what)); err != nil {
			return "", err
		}
	}
	if n.Name == userIDSetting && !n.Reset && len(n.Values) == 1 {
		if err := s.checkImpersonation(n.Values[0]); err != nil { // identity.go
			return "", err
		}
	}
	_, err := s.settings.change(cat, n.Name, n.Values, n.Reset, n.Local)
	return tag, err
}

// transactionStmt runs BEGIN/COMMIT/ROLLBACK (s.transaction) with what
// surrounds them: PostgreSQL's warnings for a block that is already open
// or not open, BEGIN's isolation level and access mode, and the end of the
// block's SET LOCAL values (and, unless it committed, its SETs).
func (s *Session) transactionStmt(x *execution, n *ast.Transaction) (string, error) {
	wasOpen, failed := s.tx.open && !s.tx.implicit, s.tx.failed
	var warn *pgerr.Error
	switch {
	case n.Kind == "begin" && wasOpen:
		warn = pgerr.New(pgerr.ActiveSQLTransaction, "there is already a transaction in progress")
	case n.Kind != "begin" && !wasOpen:
		warn = pgerr.New(pgerr.NoActiveSQLTransaction, "there is no transaction in progress")
	}
	if warn != nil {
		if err := s.notice(severityWarning, warn); err != nil {
			return "", err
		}
	}
	tag, err := s.transaction(x, n)
	cat := s.eng.catalog.Current()
	switch {
	case n.Kind == "begin" && !wasOpen && s.tx.open:
		s.settings.beginTx()
		if n.Isolation != "" {
			if _, err := s.settings.change(cat, "transaction_isolation", []string{n.Isolation}, false, true); err != nil {
				return tag, err
			}
		}
		if n.ReadOnly != nil {
			mode := "off"
			if *n.ReadOnly {
				mode = "on"
			}
			if _, err := s.settings.change(cat, "transaction_read_only", []string{mode}, false, true); err != nil {
				return tag, err
			}
		}
	case n.Kind != "begin" && wasOpen:
		s.settings.endTx(cat, n.Kind == "commit" && !failed && err == nil)
	}
	return tag, err
}

// noticesAfter sends a DDL statement's NOTICEs once its catalog change
// succeeded (a change may run its function more than once, so notices
// are collected rather than sent from inside it).
func (s *Session) noticesAfter(err error, notes []*pgerr.Error) error {
	if err != nil {
		return err
	}
	for _, n := range notes {
		if err := s.notice(severityNotice, n); err != nil {
			return err
		}
	}
	return nil
}

// missingTableNotice is DROP TABLE IF EXISTS's notice for a table that is
// not there, or for the schema it was looked for in.
func missingTableNotice(cat *catalog.Snapshot, name ast.TableName) *pgerr.Error {
	if name.Namespace != "" {
		if _, ok := cat.Namespace(name.Namespace); !ok {
			return pgerr.New(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", name.Namespace)
		}
	}
	return pgerr.New(pgerr.SuccessfulCompletion, "table \"%s\" does not exist, skipping", name.Name)
}

// cascadeNotice is DROP SCHEMA … CASCADE's notice naming what went with
// the schemas; nil when nothing did.
func cascadeNotice(dropped []*catalog.Table) *pgerr.Error {
	switch len(dropped) {
	case 0:
		return nil
	case 1:
		return pgerr.New(pgerr.SuccessfulCompletion, "drop cascades to table %s", dropped[0].QualifiedName())
	}
	lines := make([]string, len(dropped))
	for i, t := range dropped {
		lines[i] = "drop cascades to table " + t.QualifiedName()
	}
	return pgerr.New(pgerr.SuccessfulCompletion, "drop cascades to %d other objects", len(dropped)).
		WithDetail(strings.Join(lines, "\n"))
}
