package catalog

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xdg-go/scram"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// metaUserPrefix keys a user's record: catalog/user/<name>.
const metaUserPrefix = "catalog/user/"

// rootOID is root's pg_authid OID: PostgreSQL's bootstrap superuser.
const rootOID = 10

// Users lists every user, deleted ones included, sorted by name. Root is
// always first-class: it is listed even before it was persisted.
func (s *Snapshot) Users() []*User {
	out := make([]*User, 0, len(s.users)+1)
	for _, u := range s.users {
		out = append(out, u)
	}
	if _, ok := s.users[RootUser]; !ok {
		root, _ := s.User(RootUser)
		out = append(out, root)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Deleted reports whether the user was dropped (soft delete).
func (u *User) Deleted() bool { return u.DeletedAt != nil }

// LockedAt reports whether failed logins have locked the user at now.
func (u *User) LockedAt(now time.Time) bool {
	return u.LockedUntil != nil && now.Before(*u.LockedUntil)
}

// NormalizeRole maps a role name or one of KalamDB's aliases (admin = dba,
// developer/analyst = service, viewer/readonly = user) to a role; "" when
// the name is no role.
func NormalizeRole(name string) string {
	switch strings.ToLower(name) {
	case RoleUser, "viewer", "readonly":
		return RoleUser
	case RoleService, "developer", "analyst":
		return RoleService
	case RoleDBA, "admin":
		return RoleDBA
	case RoleSystem:
		return RoleSystem
	}
	return ""
}

func loadUsers(rd *storage.Snapshot, snap *Snapshot) error {
	return rd.MetaScan(metaUserPrefix, func(key string, val []byte) error {
		u := &User{}
		if err := json.Unmarshal(val, u); err != nil {
			return fmt.Errorf("catalog: %s: %w", key, err)
		}
		snap.users[u.Name] = u
		return nil
	})
}

// putUser records u (a fresh value: snapshots share *User and never
// change one in place).
func (ch *Change) putUser(u *User) {
	ch.users[u.Name] = u
	raw, _ := json.Marshal(u)
	ch.Batch.PutMeta(metaUserPrefix+u.Name, raw)
}

// editUser returns a copy of the named user for a change to modify and
// put back; 42704 when there is no such user (deleted ones included).
func (ch *Change) editUser(name string) (*User, error) {
	u, ok := ch.User(name)
	if !ok {
		return nil, pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	cp := *u
	return &cp, nil
}

// CreateUser adds u, assigning its ID (the username, as in KalamDB), OID
// and creation time. A name taken by a live or dropped user is 42710.
func (ch *Change) CreateUser(u *User) error {
	if old, ok := ch.User(u.Name); ok {
		err := pgerr.New(pgerr.DuplicateObject, "role \"%s\" already exists", u.Name)
		if old.Deleted() {
			err = err.WithDetail("The user was dropped at " + old.DeletedAt.UTC().Format(time.RFC3339) +
				"; its data is kept until it is purged.")
		}
		return err
	}
	if NormalizeRole(u.Role) != u.Role {
		return pgerr.New(pgerr.InvalidParameterValue, "invalid role \"%s\"", u.Role).
			WithHint("Roles are user, service, dba and system.")
	}
	if err := checkMetadata(u.Metadata); err != nil {
		return err
	}
	cp := *u
	cp.ID = u.Name
	cp.OID = ch.allocOID()
	cp.CreatedAt = time.Now().UTC()
	ch.putUser(&cp)
	*u = cp
	return nil
}

// UserEdit is a partial update of a user: nil fields are left alone.
type UserEdit struct {
	SCRAM *string
	Role  *string
	Email *string
	// Metadata replaces the user's JSON metadata; "" clears it.
	Metadata *string
}

// checkMetadata validates user metadata as json (22P02 when invalid); ""
// means none.
func checkMetadata(s string) error {
	if s == "" {
		return nil
	}
	_, err := types.NormalizeJSON(s, types.JSON)
	return err
}

// AlterUser applies e to the named user.
func (ch *Change) AlterUser(name string, e UserEdit) error {
	u, err := ch.editUser(name)
	if err != nil {
		return err
	}
	if e.SCRAM != nil {
		u.SCRAM = *e.SCRAM
	}
	if e.Role != nil {
		if NormalizeRole(*e.Role) != *e.Role {
			return pgerr.New(pgerr.InvalidParameterValue, "invalid role \"%s\"", *e.Role)
		}
		u.Role = *e.Role
	}
	if e.Email != nil {
		u.Email = *e.Email
	}
	if e.Metadata != nil {
		if err := checkMetadata(*e.Metadata); err != nil {
			return err
		}
		u.Metadata = *e.Metadata
	}
	ch.putUser(u)
	return nil
}

// DropUser soft-deletes a user: deleted_at is set, logins are refused, its
// data stays until a purge. Dropping a dropped user is 42704.
func (ch *Change) DropUser(name string) error {
	u, err := ch.editUser(name)
	if err != nil || u.Deleted() {
		return pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	now := time.Now().UTC()
	u.DeletedAt = &now
	ch.putUser(u)
	return nil
}

// RestoreUser undoes DropUser.
func (ch *Change) RestoreUser(name string) error {
	u, err := ch.editUser(name)
	if err != nil {
		return err
	}
	u.DeletedAt = nil
	ch.putUser(u)
	return nil
}

// BootstrapRoot persists root (role system, OID 10) with the verifier the
// server was started with ("" = no password), keeping its history.
func (ch *Change) BootstrapRoot(verifier string) {
	u, _ := ch.editUser(RootUser)
	u.Role, u.OID, u.SCRAM, u.DeletedAt = RoleSystem, rootOID, verifier, nil
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	ch.putUser(u)
}

// RecordLogin notes a login attempt's outcome. A success clears the
// failure count and lock; the maxFailures-th failure in a row locks the
// user until now+lockFor. A failure after an expired lock starts counting
// afresh. It reports whether anything changed.
func (ch *Change) RecordLogin(name string, ok bool, now time.Time, maxFailures int, lockFor time.Duration) bool {
	u, err := ch.editUser(name)
	if err != nil {
		return false
	}
	if ok {
		if u.FailedLogins == 0 && u.LockedUntil == nil {
			return false
		}
		u.FailedLogins, u.LockedUntil = 0, nil
	} else {
		if u.LockedUntil != nil && !u.LockedAt(now) {
			u.FailedLogins, u.LockedUntil = 0, nil
		}
		u.FailedLogins++
		if maxFailures > 0 && u.FailedLogins >= maxFailures {
			until := now.Add(lockFor).UTC()
			u.LockedUntil = &until
		}
	}
	ch.putUser(u)
	return true
}

// scramIterations is PostgreSQL's default scram_iterations.
const scramIterations = 4096

// NewVerifier derives a SCRAM-SHA-256 verifier with a random salt from a
// password, in PostgreSQL's pg_authid.rolpassword form (RFC 5803):
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>.
func NewVerifier(password string) (string, error) {
	client, err := scram.SHA256.NewClient("", password, "")
	if err != nil {
		return "", pgerr.New(pgerr.InvalidParameterValue, "invalid password: %v", err)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	c, err := client.GetStoredCredentialsWithError(scram.KeyFactors{Salt: string(salt), Iters: scramIterations})
	if err != nil {
		return "", err
	}
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", c.Iters, b64([]byte(c.Salt)), b64(c.StoredKey), b64(c.ServerKey)), nil
}

// ParseVerifier decodes a verifier made by NewVerifier.
func ParseVerifier(v string) (scram.StoredCredentials, error) {
	var c scram.StoredCredentials
	bad := fmt.Errorf("catalog: malformed SCRAM verifier")
	rest, ok := strings.CutPrefix(v, "SCRAM-SHA-256$")
	if !ok {
		return c, bad
	}
	factors, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return c, bad
	}
	iters, salt, ok1 := strings.Cut(factors, ":")
	stored, server, ok2 := strings.Cut(keys, ":")
	if !ok1 || !ok2 {
		return c, bad
	}
	n, err := strconv.Atoi(iters)
	if err != nil || n <= 0 {
		return c, bad
	}
	dec := base64.StdEncoding.DecodeString
	s, err1 := dec(salt)
	sk, err2 := dec(stored)
	svk, err3 := dec(server)
	if err1 != nil || err2 != nil || err3 != nil {
		return c, bad
	}
	c.KeyFactors = scram.KeyFactors{Salt: string(s), Iters: n}
	c.StoredKey, c.ServerKey = sk, svk
	return c, nil
}
