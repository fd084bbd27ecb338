package parse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
)

// DeclareCursorStmt option bits (PostgreSQL's CURSOR_OPT_*).
const (
	cursorOptBinary = 0x01
	cursorOptScroll = 0x02
	cursorOptHold   = 0x20
)

// declareCursorStmt translates DECLARE … CURSOR. Cursors only read
// forward, and FETCH results follow the protocol's format codes, so
// SCROLL and BINARY are refused here rather than half-honoured.
func (t *translator) declareCursorStmt(s *pg_query.DeclareCursorStmt) ast.Statement {
	if s.Options&cursorOptBinary != 0 {
		t.unsupported(-1, "DECLARE BINARY CURSOR")
		return nil
	}
	if s.Options&cursorOptScroll != 0 {
		t.unsupported(-1, "DECLARE SCROLL CURSOR")
		return nil
	}
	q := t.statement(s.Query)
	if t.err != nil {
		return nil
	}
	return &ast.DeclareCursor{
		Name:  s.Portalname,
		Query: q,
		Hold:  s.Options&cursorOptHold != 0,
		SQL:   t.statementText(),
	}
}

var fetchDirections = map[pg_query.FetchDirection]ast.FetchDirection{
	pg_query.FetchDirection_FETCH_FORWARD:  ast.FetchForward,
	pg_query.FetchDirection_FETCH_BACKWARD: ast.FetchBackward,
	pg_query.FetchDirection_FETCH_ABSOLUTE: ast.FetchAbsolute,
	pg_query.FetchDirection_FETCH_RELATIVE: ast.FetchRelative,
}

// fetchStmt translates FETCH and MOVE. The grammar has already reduced
// NEXT, PRIOR, FIRST, LAST and ALL to a direction and a count (ALL is
// LONG_MAX, which is ast.FetchAll).
func (t *translator) fetchStmt(s *pg_query.FetchStmt) ast.Statement {
	dir, ok := fetchDirections[s.Direction]
	if !ok {
		t.unsupported(-1, "this FETCH direction")
		return nil
	}
	return &ast.Fetch{Name: s.Portalname, Direction: dir, Count: s.HowMany, Move: s.Ismove}
}

// closePortalStmt translates CLOSE name and CLOSE ALL (no name).
func closePortalStmt(s *pg_query.ClosePortalStmt) ast.Statement {
	return &ast.ClosePortal{Name: s.Portalname, All: s.Portalname == ""}
}

// statementText is the text of the statement being translated, trimmed.
func (t *translator) statementText() string {
	return newStatement(t.sql, t.stmtStart, t.stmtEnd, nil).SQL
}
