package pgcatalog

import (
	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

// otherUsers are the catalog's live users other than the bootstrap role,
// which stands for the session's user (see roleName): each is a role of
// its own OID in pg_authid, pg_roles and pg_user. Dropped users are not.
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
