package pgwire

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// portal is a bound statement with the result formats its Bind asked for.
type portal struct {
	p       *exec.Portal
	formats []int16 // Bind's result format codes, under the 0/1/N rule
}

// duplicateCursor is the SQLSTATE of a Bind to an existing named portal.
const duplicateCursor = "42P03"

// badBinaryMessage is types.DecodeBinary's message for bytes of the wrong
// shape, which Bind completes with the parameter number.
const badBinaryMessage = "incorrect binary data format"

// parse handles Parse: the statement is planned now, so that Describe and
// Bind can rely on its parameter and result types. Named statements share
// the session's namespace with SQL PREPARE; as in PostgreSQL, a name in
// use is reported after the query was found to be valid.
func (c *Conn) parse(m *pgproto3.Parse) {
	if m.Name == "" {
		c.unnamed = nil
	}
	ctx := c.beginStatement()
	st, err := c.session.Prepare(ctx, m.Query, m.ParameterOIDs)
	c.endStatement()
	if err == nil && m.Name != "" {
		err = c.session.AddNamedStatement(m.Name, st)
	}
	if err != nil {
		c.extendedError(err)
		return
	}
	if m.Name == "" {
		c.unnamed = st
	}
	c.send(&pgproto3.ParseComplete{}, 5)
}

// statement finds a prepared statement: the unnamed one here, named ones
// in the session.
func (c *Conn) statement(name string) (*exec.Statement, bool) {
	if name == "" {
		return c.unnamed, c.unnamed != nil
	}
	return c.session.NamedStatement(name)
}

// bind handles Bind, checking the message in PostgreSQL's order so that a
// malformed Bind fails with the same error it would there.
func (c *Conn) bind(m *pgproto3.Bind) {
	st, ok := c.statement(m.PreparedStatement)
	if !ok {
		c.extendedError(noSuchStatement(m.PreparedStatement))
		return
	}
	paramTypes := st.ParamTypes()
	if n := len(m.ParameterFormatCodes); n > 1 && n != len(m.Parameters) {
		c.extendedError(pgerr.New(pgerr.ProtocolViolation, "bind message has %d parameter formats but %d parameters", n, len(m.Parameters)))
		return
	}
	if len(m.Parameters) != len(paramTypes) {
		c.extendedError(pgerr.New(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
			len(m.Parameters), m.PreparedStatement, len(paramTypes)))
		return
	}
	if m.DestinationPortal == "" {
		c.dropPortal("")
	} else if _, dup := c.portals[m.DestinationPortal]; dup {
		c.extendedError(pgerr.New(duplicateCursor, "cursor \"%s\" already exists", m.DestinationPortal))
		return
	}
	params, err := decodeParams(m, paramTypes, c.session.TextFormat())
	if err != nil {
		c.extendedError(err)
		return
	}
	if n, cols := len(m.ResultFormatCodes), len(st.Columns()); n > 1 && n != cols {
		c.extendedError(pgerr.New(pgerr.ProtocolViolation, "bind message has %d result formats but query has %d columns", n, cols))
		return
	}
	ctx := c.beginStatement()
	p, err := c.session.Bind(ctx, st, params)
	c.endStatement()
	if err != nil {
		c.extendedError(err)
		return
	}
	// pgproto3 decodes every Bind into fresh slices, so keeping the format
	// codes is safe.
	c.portals[m.DestinationPortal] = &portal{p: p, formats: m.ResultFormatCodes}
	c.send(&pgproto3.BindComplete{}, 5)
}

// decodeParams turns Bind's parameter bytes into values of the statement's
// parameter types. NULL (a nil value) is the zero Value. Text timestamptz
// values without a zone are read in the session's zone (f).
func decodeParams(m *pgproto3.Bind, paramTypes []types.Type, f *types.TextFormat) ([]types.Value, error) {
	if len(paramTypes) == 0 {
		return nil, nil
	}
	params := make([]types.Value, len(paramTypes))
	for i, raw := range m.Parameters {
		format := formatOf(m.ParameterFormatCodes, i)
		if format != formatText && format != formatBinary {
			return nil, unsupportedFormat(format)
		}
		if raw == nil {
			continue
		}
		var err error
		if format == formatBinary {
			params[i], err = types.DecodeBinary(raw, paramTypes[i])
			if e, ok := err.(*pgerr.Error); ok && e.Code == pgerr.InvalidBinaryRepresentation && e.Message == badBinaryMessage {
				// PostgreSQL names the parameter whose bytes were wrong.
				err = pgerr.New(pgerr.InvalidBinaryRepresentation, badBinaryMessage+" in bind parameter %d", i+1)
			}
		} else {
			params[i], err = types.ParseTextIn(string(raw), paramTypes[i], nil, f)
		}
		if err != nil {
			return nil, err
		}
	}
	return params, nil
}

