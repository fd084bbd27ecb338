package pgwire

// simpleQuery runs a Query message: every statement of the string in turn,
// results in text, then ReadyForQuery. Errors do not start skip-to-Sync;
// ReadyForQuery follows them directly.
func (c *Conn) simpleQuery(sql string) {
	// As in PostgreSQL, a simple query replaces the unnamed statement and
	// portal of the extended protocol.
	c.unnamed = nil
	c.dropPortal("")
	c.res.reset(nil, nil)
	ctx := c.beginStatement()
	err := c.session.SimpleQuery(ctx, sql, &c.res)
	c.endStatement()
	if err != nil && c.writeErr == nil {
		c.sendError(err)
	}
	c.readyForQuery()
}
