package exec

import (
	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// KalamDB's introspection statements: SHOW TABLES, DESCRIBE TABLE and
// SHOW STATS FOR TABLE. Like the other utility statements they read the
// catalog current when they run, not when they were planned, so a cached
// or prepared one never shows a stale definition.

// introspectPlan runs one introspection statement.
type introspectPlan struct {
	stmt ast.Statement
	cols []Column
}

var (
	showTablesColumns = []Column{{Name: "namespace_id", Type: types.Text}, {Name: "table_name", Type: types.Text},
		{Name: "table_type", Type: types.Text}}
	describeColumns = []Column{{Name: "column_name", Type: types.Text}, {Name: "ordinal_position", Type: types.Int4},
		{Name: "column_id", Type: types.Int4}, {Name: "data_type", Type: types.Text}, {Name: "is_nullable", Type: types.Bool},
		{Name: "is_primary_key", Type: types.Bool}, {Name: "column_default", Type: types.Text},
		{Name: "column_comment", Type: types.Text}, {Name: "schema_version", Type: types.Int4}}
	tableStatsColumns = []Column{{Name: "table_name", Type: types.Text}, {Name: "namespace", Type: types.Text},
		{Name: "schema_version", Type: types.Int4}, {Name: "logical_rows", Type: types.Int8},
		{Name: "flushed_segments", Type: types.Int8}, {Name: "active_streams", Type: types.Int8},
		{Name: "memory_bytes", Type: types.Int8}}
)

// planIntrospect plans SHOW TABLES, DESCRIBE and SHOW STATS; ok is false
// for any other statement.
func (p *planner) planIntrospect(stmt ast.Statement) (plan, bool) {
	switch stmt.(type) {
	case *ast.ShowTables:
		return &introspectPlan{stmt: stmt, cols: showTablesColumns}, true
	case *ast.Describe:
		return &introspectPlan{stmt: stmt, cols: describeColumns}, true
	case *ast.ShowTableStats:
		return &introspectPlan{stmt: stmt, cols: tableStatsColumns}, true
	}
	return nil, false
}

func (ip *introspectPlan) columns() []Column { return ip.cols }

func (ip *introspectPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	cat := x.sess.eng.catalog.Current()
	var rows [][]types.Value
	var err error
	switch n := ip.stmt.(type) {
	case *ast.ShowTables:
		rows, err = showTablesRows(cat, n)
	case *ast.Describe:
		rows, err = describeRows(x, cat, n)
	case *ast.ShowTableStats:
		rows, err = tableStatsRows(x, cat, n)
	}
	if err != nil {
		return "", err
	}
	for _, row := range rows {
		if err := emit(row); err != nil {
			return "", err
		}
	}
	return "SELECT " + itoa(len(rows)), nil
}

func showTablesRows(cat *catalog.Snapshot, n *ast.ShowTables) ([][]types.Value, error) {
	if n.Namespace != "" {
		if _, ok := cat.Namespace(n.Namespace); !ok {
			return nil, pgerr.New(pgerr.UndefinedSchema, "namespace %q does not exist", n.Namespace)
		}
	}
	var rows [][]types.Value
	for _, t := range cat.Tables(n.Namespace) {
		rows = append(rows, []types.Value{types.NewText(t.Namespace), types.NewText(t.Name), types.NewText(t.Kind)})
	}
	return rows, nil
}

// describeRows lists a table's columns; system.x describes a system table.
func describeRows(x *execution, cat *catalog.Snapshot, n *ast.Describe) ([][]types.Value, error) {
	if st, ok := systemTables[n.Table.Name]; ok && n.Table.Namespace == "system" {
		rows := make([][]types.Value, len(st.columns))
		for i, c := range st.columns {
			rows[i] = []types.Value{types.NewText(c.Name), types.NewInt4(int32(i + 1)), types.NewInt4(int32(i + 1)),
				types.NewText(c.Type.Name()), types.NewBool(true), types.NewBool(false), {}, {}, types.NewInt4(1)}
		}
		return rows, nil
	}
	p := &planner{sess: x.sess, catalog: cat}
	t, err := p.resolveTable(n.Table)
	if err != nil {
		return nil, err
	}
	rows := make([][]types.Value, len(t.Columns))
	for i, c := range t.Columns {
		key := t.IsKeyColumn(i)
		rows[i] = []types.Value{types.NewText(c.Name), types.NewInt4(int32(i + 1)), types.NewInt4(int32(i + 1)),
			types.NewText(c.Type.Name()), types.NewBool(!c.NotNull && !key), types.NewBool(key),
			textOrNull(c.Default), {}, types.NewInt4(int32(t.SchemaVersion))}
	}
	return rows, nil
}

// tableStatsRows reports one table (or, for SHOW STATS alone, every
// table): its row count and payload bytes from one scan of a fresh
// snapshot of committed rows. Nothing is flushed to a cold tier and
// live-query streams are not tracked per table yet, so those are 0.
func tableStatsRows(x *execution, cat *catalog.Snapshot, n *ast.ShowTableStats) ([][]types.Value, error) {
	tables := cat.Tables("")
	if n.Table.Name != "" {
		p := &planner{sess: x.sess, catalog: cat}
		t, err := p.resolveTable(n.Table)
		if err != nil {
			return nil, err
		}
		tables = []*catalog.Table{t}
	}
	rd, err := x.sess.eng.store.Snapshot()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	rows := make([][]types.Value, 0, len(tables))
	for _, t := range tables {
		lo, skip, err := x.statsScope(t) // permissions.go
		if err != nil {
			return nil, err
		}
		if skip {
			if n.Table.Name != "" {
				return nil, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", t.Name)
			}
			continue
		}
		var hi []byte
		if lo != nil {
			hi = prefixEnd(lo)
		}
		var count, bytes int64
		err = rd.Scan(t.ID, lo, hi, false, func(key []byte, _ uint64, payload []byte) (bool, error) {
			count++
			bytes += int64(len(key) + len(payload))
			return true, x.ctx.Err()
		})
		if err != nil {
			return nil, err
		}
		rows = append(rows, []types.Value{types.NewText(t.Name), types.NewText(t.Namespace),
			types.NewInt4(int32(t.SchemaVersion)), types.NewInt8(count), types.NewInt8(0), types.NewInt8(0),
			types.NewInt8(bytes)})
	}
	return rows, nil
}
