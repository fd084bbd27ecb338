package pgwire

import (
	"crypto/rand"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// authTimeout bounds the handshake, like PostgreSQL's authentication_timeout:
// a client that connects and says nothing does not hold a connection forever.
const authTimeout = time.Minute

// maxNegotiations bounds SSLRequest/GSSENCRequest round trips before the
// StartupMessage (libpq tries GSS, then SSL, then plain).
const maxNegotiations = 2

// startup runs the handshake up to the first ReadyForQuery: encryption
// refusal, the StartupMessage, authentication, the database check and the
// session's parameters. False means the connection is over (a cancel
// request, a refused login, a broken client).
func (c *Conn) startup() bool {
	if err := c.nc.SetReadDeadline(time.Now().Add(authTimeout)); err != nil || c.shutdown.Load() {
		return false // closed, or Shutdown came first and its deadline was just replaced
	}
	for range maxNegotiations + 1 {
		msg, err := c.be.ReceiveStartupMessage()
		if err != nil {
			if !isDisconnect(err) {
				c.sendFatal(startupPacketError(err))
			}
			return false
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest, *pgproto3.GSSEncRequest:
			// We speak no TLS or GSS encryption: 'N' tells the client to go
			// on in the clear with a StartupMessage on this connection.
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return false
			}
		case *pgproto3.CancelRequest:
			c.cancelRequest(m)
			return false
		case *pgproto3.StartupMessage:
			if !c.begin(m) {
				return false
			}
			// A Shutdown racing with this is still seen: Serve checks
			// its flag before every read.
			return c.nc.SetReadDeadline(time.Time{}) == nil
		}
	}
	c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "too many encryption requests before the startup packet"))
	return false
}

// startupPacketError maps a StartupMessage that pgproto3 could not decode
// to PostgreSQL's complaint.
func startupPacketError(err error) *pgerr.Error {
	if strings.Contains(err.Error(), "unknown startup message code") ||
		strings.Contains(err.Error(), "version number") {
		return pgerr.New(pgerr.FeatureNotSupported, "unsupported frontend protocol: server supports 3.0")
	}
	return pgerr.New(pgerr.ProtocolViolation, "invalid startup packet: %v", err)
}

// begin authenticates the StartupMessage's user and opens the session.
func (c *Conn) begin(m *pgproto3.StartupMessage) bool {
	params := m.Parameters
	userName := params["user"]
	if userName == "" {
		c.sendFatal(pgerr.New(pgerr.InvalidAuthorization, "no PostgreSQL user name specified in startup packet"))
		return false
	}
	if m.ProtocolVersion != pgproto3.ProtocolVersion30 {
		// A 3.x client newer than 3.0 is told to speak 3.0 with us.
		c.be.Send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 0, UnrecognizedOptions: protocolOptions(params)})
	}
	user, ok := c.authenticate(userName)
	if !ok {
		return false
	}
	c.user = user
	database := params["database"]
	if database == "" {
		database = userName
	}
	if !databaseExists(database, userName) {
		c.sendFatal(pgerr.New(pgerr.InvalidCatalogName, "database \"%s\" does not exist", database))
		return false
	}
	if c.cfg.Engine == nil {
		c.sendFatal(pgerr.New("57P03", "the database system is starting up"))
		return false
	}
	c.pid = lastPID.Add(1)
	if _, err := rand.Read(c.secret[:]); err != nil {
		c.sendFatal(pgerr.From(err))
		return false
	}
	// Like PostgreSQL, authentication succeeds before the settings are
	// read and applied; a bad one is then FATAL.
	c.be.Send(&pgproto3.AuthenticationOk{})
	settings, bad := startupSettings(params)
	if bad != nil {
		c.sendFatal(bad)
		return false
	}
	appName := params["application_name"]
	session, err := c.cfg.Engine.OpenSession(exec.SessionInfo{
		User:            user.Name,
		Database:        database,
		ApplicationName: appName,
		ProcessID:       c.pid,
		Superuser:       user.Superuser,
		Settings:        settings,
	})
	if err != nil {
		c.sendFatal(pgerr.From(err))
		return false
	}
	c.session = session
	c.portals = make(map[string]*portal)
	if c.cfg.Registry != nil {
		c.cfg.Registry.Register(c)
		c.registered = true
	}

	// The parameters PostgreSQL reports after authentication, with the
	// values the StartupMessage gave them (TimeZone from JDBC …).
	for _, p := range c.session.ReportedParameters() {
		c.be.Send(&pgproto3.ParameterStatus{Name: p[0], Value: p[1]})
	}
	c.be.Send(&pgproto3.BackendKeyData{ProcessID: c.pid, SecretKey: c.secret[:]})
	c.readyForQuery()
	c.log.Debug("connection ready", "pid", c.pid, "user", user.Name, "database", database,
		"remote", c.nc.RemoteAddr().String(), "application", appName)
	return c.writeErr == nil
}

// startupSettings are the run-time parameters a StartupMessage sets: the
// options' switches first, then the other entries (which win, as in
// PostgreSQL). user, database, replication, options and the protocol
// extensions ("_pq_.…") are not settings.
func startupSettings(params map[string]string) (map[string]string, *pgerr.Error) {
	out := map[string]string{}
	if opts := params["options"]; opts != "" {
		if err := parseOptions(opts, out); err != nil {
			return nil, err
		}
	}
	for k, v := range params {
		switch {
		case k == "user", k == "database", k == "replication", k == "options", strings.HasPrefix(k, "_pq_."):
			continue
		}
		out[k] = v
	}
	return out, nil
}

// parseOptions reads the StartupMessage's options: command-line switches
// separated by spaces (a backslash keeps the next character, so "\ " is a
// space inside a value). Only the settings switches -c name=value,
// -cname=value and --name=value are accepted.
func parseOptions(opts string, out map[string]string) *pgerr.Error {
	args := splitOptions(opts)
	for i := 0; i < len(args); i++ {
		arg := args[i]
		var nv string
		switch {
		case arg == "-c" && i+1 < len(args):
			i++
			nv = args[i]
		case strings.HasPrefix(arg, "-c") && len(arg) > 2:
			nv = arg[2:]
		case strings.HasPrefix(arg, "--") && len(arg) > 2:
			nv = arg[2:]
		default:
			return pgerr.New(pgerr.SyntaxError, "invalid command-line argument for server process: %s", arg).
				WithHint(`Try "postgres --help" for more information.`)
		}
		name, value, ok := strings.Cut(nv, "=")
		if !ok {
			return pgerr.New(pgerr.SyntaxError, "--%s requires a value", nv)
		}
		out[strings.ReplaceAll(name, "-", "_")] = value
	}
	return nil
}

// splitOptions splits options on unescaped spaces, removing the escapes.
func splitOptions(s string) []string {
	var args []string
	var cur []byte
	inArg := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			cur, inArg = append(cur, s[i]), true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inArg {
				args = append(args, string(cur))
				cur, inArg = cur[:0], false
			}
		default:
			cur, inArg = append(cur, c), true
		}
	}
	if inArg {
		args = append(args, string(cur))
	}
	return args
}

// databaseExists reports whether a client may name database. KalamDB has one
// database; it answers to the names clients default to.
func databaseExists(database, user string) bool {
	return database == "kalamdb" || database == "postgres" || database == user
}

// protocolOptions are the "_pq_." protocol extensions a client asked for;
// we support none and say so in NegotiateProtocolVersion.
func protocolOptions(params map[string]string) []string {
	var opts []string
	for k := range params {
		if strings.HasPrefix(k, "_pq_.") {
			opts = append(opts, k)
		}
	}
	return opts
}
