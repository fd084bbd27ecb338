package pgcatalog

import (
	"fmt"
	"slices"
	"sync"

	"github.com/kalamdb/kalamdb/types"
)

// rowTemplate builds rows of one relation: the constant columns are
// parsed once from PostgreSQL text (as PostgreSQL shows them for an object
// like ours), every row starts as a copy of them, and the per-object
// columns are set by name. Naming a column the relation lacks is a
// programming error and panics (the tests build every template).
type rowTemplate struct {
	rel  *Relation
	pos  map[string]int
	base []types.Value
}

// newTemplate returns a lazily built template for namespace.name with the
// given constant columns; unnamed columns start NULL.
func newTemplate(namespace, name string, fixed map[string]string) func() *rowTemplate {
	return sync.OnceValue(func() *rowTemplate {
		r := mustLookup(namespace, name)
		t := &rowTemplate{rel: r, pos: make(map[string]int, len(r.Columns)), base: make([]types.Value, len(r.Columns))}
		for i, c := range r.Columns {
			t.pos[c.Name] = i
		}
		for col, text := range fixed {
			i := t.index(col)
			v, err := decodeCell(text, r.Columns[i].Type)
			if err != nil {
				panic(fmt.Sprintf("pgcatalog: template %s.%s column %s: %v", namespace, name, col, err))
			}
			t.base[i] = v
		}
		return t
	})
}

func (t *rowTemplate) index(col string) int {
	i, ok := t.pos[col]
	if !ok {
		panic(fmt.Sprintf("pgcatalog: %s.%s has no column %s", t.rel.Namespace, t.rel.Name, col))
	}
	return i
}

// row is a fresh row holding the template's constants.
func (t *rowTemplate) row() []types.Value { return slices.Clone(t.base) }

// set stores v in column col.
func (t *rowTemplate) set(row []types.Value, col string, v types.Value) { row[t.index(col)] = v }

// str stores a string in a column of a character kind (name, text, varchar).
func (t *rowTemplate) str(row []types.Value, col, s string) {
	i := t.index(col)
	row[i] = types.Value{K: t.rel.Columns[i].Type.Kind, S: s}
}

// int stores an integer in a column of an integer-like kind (int2/4/8,
// oid, bool, "char").
func (t *rowTemplate) int(row []types.Value, col string, n int64) {
	i := t.index(col)
	row[i] = types.Value{K: t.rel.Columns[i].Type.Kind, I: n}
}

// bool stores a boolean.
func (t *rowTemplate) bool(row []types.Value, col string, b bool) {
	row[t.index(col)] = types.NewBool(b)
}
