package catalog

import (
	"strconv"
	"time"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
)

// Table kinds (DESIGN §3).
const (
	KindShared = "shared"
	KindUser   = "user"
	KindStream = "stream"
)

// Column is one column of a table, in creation order.
type Column struct {
	Name    string     `json:"name"`
	Type    types.Type `json:"type"`
	NotNull bool       `json:"not_null,omitempty"`
	// Default is the DEFAULT expression as SQL text ("" for none); exec
	// parses it when it plans an INSERT.
	Default string `json:"default,omitempty"`
	// Identity is "always" or "by default" for GENERATED … AS IDENTITY.
	Identity string `json:"identity,omitempty"`
	// Sequence is set for SERIAL and identity columns (sequences.go).
	Sequence *Sequence `json:"sequence,omitempty"`
}

// Table is a table definition. Tables are immutable once in a snapshot.
type Table struct {
	ID        storage.TableID `json:"id"`
	OID       uint32          `json:"oid"` // pg_class.oid as clients see it
	Namespace string          `json:"namespace"`
	Name      string          `json:"name"`
	Kind      string          `json:"kind"`
	Columns   []Column        `json:"columns"`
	// PrimaryKey lists column indexes of the primary key in key order;
	// empty means rows are keyed by a hidden row id.
	PrimaryKey    []int             `json:"primary_key,omitempty"`
	Options       map[string]string `json:"options,omitempty"`
	SchemaVersion int               `json:"schema_version"`
}

// StreamTTL is how long a STREAM table's rows live after their commit (its
// ttl_seconds option); 0, for other tables or without a valid TTL, means
// rows never expire. exec hides expired rows on read and jobs evicts them;
// both must use this method so they agree on what has expired.
func (t *Table) StreamTTL() time.Duration {
	if t.Kind != KindStream {
		return 0
	}
	n, err := strconv.ParseInt(t.Options["ttl_seconds"], 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// QualifiedName is namespace.name.
func (t *Table) QualifiedName() string { return t.Namespace + "." + t.Name }

// ColumnIndex returns the index of a column by name, or -1.
func (t *Table) ColumnIndex(name string) int {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return i
		}
	}
	return -1
}

// HasPrimaryKey reports whether the table has a declared primary key.
func (t *Table) HasPrimaryKey() bool { return len(t.PrimaryKey) > 0 }

// IsKeyColumn reports whether column i is part of the primary key.
func (t *Table) IsKeyColumn(i int) bool {
	for _, k := range t.PrimaryKey {
		if k == i {
			return true
		}
	}
	return false
}

// PrimaryKeyName is the constraint name PostgreSQL would give the key.
func (t *Table) PrimaryKeyName() string { return t.Name + "_pkey" }

// Namespace is a schema.
type Namespace struct {
	Name string `json:"name"`
	OID  uint32 `json:"oid"`
}
