package parse

import (
	"strconv"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
)

// setStmt translates SET, SET LOCAL/SESSION, SET … TO DEFAULT and RESET.
// PostgreSQL's grammar already spells the special forms as plain variables
// (SET TIME ZONE → timezone, SET NAMES → client_encoding, SET SCHEMA →
// search_path) and turns identifiers and keywords in the value list into
// strings, so every value arrives as a constant.
func (t *translator) setStmt(s *pg_query.VariableSetStmt) ast.Statement {
	out := &ast.Set{Name: strings.ToLower(s.Name), Local: s.IsLocal}
	switch s.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		for _, a := range s.Args {
			out.Values = append(out.Values, t.settingValue(a))
		}
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET:
		out.Reset = true // SET x TO DEFAULT is RESET x
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		out.Name, out.Reset = "all", true
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		return t.setMulti(s)
	default:
		t.unsupported(-1, "SET … FROM CURRENT")
	}
	return out
}

// setMulti translates SET TRANSACTION and SET SESSION CHARACTERISTICS AS
// TRANSACTION with one mode into a SET of the variable PostgreSQL itself
// sets (transaction_isolation, default_transaction_read_only, …).
func (t *translator) setMulti(s *pg_query.VariableSetStmt) ast.Statement {
	prefix := ""
	switch s.Name {
	case "TRANSACTION":
	case "SESSION CHARACTERISTICS":
		prefix = "default_"
	default:
		t.unsupported(-1, "SET "+s.Name)
		return nil
	}
	if len(s.Args) != 1 {
		t.unsupported(-1, "SET TRANSACTION with several modes")
		return nil
	}
	d := s.Args[0].GetDefElem()
	if d == nil {
		t.unsupported(-1, "SET "+s.Name)
		return nil
	}
	return &ast.Set{Name: prefix + d.Defname, Values: []string{t.settingValue(d.Arg)}}
}

// settingValue renders a SET argument or transaction mode as text.
// Transaction flags (READ ONLY, DEFERRABLE) arrive as the integers 1 and 0,
// which PostgreSQL's boolean settings accept as they are.
func (t *translator) settingValue(n *pg_query.Node) string {
	c := n.GetAConst()
	if c == nil {
		t.unsupported(location(n), "this SET value")
		return ""
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Sval:
		return v.Sval.Sval
	case *pg_query.A_Const_Ival:
		return strconv.Itoa(int(v.Ival.Ival))
	case *pg_query.A_Const_Fval:
		return v.Fval.Fval
	case *pg_query.A_Const_Boolval:
		return strconv.FormatBool(v.Boolval.Boolval)
	}
	t.unsupported(c.Location, "this SET value")
	return ""
}

func (t *translator) transactionStmt(s *pg_query.TransactionStmt) ast.Statement {
	out := &ast.Transaction{}
	switch s.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		out.Kind = "begin"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		out.Kind = "commit"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		out.Kind = "rollback"
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		out.Kind, out.Savepoint = "savepoint", s.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		out.Kind, out.Savepoint = "release", s.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		out.Kind, out.Savepoint = "rollback to", s.SavepointName
	default:
		t.unsupported(-1, "two-phase commit")
	}
	if s.Chain {
		t.unsupported(-1, "AND CHAIN")
	}
	for _, o := range s.Options {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "transaction_isolation":
			out.Isolation = strings.ToLower(t.settingValue(d.Arg))
		case "transaction_read_only":
			ro := t.settingValue(d.Arg) == "1"
			out.ReadOnly = &ro
		}
		// transaction_deferrable only matters for SERIALIZABLE READ ONLY
		// in PostgreSQL; KalamDB never blocks such a transaction.
	}
	if t.err != nil {
		return nil
	}
	return out
}

// prepareStmt translates PREPARE name [(types)] AS statement. SQL is the
// statement's own text after AS: pg_query keeps no location for it, so it
// is found from the tokens (the first AS — a type list cannot hold one).
func (t *translator) prepareStmt(s *pg_query.PrepareStmt) ast.Statement {
	out := &ast.Prepare{Name: s.Name}
	for _, a := range s.Argtypes {
		out.ParamTypes = append(out.ParamTypes, t.typeName(a.GetTypeName()))
	}
	out.Stmt = t.statement(s.Query)
	if t.err != nil {
		return nil
	}
	text := t.sql[t.stmtStart:t.stmtEnd]
	if scan, err := pg_query.Scan(text); err == nil {
		for _, tok := range scan.Tokens {
			if tok.Token == pg_query.Token_AS {
				text = text[tok.End:]
				break
			}
		}
	}
	out.SQL = strings.TrimFunc(text, func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) })
	out.Text = t.statementText()
	return out
}

var discardTargets = map[pg_query.DiscardMode]string{
	pg_query.DiscardMode_DISCARD_ALL:       "all",
	pg_query.DiscardMode_DISCARD_PLANS:     "plans",
	pg_query.DiscardMode_DISCARD_SEQUENCES: "sequences",
	pg_query.DiscardMode_DISCARD_TEMP:      "temp",
}

func (t *translator) discardStmt(s *pg_query.DiscardStmt) ast.Statement {
	what, ok := discardTargets[s.Target]
	if !ok {
		t.unsupported(-1, "this DISCARD form")
		return nil
	}
	return &ast.Discard{What: what}
}
