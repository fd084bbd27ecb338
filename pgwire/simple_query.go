package pgwire

// simpleQuery runs a Query message: every statement of the string in turn,
// results in text, then ReadyForQuery. Errors do not start skip-to-Sync;
// ReadyForQuery follows them directly.
func (c *Conn) simpleQuery(sql string) {
	// As in PostgreSQL, a simple query replaces the unnamed statement and
	// portal of the extended protocol.
	delete(c.stmts, "")
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

// afterCommand keeps protocol-level prepared statements in step with the SQL
// commands that drop them all. (PostgreSQL's SQL PREPARE/DEALLOCATE and the
// protocol's Parse/Close share one namespace; pgx sends DEALLOCATE ALL on
// reset and then re-Parses the same names.)
func (c *Conn) afterCommand(tag string) {
	switch tag {
	case "DEALLOCATE ALL":
		clear(c.stmts)
	case "DISCARD ALL":
		clear(c.stmts)
		c.dropPortals()
	}
}
