package exec

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// SQL cursors: DECLARE, FETCH, MOVE, CLOSE.
//
// A cursor is a named portal that lives in the session: its query runs
// through the same paused execution as a protocol portal (Portal.pull),
// so FETCH n resumes it for n more rows. Cursors only move forward; every
// cursor behaves like PostgreSQL's NO SCROLL cursors, and a FETCH that
// would need to go back fails as it does there (55000).
//
// A WITHOUT HOLD cursor lives until CLOSE or the end of its transaction
// block. A WITH HOLD cursor survives its commit: the rows it has not yet
// returned are read into memory then (as PostgreSQL materialises it), so
// no storage snapshot stays open between transactions.

// cursor is one open cursor. Position follows PostgreSQL's portal: pos
// counts the rows read so far; atStart holds until a row is read; atEnd
// once a read came up short.
type cursor struct {
	name    string
	sql     string
	hold    bool
	created time.Time
	columns []Column
	inTx    bool // declared in the current transaction block

	portal *Portal         // the paused query; nil once materialised
	held   [][]types.Value // a materialised cursor's remaining rows

	pos            int64
	atStart, atEnd bool
}

func errNoCursor(name string) error {
	return pgerr.New(pgerr.InvalidCursorName, "cursor \"%s\" does not exist", name)
}

func errForwardOnly() error {
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cursor can only scan forward").
		WithHint("Declare it with SCROLL option to enable backward scan.")
}

// declarePlan is DECLARE: the query is planned with the statement, so
// Parse reports its errors and infers its parameters.
type declarePlan struct {
	stmt   *ast.DeclareCursor
	query  plan
	params *expr.Params // the statement's parameters; Types is final once planned
}

func (p *planner) planDeclare(n *ast.DeclareCursor) (plan, error) {
	q, err := p.plan(n.Query)
	if err != nil {
		return nil, err
	}
	return &declarePlan{stmt: n, query: q, params: p.params}, nil
}

func (d *declarePlan) columns() []Column { return nil }

