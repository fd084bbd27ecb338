package exec

import (
	"strconv"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// DML on system.users is user management in table form (KalamDB's
// user-management story): INSERT creates users, UPDATE alters them (and
// SET deleted_at = NULL restores a dropped one), DELETE drops them (a soft
// delete). Each row is carried out by the same code as CREATE/ALTER/DROP
// USER, so the role rules are those of users.go, checked when the plan
// runs (plans are cached and shared between sessions). password is a
// write-only column: it is hashed to a SCRAM verifier and never shown.

// isSystemUsers reports whether a DML target is system.users.
func isSystemUsers(n ast.TableName) bool { return n.Namespace == "system" && n.Name == "users" }

// usersField is a column of system.users that DML can write.
type usersField int

const (
	fieldUserID usersField = iota
	fieldUsername
	fieldPassword
	fieldRole
	fieldEmail
	fieldMetadata
	fieldDeletedAt
	numUsersFields
)

// usersWritable maps writable column names to fields; the INSERT default
// column order is this one, up to email.
var usersWritable = map[string]usersField{
	"user_id": fieldUserID, "username": fieldUsername, "password": fieldPassword,
	"role": fieldRole, "email": fieldEmail, "metadata": fieldMetadata,
	"deleted_at": fieldDeletedAt,
}

func usersFieldType(f usersField) types.Type {
	if f == fieldDeletedAt {
		return types.Timestamptz
	}
	return types.Text
}

// usersColumn resolves a DML column of system.users.
func usersColumn(name string, insert bool) (usersField, error) {
	f, ok := usersWritable[name]
	if ok && !(insert && f == fieldDeletedAt) && !(!insert && (f == fieldUserID || f == fieldUsername)) {
		return f, nil
	}
	if ok || systemTables["users"].hasColumn(name) {
		return 0, pgerr.New(pgerr.FeatureNotSupported, "column \"%s\" of system.users cannot be set", name).
			WithHint("INSERT sets user_id, username, password, role, email and metadata; UPDATE sets password, role, email, metadata and deleted_at (NULL restores).")
	}
	return 0, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"users\" does not exist", name)
}

func (t *systemTable) hasColumn(name string) bool {
	for _, c := range t.columns {
		if c.Name == name {
			return true
		}
	}
	return false
}

func errUsersUnsupported(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported for system.users", what)
}

// usersInsertPlan is INSERT INTO system.users … VALUES.
type usersInsertPlan struct {
	rows [][numUsersFields]*expr.Expr // nil: not given
}

func (*usersInsertPlan) columns() []Column { return nil }

func (p *planner) planUsersInsert(n *ast.Insert) (plan, error) {
	switch {
	case len(n.Returning) > 0:
		return nil, errUsersUnsupported("RETURNING")
	case n.Query != nil:
		return nil, errUsersUnsupported("INSERT … SELECT")
	}
	names := n.Columns
	if len(names) == 0 {
		names = []string{"user_id", "username", "password", "role", "email"}
	}
	fields := make([]usersField, len(names))
	for i, name := range names {
		f, err := usersColumn(name, true)
		if err != nil {
			return nil, err
		}
		for _, prev := range fields[:i] {
			if prev == f {
				return nil, pgerr.New(pgerr.DuplicateColumn, "column \"%s\" specified more than once", name)
			}
		}
		fields[i] = f
	}
	plan := &usersInsertPlan{}
	if n.DefaultValues {
		plan.rows = append(plan.rows, [numUsersFields]*expr.Expr{})
	}
	for _, row := range n.Values {
		if len(row) > len(fields) {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
		}
		if len(row) < len(fields) && len(n.Columns) > 0 {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
		}
		var out [numUsersFields]*expr.Expr
		for i, e := range row {
			if _, isDefault := e.(*ast.Default); isDefault {
				continue
			}
			c, err := expr.CompileAssign(e, types.Text, names[i], &expr.Scope{}, p.params)
			if err != nil {
				return nil, err
			}
			out[fields[i]] = c
		}
		plan.rows = append(plan.rows, out)
	}
	return plan, nil
}

// evalText evaluates a text field: nil when not given or NULL.
func evalText(x *execution, e *expr.Expr, row []types.Value) (*string, error) {
	if e == nil {
		return nil, nil
	}
	v, err := e.Eval(&x.env, row)
	if err != nil || v.IsNull() {
		return nil, err
	}
	s := v.S
	return &s, nil
}

