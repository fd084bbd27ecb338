package catalog

import (
	"encoding/json"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// AlterTable replaces the definition of old, a table of this change's
// snapshot, with next (ALTER TABLE). next keeps old's OID and gets the
// next SchemaVersion; a renamed table moves to its new name (42P07 if
// taken).
//
// With rewrite, next gets a fresh storage table: its bucket is created and
// old's dropped in this change's batch, and the caller must Put every row
// of the new layout into next.ID in the same batch. A fresh bucket rather
// than rewriting old's in place means a write planned against the old
// definition that commits after this change fails (its table is gone)
// instead of landing a row keyed or laid out the old way among the new.
func (ch *Change) AlterTable(old, next *Table, rewrite bool) error {
	if cur, ok := ch.tables[old.QualifiedName()]; !ok || cur != old {
		return pgerr.New(pgerr.InternalError, "table %s changed during ALTER TABLE", old.QualifiedName())
	}
	if next.QualifiedName() != old.QualifiedName() {
		if _, taken := ch.tables[next.QualifiedName()]; taken {
			return pgerr.New(pgerr.DuplicateTable, "relation %q already exists", next.Name)
		}
	}
	next.OID = old.OID
	next.ID = old.ID
	next.SchemaVersion = old.SchemaVersion + 1
	if rewrite {
		next.ID = storage.TableID(ch.counters.NextTableID)
		ch.counters.NextTableID++
		ch.countersChanged = true
		ch.Batch.CreateTable(next.ID)
		ch.Batch.DropTable(old.ID)
		ch.Batch.DeleteMeta(tableKey(old))
	}
	raw, err := json.Marshal(next)
	if err != nil {
		return err
	}
	delete(ch.tables, old.QualifiedName())
	ch.tables[next.QualifiedName()] = next
	ch.Batch.PutMeta(tableKey(next), raw)
	ch.recordSchema(next) // schemas.go
	return nil
}
