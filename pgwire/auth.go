package pgwire

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/xdg-go/scram"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// User is what authentication needs to know about a login.
type User struct {
	Name      string
	Superuser bool
	// SCRAM is the user's SCRAM-SHA-256 verifier. Nil means the user has no
	// password: it is trusted from loopback addresses and refused elsewhere.
	SCRAM *scram.StoredCredentials
	// Refusal, when set, refuses the login before any password exchange:
	// a dropped or locked user (auth_catalog.go).
	Refusal *pgerr.Error
}

// Authenticator finds users by name. Implementations must be safe for
// concurrent use.
type Authenticator interface {
	LookupUser(name string) (User, bool)
}

// StaticUsers is an Authenticator over a fixed set of users, keyed by name.
type StaticUsers map[string]User

// LookupUser implements Authenticator.
func (s StaticUsers) LookupUser(name string) (User, bool) {
	u, ok := s[name]
	return u, ok
}

// scramIterations is PostgreSQL's default scram_iterations.
const scramIterations = 4096

// NewSCRAMVerifier derives a SCRAM-SHA-256 verifier (random salt) from a
// password; only the verifier needs to be kept.
func NewSCRAMVerifier(password string) (*scram.StoredCredentials, error) {
	v, err := catalog.NewVerifier(password)
	if err != nil {
		return nil, err
	}
	creds, err := catalog.ParseVerifier(v)
	return &creds, err
}

// authenticate checks the client is name. Unknown users go through a SCRAM
// exchange against an unguessable verifier and fail exactly like a wrong
// password, so the answer never tells whether a user exists.
func (c *Conn) authenticate(name string) (User, bool) {
	var (
		user  User
		found bool
	)
	if c.cfg.Auth != nil {
		user, found = c.cfg.Auth.LookupUser(name)
	}
	if found && user.Refusal != nil {
		c.sendFatal(user.Refusal)
		return User{}, false
	}
	if found && user.SCRAM == nil {
		if isLoopback(c.nc.RemoteAddr()) {
			return user, true
		}
		c.sendFatal(pgerr.New(pgerr.InvalidAuthorization,
			"no password is set for user \"%s\", so only loopback connections are trusted (client address %s)",
			name, c.nc.RemoteAddr()).
			WithHint("Start the server with --root-password or KALAMDB_ROOT_PASSWORD to accept remote logins."))
		return User{}, false
	}
	creds := user.SCRAM
	if !found {
		creds = decoyVerifier(name)
	}
	ok, proved := c.scramExchange(*creds)
	if rec, tracks := c.cfg.Auth.(LoginRecorder); tracks && found && proved {
		rec.RecordLogin(name, ok) // auth_catalog.go
	}
	if !ok || !found {
		c.sendFatal(pgerr.New(pgerr.InvalidPassword, "password authentication failed for user \"%s\"", name))
		return User{}, false
	}
	return user, true
}

// scramMechanism is the only SASL mechanism offered: without TLS there is no
// channel to bind, so no -PLUS variant.
const scramMechanism = "SCRAM-SHA-256"

// scramExchange runs SASL SCRAM-SHA-256 (RFC 5802/7677) against creds and
// reports whether the client proved it knows the password. Protocol
// failures are reported to the client here; a wrong proof is left to the
// caller, and proved then says the client did send a proof (a client that
// hangs up to ask its user for a password has not, and must not count as
// a failed login). The user name inside the SCRAM messages is ignored
// (libpq sends an empty one): the StartupMessage's user is the one being
// checked.
func (c *Conn) scramExchange(creds StoredCredentials) (ok, proved bool) {
	server, err := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) { return creds, nil })
	if err != nil {
		c.sendFatal(pgerr.From(err))
		return false, false
	}
	conv := server.NewConversation()

	c.be.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{scramMechanism}})
	c.flush()
	initial, ok := c.receiveAuth(pgproto3.AuthTypeSASL).(*pgproto3.SASLInitialResponse)
	if !ok {
		return false, false
	}
	if initial.AuthMechanism != scramMechanism {
		c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "client selected an invalid SASL authentication mechanism"))
		return false, false
	}
	serverFirst, err := conv.Step(string(initial.Data))
	if err != nil {
		c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "malformed SCRAM message").WithDetail(err.Error()))
		return false, false
	}

	c.be.Send(&pgproto3.AuthenticationSASLContinue{Data: []byte(serverFirst)})
	c.flush()
	final, ok := c.receiveAuth(pgproto3.AuthTypeSASLContinue).(*pgproto3.SASLResponse)
	if !ok {
		return false, false
	}
	serverFinal, err := conv.Step(string(final.Data))
	if err != nil || !conv.Valid() {
		return false, true
	}
	c.be.Send(&pgproto3.AuthenticationSASLFinal{Data: []byte(serverFinal)})
	return true, true
}

// StoredCredentials is scram's verifier type, named here so callers of
// pgwire need not import scram for the common case.
type StoredCredentials = scram.StoredCredentials

// receiveAuth reads the client's answer to an authentication request. A
// client without a password simply hangs up; nil is returned then and for
// anything that is not a password-type message (reported as 08P01).
func (c *Conn) receiveAuth(authType uint32) pgproto3.FrontendMessage {
	if c.writeErr != nil {
		return nil
	}
	if err := c.be.SetAuthType(authType); err != nil {
		c.sendFatal(pgerr.From(err))
		return nil
	}
	msg, err := c.be.Receive()
	if err != nil {
		if !isDisconnect(err) {
			c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "invalid authentication message: %v", err))
		}
		return nil
	}
	switch msg.(type) {
	case *pgproto3.SASLInitialResponse, *pgproto3.SASLResponse:
		return msg
	case *pgproto3.Terminate:
		return nil
	}
	c.sendFatal(pgerr.New(pgerr.ProtocolViolation, "expected SASL response, got message type %T", msg))
	return nil
}

// decoyKey makes decoy salts stable per user name for the life of the
// process, as a real user's salt is, without revealing anything.
var decoyKey = func() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}()

// decoyVerifier is a verifier no password matches, used for unknown users.
func decoyVerifier(name string) *scram.StoredCredentials {
	mac := hmac.New(sha256.New, decoyKey)
	mac.Write([]byte(name))
	salt := mac.Sum(nil)[:16]
	keys := make([]byte, 64)
	_, _ = rand.Read(keys)
	return &scram.StoredCredentials{
		KeyFactors: scram.KeyFactors{Salt: string(salt), Iters: scramIterations},
		StoredKey:  keys[:32],
		ServerKey:  keys[32:],
	}
}

// isLoopback reports whether addr is a loopback TCP address or a Unix socket.
func isLoopback(addr net.Addr) bool {
	switch a := addr.(type) {
	case *net.TCPAddr:
		return a.IP.IsLoopback()
	case *net.UnixAddr:
		return true
	}
	return false
}
