package exec

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// The system tables that describe the catalog, with KalamDB's columns in
// KalamDB's order (reference/kalamdb.md §2): namespaces, tables, columns,
// schemas, and the session's settings.

func init() {
	systemTables["namespaces"] = &systemTable{columns: sysCols(
		"namespace_id", types.Text, "name", types.Text, "created_at", types.Timestamptz,
		"options", types.JSON, "table_count", types.Int8), rows: namespacesRows}
	systemTables["tables"] = &systemTable{columns: sysCols(
		"namespace_id", types.Text, "table_name", types.Text, "table_type", types.Text,
		"storage_id", types.Text, "version", types.Int4, "options", types.JSON, "comment", types.Text,
		"updated_at", types.Timestamptz, "created_at", types.Timestamptz), rows: tablesRows}
	systemTables["columns"] = &systemTable{columns: sysCols(
		"namespace_id", types.Text, "table_name", types.Text, "version", types.Int4,
		"column_id", types.Int4, "column_name", types.Text, "comment", types.Text,
		"data_type", types.Text, "default_value", types.Text, "ordinal", types.Int4,
		"nullable", types.Bool, "primary_key", types.Bool, "primary_key_pos", types.Int4), rows: columnsRows}
	systemTables["schemas"] = &systemTable{columns: sysCols(
		"table_id", types.Text, "table_name", types.Text, "namespace_id", types.Text,
		"table_type", types.Text, "created_at", types.Timestamptz, "schema_version", types.Int4,
		"columns", types.JSON, "table_comment", types.Text, "updated_at", types.Timestamptz,
		"options", types.JSON, "access_level", types.Text, "is_latest", types.Bool,
		"storage_id", types.Text, "use_user_storage", types.Bool), rows: schemasRows}
	systemTables["settings"] = &systemTable{columns: sysCols(
		"name", types.Text, "value", types.Text, "description", types.Text, "category", types.Text),
		rows: settingsRows}
}

// sysCols builds a column list from name, type pairs.
func sysCols(pairs ...any) []expr.Column {
	cols := make([]expr.Column, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		cols = append(cols, expr.Column{Name: pairs[i].(string), Type: pairs[i+1].(types.Type)})
	}
	return cols
}

func textOrNull(s string) types.Value {
	if s == "" {
		return types.Value{}
	}
	return types.NewText(s)
}

func jsonValue(v any) types.Value {
	raw, err := json.Marshal(v)
	if err != nil {
		return types.Value{}
	}
	return types.Value{K: types.KindJSON, S: string(raw)}
}

// optionsJSON is a table's WITH (…) options as a JSON object ({} for none).
func optionsJSON(t *catalog.Table) types.Value {
	if t.Options == nil {
		return jsonValue(map[string]string{})
	}
	return jsonValue(t.Options)
}

func namespacesRows(x *execution) [][]types.Value {
	cat := x.sess.eng.catalog.Current()
	var out [][]types.Value
	for _, ns := range cat.Namespaces() {
		out = append(out, []types.Value{types.NewText(ns.Name), types.NewText(ns.Name), {},
			jsonValue(map[string]string{}), types.NewInt8(int64(len(cat.Tables(ns.Name))))})
	}
	return out
}

// tableTimes finds when each table (by OID) got its first and its latest
// recorded version; tables from before history was kept have none.
func tableTimes(x *execution) (created, updated map[uint32]types.Value) {
	created, updated = map[uint32]types.Value{}, map[uint32]types.Value{}
	for _, sv := range schemaHistory(x) {
		at := types.NewTimestamptz(sv.CreatedAt.UnixMicro())
		if sv.CreatedAt.IsZero() {
			continue
		}
		if _, ok := created[sv.Table.OID]; !ok {
			created[sv.Table.OID] = at
		}
		updated[sv.Table.OID] = at
	}
	return created, updated
}

func tablesRows(x *execution) [][]types.Value {
	created, updated := tableTimes(x)
	var out [][]types.Value
	for _, t := range x.sess.eng.catalog.Current().Tables("") {
		out = append(out, []types.Value{types.NewText(t.Namespace), types.NewText(t.Name),
			types.NewText(t.Kind), textOrNull(t.Options["storage_id"]), types.NewInt4(int32(t.SchemaVersion)),
			optionsJSON(t), {}, updated[t.OID], created[t.OID]})
	}
	return out
}

func columnsRows(x *execution) [][]types.Value {
	var out [][]types.Value
	for _, t := range x.sess.eng.catalog.Current().Tables("") {
		for i, c := range t.Columns {
			pkPos := types.Value{}
			for k, col := range t.PrimaryKey {
				if col == i {
					pkPos = types.NewInt4(int32(k + 1))
				}
			}
			out = append(out, []types.Value{types.NewText(t.Namespace), types.NewText(t.Name),
				types.NewInt4(int32(t.SchemaVersion)), types.NewInt4(int32(i + 1)), types.NewText(c.Name), {},
				types.NewText(c.Type.Name()), textOrNull(c.Default), types.NewInt4(int32(i + 1)),
				types.NewBool(!c.NotNull && !t.IsKeyColumn(i)), types.NewBool(t.IsKeyColumn(i)), pkPos})
		}
	}
	return out
}

