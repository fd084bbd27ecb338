package pgcatalog

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/kalamdb/kalamdb/types"
)

// rowSource computes a relation's rows for one statement.
type rowSource func(ctx *Context) ([][]types.Value, error)

// rowSources are the relations with dynamic rows, by "namespace.name".
// They are registered in init functions, next to their builders.
var rowSources = map[string]rowSource{}

func register(namespace, name string, src rowSource) {
	rowSources[namespace+"."+name] = src
}

// buildRelations turns the generated column definitions (one line per
// column, grouped by relation) into relations and attaches their rows:
// a dynamic source, else the generated static rows, else none.
func buildRelations(defs *textTable) (*relationSet, error) {
	col := func(name string) int {
		for i, h := range defs.header {
			if h == name {
				return i
			}
		}
		panic("pgcatalog: relations: no column " + name)
	}
	nsp, rel, oid, kind := col("nspname"), col("relname"), col("oid"), col("relkind")
	att, typ, mod := col("attname"), col("atttypid"), col("atttypmod")
	set := &relationSet{byName: map[string]*Relation{}, byOID: map[uint32]*Relation{}}
	var cur *Relation
	for _, row := range defs.rows {
		c := row.cells
		if cur == nil || cur.Namespace != c[nsp] || cur.Name != c[rel] {
			n, err := strconv.ParseUint(c[oid], 10, 32)
			if err != nil {
				return nil, fmt.Errorf("pgcatalog: relations: %w", err)
			}
			cur = &Relation{Namespace: c[nsp], Name: c[rel], OID: uint32(n), Kind: c[kind][0]}
			set.list = append(set.list, cur)
			set.byName[cur.Namespace+"."+cur.Name] = cur
			set.byOID[cur.OID] = cur
		}
		t, err := strconv.ParseUint(c[typ], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("pgcatalog: relations: %w", err)
		}
		m, err := strconv.ParseInt(c[mod], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("pgcatalog: relations: %w", err)
		}
		cur.Columns = append(cur.Columns, Column{Name: c[att], Type: columnType(uint32(t), int32(m))})
	}
	for _, r := range set.list {
		key := r.Namespace + "." + r.Name
		switch src, ok := rowSources[key]; {
		case ok:
			r.Rows = src
		case hasData(key):
			r.Rows = func(*Context) ([][]types.Value, error) { return staticRows(r) }
		}
	}
	return set, nil
}

// mustLookup is Lookup for relations the package itself builds rows for.
func mustLookup(namespace, name string) *Relation {
	r, ok := Lookup(namespace, name)
	if !ok {
		panic("pgcatalog: no relation " + namespace + "." + name)
	}
	return r
}

// staticCache holds each relation's generated rows, decoded on first use.
var staticCache sync.Map // "namespace.name" → *staticEntry

type staticEntry struct {
	once sync.Once
	rows [][]types.Value
	err  error
}

// staticRows returns the generated rows of r, decoded into r's column
// types once. Columns the file lacks are NULL.
func staticRows(r *Relation) ([][]types.Value, error) {
	key := r.Namespace + "." + r.Name
	e, _ := staticCache.LoadOrStore(key, &staticEntry{})
	entry := e.(*staticEntry)
	entry.once.Do(func() { entry.rows, entry.err = decodeStaticFile(r, key) })
	return entry.rows, entry.err
}

// decodeStaticFile decodes a generated file into rows of r: the file's
// header names r's columns.
func decodeStaticFile(r *Relation, file string) ([][]types.Value, error) {
	t, err := readTable(file)
	if err != nil {
		return nil, err
	}
	pos := make([]int, len(t.header))
	for i, h := range t.header {
		if pos[i] = r.ColumnIndex(h); pos[i] < 0 {
			return nil, fmt.Errorf("pgcatalog: %s: generated column %q is not in the relation", file, h)
		}
	}
	rows := make([][]types.Value, len(t.rows))
	for i, tr := range t.rows {
		row := make([]types.Value, len(r.Columns))
		for j, cell := range tr.cells {
			if tr.null[j] {
				continue
			}
			p := pos[j]
			v, err := decodeCell(cell, r.Columns[p].Type)
			if err != nil {
				return nil, fmt.Errorf("pgcatalog: %s row %d column %s: %w", file, i+1, r.Columns[p].Name, err)
			}
			row[p] = v
		}
		rows[i] = row
	}
	return rows, nil
}
