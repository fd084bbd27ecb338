package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Metadata keys in the storage meta bucket.
const (
	metaNamespacePrefix = "catalog/ns/"
	metaTablePrefix     = "catalog/table/"
	metaCounters        = "catalog/counters"
)

// DefaultNamespace always exists and heads the default search path.
const DefaultNamespace = "public"

// Fixed OIDs clients assume for built-in namespaces (PostgreSQL 15).
const (
	OIDPublic      = 2200
	firstObjectOID = 16384 // PostgreSQL's FirstNormalObjectId
)

// counters persist the id and OID allocators so they are never reused.
type counters struct {
	NextTableID uint64 `json:"next_table_id"`
	NextOID     uint32 `json:"next_oid"`
}

// Snapshot is an immutable view of the catalog.
type Snapshot struct {
	Version    uint64
	namespaces map[string]*Namespace
	tables     map[string]*Table // key: namespace + "." + name
	users      map[string]*User  // by name (user.go)
	counters   counters
}

// Namespace returns a namespace by name.
func (s *Snapshot) Namespace(name string) (*Namespace, bool) {
	ns, ok := s.namespaces[name]
	return ns, ok
}

// Namespaces lists namespaces sorted by name.
func (s *Snapshot) Namespaces() []*Namespace {
	out := make([]*Namespace, 0, len(s.namespaces))
	for _, ns := range s.namespaces {
		out = append(out, ns)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Table returns a table by namespace and name.
func (s *Snapshot) Table(namespace, name string) (*Table, bool) {
	t, ok := s.tables[namespace+"."+name]
	return t, ok
}

// Tables lists the tables of a namespace ("" for all), sorted by name.
func (s *Snapshot) Tables(namespace string) []*Table {
	var out []*Table
	for _, t := range s.tables {
		if namespace == "" || t.Namespace == namespace {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].QualifiedName() < out[j].QualifiedName() })
	return out
}

// Catalog owns the current snapshot and serialises changes to it.
type Catalog struct {
	store   *storage.Store
	mu      sync.Mutex // serialises DDL
	current atomic.Pointer[Snapshot]
	seqs    sync.Map // sequence OID → *seqState (sequences.go)
}

// Open loads the catalog from the store, creating the default namespace on
// first start.
func Open(ctx context.Context, store *storage.Store) (*Catalog, error) {
	snap := &Snapshot{
		namespaces: map[string]*Namespace{},
		tables:     map[string]*Table{},
		users:      map[string]*User{},
		counters:   counters{NextTableID: 1, NextOID: firstObjectOID},
	}
	rd, err := store.Snapshot()
	if err != nil {
		return nil, err
	}
	err = loadInto(rd, snap)
	rd.Close()
	if err != nil {
		return nil, err
	}
	c := &Catalog{store: store}
	c.current.Store(snap)
	if _, ok := snap.namespaces[DefaultNamespace]; !ok {
		err := c.Change(ctx, func(ch *Change) error {
			ch.putNamespace(&Namespace{Name: DefaultNamespace, OID: OIDPublic})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func loadInto(rd *storage.Snapshot, snap *Snapshot) error {
	if raw := rd.Meta(metaCounters); raw != nil {
		if err := json.Unmarshal(raw, &snap.counters); err != nil {
			return fmt.Errorf("catalog: counters: %w", err)
		}
	}
	err := rd.MetaScan(metaNamespacePrefix, func(key string, val []byte) error {
		ns := &Namespace{}
		if err := json.Unmarshal(val, ns); err != nil {
			return fmt.Errorf("catalog: %s: %w", key, err)
		}
		snap.namespaces[ns.Name] = ns
		return nil
	})
	if err != nil {
		return err
	}
	if err := loadUsers(rd, snap); err != nil { // users.go
		return err
	}
	return rd.MetaScan(metaTablePrefix, func(key string, val []byte) error {
		t := &Table{}
		if err := json.Unmarshal(val, t); err != nil {
			return fmt.Errorf("catalog: %s: %w", key, err)
		}
		snap.tables[t.QualifiedName()] = t
		return nil
	})
}

// Current returns the latest snapshot.
func (c *Catalog) Current() *Snapshot { return c.current.Load() }

// Change applies a DDL change atomically: fn edits a copy of the current
// snapshot through ch; the change and any storage operations fn queued are
// committed in one batch, then the new snapshot is published.
func (c *Catalog) Change(ctx context.Context, fn func(ch *Change) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.current.Load()
	next := &Snapshot{
		Version:    old.Version + 1,
		namespaces: make(map[string]*Namespace, len(old.namespaces)+1),
		tables:     make(map[string]*Table, len(old.tables)+1),
		users:      make(map[string]*User, len(old.users)+1),
		counters:   old.counters,
	}
	for k, v := range old.users {
		next.users[k] = v
	}
	for k, v := range old.namespaces {
		next.namespaces[k] = v
	}
	for k, v := range old.tables {
		next.tables[k] = v
	}
	ch := &Change{Snapshot: next, Batch: &storage.Batch{}}
	if err := fn(ch); err != nil {
		return err
	}
	if ch.Batch.Len() == 0 {
		return nil
	}
	if ch.countersChanged {
		raw, _ := json.Marshal(next.counters)
		ch.Batch.PutMeta(metaCounters, raw)
	}
	if _, err := c.store.Commit(ctx, ch.Batch); err != nil {
		return err
	}
	c.current.Store(next)
	return nil
}

// Change is an in-progress catalog edit (see Catalog.Change).
type Change struct {
	*Snapshot
	Batch           *storage.Batch
	countersChanged bool
}

func (ch *Change) putNamespace(ns *Namespace) {
	ch.namespaces[ns.Name] = ns
	raw, _ := json.Marshal(ns)
	ch.Batch.PutMeta(metaNamespacePrefix+ns.Name, raw)
}

// CreateNamespace adds a namespace; it fails with 42P06 if it exists.
func (ch *Change) CreateNamespace(name string) error {
	if _, ok := ch.namespaces[name]; ok {
		return pgerr.New(pgerr.DuplicateSchema, "schema %q already exists", name)
	}
	ch.putNamespace(&Namespace{Name: name, OID: ch.allocOID()})
	return nil
}

// DropNamespace removes a namespace; with cascade its tables go too,
// otherwise a non-empty namespace is 2BP01.
func (ch *Change) DropNamespace(name string, cascade bool) error {
	if _, ok := ch.namespaces[name]; !ok {
		return pgerr.New(pgerr.UndefinedSchema, "schema %q does not exist", name)
	}
	tables := ch.Tables(name)
	if len(tables) > 0 && !cascade {
		return pgerr.New(pgerr.DependentObjectsStillExist,
			"cannot drop schema %s because other objects depend on it", name).
			WithDetail(fmt.Sprintf("table %s depends on schema %s", tables[0].QualifiedName(), name)).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	for _, t := range tables {
		ch.DropTable(t)
	}
	delete(ch.namespaces, name)
	ch.Batch.DeleteMeta(metaNamespacePrefix + name)
	return nil
}

// CreateTable assigns the table its ID and OID, records it and creates its
// storage bucket. The caller has validated the definition.
func (ch *Change) CreateTable(t *Table) error {
	if _, ok := ch.namespaces[t.Namespace]; !ok {
		return pgerr.New(pgerr.UndefinedSchema, "schema %q does not exist", t.Namespace)
	}
	if _, ok := ch.tables[t.QualifiedName()]; ok {
		return pgerr.New(pgerr.DuplicateTable, "relation %q already exists", t.Name)
	}
	t.ID = storage.TableID(ch.counters.NextTableID)
	ch.counters.NextTableID++
	t.OID = ch.allocOID()
	if t.SchemaVersion == 0 {
		t.SchemaVersion = 1
	}
	ch.assignSequences(t) // sequences.go
	ch.tables[t.QualifiedName()] = t
	raw, err := json.Marshal(t)
	if err != nil {
		return err
	}
	ch.Batch.CreateTable(t.ID)
	ch.Batch.PutMeta(tableKey(t), raw)
	ch.recordSchema(t) // schemas.go
	return nil
}

// DropTable removes a table and its rows.
func (ch *Change) DropTable(t *Table) {
	delete(ch.tables, t.QualifiedName())
	ch.Batch.DropTable(t.ID)
	ch.Batch.DeleteMeta(tableKey(t))
	ch.forgetSchemas(t) // schemas.go
	ch.dropSequences(t) // sequences.go
}

func tableKey(t *Table) string { return fmt.Sprintf("%s%016x", metaTablePrefix, uint64(t.ID)) }

func (ch *Change) allocOID() uint32 {
	oid := ch.counters.NextOID
	// A table takes two OIDs: itself and its primary key index, as in PostgreSQL.
	ch.counters.NextOID += 2
	ch.countersChanged = true
	return oid
}

// TableByOID finds a table by its pg_class OID.
func (s *Snapshot) TableByOID(oid uint32) (*Table, bool) {
	for _, t := range s.tables {
		if t.OID == oid {
			return t, true
		}
	}
	return nil, false
}
