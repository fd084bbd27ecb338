package exec

import (
	"context"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// User management (CREATE/ALTER/DROP USER|ROLE) under KalamDB's role rules:
// only dba and system manage users, a user may change its own password,
// only system creates, alters, drops or grants system users, and root is
// configured by the server (--root-password), not by SQL.

// runUserStmt executes a user-management statement; it returns the
// command tag PostgreSQL uses for either spelling.
func (s *Session) runUserStmt(ctx context.Context, stmt ast.Statement) (string, error) {
	actor, err := s.currentSubject()
	if err != nil {
		return "", err
	}
	switch n := stmt.(type) {
	case *ast.CreateUser:
		return "CREATE ROLE", s.createUser(ctx, actor, n)
	case *ast.AlterUser:
		return "ALTER ROLE", s.alterUser(ctx, actor, n)
	case *ast.DropUser:
		return "DROP ROLE", s.dropUsers(ctx, actor, n)
	}
	return "", pgerr.New(pgerr.InternalError, "unexpected statement %T", stmt)
}

// requireManager fails unless the actor may manage users.
func requireManager(actor subject, verb string) error {
	if catalog.RoleRank(actor.role) < catalog.RoleRank(catalog.RoleDBA) {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to %s role", verb).
			WithDetail("Only users with the dba or system role may manage users.")
	}
	return nil
}

// requireSystemFor fails when a non-system actor touches the system role:
// creating or granting it, or changing or dropping a system user.
func requireSystemFor(actor subject, role, what string) error {
	if role == catalog.RoleSystem && actor.role != catalog.RoleSystem {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to %s", what).
			WithDetail("Only users with the system role may create, change or drop system users.")
	}
	return nil
}

// role normalises a role name from a statement ("" = user).
func parseRole(name string) (string, error) {
	if name == "" {
		return catalog.RoleUser, nil
	}
	role := catalog.NormalizeRole(name)
	if role == "" {
		return "", pgerr.New(pgerr.InvalidParameterValue, "invalid role \"%s\"", name).
			WithHint("Roles are user, service, dba and system.")
	}
	return role, nil
}

// verifier turns a password from a statement into a SCRAM verifier; an
// empty password means none, as in PostgreSQL.
func verifier(pw *string) (string, error) {
	if pw == nil || *pw == "" {
		return "", nil
	}
	return catalog.NewVerifier(*pw)
}

func (s *Session) createUser(ctx context.Context, actor subject, n *ast.CreateUser) error {
	if err := requireManager(actor, "create"); err != nil {
		return err
	}
	role, err := parseRole(n.Role)
	if err != nil {
		return err
	}
	if err := requireSystemFor(actor, role, "create a system user"); err != nil {
		return err
	}
	v, err := verifier(n.Password)
	if err != nil {
		return err
	}
	u := &catalog.User{Name: n.Name, Role: role, Email: n.Email, Metadata: n.Metadata, SCRAM: v}
	return s.eng.catalog.Change(ctx, func(ch *catalog.Change) error { return ch.CreateUser(u) })
}

func (s *Session) alterUser(ctx context.Context, actor subject, n *ast.AlterUser) error {
	if n.Name == catalog.RootUser {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to alter role \"root\"").
			WithHint("root's password is set when the server starts (--root-password or KALAMDB_ROOT_PASSWORD).")
	}
	ownPassword := n.Name == actor.userID && n.Role == nil && n.Email == nil && n.Metadata == nil
	if !ownPassword {
		if err := requireManager(actor, "alter"); err != nil {
			return err
		}
	}
	var edit catalog.UserEdit
	if n.Role != nil {
		role, err := parseRole(*n.Role)
		if err != nil {
			return err
		}
		if err := requireSystemFor(actor, role, "grant the system role"); err != nil {
			return err
		}
		edit.Role = &role
	}
	if n.Password != nil {
		v, err := verifier(n.Password)
		if err != nil {
			return err
		}
		edit.SCRAM = &v
	}
	edit.Email = n.Email
	edit.Metadata = n.Metadata
	return s.eng.catalog.Change(ctx, func(ch *catalog.Change) error {
		u, ok := ch.User(n.Name)
		if !ok || u.Deleted() {
			return pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", n.Name)
		}
		if !ownPassword {
			if err := requireSystemFor(actor, u.Role, "alter a system user"); err != nil {
				return err
			}
		}
		return ch.AlterUser(n.Name, edit)
	})
}

func (s *Session) dropUsers(ctx context.Context, actor subject, n *ast.DropUser) error {
	if err := requireManager(actor, "drop"); err != nil {
		return err
	}
	var notes []*pgerr.Error
	err := s.eng.catalog.Change(ctx, func(ch *catalog.Change) error {
		notes = notes[:0]
		for _, name := range n.Names {
			u, ok := ch.User(name)
			if !ok || u.Deleted() {
				if n.IfExists {
					notes = append(notes, pgerr.New(pgerr.SuccessfulCompletion, "role \"%s\" does not exist, skipping", name))
					continue
				}
				return pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
			}
			switch {
			case name == actor.userID:
				return pgerr.New("55006", "current user cannot be dropped")
			case name == catalog.RootUser:
				return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to drop role \"root\"").
					WithDetail("root is the bootstrap superuser.")
			}
			if err := requireSystemFor(actor, u.Role, "drop a system user"); err != nil {
				return err
			}
			if err := ch.DropUser(name); err != nil {
				return err
			}
		}
		return nil
	})
	return s.noticesAfter(err, notes)
}

// Catalog is the engine's catalog, for the server's authenticator.
func (e *Engine) Catalog() *catalog.Catalog { return e.catalog }
