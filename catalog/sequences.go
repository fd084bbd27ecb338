package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/kalamdb/kalamdb/storage"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Sequences back SERIAL/BIGSERIAL columns and identity columns (DESIGN §3).
// A sequence belongs to one column of one table; its definition (name, OID)
// lives in the column, and its high-water mark under its own meta key so
// that drawing values never rewrites the table definition.
//
// Invariant: a value is handed out only after a high-water mark at least as
// large is committed to storage, so no value is ever returned twice, even
// across restarts. Values are reserved sequenceBlock at a time and the
// reservation lives in memory; values reserved but not drawn before a
// restart are skipped, so (as in PostgreSQL) sequences may have gaps.

const (
	metaSequencePrefix = "catalog/seq/"
	sequenceBlock      = 32
)

// Sequence names the sequence behind a column.
type Sequence struct {
	Name string `json:"name"`
	OID  uint32 `json:"oid"`
}

// seqState is the in-memory reservation of one sequence, guarded by mu.
type seqState struct {
	mu     sync.Mutex
	loaded bool
	next   int64 // the value the next nextval returns
	limit  int64 // highest value covered by the persisted high-water mark
	done   bool  // next went past the maximum
}

type seqMeta struct {
	Last int64 `json:"last"` // high-water mark: no value above it was handed out
}

func seqKey(oid uint32) string { return fmt.Sprintf("%s%08x", metaSequencePrefix, oid) }

// SequenceMax is the largest value a sequence for a column of type t yields.
func SequenceMax(t types.Type) int64 {
	switch t.Kind {
	case types.KindInt2:
		return math.MaxInt16
	case types.KindInt4:
		return math.MaxInt32
	}
	return math.MaxInt64
}

// assignSequences names the sequences of t's new SERIAL and identity columns
// (table_column_seq, with a digit appended on a clash as PostgreSQL does)
// and gives them OIDs; a SERIAL column's DEFAULT becomes the nextval text
// clients see.
func (ch *Change) assignSequences(t *Table) {
	for i := range t.Columns {
		c := &t.Columns[i]
		if c.Sequence == nil || c.Sequence.OID != 0 {
			continue
		}
		base := t.Name + "_" + c.Name + "_seq"
		name := base
		for n := 1; ch.relationNameTaken(t.Namespace, name, t); n++ {
			name = base + strconv.Itoa(n)
		}
		c.Sequence = &Sequence{Name: name, OID: ch.allocOID()}
		if c.Identity == "" {
			shown := name
			if t.Namespace != DefaultNamespace {
				shown = t.Namespace + "." + name
			}
			c.Default = "nextval('" + shown + "'::regclass)"
		}
	}
}

// relationNameTaken reports whether name is a table or sequence of ns,
// including the sequences already assigned in self.
func (ch *Change) relationNameTaken(ns, name string, self *Table) bool {
	if _, ok := ch.tables[ns+"."+name]; ok {
		return true
	}
	if _, _, ok := ch.SequenceByName(ns, name); ok {
		return true
	}
	for _, c := range self.Columns {
		if c.Sequence != nil && c.Sequence.Name == name {
			return true
		}
	}
	return false
}

// dropSequences forgets the high-water marks of t's sequences.
func (ch *Change) dropSequences(t *Table) {
	for _, c := range t.Columns {
		if c.Sequence != nil {
			ch.Batch.DeleteMeta(seqKey(c.Sequence.OID))
		}
	}
}

// SequenceByName finds the table and column owning sequence ns.name.
func (s *Snapshot) SequenceByName(ns, name string) (*Table, int, bool) {
	for _, t := range s.tables {
		if t.Namespace != ns {
			continue
		}
		for i, c := range t.Columns {
			if c.Sequence != nil && c.Sequence.Name == name {
				return t, i, true
			}
		}
	}
	return nil, 0, false
}

// SequenceByOID finds the table and column owning the sequence with oid.
func (s *Snapshot) SequenceByOID(oid uint32) (*Table, int, bool) {
	for _, t := range s.tables {
		for i, c := range t.Columns {
			if c.Sequence != nil && c.Sequence.OID == oid {
				return t, i, true
			}
		}
	}
	return nil, 0, false
}

func (c *Catalog) seqState(oid uint32) *seqState {
	st, _ := c.seqs.LoadOrStore(oid, &seqState{})
	return st.(*seqState)
}

// load reads the persisted high-water mark on first use. Callers hold st.mu.
func (c *Catalog) load(st *seqState, oid uint32) error {
	if st.loaded {
		return nil
	}
	rd, err := c.store.Snapshot()
	if err != nil {
		return err
	}
	var m seqMeta
	if raw := rd.Meta(seqKey(oid)); raw != nil {
		err = json.Unmarshal(raw, &m)
	}
	rd.Close()
	if err != nil {
		return fmt.Errorf("catalog: sequence %d: %w", oid, err)
	}
	st.next, st.limit, st.loaded = m.Last+1, m.Last, true
	return nil
}

// persist commits last as the sequence's high-water mark.
func (c *Catalog) persist(ctx context.Context, oid uint32, last int64) error {
	raw, _ := json.Marshal(seqMeta{Last: last})
	b := &storage.Batch{}
	b.PutMeta(seqKey(oid), raw)
	_, err := c.store.Commit(ctx, b)
	return err
}

// NextVal draws the next value of the sequence of column col of t. It is
// not transactional: a value drawn by a transaction that rolls back is
// not handed out again.
func (c *Catalog) NextVal(ctx context.Context, t *Table, col int) (int64, error) {
	seq := t.Columns[col].Sequence
	max := SequenceMax(t.Columns[col].Type)
	st := c.seqState(seq.OID)
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := c.load(st, seq.OID); err != nil {
		return 0, err
	}
	if st.done || st.next > max {
		return 0, pgerr.New("2200H", "nextval: reached maximum value of sequence %q (%d)", seq.Name, max)
	}
	if st.next > st.limit {
		limit := max
		if max-st.next >= sequenceBlock {
			limit = st.next + sequenceBlock - 1
		}
		if err := c.persist(ctx, seq.OID, limit); err != nil {
			return 0, err
		}
		st.limit = limit
	}
	v := st.next
	if v == math.MaxInt64 {
		st.done = true
	} else {
		st.next++
	}
	return v, nil
}

// SetVal makes the sequence continue after v (isCalled) or at v, as
// PostgreSQL's setval does; values below v may then be handed out again,
// which is what the caller asked for.
func (c *Catalog) SetVal(ctx context.Context, t *Table, col int, v int64, isCalled bool) error {
	seq := t.Columns[col].Sequence
	max := SequenceMax(t.Columns[col].Type)
	if v < 1 || v > max {
		return pgerr.New(pgerr.NumericValueOutOfRange, "setval: value %d is out of bounds for sequence %q (1..%d)", v, seq.Name, max)
	}
	st := c.seqState(seq.OID)
	st.mu.Lock()
	defer st.mu.Unlock()
	last := v
	if !isCalled {
		last = v - 1
	}
	if err := c.persist(ctx, seq.OID, last); err != nil {
		return err
	}
	st.loaded, st.limit, st.done = true, last, false
	if last == math.MaxInt64 {
		st.next, st.done = last, true
	} else {
		st.next = last + 1
	}
	return nil
}