func (p *usersInsertPlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	actor, err := x.sess.currentSubject()
	if err != nil {
		return "", err
	}
	if err := requireManager(actor, "create"); err != nil {
		return "", err
	}
	// Validate every row before creating any, so a bad row creates none.
	cat := x.sess.eng.catalog.Current()
	stmts := make([]*ast.CreateUser, 0, len(p.rows))
	seen := map[string]bool{}
	for _, row := range p.rows {
		var vals [numUsersFields]*string
		for f, e := range row {
			if vals[f], err = evalText(x, e, nil); err != nil {
				return "", err
			}
		}
		name, id := vals[fieldUsername], vals[fieldUserID]
		if name == nil {
			return "", pgerr.New(pgerr.NotNullViolation, "null value in column \"username\" of relation \"users\" violates not-null constraint").
				WithTable("system", "users").WithColumn("username")
		}
		if id != nil && *id != *name {
			return "", pgerr.New(pgerr.InvalidParameterValue, "user_id \"%s\" must equal username \"%s\"", *id, *name).
				WithDetail("KalamDB uses the username as the user id.")
		}
		if _, taken := cat.User(*name); taken || seen[*name] {
			return "", errDuplicateUser(*name)
		}
		seen[*name] = true
		cu := &ast.CreateUser{Name: *name, Password: vals[fieldPassword]}
		if vals[fieldRole] != nil {
			cu.Role = *vals[fieldRole]
		}
		if vals[fieldEmail] != nil {
			cu.Email = *vals[fieldEmail]
		}
		if vals[fieldMetadata] != nil {
			cu.Metadata = *vals[fieldMetadata]
		}
		if _, err := parseRole(cu.Role); err != nil {
			return "", err
		}
		stmts = append(stmts, cu)
	}
	for _, cu := range stmts {
		if err := x.sess.createUser(x.ctx, actor, cu); err != nil {
			if pgerr.From(err).Code == pgerr.DuplicateObject {
				return "", errDuplicateUser(cu.Name)
			}
			return "", err
		}
	}
	return "INSERT 0 " + strconv.Itoa(len(stmts)), nil
}

// errDuplicateUser is INSERT's answer to a taken user id: a unique
// violation, as a table would give, rather than CREATE USER's 42710.
func errDuplicateUser(name string) error {
	return pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint \"users_pkey\"").
		WithDetail("Key (user_id)=("+name+") already exists.").
		WithTable("system", "users").WithConstraint("users_pkey")
}

// usersUpdatePlan is UPDATE system.users SET … [WHERE …]; usersDeletePlan
// is DELETE FROM system.users [WHERE …]. Both match rows of the
// system.users view as the actor sees it.
type usersUpdatePlan struct {
	filter *expr.Expr
	set    [numUsersFields]*expr.Expr
	given  [numUsersFields]bool
}

type usersDeletePlan struct {
	filter *expr.Expr
}

func (*usersUpdatePlan) columns() []Column { return nil }
func (*usersDeletePlan) columns() []Column { return nil }

// usersScope is system.users' columns as an expression scope.
func usersScope(alias string) *expr.Scope {
	return scopeOf(newSystemTableRel("users", systemTables["users"], alias).cols, nil)
}

