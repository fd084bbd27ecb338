package ast

import "math"

// DeclareCursor is DECLARE name [NO SCROLL] CURSOR [WITH | WITHOUT HOLD]
// FOR query. (BINARY and SCROLL cursors are refused by the parser: every
// cursor is forward-only and sends the formats its FETCH asks for.)
type DeclareCursor struct {
	Name  string
	Query Statement // a Query (SELECT, VALUES, set operation)
	Hold  bool      // WITH HOLD: the cursor outlives its transaction
	SQL   string    // the whole DECLARE statement, for pg_cursors
}

// FetchDirection is how FETCH and MOVE count.
type FetchDirection uint8

// Fetch directions, as PostgreSQL's grammar reduces them: NEXT is FORWARD
// 1, PRIOR is BACKWARD 1, FIRST is ABSOLUTE 1, LAST is ABSOLUTE -1, and ALL
// is a Count of FetchAll.
const (
	FetchForward FetchDirection = iota
	FetchBackward
	FetchAbsolute
	FetchRelative
)

// FetchAll is the Count of FETCH ALL / FORWARD ALL / BACKWARD ALL.
const FetchAll = math.MaxInt64

// Fetch is FETCH or MOVE [direction] [FROM | IN] cursor.
type Fetch struct {
	Name      string
	Direction FetchDirection
	Count     int64 // may be negative (FORWARD -2 is BACKWARD 2); FetchAll for ALL
	Move      bool  // MOVE: position only, return no rows
}

// ClosePortal is CLOSE name | ALL.
type ClosePortal struct {
	Name string // "" with All
	All  bool
}

func (*DeclareCursor) stmtNode() {}
func (*Fetch) stmtNode()         {}
func (*ClosePortal) stmtNode()   {}
