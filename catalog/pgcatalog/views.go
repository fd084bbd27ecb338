package pgcatalog

import "github.com/kalamdb/kalamdb/types"

func init() {
	register("pg_catalog", "pg_tables", tablesRows)
	register("pg_catalog", "pg_stat_user_tables", statTablesRows)
	register("pg_catalog", "pg_stat_all_tables", statTablesRows)
	register("pg_catalog", "pg_stat_user_indexes", statIndexesRows)
	register("pg_catalog", "pg_stat_all_indexes", statIndexesRows)
}

var pgTablesTpl = newTemplate("pg_catalog", "pg_tables", map[string]string{
	"hasindexes": "f", "hasrules": "f", "hastriggers": "f", "rowsecurity": "f",
})

// tablesRows: the pg_tables view — pg_catalog's and information_schema's
// tables, then ours.
func tablesRows(ctx *Context) ([][]types.Value, error) {
	tpl := pgTablesTpl()
	var out [][]types.Value
	for _, r := range registry().list {
		if r.Kind != 'r' {
			continue
		}
		row := tpl.row()
		tpl.str(row, "schemaname", r.Namespace)
		tpl.str(row, "tablename", r.Name)
		tpl.str(row, "tableowner", ctx.roleName())
		out = append(out, row)
	}
	for _, t := range ctx.Catalog.Tables("") {
		row := tpl.row()
		tpl.str(row, "schemaname", t.Namespace)
		tpl.str(row, "tablename", t.Name)
		tpl.str(row, "tableowner", ctx.roleName())
		tpl.bool(row, "hasindexes", t.HasPrimaryKey())
		out = append(out, row)
	}
	return out, nil
}

// statTablesTpl: no statistics are collected; counters read zero, times NULL.
var statTablesTpl = newTemplate("pg_catalog", "pg_stat_user_tables", map[string]string{
	"seq_scan": "0", "seq_tup_read": "0", "idx_scan": "0", "idx_tup_fetch": "0",
	"n_tup_ins": "0", "n_tup_upd": "0", "n_tup_del": "0", "n_tup_hot_upd": "0",
	"n_live_tup": "0", "n_dead_tup": "0", "n_mod_since_analyze": "0", "n_ins_since_vacuum": "0",
	"vacuum_count": "0", "autovacuum_count": "0", "analyze_count": "0", "autoanalyze_count": "0",
})

// statTablesRows: one row per table of ours (pg_stat_user_tables and,
// without the system catalogs, pg_stat_all_tables: the two views have the
// same columns).
func statTablesRows(ctx *Context) ([][]types.Value, error) {
	tpl := statTablesTpl()
	var out [][]types.Value
	for _, t := range ctx.Catalog.Tables("") {
		row := tpl.row()
		tpl.int(row, "relid", int64(t.OID))
		tpl.str(row, "schemaname", t.Namespace)
		tpl.str(row, "relname", t.Name)
		out = append(out, row)
	}
	return out, nil
}

var statIndexesTpl = newTemplate("pg_catalog", "pg_stat_user_indexes", map[string]string{
	"idx_scan": "0", "idx_tup_read": "0", "idx_tup_fetch": "0",
})

// statIndexesRows: one row per primary-key index of ours.
func statIndexesRows(ctx *Context) ([][]types.Value, error) {
	tpl := statIndexesTpl()
	var out [][]types.Value
	for _, t := range ctx.Catalog.Tables("") {
		if !t.HasPrimaryKey() {
			continue
		}
		row := tpl.row()
		tpl.int(row, "relid", int64(t.OID))
		tpl.int(row, "indexrelid", int64(IndexOID(t)))
		tpl.str(row, "schemaname", t.Namespace)
		tpl.str(row, "relname", t.Name)
		tpl.str(row, "indexrelname", t.PrimaryKeyName())
		out = append(out, row)
	}
	return out, nil
}
