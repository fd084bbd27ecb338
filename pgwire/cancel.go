package pgwire

import "github.com/jackc/pgx/v5/pgproto3"

// cancelRequest handles a CancelRequest, which arrives as the first packet
// of a connection of its own: it cancels the running statement of the
// connection whose BackendKeyData matches. As in PostgreSQL, the requesting
// connection is closed without any reply, whether or not a match was found,
// so the key cannot be probed.
func (c *Conn) cancelRequest(m *pgproto3.CancelRequest) {
	if c.cfg.Registry == nil {
		return
	}
	target := c.cfg.Registry.Lookup(m.ProcessID)
	if target == nil {
		return
	}
	if !target.Cancel(m.SecretKey) {
		c.log.Debug("cancel request with a wrong secret key", "pid", m.ProcessID,
			"remote", c.nc.RemoteAddr().String())
	}
}
