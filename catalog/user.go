package catalog

import "time"

// Roles, from least to most privileged (DESIGN §3).
const (
	RoleUser    = "user"
	RoleService = "service"
	RoleDBA     = "dba"
	RoleSystem  = "system"
)

// RootUser is the bootstrapped system user.
const RootUser = "root"

// User is a login. Passwords are kept only as SCRAM-SHA-256 verifiers.
type User struct {
	ID    string `json:"user_id"`
	Name  string `json:"username"`
	Role  string `json:"role"`
	Email string `json:"email,omitempty"`
	// Metadata is free-form JSON text kept as written (validated as json
	// on every write); "" means none.
	Metadata     string     `json:"metadata,omitempty"`
	OID          uint32     `json:"oid"`
	SCRAM        string     `json:"scram,omitempty"` // RFC 5803 verifier; "" = no password
	CreatedAt    time.Time  `json:"created_at"`
	DeletedAt    *time.Time `json:"deleted_at,omitempty"` // soft-deleted: login refused, data kept
	FailedLogins int        `json:"failed_logins,omitempty"`
	LockedUntil  *time.Time `json:"locked_until,omitempty"`
}

// User finds a user by name. Root exists even before any user was created.
func (s *Snapshot) User(name string) (*User, bool) {
	if u, ok := s.users[name]; ok {
		return u, true
	}
	if name == RootUser {
		return &User{ID: RootUser, Name: RootUser, Role: RoleSystem, OID: 10}, true
	}
	return nil, false
}

// RoleRank orders roles: user < service < dba < system (0 for unknown).
func RoleRank(role string) int {
	switch role {
	case RoleUser:
		return 1
	case RoleService:
		return 2
	case RoleDBA:
		return 3
	case RoleSystem:
		return 4
	}
	return 0
}
