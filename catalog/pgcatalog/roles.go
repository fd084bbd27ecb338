package pgcatalog

import (
	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

// otherUsers are the catalog's live users other than root, the bootstrap
// role (see roleName): each is a role of its own OID in pg_authid,
// pg_roles and pg_user. Dropped users are not.
func (ctx *Context) otherUsers() []*catalog.User {
	if ctx.Catalog == nil {
		return nil
	}
	var out []*catalog.User
	for _, u := range ctx.Catalog.Users() {
		if !u.Deleted() && u.Name != ctx.roleName() && u.OID != BootstrapRoleOID {
			out = append(out, u)
		}
	}
	return out
}

// sessionUser is the session's user and its role OID: the bootstrap OID
// for root (or no user), the catalog's OID for another live user, and 0
// (PostgreSQL's InvalidOid) for a name the catalog does not know.
func (ctx *Context) sessionUser() (string, uint32) {
	if ctx.User == "" || ctx.User == catalog.RootUser {
		return catalog.RootUser, BootstrapRoleOID
	}
	if ctx.Catalog != nil {
		if u, ok := ctx.Catalog.User(ctx.User); ok && !u.Deleted() {
			return u.Name, u.OID
		}
	}
	return ctx.User, 0
}

// roleByOID is the name of the role with the given OID: root for the
// bootstrap OID, otherwise a live catalog user's.
func (ctx *Context) roleByOID(oid uint32) (string, bool) {
	if oid == BootstrapRoleOID {
		return ctx.roleName(), true
	}
	for _, u := range ctx.otherUsers() {
		if u.OID == oid {
			return u.Name, true
		}
	}
	return "", false
}

// roleOID is the OID of the role named name (root or a live catalog user).
func (ctx *Context) roleOID(name string) (uint32, bool) {
	if name == ctx.roleName() {
		return BootstrapRoleOID, true
	}
	if ctx.Catalog != nil {
		if u, ok := ctx.Catalog.User(name); ok && !u.Deleted() {
			return u.OID, true
		}
	}
	return 0, false
}

// userRoleRow is u's pg_authid/pg_roles row: system users are superusers,
// dba users may create roles and databases; the password never shows.
func userRoleRow(tpl *rowTemplate, u *catalog.User) []types.Value {
	row := tpl.row()
	super := u.Role == catalog.RoleSystem
	manager := catalog.RoleRank(u.Role) >= catalog.RoleRank(catalog.RoleDBA)
	tpl.str(row, "rolname", u.Name)
	tpl.int(row, "oid", int64(u.OID))
	tpl.bool(row, "rolsuper", super)
	tpl.bool(row, "rolcreaterole", manager)
	tpl.bool(row, "rolcreatedb", manager)
	tpl.bool(row, "rolreplication", super)
	tpl.bool(row, "rolbypassrls", super)
	return row
}

// userUserRow is u's pg_user/pg_shadow row.
func userUserRow(tpl *rowTemplate, u *catalog.User) []types.Value {
	row := tpl.row()
	super := u.Role == catalog.RoleSystem
	tpl.str(row, "usename", u.Name)
	tpl.int(row, "usesysid", int64(u.OID))
	tpl.bool(row, "usesuper", super)
	tpl.bool(row, "usecreatedb", catalog.RoleRank(u.Role) >= catalog.RoleRank(catalog.RoleDBA))
	tpl.bool(row, "userepl", super)
	tpl.bool(row, "usebypassrls", super)
	return row
}
