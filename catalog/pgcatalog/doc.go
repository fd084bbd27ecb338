// Package pgcatalog serves PostgreSQL 15's system relations — every table
// and view of pg_catalog and information_schema — so that psql, pgjdbc,
// pgx, node-postgres, psycopg2 and BI tools find the catalog they expect.
//
// Three kinds of rows:
//   - static: facts about PostgreSQL itself (pg_type, pg_proc, pg_operator,
//     pg_am, pg_collation …, and the rows describing the system relations
//     in pg_class, pg_attribute, information_schema.tables/columns) are
//     generated from a PostgreSQL 15 server by ./gen and embedded (data/);
//   - dynamic: rows for our own namespaces, tables, primary keys, the
//     session and its settings are built from a catalog snapshot per
//     statement (pg_namespace, pg_class, pg_attribute, pg_index,
//     pg_constraint, pg_database, pg_roles, pg_settings,
//     information_schema.columns …);
//   - empty: every other relation exists with PostgreSQL's columns and no
//     rows (pg_trigger, pg_policy, pg_publication …), because a client
//     query that fails on a missing relation aborts a whole psql \d.
//
// Beside the relations it offers what clients' catalog functions need
// from the same data: Resolver (the reg* types' name lookups and output),
// Keywords (pg_get_keywords), QuoteIdent and IndexDef.
//
// OIDs: system relations, types, functions … keep PostgreSQL's. Ours come
// from catalog: a table's primary-key index and its constraint take
// table.OID+1 (IndexOID), a default takes AttrdefOID, the database is
// DatabaseOID (5) and the only role is BootstrapRoleOID (10), named after
// the session user.
//
// Invariants: relation OIDs, column names and column types are PostgreSQL
// 15's (domains replaced by their base types; the few types KalamDB does
// not represent — pg_node_tree, xid, pg_lsn, anyarray … — read as text).
// Rows returned by Relation.Rows may share storage with cached rows:
// callers must not modify them.
//
// pgcatalog imports catalog and types; exec imports it.
package pgcatalog

//go:generate go run ./gen -dsn postgres://postgres@127.0.0.1:5433/postgres -out data