func (d *declarePlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	s := x.sess
	n := d.stmt
	if !n.Hold && !s.tx.open {
		return "", pgerr.New(pgerr.NoActiveSQLTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, dup := s.cursors[n.Name]; dup {
		return "", pgerr.New(duplicateCursor, "cursor \"%s\" already exists", n.Name)
	}
	// The statement was re-planned if stale when it started, so the query's
	// plan is current: the cursor's run will not plan it again.
	st := &Statement{prepared{
		sql:            n.SQL,
		stmt:           n.Query,
		plan:           d.query,
		paramTypes:     slices.Clone(d.params.Types),
		columns:        d.query.columns(),
		catalogVersion: s.eng.catalog.Current().Version,
		searchPath:     s.settings.searchPathKey(),
	}}
	c := &cursor{
		name:    n.Name,
		sql:     n.SQL,
		hold:    n.Hold,
		created: time.Now(),
		columns: st.columns,
		portal:  &Portal{portalState{stmt: st, params: slices.Clone(x.env.Params)}},
		atStart: true,
	}
	if s.tx.open {
		c.inTx = true
	} else if err := c.materialise(x.ctx, s); err != nil {
		// A WITH HOLD cursor outside a block: its implicit transaction
		// commits now.
		return "", err
	}
	if s.cursors == nil {
		s.cursors = map[string]*cursor{}
	}
	s.cursors[n.Name] = c
	return "DECLARE CURSOR", nil
}

// duplicateCursor is 42P03, duplicate_cursor.
const duplicateCursor = "42P03"

// fetchPlan is FETCH or MOVE. Its columns are the cursor's when the
// statement is planned (PostgreSQL describes a FETCH the same way); a
// missing cursor is an error only when it runs.
type fetchPlan struct {
	stmt *ast.Fetch
	cols []Column
}

func (p *planner) planFetch(n *ast.Fetch) plan {
	fp := &fetchPlan{stmt: n}
	if c, ok := p.sess.cursors[n.Name]; ok && !n.Move {
		fp.cols = c.columns
	}
	return fp
}

func (f *fetchPlan) columns() []Column { return f.cols }

func (f *fetchPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	c, ok := x.sess.cursors[f.stmt.Name]
	if !ok {
		return "", errNoCursor(f.stmt.Name)
	}
	verb := "FETCH "
	if f.stmt.Move {
		verb, emit = "MOVE ", nil
	}
	n, err := c.fetch(x.ctx, x.sess, f.stmt.Direction, f.stmt.Count, emit)
	if err != nil {
		return "", err
	}
	return verb + itoa(int(n)), nil
}

// fetch moves the cursor as PostgreSQL's DoPortalRunFetch does, passing
// the rows FETCH returns to emit (nil for MOVE), and returns how many
// rows it returned or moved over.
func (c *cursor) fetch(ctx context.Context, s *Session, dir ast.FetchDirection, count int64, emit func([]types.Value) error) (int64, error) {
	switch dir {
	case ast.FetchForward:
		if count < 0 {
			return 0, errForwardOnly()
		}
	case ast.FetchBackward:
		if count == ast.FetchAll && emit == nil {
			// MOVE BACKWARD ALL rewinds.
			return 0, c.rewind()
		}
		if count > 0 {
			return 0, errForwardOnly()
		}
		count = -count // BACKWARD -n is FORWARD n; BACKWARD 0 is FETCH 0
	case ast.FetchAbsolute:
		switch {
		case count > 0:
			// Only forward: the target row must lie ahead.
			pos := c.pos
			if c.atEnd {
				pos++
			}
			if count <= pos {
				if err := c.rewind(); err != nil {
					return 0, err
				}
			}
			if _, err := c.forward(ctx, s, count-c.pos-1, nil); err != nil {
				return 0, err
			}
			return c.forward(ctx, s, 1, emit)
		case count < 0:
			// LAST and friends read to the end and step back.
			return 0, errForwardOnly()
		default:
			// ABSOLUTE 0: before the first row.
			return 0, c.rewind()
		}
	case ast.FetchRelative:
		if count < 0 {
			return 0, errForwardOnly()
		}
		if count > 0 {
			if _, err := c.forward(ctx, s, count-1, nil); err != nil {
				return 0, err
			}
			return c.forward(ctx, s, 1, emit)
		}
	}
	if count == 0 {
		// FETCH 0 re-fetches the current row, which needs a step back;
		// MOVE 0 only says whether there is one.
		onRow := !c.atStart && !c.atEnd
		if emit == nil {
			if onRow {
				return 1, nil
			}
			return 0, nil
		}
		if onRow || dir == ast.FetchBackward {
			return 0, errForwardOnly()
		}
		return 0, nil
	}
	return c.forward(ctx, s, count, emit)
}

// rewind goes back before the first row, which a forward-only cursor
// can only do when it has not moved yet.
func (c *cursor) rewind() error {
	if c.atStart && !c.atEnd {
		return nil
	}
	return errForwardOnly()
}

// forward reads up to count rows (ast.FetchAll: all that remain), passing
// them to emit when it is not nil; PostgreSQL's PortalRunSelect forwards.
func (c *cursor) forward(ctx context.Context, s *Session, count int64, emit func([]types.Value) error) (int64, error) {
	if c.atEnd || count <= 0 {
		return 0, nil
	}
	max := count
	if count == ast.FetchAll {
		max = 0
	}
	var n int64
	if c.portal != nil {
		var err error
		if n, _, err = c.portal.pull(ctx, s, max, emit); err != nil {
			return n, err
		}
	} else {
		for len(c.held) > 0 && (max == 0 || n < max) {
			row := c.held[0]
			c.held = c.held[1:]
			n++
			if emit != nil {
				if err := emit(row); err != nil {
					return n, err
				}
			}
		}
	}
	if n > 0 {
		c.atStart = false
	}
	if max == 0 || n < max {
		c.atEnd = true
	}
	c.pos += n
	return n, nil
}

// materialise reads the rows the cursor has not returned yet into memory
// and ends its query.
func (c *cursor) materialise(ctx context.Context, s *Session) error {
	if c.portal == nil {
		return nil
	}
	p := c.portal
	c.portal = nil
	if c.atEnd {
		p.Close()
		return nil
	}
	_, _, err := p.pull(ctx, s, 0, func(row []types.Value) error {
		c.held = append(c.held, slices.Clone(row))
		return nil
	})
	p.Close()
	return err
}

// close ends the cursor's query, if it is still running.
func (c *cursor) close() {
	if c.portal != nil {
		c.portal.Close()
		c.portal = nil
	}
	c.held = nil
}

// closePlan is CLOSE name | ALL.
type closePlan struct{ stmt *ast.ClosePortal }

func (*closePlan) columns() []Column { return nil }

func (cp *closePlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	s := x.sess
	if cp.stmt.All {
		s.closeCursors(true)
		return "CLOSE CURSOR ALL", nil
	}
	c, ok := s.cursors[cp.stmt.Name]
	if !ok {
		return "", errNoCursor(cp.stmt.Name)
	}
	c.close()
	delete(s.cursors, cp.stmt.Name)
	return "CLOSE CURSOR", nil
}

// closeCursors closes the session's cursors: all of them, or (all false)
// those that do not outlive the transaction block now ending.
func (s *Session) closeCursors(all bool) {
	for name, c := range s.cursors {
		if all || !c.hold || c.inTx {
			c.close()
			delete(s.cursors, name)
		}
	}
}

// endTransactionCursors runs as a transaction block ends, before a commit
// is applied: WITHOUT HOLD cursors close, WITH HOLD cursors declared in
// the block are materialised (commit) or closed (rollback). An error
// while materialising closes the block's cursors and fails the commit.
func (s *Session) endTransactionCursors(ctx context.Context, commit bool) error {
	if !s.tx.open || len(s.cursors) == 0 {
		return nil
	}
	if commit {
		for _, c := range s.cursors {
			if c.hold && c.inTx {
				if err := c.materialise(ctx, s); err != nil {
					s.closeCursors(false)
					return err
				}
				c.inTx = false
			}
		}
	}
	s.closeCursors(false)
	return nil
}

// cursorList describes the open cursors for pg_cursors, by name.
func (s *Session) cursorList() []pgcatalog.Cursor {
	out := make([]pgcatalog.Cursor, 0, len(s.cursors))
	for _, c := range s.cursors {
		out = append(out, pgcatalog.Cursor{Name: c.name, Statement: c.sql, Holdable: c.hold, CreationTime: c.created})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
