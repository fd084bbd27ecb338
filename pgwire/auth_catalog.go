package pgwire

import (
	"context"
	"time"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// LoginRecorder is implemented by an Authenticator that tracks the outcome
// of password exchanges. RecordLogin is called only when the client sent a
// SCRAM proof, right or wrong.
type LoginRecorder interface {
	RecordLogin(name string, ok bool)
}

// Lockout defaults, as in KalamDB.
const (
	DefaultMaxFailedLogins = 5
	DefaultLockout         = 15 * time.Minute
)

// CatalogUsers authenticates the users of a catalog: SCRAM-SHA-256 against
// each user's stored verifier, dropped users refused, and MaxFailures wrong
// passwords in a row lock a user for LockFor. Failure counts and locks are
// persisted in the catalog, so they survive a restart and show in
// system.users.
type CatalogUsers struct {
	Catalog     *catalog.Catalog
	MaxFailures int           // <= 0: DefaultMaxFailedLogins
	LockFor     time.Duration // <= 0: DefaultLockout
	Now         func() time.Time
}

func (a *CatalogUsers) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// LookupUser implements Authenticator.
func (a *CatalogUsers) LookupUser(name string) (User, bool) {
	u, ok := a.Catalog.Current().User(name)
	if !ok {
		return User{}, false
	}
	pu := User{Name: u.Name, Superuser: catalog.RoleRank(u.Role) >= catalog.RoleRank(catalog.RoleDBA)}
	switch {
	case u.Deleted():
		pu.Refusal = pgerr.New(pgerr.InvalidAuthorization, "role \"%s\" has been dropped and cannot log in", name)
	case u.LockedAt(a.now()):
		pu.Refusal = pgerr.New(pgerr.InvalidAuthorization, "role \"%s\" is locked until %s after too many failed logins",
			name, u.LockedUntil.UTC().Format(time.RFC3339))
	case u.SCRAM != "":
		creds, err := catalog.ParseVerifier(u.SCRAM)
		if err != nil {
			pu.Refusal = pgerr.New(pgerr.InvalidPassword, "password authentication failed for user \"%s\"", name).
				WithDetail("The stored password verifier is malformed.")
			break
		}
		pu.SCRAM = &creds
	}
	return pu, true
}

// RecordLogin implements LoginRecorder. A failure to persist is dropped:
// the login's outcome stands either way.
func (a *CatalogUsers) RecordLogin(name string, ok bool) {
	maxFailures, lockFor := a.MaxFailures, a.LockFor
	if maxFailures <= 0 {
		maxFailures = DefaultMaxFailedLogins
	}
	if lockFor <= 0 {
		lockFor = DefaultLockout
	}
	if u, found := a.Catalog.Current().User(name); ok && found && u.FailedLogins == 0 && u.LockedUntil == nil {
		return // the common case: nothing to write
	}
	now := a.now()
	_ = a.Catalog.Change(context.Background(), func(ch *catalog.Change) error {
		ch.RecordLogin(name, ok, now, maxFailures, lockFor)
		return nil
	})
}
