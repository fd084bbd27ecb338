package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

// history lists (name, version, column count) of every recorded version.
func history(t *testing.T, c *Catalog) [][3]any {
	t.Helper()
	rd, err := c.store.Snapshot()
	require.NoError(t, err)
	defer rd.Close()
	hist, err := SchemaHistory(rd, c.Current())
	require.NoError(t, err)
	var out [][3]any
	for _, sv := range hist {
		assert.False(t, sv.CreatedAt.IsZero())
		out = append(out, [3]any{sv.Table.Name, sv.Table.SchemaVersion, len(sv.Table.Columns)})
	}
	return out
}

func TestSchemaHistoryFollowsCreateAlterDrop(t *testing.T) {
	c, closeFn := openCatalog(t, t.TempDir())
	defer closeFn()
	t1 := &Table{Namespace: DefaultNamespace, Name: "a", Kind: KindShared, Columns: []Column{{Name: "id", Type: types.Int4}}}
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.CreateTable(t1) }))
	assert.Equal(t, [][3]any{{"a", 1, 1}}, history(t, c))

	// An in-place alter, then a rewriting one that also renames: the
	// history follows the OID, not the storage id or the name.
	t2 := *t1
	t2.Columns = append(append([]Column(nil), t1.Columns...), Column{Name: "v", Type: types.Text})
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.AlterTable(t1, &t2, false) }))
	t3 := t2
	t3.Name = "b"
	require.NoError(t, change(t, c, func(ch *Change) error { return ch.AlterTable(&t2, &t3, true) }))
	assert.Equal(t, [][3]any{{"a", 1, 1}, {"a", 2, 2}, {"b", 3, 2}}, history(t, c))

	require.NoError(t, change(t, c, func(ch *Change) error { ch.DropTable(&t3); return nil }))
	assert.Empty(t, history(t, c))
	rd, err := c.store.Snapshot()
	require.NoError(t, err)
	defer rd.Close()
	n := 0
	require.NoError(t, rd.MetaScan(metaSchemaPrefix, func(string, []byte) error { n++; return nil }))
	assert.Zero(t, n, "DropTable deletes every recorded version")
}
