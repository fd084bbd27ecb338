package pgcatalog

import (
	"sort"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

// Fixed OIDs of objects that are not in our catalog.
const (
	// BootstrapRoleOID owns everything (pg_authid's bootstrap superuser).
	BootstrapRoleOID = 10
	// DatabaseOID is pg_database.oid of the one database. It is the OID
	// initdb gives the "postgres" database, below the range the catalog
	// allocates from (16384), so it never equals a namespace or table OID.
	DatabaseOID = 5
	// PgCatalogOID is pg_catalog's namespace OID.
	PgCatalogOID = 11
)

// SystemNamespaceOID is the OID of pg_catalog, pg_toast or
// information_schema as the generated pg_namespace rows have it
// (information_schema's is assigned by initdb: 13207 in 15.x builds).
func SystemNamespaceOID(name string) (uint32, bool) {
	ns := mustLookup("pg_catalog", "pg_namespace")
	rows, err := staticRows(ns)
	if err != nil {
		return 0, false
	}
	oid, nspname := ns.ColumnIndex("oid"), ns.ColumnIndex("nspname")
	for _, row := range rows {
		if row[nspname].S == name {
			return uint32(row[oid].I), true
		}
	}
	return 0, false
}

// IndexOID is the OID of a table's primary-key index (pg_class,
// pg_index.indexrelid) and of its constraint (pg_constraint.oid): the
// catalog reserves table.OID+1 for it. PostgreSQL's OIDs are unique per
// catalog, so sharing one between pg_class and pg_constraint is allowed.
func IndexOID(t *catalog.Table) uint32 { return t.OID + 1 }

func init() {
	register("pg_catalog", "pg_namespace", namespaceRows)
	register("pg_catalog", "pg_class", classRows)
}

var namespaceTpl = newTemplate("pg_catalog", "pg_namespace", map[string]string{
	"nspowner": "10",
})

// namespaceRows: the system namespaces (generated), ours, then KalamDB's
// system namespace.
func namespaceRows(ctx *Context) ([][]types.Value, error) {
	static, err := staticRows(mustLookup("pg_catalog", "pg_namespace"))
	if err != nil {
		return nil, err
	}
	tpl := namespaceTpl()
	out := append([][]types.Value(nil), static...)
	for _, ns := range ctx.Catalog.Namespaces() {
		row := tpl.row()
		tpl.int(row, "oid", int64(ns.OID))
		tpl.str(row, "nspname", ns.Name)
		out = append(out, row)
	}
	if row := systemNamespaceRow(ctx, tpl); row != nil {
		out = append(out, row)
	}
	return out, nil
}

// tableClassTpl is pg_class as PostgreSQL 15 fills it for a fresh heap
// table, minus the composite row type (we have none: reltype 0).
var tableClassTpl = newTemplate("pg_catalog", "pg_class", map[string]string{
	"reltype": "0", "reloftype": "0", "relowner": "10", "relam": "2", "reltablespace": "0",
	"relpages": "0", "reltuples": "-1", "relallvisible": "0", "reltoastrelid": "0",
	"relisshared": "f", "relpersistence": "p", "relkind": "r", "relchecks": "0",
	"relhasrules": "f", "relhastriggers": "f", "relhassubclass": "f", "relrowsecurity": "f",
	"relforcerowsecurity": "f", "relispopulated": "t", "relreplident": "d", "relispartition": "f",
	"relrewrite": "0", "relfrozenxid": "0", "relminmxid": "1",
})

// indexClassTpl is pg_class for a fresh btree primary-key index.
var indexClassTpl = newTemplate("pg_catalog", "pg_class", map[string]string{
	"reltype": "0", "reloftype": "0", "relowner": "10", "relam": "403", "reltablespace": "0",
	"relpages": "1", "reltuples": "0", "relallvisible": "0", "reltoastrelid": "0",
	"relhasindex": "f", "relisshared": "f", "relpersistence": "p", "relkind": "i", "relchecks": "0",
	"relhasrules": "f", "relhastriggers": "f", "relhassubclass": "f", "relrowsecurity": "f",
	"relforcerowsecurity": "f", "relispopulated": "t", "relreplident": "n", "relispartition": "f",
	"relrewrite": "0", "relfrozenxid": "0", "relminmxid": "0",
})

// classRows: the system relations (generated), each of our tables and its
// primary-key index, our sequences, then KalamDB's system relations.
func classRows(ctx *Context) ([][]types.Value, error) {
	static, err := staticRows(mustLookup("pg_catalog", "pg_class"))
	if err != nil {
		return nil, err
	}
	out := append([][]types.Value(nil), static...)
	tt, it := tableClassTpl(), indexClassTpl()
	for _, t := range ctx.Catalog.Tables("") {
		nsOID := namespaceOID(ctx, t.Namespace)
		row := tt.row()
		tt.int(row, "oid", int64(t.OID))
		tt.str(row, "relname", t.Name)
		tt.int(row, "relnamespace", int64(nsOID))
		tt.int(row, "relfilenode", int64(t.OID))
		tt.bool(row, "relhasindex", t.HasPrimaryKey())
		tt.int(row, "relnatts", int64(len(t.Columns)))
		if opts := tableOptions(t); len(opts) > 0 {
			tt.set(row, "reloptions", types.NewArray(types.Text, opts))
		}
		out = append(out, row)
		if !t.HasPrimaryKey() {
			continue
		}
		row = it.row()
		it.int(row, "oid", int64(IndexOID(t)))
		it.str(row, "relname", t.PrimaryKeyName())
		it.int(row, "relnamespace", int64(nsOID))
		it.int(row, "relfilenode", int64(IndexOID(t)))
		it.int(row, "relnatts", int64(len(t.PrimaryKey)))
		out = append(out, row)
	}
	out = append(out, sequenceClassRows(ctx)...)
	return append(out, systemClassRows(ctx)...), nil
}

// namespaceOID is the OID of one of our namespaces (0 if it vanished).
func namespaceOID(ctx *Context, name string) uint32 {
	if ns, ok := ctx.Catalog.Namespace(name); ok {
		return ns.OID
	}
	return 0
}

// tableOptions renders a table's WITH (…) options as reloptions does:
// "key=value", sorted by key.
func tableOptions(t *catalog.Table) []types.Value {
	keys := make([]string, 0, len(t.Options))
	for k := range t.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]types.Value, len(keys))
	for i, k := range keys {
		out[i] = types.NewText(k + "=" + t.Options[k])
	}
	return out
}
