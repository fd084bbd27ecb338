package catalog

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/kalamdb/kalamdb/storage"
)

// Schema history: every definition a table has had, one meta entry per
// version, so system.schemas can list them all (KalamDB keeps each
// version; rows written under an old one are read through the current).
//
// Entries are keyed by the table's OID, which — unlike its storage ID — no
// ALTER changes: catalog/schema/<oid, 8 hex digits>/<version, 8 hex digits>.
// Invariant: while a table exists, its entries are exactly the versions it
// was created or altered to since history was first recorded (tables from
// before that have none; readers fall back to the current definition).
const metaSchemaPrefix = "catalog/schema/"

// SchemaVersion is one recorded definition of a table.
type SchemaVersion struct {
	Table     *Table    `json:"table"`
	CreatedAt time.Time `json:"created_at"`
}

func schemaKey(oid uint32, version int) string {
	return fmt.Sprintf("%s%08x/%08x", metaSchemaPrefix, oid, version)
}

// recordSchema stores t's definition as its version t.SchemaVersion. Called
// wherever a table gets a new version (CreateTable, AlterTable).
func (ch *Change) recordSchema(t *Table) {
	raw, err := json.Marshal(SchemaVersion{Table: t, CreatedAt: time.Now().UTC()})
	if err != nil {
		return // a Table always marshals; CreateTable/AlterTable already did
	}
	ch.Batch.PutMeta(schemaKey(t.OID, t.SchemaVersion), raw)
}

// forgetSchemas deletes t's history (DropTable).
func (ch *Change) forgetSchemas(t *Table) {
	for v := 1; v <= t.SchemaVersion; v++ {
		ch.Batch.DeleteMeta(schemaKey(t.OID, v))
	}
}

// SchemaHistory reads every recorded version of every table from a store
// snapshot, ordered by table OID then version. Entries of tables that no
// longer exist in cat are skipped.
func SchemaHistory(rd *storage.Snapshot, cat *Snapshot) ([]SchemaVersion, error) {
	live := make(map[uint32]bool, len(cat.tables))
	for _, t := range cat.tables {
		live[t.OID] = true
	}
	var out []SchemaVersion
	err := rd.MetaScan(metaSchemaPrefix, func(key string, val []byte) error {
		var sv SchemaVersion
		if err := json.Unmarshal(val, &sv); err != nil {
			return fmt.Errorf("catalog: %s: %w", key, err)
		}
		if sv.Table != nil && live[sv.Table.OID] {
			out = append(out, sv)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Table, out[j].Table
		if a.OID != b.OID {
			return a.OID < b.OID
		}
		return a.SchemaVersion < b.SchemaVersion
	})
	return out, err
}
