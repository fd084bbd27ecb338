// Command gen reads a PostgreSQL 15 server and writes the facts
// catalog/pgcatalog embeds: the column definitions of every pg_catalog and
// information_schema relation, the built-in rows of the catalogs that
// describe PostgreSQL itself (pg_type, pg_proc, pg_operator …), the keyword
// list of pg_get_keywords() and the metadata of pg_settings.
//
// Every file is gzip'd text: a header line of tab-separated column names,
// then rows in COPY text format (tab-separated, \N for NULL, backslash
// escapes). Only built-in objects (oid < 16384) are read, rows are ordered
// by a key and gzip headers carry no name or time, so two runs against the
// same server produce identical files.
//
// Usage (from catalog/pgcatalog): go generate, or
//
//	go run ./gen -dsn postgres://postgres@127.0.0.1:5433/postgres -out data
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// systemRelations selects the pg_catalog and information_schema tables and
// views: the relations pgcatalog serves.
const systemRelations = `SELECT c.oid FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('pg_catalog', 'information_schema') AND c.relkind IN ('r', 'v') AND c.oid < 16384`

// staticCatalog is one relation whose built-in rows are dumped: where
// keeps the built-in rows, order makes the dump deterministic, override
// replaces columns whose values depend on the installation's history
// (sizes, transaction ids) with constants.
type staticCatalog struct {
	rel, where, order string
	override          map[string]string
}

// staticCatalogs are the catalogs whose rows are facts about PostgreSQL
// itself, plus the rows describing the system relations themselves
// (pg_class, pg_attribute, information_schema.tables/columns).
var staticCatalogs = []staticCatalog{
	{rel: "pg_catalog.pg_aggregate", where: "aggfnoid < 16384", order: "aggfnoid"},
	{rel: "pg_catalog.pg_am", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_amop", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_amproc", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_attribute", where: "attrelid IN (" + systemRelations + ") AND attnum > 0", order: "attrelid, attnum"},
	{rel: "pg_catalog.pg_cast", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_class", where: "oid IN (" + systemRelations + ")", order: "oid", override: map[string]string{
		"relfilenode": "0", "relpages": "0", "reltuples": "-1", "relallvisible": "0", "reltoastrelid": "0",
		"relhasindex": "false", "relfrozenxid": "'0'::xid", "relminmxid": "'0'::xid",
	}},
	{rel: "pg_catalog.pg_collation", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_conversion", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_extension", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_language", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_namespace", where: "nspname IN ('pg_catalog', 'pg_toast', 'information_schema')", order: "oid"},
	{rel: "pg_catalog.pg_opclass", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_operator", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_opfamily", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_proc", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_range", where: "rngtypid < 16384", order: "rngtypid"},
	{rel: "pg_catalog.pg_tablespace", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_ts_config", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_ts_config_map", where: "mapcfg < 16384", order: "mapcfg, maptokentype, mapseqno"},
	{rel: "pg_catalog.pg_ts_dict", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_ts_parser", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_ts_template", where: "oid < 16384", order: "oid"},
	{rel: "pg_catalog.pg_type", where: "oid < 16384", order: "oid"},
	{rel: "information_schema.columns", where: "table_schema IN ('pg_catalog', 'information_schema')",
		order: "table_schema, table_name, ordinal_position"},
	{rel: "information_schema.tables", where: "table_schema IN ('pg_catalog', 'information_schema')",
		order: "table_schema, table_name"},
}

// regTypes are the reg* types; their values are written as "oid name" so
// the reader gets both without resolving names.
var regTypes = map[uint32]bool{
	24: true, 2202: true, 2203: true, 2204: true, 2205: true, 2206: true,
	4089: true, 4096: true, 4191: true, 3734: true, 3769: true,
}

// aclArray is aclitem[]: privileges name roles we do not have, so ACL
// columns are written as NULL (default privileges).
const aclArray = 1034

// relationsQuery lists the columns of every system relation. Domains
// (information_schema's sql_identifier, cardinal_number …) are replaced by
// their base types, which is what the relations' columns carry.
const relationsQuery = `
SELECT n.nspname, c.relname, c.oid, c.relkind, a.attname,
       CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS atttypid,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS atttypmod
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE c.oid IN (` + systemRelations + `)
ORDER BY n.nspname, c.relname, a.attnum`

const keywordsQuery = `SELECT word, catcode, barelabel, catdesc, baredesc FROM pg_catalog.pg_get_keywords() ORDER BY word`

const settingsQuery = `
SELECT name, unit, category, short_desc, extra_desc, context, vartype, min_val, max_val, enumvals, boot_val
FROM pg_catalog.pg_settings ORDER BY name`

func main() {
	dsn := flag.String("dsn", "postgres://postgres@127.0.0.1:5433/postgres", "PostgreSQL 15 to read")
	out := flag.String("out", "data", "output directory")
	flag.Parse()
	if err := run(context.Background(), *dsn, *out); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dsn, out string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var version int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		return err
	}
	if version/10000 != 15 {
		return fmt.Errorf("gen: need PostgreSQL 15, server is %d", version)
	}
	// Output names must not depend on the generating session.
	if _, err := conn.Exec(ctx, "SET search_path = pg_catalog; SET DateStyle = 'ISO, MDY'; SET extra_float_digits = 1"); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := map[string]string{
		"relations": relationsQuery,
		"keywords":  keywordsQuery,
		"settings":  settingsQuery,
	}
	for _, c := range staticCatalogs {
		q, err := catalogQuery(ctx, conn, c)
		if err != nil {
			return err
		}
		files[c.rel] = q
	}
	for name, q := range files {
		if err := dump(ctx, conn, q, filepath.Join(out, name+".tsv.gz")); err != nil {
			return fmt.Errorf("gen: %s: %w", name, err)
		}
	}
	return nil
}

// catalogQuery selects every column of a catalog, reg* columns as
// "oid name", ACL columns as NULL and overridden columns as their constant.
func catalogQuery(ctx context.Context, conn *pgx.Conn, c staticCatalog) (string, error) {
	rows, err := conn.Query(ctx, `
SELECT a.attname, a.atttypid FROM pg_catalog.pg_attribute a
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`, c.rel)
	if err != nil {
		return "", err
	}
	var cols []string
	for rows.Next() {
		var col string
		var typ uint32
		if err := rows.Scan(&col, &typ); err != nil {
			return "", err
		}
		id := pgx.Identifier{col}.Sanitize()
		if expr, ok := c.override[col]; ok {
			cols = append(cols, expr+" AS "+id)
			continue
		}
		switch {
		case regTypes[typ]:
			cols = append(cols, fmt.Sprintf("%s::oid::text || ' ' || %s::text AS %s", id, id, id))
		case typ == aclArray:
			cols = append(cols, "NULL AS "+id)
		default:
			cols = append(cols, id)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY %s",
		strings.Join(cols, ", "), c.rel, c.where, c.order), nil
}

// dump writes a query's result as a header line plus COPY text rows, gzip'd.
func dump(ctx context.Context, conn *pgx.Conn, query, path string) error {
	rows, err := conn.Query(ctx, query+" LIMIT 0")
	if err != nil {
		return err
	}
	var header []string
	for _, f := range rows.FieldDescriptions() {
		header = append(header, f.Name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var text bytes.Buffer
	text.WriteString(strings.Join(header, "\t") + "\n")
	if _, err := conn.PgConn().CopyTo(ctx, &text, "COPY ("+query+") TO STDOUT"); err != nil {
		return err
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := w.Write(text.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, gz.Bytes(), 0o644)
}
