package pgcatalog

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

// sampleTable is the table the tests compare with PostgreSQL 15, which was
// given the same definition:
//
//	CREATE SCHEMA pgcat_probe;
//	CREATE TABLE pgcat_probe.items (
//	  tenant integer NOT NULL, id bigint, name varchar(50) NOT NULL DEFAULT 'x',
//	  price numeric(10,2), qty smallint DEFAULT 0, ok boolean, code char(3),
//	  note text, f real, d double precision, created timestamptz DEFAULT now(),
//	  ts timestamp(3), t time, dt date, b bytea, u uuid, j json, jb jsonb,
//	  n numeric, PRIMARY KEY (tenant, id));
func sampleTable() *catalog.Table {
	ty := func(k types.Kind, mod int32) types.Type { return types.Type{Kind: k, Mod: mod} }
	return &catalog.Table{
		Namespace: "pgcat_probe", Name: "items", Kind: catalog.KindShared,
		Columns: []catalog.Column{
			{Name: "tenant", Type: types.Int4, NotNull: true},
			{Name: "id", Type: types.Int8},
			{Name: "name", Type: ty(types.KindVarchar, 54), NotNull: true, Default: "'x'"},
			{Name: "price", Type: ty(types.KindNumeric, 10<<16|2+4)},
			{Name: "qty", Type: types.Int2, Default: "0"},
			{Name: "ok", Type: types.Bool},
			{Name: "code", Type: ty(types.KindBpchar, 7)},
			{Name: "note", Type: types.Text},
			{Name: "f", Type: types.Float4},
			{Name: "d", Type: types.Float8},
			{Name: "created", Type: types.Timestamptz, Default: "now()"},
			{Name: "ts", Type: ty(types.KindTimestamp, 3)},
			{Name: "t", Type: types.Time},
			{Name: "dt", Type: types.Date},
			{Name: "b", Type: types.Bytea},
			{Name: "u", Type: types.UUID},
			{Name: "j", Type: types.JSON},
			{Name: "jb", Type: types.JSONB},
			{Name: "n", Type: types.Numeric},
		},
		PrimaryKey: []int{0, 1},
	}
}

// sampleContext is a session context over a catalog holding sampleTable
// and a key-less table public.log(msg text).
func sampleContext(t *testing.T) (*Context, *catalog.Table) {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	cat, err := catalog.Open(ctx, st)
	require.NoError(t, err)
	tbl := sampleTable()
	require.NoError(t, cat.Change(ctx, func(ch *catalog.Change) error {
		if err := ch.CreateNamespace("pgcat_probe"); err != nil {
			return err
		}
		if err := ch.CreateTable(tbl); err != nil {
			return err
		}
		return ch.CreateTable(&catalog.Table{Namespace: "public", Name: "log", Kind: catalog.KindShared,
			Columns: []catalog.Column{{Name: "msg", Type: types.Text}}})
	}))
	settings := map[string]string{"application_name": "psql", "DateStyle": "ISO, MDY", "kalam.user_id": "u1"}
	return &Context{
		Catalog: cat.Current(), User: "root", Database: "kalamdb", SearchPath: []string{"public"}, ProcessID: 42,
		Setting: func(name string) (string, bool) { v, ok := settings[name]; return v, ok },
		Settings: func() []string {
			return []string{"application_name", "DateStyle", "kalam.user_id", "client_min_messages"}
		},
	}, tbl
}

// renderRow renders a row as PostgreSQL text per column name; NULL is "<NULL>".
func renderRow(r *Relation, row []types.Value) map[string]string {
	out := make(map[string]string, len(row))
	for i, v := range row {
		if v.IsNull() {
			out[r.Columns[i].Name] = "<NULL>"
			continue
		}
		out[r.Columns[i].Name] = string(types.AppendText(nil, v, r.Columns[i].Type))
	}
	return out
}

// rowsWhere returns the rows of namespace.name whose column col reads value.
func rowsWhere(t *testing.T, ctx *Context, namespace, name, col, value string) []map[string]string {
	t.Helper()
	r, ok := Lookup(namespace, name)
	require.True(t, ok, "%s.%s", namespace, name)
	require.NotNil(t, r.Rows, "%s.%s has no rows", namespace, name)
	rows, err := r.Rows(ctx)
	require.NoError(t, err)
	var out []map[string]string
	for _, row := range rows {
		m := renderRow(r, row)
		if m[col] == value {
			out = append(out, m)
		}
	}
	return out
}

// expectColumns asserts the named columns of got equal want.
func expectColumns(t *testing.T, want, got map[string]string, label string) {
	t.Helper()
	for col, w := range want {
		g, ok := got[col]
		require.True(t, ok, "%s: no column %s", label, col)
		require.Equal(t, w, g, "%s: column %s", label, col)
	}
}