// noSuchStatement is PostgreSQL's error for Bind or Describe of a missing
// statement; the unnamed one has its own wording.
func noSuchStatement(name string) error {
	if name == "" {
		return pgerr.New(pgerr.InvalidSQLStatementName, "unnamed prepared statement does not exist")
	}
	return pgerr.New(pgerr.InvalidSQLStatementName, "prepared statement \"%s\" does not exist", name)
}

func unsupportedFormat(format int16) error {
	return pgerr.New(pgerr.InvalidParameterValue, "unsupported format code: %d", format)
}

// describe handles Describe of a statement (parameters, then result columns
// in text) or of a portal (result columns in the portal's formats).
func (c *Conn) describe(m *pgproto3.Describe) {
	switch m.ObjectType {
	case 'S':
		st, ok := c.statement(m.Name)
		if !ok {
			c.extendedError(noSuchStatement(m.Name))
			return
		}
		c.res.sendParameterDescription(st.ParamTypes())
		c.describeColumns(st.Columns(), nil)
	case 'P':
		pt, ok := c.portals[m.Name]
		if !ok {
			c.extendedError(pgerr.New(pgerr.InvalidCursorName, "portal \"%s\" does not exist", m.Name))
			return
		}
		c.describeColumns(pt.p.Columns(), pt.formats)
	default:
		c.extendedError(pgerr.New(pgerr.ProtocolViolation, "invalid DESCRIBE message subtype %d", m.ObjectType))
	}
}

// describeColumns sends RowDescription, or NoData for a statement without rows.
func (c *Conn) describeColumns(cols []exec.Column, formats []int16) {
	if cols == nil {
		c.send(&pgproto3.NoData{}, 5)
		return
	}
	c.res.sendRowDescription(cols, formats)
}

// execute handles Execute: runs the portal up to MaxRows rows (0 = all);
// a portal stopped by the limit answers PortalSuspended and resumes on the
// next Execute.
func (c *Conn) execute(m *pgproto3.Execute) {
	pt, ok := c.portals[m.Portal]
	if !ok {
		c.extendedError(pgerr.New(pgerr.InvalidCursorName, "portal \"%s\" does not exist", m.Portal))
		return
	}
	// Like PostgreSQL, bad result format codes are noticed when rows are
	// about to be sent, not at Bind.
	for _, f := range pt.formats {
		if f != formatText && f != formatBinary {
			c.extendedError(unsupportedFormat(f))
			return
		}
	}
	c.res.reset(pt.p.Columns(), pt.formats)
	ctx := c.beginStatement()
	suspended, err := c.session.Execute(ctx, pt.p, int(m.MaxRows), &c.res)
	c.endStatement()
	if err != nil {
		if c.writeErr == nil {
			c.extendedError(err)
		}
		return
	}
	if suspended {
		c.send(&pgproto3.PortalSuspended{}, 5)
	}
}

// dropPortal forgets a portal and releases its paused execution, if any.
func (c *Conn) dropPortal(name string) {
	if pt, ok := c.portals[name]; ok {
		delete(c.portals, name)
		pt.p.Close()
	}
}

// dropPortals forgets every portal: their transaction is over.
func (c *Conn) dropPortals() {
	for name := range c.portals {
		c.dropPortal(name)
	}
}

// sync handles Sync: the end of an extended-protocol batch and of its
// implicit transaction.
func (c *Conn) sync() {
	c.skipToSync = false
	ctx := c.beginStatement()
	err := c.session.Sync(ctx)
	c.endStatement()
	if err != nil {
		c.sendError(err)
	}
	c.readyForQuery()
}

// closeObject handles Close. Closing a name that does not exist is not an error.
func (c *Conn) closeObject(m *pgproto3.Close) {
	switch m.ObjectType {
	case 'S':
		if m.Name == "" {
			c.unnamed = nil
		} else {
			c.session.CloseNamedStatement(m.Name)
		}
	case 'P':
		c.dropPortal(m.Name)
	default:
		c.extendedError(pgerr.New(pgerr.ProtocolViolation, "invalid CLOSE message subtype %d", m.ObjectType))
		return
	}
	c.send(&pgproto3.CloseComplete{}, 5)
}