// schemaColumn is one column in system.schemas' columns JSON.
type schemaColumn struct {
	Name       string `json:"column_name"`
	Ordinal    int    `json:"ordinal_position"`
	DataType   string `json:"data_type"`
	Nullable   bool   `json:"is_nullable"`
	PrimaryKey bool   `json:"is_primary_key"`
	Default    string `json:"default_value,omitempty"`
}

// schemaHistory is every recorded version of every live table, plus the
// current definition of tables whose current version was never recorded
// (created before history was kept), ordered by table then version.
func schemaHistory(x *execution) []catalog.SchemaVersion {
	cat := x.sess.eng.catalog.Current()
	var hist []catalog.SchemaVersion
	if rd, err := x.sess.eng.store.Snapshot(); err == nil {
		hist, _ = catalog.SchemaHistory(rd, cat)
		rd.Close()
	}
	have := make(map[[2]uint64]bool, len(hist))
	for _, sv := range hist {
		have[[2]uint64{uint64(sv.Table.OID), uint64(sv.Table.SchemaVersion)}] = true
	}
	for _, t := range cat.Tables("") {
		if !have[[2]uint64{uint64(t.OID), uint64(t.SchemaVersion)}] {
			hist = append(hist, catalog.SchemaVersion{Table: t})
		}
	}
	sort.SliceStable(hist, func(i, j int) bool {
		a, b := hist[i].Table, hist[j].Table
		if a.OID != b.OID {
			return a.OID < b.OID
		}
		return a.SchemaVersion < b.SchemaVersion
	})
	return hist
}

func schemasRows(x *execution) [][]types.Value {
	cat := x.sess.eng.catalog.Current()
	latest := map[uint32]*catalog.Table{}
	for _, t := range cat.Tables("") {
		latest[t.OID] = t
	}
	var out [][]types.Value
	for _, sv := range schemaHistory(x) {
		t, cur := sv.Table, latest[sv.Table.OID]
		cols := make([]schemaColumn, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = schemaColumn{Name: c.Name, Ordinal: i + 1, DataType: c.Type.Name(),
				Nullable: !c.NotNull && !t.IsKeyColumn(i), PrimaryKey: t.IsKeyColumn(i), Default: c.Default}
		}
		at := types.Value{}
		if !sv.CreatedAt.IsZero() {
			at = types.NewTimestamptz(sv.CreatedAt.UnixMicro())
		}
		// The table id names the table as it is now: a renamed table's
		// old versions stay under its current name, with their own
		// table_name.
		out = append(out, []types.Value{types.NewText(cur.Namespace + ":" + cur.Name), types.NewText(t.Name),
			types.NewText(t.Namespace), types.NewText(t.Kind), at, types.NewInt4(int32(t.SchemaVersion)),
			jsonValue(cols), {}, at, optionsJSON(t), textOrNull(t.Options["access_level"]),
			types.NewBool(t.SchemaVersion == cur.SchemaVersion), textOrNull(t.Options["storage_id"]),
			types.NewBool(strings.EqualFold(t.Options["use_user_storage"], "true"))})
	}
	return out
}

// settingsRows is system.settings: the session's parameters, as SHOW ALL
// lists them, with KalamDB's description and category columns.
func settingsRows(x *execution) [][]types.Value {
	var out [][]types.Value
	for _, kv := range x.sess.settings.all() {
		desc, cat := settingDescription(kv[0])
		out = append(out, []types.Value{types.NewText(kv[0]), types.NewText(kv[1]), types.NewText(desc), types.NewText(cat)})
	}
	return out
}

// settingDescription describes a parameter and names its category. Those
// not listed are PostgreSQL client-connection parameters.
func settingDescription(name string) (desc, category string) {
	lower := strings.ToLower(name)
	if k, ok := knownSettings[lower]; ok && k.readOnly {
		return "Reports a fixed server property (read-only).", "Preset Options"
	}
	switch {
	case lower == "search_path":
		return "Sets the namespace search order for names that are not namespace-qualified (USE ns sets it).", "Client Connection Defaults"
	case strings.HasPrefix(lower, "kalam."):
		return "KalamDB session parameter.", "KalamDB"
	case lower == "timezone", lower == "datestyle", lower == "intervalstyle", lower == "extra_float_digits", lower == "client_encoding":
		return "Sets how values are formatted for the client.", "Client Connection Defaults / Locale and Formatting"
	}
	return "Session parameter.", "Client Connection Defaults"
}
