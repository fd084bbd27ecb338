package pgcatalog

import (
	"slices"
	"sync"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

// Context is what a relation's rows are built from: the catalog snapshot
// the statement reads, and the session asking.
type Context struct {
	Catalog    *catalog.Snapshot
	User       string   // current user (the only role for now: bootstrap role, oid 10)
	Database   string   // "kalamdb"
	SearchPath []string // effective search path (namespaces that exist)
	ProcessID  uint32
	// Setting returns a run-time parameter of the session (pg_settings).
	Setting func(name string) (string, bool)
	// Settings lists every known parameter name (pg_settings).
	Settings func() []string
	// PreparedStatements lists the session's named prepared statements
	// (pg_prepared_statements); Cursors its open cursors (pg_cursors).
	// See session_objects.go.
	PreparedStatements func() []PreparedStatement
	Cursors            func() []Cursor
	// SystemRelations lists KalamDB's system namespace (system.users …),
	// shown as views in pg_class and information_schema (system_ns.go).
	// Nil hides the namespace.
	SystemRelations func() []SystemRelation
}

// Column is one column of a system relation.
type Column struct {
	Name string
	Type types.Type
}

// Relation is a pg_catalog or information_schema relation: fixed columns,
// rows computed per statement from Context.
type Relation struct {
	Namespace string // "pg_catalog" or "information_schema"
	Name      string
	OID       uint32 // PostgreSQL's fixed OID where it has one (pg_class 1259 …)
	Kind      byte   // pg_class.relkind: 'r' table, 'v' view
	Columns   []Column
	// Rows builds the relation's rows; nil means the relation is always
	// empty. The rows may be shared with later calls: do not modify them.
	Rows func(ctx *Context) ([][]types.Value, error)
}

// ColumnIndex returns the position of a column by name, or -1.
func (r *Relation) ColumnIndex(name string) int {
	for i := range r.Columns {
		if r.Columns[i].Name == name {
			return i
		}
	}
	return -1
}

// registry holds every system relation, built on first use from the
// generated definitions.
var registry = sync.OnceValue(func() *relationSet {
	defs, err := readTable("relations")
	if err != nil {
		panic(err)
	}
	set, err := buildRelations(defs)
	if err != nil {
		panic(err)
	}
	return set
})

type relationSet struct {
	list   []*Relation // sorted by namespace, name
	byName map[string]*Relation
	byOID  map[uint32]*Relation
}

// Lookup finds a system relation by namespace ("pg_catalog" or
// "information_schema") and name.
func Lookup(namespace, name string) (*Relation, bool) {
	r, ok := registry().byName[namespace+"."+name]
	return r, ok
}

// Relations lists every system relation, sorted by namespace and name.
func Relations() []*Relation { return slices.Clone(registry().list) }

// ByOID finds a system relation by its pg_class OID.
func ByOID(oid uint32) (*Relation, bool) {
	r, ok := registry().byOID[oid]
	return r, ok
}