func (p *planner) planUsersUpdate(n *ast.Update) (plan, error) {
	if len(n.Returning) > 0 {
		return nil, errUsersUnsupported("RETURNING")
	}
	scope := usersScope(n.Alias)
	plan := &usersUpdatePlan{}
	for _, a := range n.Set {
		f, err := usersColumn(a.Column, false)
		if err != nil {
			return nil, err
		}
		if plan.given[f] {
			return nil, pgerr.New(pgerr.SyntaxError, "multiple assignments to same column \"%s\"", a.Column)
		}
		plan.given[f] = true
		if _, isDefault := a.Value.(*ast.Default); isDefault {
			continue // DEFAULT is NULL for every writable column
		}
		if plan.set[f], err = expr.CompileAssign(a.Value, usersFieldType(f), a.Column, scope, p.params); err != nil {
			return nil, err
		}
	}
	var err error
	if n.Where != nil {
		if plan.filter, err = p.compileCondition(n.Where, scope, "WHERE"); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

func (p *planner) planUsersDelete(n *ast.Delete) (plan, error) {
	if len(n.Returning) > 0 {
		return nil, errUsersUnsupported("RETURNING")
	}
	plan := &usersDeletePlan{}
	var err error
	if n.Where != nil {
		if plan.filter, err = p.compileCondition(n.Where, usersScope(n.Alias), "WHERE"); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// matchingUsers returns the system.users rows the filter accepts.
func matchingUsers(x *execution, filter *expr.Expr) ([][]types.Value, error) {
	var out [][]types.Value
	for _, row := range usersRows(x) {
		if filter != nil {
			v, err := filter.Eval(&x.env, row)
			if err != nil {
				return nil, err
			}
			if !v.Bool() {
				continue
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// Positions of system.users columns in a usersRows row.
const (
	usersColName      = 1
	usersColDeletedAt = 5
)

func (p *usersUpdatePlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	actor, err := x.sess.currentSubject()
	if err != nil {
		return "", err
	}
	if err := requireManager(actor, "alter"); err != nil {
		return "", err
	}
	rows, err := matchingUsers(x, p.filter)
	if err != nil {
		return "", err
	}
	for _, row := range rows {
		if err := p.updateOne(x, actor, row); err != nil {
			return "", err
		}
	}
	return "UPDATE " + strconv.Itoa(len(rows)), nil
}

// updateOne applies the SET list to one user: a restore first (so the
// user can then be altered), the edits, a drop last.
func (p *usersUpdatePlan) updateOne(x *execution, actor subject, row []types.Value) error {
	name := row[usersColName].S
	deleted := !row[usersColDeletedAt].IsNull()
	drop := false
	if p.given[fieldDeletedAt] {
		var v types.Value
		if e := p.set[fieldDeletedAt]; e != nil {
			var err error
			if v, err = e.Eval(&x.env, row); err != nil {
				return err
			}
		}
		switch {
		case v.IsNull() && deleted:
			if err := x.sess.restoreUser(x, actor, name); err != nil {
				return err
			}
		case !v.IsNull() && !deleted:
			drop = true
		}
	}
	edit := &ast.AlterUser{Name: name}
	empty := ""
	for _, f := range []usersField{fieldPassword, fieldRole, fieldEmail, fieldMetadata} {
		if !p.given[f] {
			continue
		}
		s, err := evalText(x, p.set[f], row)
		if err != nil {
			return err
		}
		if s == nil {
			if f == fieldRole {
				return pgerr.New(pgerr.NotNullViolation, "null value in column \"role\" of relation \"users\" violates not-null constraint").
					WithTable("system", "users").WithColumn("role")
			}
			s = &empty // no password, email or metadata
		}
		switch f {
		case fieldPassword:
			edit.Password = s
		case fieldRole:
			edit.Role = s
		case fieldEmail:
			edit.Email = s
		case fieldMetadata:
			edit.Metadata = s
		}
	}
	if edit.Password != nil || edit.Role != nil || edit.Email != nil || edit.Metadata != nil {
		if err := x.sess.alterUser(x.ctx, actor, edit); err != nil {
			return err
		}
	}
	if drop {
		return x.sess.dropUsers(x.ctx, actor, &ast.DropUser{Names: []string{name}})
	}
	return nil
}

// restoreUser undoes a DROP USER under the rules of dropping one.
func (s *Session) restoreUser(x *execution, actor subject, name string) error {
	return s.eng.catalog.Change(x.ctx, func(ch *catalog.Change) error {
		u, ok := ch.User(name)
		if !ok {
			return pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
		}
		if err := requireSystemFor(actor, u.Role, "restore a system user"); err != nil {
			return err
		}
		return ch.RestoreUser(name)
	})
}

func (p *usersDeletePlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	actor, err := x.sess.currentSubject()
	if err != nil {
		return "", err
	}
	if err := requireManager(actor, "drop"); err != nil {
		return "", err
	}
	rows, err := matchingUsers(x, p.filter)
	if err != nil {
		return "", err
	}
	var names []string
	for _, row := range rows {
		if row[usersColDeletedAt].IsNull() { // dropped ones are gone already
			names = append(names, row[usersColName].S)
		}
	}
	if len(names) > 0 {
		if err := x.sess.dropUsers(x.ctx, actor, &ast.DropUser{Names: names}); err != nil {
			return "", err
		}
	}
	return "DELETE " + strconv.Itoa(len(names)), nil
}
