package pgcatalog

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// TestStaticRowsRoundTrip decodes every generated row and prints it back:
// each value must read exactly as PostgreSQL printed it (reg* values as
// their name), so the types package renders the catalogs like PostgreSQL.
func TestStaticRowsRoundTrip(t *testing.T) {
	files, err := fs.Glob(data, "data/*.tsv.gz")
	require.NoError(t, err)
	checked := 0
	for _, f := range files {
		key := strings.TrimSuffix(strings.TrimPrefix(f, "data/"), ".tsv.gz")
		ns, name, ok := strings.Cut(key, ".")
		if !ok {
			continue // relations, keywords, settings
		}
		r, found := Lookup(ns, name)
		require.True(t, found, key)
		text, err := readTable(key)
		require.NoError(t, err)
		rows, err := staticRows(r)
		require.NoError(t, err)
		require.Len(t, rows, len(text.rows), key)
		for i, tr := range text.rows {
			for j, h := range text.header {
				p := r.ColumnIndex(h)
				v := rows[i][p]
				if tr.null[j] {
					require.True(t, v.IsNull(), "%s row %d %s", key, i, h)
					continue
				}
				want := tr.cells[j]
				if r.Columns[p].Type.Kind.IsReg() {
					_, want, _ = strings.Cut(want, " ")
				}
				got := string(types.AppendText(nil, v, r.Columns[p].Type))
				require.Equal(t, want, got, "%s row %d %s", key, i, h)
				checked++
			}
		}
	}
	assert.Greater(t, checked, 100000)
}

func TestStaticFacts(t *testing.T) {
	ctx, _ := sampleContext(t)
	typ := rowsWhere(t, ctx, "pg_catalog", "pg_type", "oid", "1043")
	require.Len(t, typ, 1)
	expectColumns(t, map[string]string{
		"typname": "varchar", "typnamespace": "11", "typlen": "-1", "typcategory": "S",
		"typinput": "varcharin", "typarray": "1015", "typcollation": "100",
	}, typ[0], "pg_type varchar")
	proc := rowsWhere(t, ctx, "pg_catalog", "pg_proc", "proname", "array_in")
	require.Len(t, proc, 1)
	expectColumns(t, map[string]string{"oid": "750", "prorettype": "2277", "proargtypes": "2275 26 23", "prokind": "f", "prolang": "12"}, proc[0], "array_in")
	am := rowsWhere(t, ctx, "pg_catalog", "pg_am", "amname", "btree")
	require.Len(t, am, 1)
	assert.Equal(t, "403", am[0]["oid"])
	assert.Len(t, rowsWhere(t, ctx, "pg_catalog", "pg_language", "lanname", "plpgsql"), 1)
	ts := rowsWhere(t, ctx, "pg_catalog", "pg_tablespace", "spcname", "pg_default")
	require.Len(t, ts, 1)
	assert.Equal(t, "1663", ts[0]["oid"])
	// ACLs name roles we do not have: they are NULL (default privileges).
	ns := rowsWhere(t, ctx, "pg_catalog", "pg_namespace", "nspname", "pg_catalog")
	require.Len(t, ns, 1)
	assert.Equal(t, "<NULL>", ns[0]["nspacl"])
}

func TestUnescapeCopy(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:      "plain",
		`a\tb\nc`:    "a\tb\nc",
		`back\\`:     `back\`,
		`\101\x42`:   "AB",
		`\b\f\r\v\q`: "\b\f\r\vq",
		`\x`:         "x",
		`trail\`:     `trail\`,
	} {
		assert.Equal(t, want, unescapeCopy(in), in)
	}
}
