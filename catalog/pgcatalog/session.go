package pgcatalog

import (
	"strings"
	"sync"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

func init() {
	register("pg_catalog", "pg_database", databaseRows)
	register("pg_catalog", "pg_authid", func(ctx *Context) ([][]types.Value, error) { return roleRows(ctx, authidTpl()) })
	register("pg_catalog", "pg_roles", func(ctx *Context) ([][]types.Value, error) { return roleRows(ctx, rolesTpl()) })
	register("pg_catalog", "pg_user", func(ctx *Context) ([][]types.Value, error) { return userRows(ctx, userTpl()) })
	register("pg_catalog", "pg_shadow", func(ctx *Context) ([][]types.Value, error) { return userRows(ctx, shadowTpl()) })
	register("pg_catalog", "pg_stat_activity", activityRows)
	register("pg_catalog", "pg_settings", settingsRows)
}

// roleName is the bootstrap role's name. OID 10 is always root, whoever
// is logged in, so pg_get_userbyid(10), ::regrole and the owner columns
// agree and root never disappears from pg_roles; every other user is a
// role of its own OID (roles.go).
func (ctx *Context) roleName() string { return catalog.RootUser }

func (ctx *Context) databaseName() string {
	if ctx.Database != "" {
		return ctx.Database
	}
	return "kalamdb"
}

// databaseTpl is the one database: UTF8 (encoding 6), C locale, libc
// provider, in pg_default.
var databaseTpl = newTemplate("pg_catalog", "pg_database", map[string]string{
	"oid": "5", "datdba": "10", "encoding": "6", "datlocprovider": "c", "datistemplate": "f",
	"datallowconn": "t", "datconnlimit": "-1", "datfrozenxid": "0", "datminmxid": "1",
	"dattablespace": "1663", "datcollate": "C", "datctype": "C",
})

func databaseRows(ctx *Context) ([][]types.Value, error) {
	tpl := databaseTpl()
	row := tpl.row()
	tpl.str(row, "datname", ctx.databaseName())
	return [][]types.Value{row}, nil
}

// roleFlags are the bootstrap superuser's attributes in pg_authid/pg_roles.
var roleFlags = map[string]string{
	"oid": "10", "rolsuper": "t", "rolinherit": "t", "rolcreaterole": "t", "rolcreatedb": "t",
	"rolcanlogin": "t", "rolreplication": "t", "rolbypassrls": "t", "rolconnlimit": "-1",
}

var (
	authidTpl = newTemplate("pg_catalog", "pg_authid", roleFlags)
	rolesTpl  = newTemplate("pg_catalog", "pg_roles", withColumn(roleFlags, "rolpassword", "********"))
)

// withColumn is a copy of the template text m with column k set to v.
func withColumn(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for key, val := range m {
		out[key] = val
	}
	return out
}

// roleRows: the bootstrap role, named after the session user, then the
// catalog's other users (roles.go).
func roleRows(ctx *Context, tpl *rowTemplate) ([][]types.Value, error) {
	row := tpl.row()
	tpl.str(row, "rolname", ctx.roleName())
	rows := [][]types.Value{row}
	for _, u := range ctx.otherUsers() {
		rows = append(rows, userRoleRow(tpl, u))
	}
	return rows, nil
}

var userFlags = map[string]string{
	"usesysid": "10", "usecreatedb": "t", "usesuper": "t", "userepl": "t", "usebypassrls": "t",
}

var (
	userTpl   = newTemplate("pg_catalog", "pg_user", withColumn(userFlags, "passwd", "********"))
	shadowTpl = newTemplate("pg_catalog", "pg_shadow", userFlags)
)

func userRows(ctx *Context, tpl *rowTemplate) ([][]types.Value, error) {
	row := tpl.row()
	tpl.str(row, "usename", ctx.roleName())
	rows := [][]types.Value{row}
	for _, u := range ctx.otherUsers() {
		rows = append(rows, userUserRow(tpl, u))
	}
	return rows, nil
}

var activityTpl = newTemplate("pg_catalog", "pg_stat_activity", map[string]string{
	"datid": "5", "state": "active", "backend_type": "client backend",
})

// activityRows: the session asking (other sessions are not visible yet).
func activityRows(ctx *Context) ([][]types.Value, error) {
	tpl := activityTpl()
	row := tpl.row()
	tpl.str(row, "datname", ctx.databaseName())
	tpl.int(row, "pid", int64(ctx.ProcessID))
	name, oid := ctx.sessionUser()
	tpl.str(row, "usename", name)
	tpl.int(row, "usesysid", int64(oid))
	app := ""
	if ctx.Setting != nil {
		app, _ = ctx.Setting("application_name")
	}
	tpl.str(row, "application_name", app)
	return [][]types.Value{row}, nil
}

// settingsRows: every parameter the session knows, plus PostgreSQL's
// read-only compile-time parameters (context "internal": max_index_keys,
// block_size …). Descriptions, units, ranges and categories come from the
// generated PostgreSQL 15 pg_settings; unknown parameters (custom ones
// such as kalam.user_id) read as user-settable strings.
func settingsRows(ctx *Context) ([][]types.Value, error) {
	meta, err := settingsMeta()
	if err != nil {
		return nil, err
	}
	rel := mustLookup("pg_catalog", "pg_settings")
	nameCol, ctxCol, bootCol := rel.ColumnIndex("name"), rel.ColumnIndex("context"), rel.ColumnIndex("boot_val")
	seen := map[string]bool{}
	var names []string
	if ctx.Settings != nil {
		for _, n := range ctx.Settings() {
			if !seen[strings.ToLower(n)] {
				seen[strings.ToLower(n)] = true
				names = append(names, n)
			}
		}
	}
	for _, m := range meta.rows {
		if n := m[nameCol].S; m[ctxCol].S == "internal" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			names = append(names, n)
		}
	}
	tpl := settingTpl()
	out := make([][]types.Value, 0, len(names))
	for _, n := range names {
		var row []types.Value
		if m, ok := meta.byName[strings.ToLower(n)]; ok {
			row = append([]types.Value(nil), m...)
		} else {
			row = tpl.row()
			tpl.str(row, "name", n)
		}
		value, ok := "", false
		if ctx.Setting != nil {
			if value, ok = ctx.Setting(n); !ok {
				value, ok = ctx.Setting(strings.ToLower(n))
			}
		}
		if !ok {
			value = row[bootCol].S
		}
		tpl.str(row, "setting", value)
		tpl.str(row, "reset_val", value)
		tpl.str(row, "source", "default")
		tpl.bool(row, "pending_restart", false)
		out = append(out, row)
	}
	return out, nil
}

// settingTpl is a parameter PostgreSQL does not know.
var settingTpl = newTemplate("pg_catalog", "pg_settings", map[string]string{
	"category": "Customized Options", "short_desc": "", "context": "user", "vartype": "string",
})

type settingsIndex struct {
	rows   [][]types.Value
	byName map[string][]types.Value // lower-case name
}

var settingsCache struct {
	once sync.Once
	idx  *settingsIndex
	err  error
}

// settingsMeta is the generated PostgreSQL 15 pg_settings metadata, as
// pg_settings rows without values.
func settingsMeta() (*settingsIndex, error) {
	settingsCache.once.Do(func() {
		rel := mustLookup("pg_catalog", "pg_settings")
		rows, err := decodeStaticFile(rel, "settings")
		if err != nil {
			settingsCache.err = err
			return
		}
		idx := &settingsIndex{rows: rows, byName: make(map[string][]types.Value, len(rows))}
		name := rel.ColumnIndex("name")
		for _, r := range rows {
			idx.byName[strings.ToLower(r[name].S)] = r
		}
		settingsCache.idx = idx
	})
	return settingsCache.idx, settingsCache.err
}
