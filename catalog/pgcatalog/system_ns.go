package pgcatalog

import (
	"slices"
	"sort"

	"github.com/kalamdb/kalamdb/types"
)

// KalamDB's own system namespace (system.users, system.tables …) shown in
// pg_catalog and information_schema, so psql's \dv system.* and \d and
// JDBC's getTables/getColumns see what a query can read. The relations
// themselves are computed in exec; Context.SystemRelations lists them.
//
// OIDs: PostgreSQL 15's initdb hands out OIDs upward from 12000 and ends
// below 14000; user objects start at 16384. The system namespace and its
// relations take 16000 and up, a range neither uses. A relation's OID is
// its rank in name order, so it is stable for one build of the server
// (adding a system relation may renumber those sorted after it).
const (
	// KalamSystemNamespace is the name of KalamDB's system namespace.
	KalamSystemNamespace = "system"
	// KalamSystemNamespaceOID is its pg_namespace.oid.
	KalamSystemNamespaceOID = 16000
	firstSystemRelationOID  = KalamSystemNamespaceOID + 1
	lastSystemRelationOID   = 16383
)

// SystemRelation is one relation of the system namespace: a read-only
// view to clients (relkind 'v').
type SystemRelation struct {
	Name    string
	Columns []Column
}

// systemRelation is a SystemRelation with its allocated OID.
type systemRelation struct {
	SystemRelation
	oid uint32
}

// systemRelations lists the system namespace's relations in name order
// with their OIDs; none when the session has no SystemRelations hook.
func (ctx *Context) systemRelations() []systemRelation {
	if ctx.SystemRelations == nil {
		return nil
	}
	rels := slices.Clone(ctx.SystemRelations())
	sort.Slice(rels, func(i, j int) bool { return rels[i].Name < rels[j].Name })
	out := make([]systemRelation, 0, len(rels))
	for i, r := range rels {
		oid := uint32(firstSystemRelationOID + i)
		if oid > lastSystemRelationOID {
			break
		}
		out = append(out, systemRelation{SystemRelation: r, oid: oid})
	}
	return out
}

// systemRelationByName finds a system relation by name.
func (ctx *Context) systemRelationByName(name string) (systemRelation, bool) {
	for _, r := range ctx.systemRelations() {
		if r.Name == name {
			return r, true
		}
	}
	return systemRelation{}, false
}

// systemRelationByOID finds a system relation by OID.
func (ctx *Context) systemRelationByOID(oid uint32) (systemRelation, bool) {
	if oid < firstSystemRelationOID || oid > lastSystemRelationOID {
		return systemRelation{}, false
	}
	for _, r := range ctx.systemRelations() {
		if r.oid == oid {
			return r, true
		}
	}
	return systemRelation{}, false
}

// viewClassTpl is pg_class as PostgreSQL 15 fills it for a view, minus
// its row type (reltype 0) and rewrite rule (relhasrules f: there is no
// pg_rewrite row to find).
var viewClassTpl = newTemplate("pg_catalog", "pg_class", map[string]string{
	"reltype": "0", "reloftype": "0", "relowner": "10", "relam": "0", "relfilenode": "0",
	"reltablespace": "0", "relpages": "0", "reltuples": "-1", "relallvisible": "0",
	"reltoastrelid": "0", "relhasindex": "f", "relisshared": "f", "relpersistence": "p",
	"relkind": "v", "relchecks": "0", "relhasrules": "f", "relhastriggers": "f",
	"relhassubclass": "f", "relrowsecurity": "f", "relforcerowsecurity": "f",
	"relispopulated": "t", "relreplident": "n", "relispartition": "f", "relrewrite": "0",
	"relfrozenxid": "0", "relminmxid": "0",
})

// systemNamespaceRow is pg_namespace's row for the system namespace, or
// nil when the session has no system relations.
func systemNamespaceRow(ctx *Context, tpl *rowTemplate) []types.Value {
	if ctx.SystemRelations == nil {
		return nil
	}
	row := tpl.row()
	tpl.int(row, "oid", KalamSystemNamespaceOID)
	tpl.str(row, "nspname", KalamSystemNamespace)
	return row
}

// systemClassRows are pg_class's rows for the system relations.
func systemClassRows(ctx *Context) [][]types.Value {
	tpl := viewClassTpl()
	var out [][]types.Value
	for _, r := range ctx.systemRelations() {
		row := tpl.row()
		tpl.int(row, "oid", int64(r.oid))
		tpl.str(row, "relname", r.Name)
		tpl.int(row, "relnamespace", KalamSystemNamespaceOID)
		tpl.int(row, "relnatts", int64(len(r.Columns)))
		out = append(out, row)
	}
	return out
}

// systemAttributeRows are pg_attribute's rows for the system relations'
// columns (nullable, no defaults).
func systemAttributeRows(ctx *Context, tpl *rowTemplate) [][]types.Value {
	var out [][]types.Value
	for _, r := range ctx.systemRelations() {
		for i, c := range r.Columns {
			out = append(out, typedAttributeRow(tpl, r.oid, c.Name, c.Type, i+1))
		}
	}
	return out
}

// systemInfoTableRows are information_schema.tables' rows for the system
// relations: read-only views.
func systemInfoTableRows(ctx *Context, tpl *rowTemplate) [][]types.Value {
	var out [][]types.Value
	for _, r := range ctx.systemRelations() {
		row := tpl.row()
		tpl.str(row, "table_catalog", ctx.databaseName())
		tpl.str(row, "table_schema", KalamSystemNamespace)
		tpl.str(row, "table_name", r.Name)
		tpl.str(row, "table_type", "VIEW")
		tpl.str(row, "is_insertable_into", "NO")
		out = append(out, row)
	}
	return out
}

// systemInfoColumnRows are information_schema.columns' rows for the
// system relations' columns.
func systemInfoColumnRows(ctx *Context, tpl *rowTemplate) [][]types.Value {
	var out [][]types.Value
	db := ctx.databaseName()
	for _, r := range ctx.systemRelations() {
		for i, c := range r.Columns {
			row := infoColumnRow(tpl, db, KalamSystemNamespace, r.Name, c.Name, c.Type, i+1)
			tpl.str(row, "is_nullable", "YES")
			tpl.str(row, "is_updatable", "NO")
			out = append(out, row)
		}
	}
	return out
}
