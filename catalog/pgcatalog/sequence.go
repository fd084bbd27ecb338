package pgcatalog

import (
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/types"
)

// The sequences behind SERIAL and identity columns (catalog/sequences.go)
// as PostgreSQL 15 lists them: a pg_class row of relkind 'S' named as the
// sequence, a pg_sequence row and a pg_sequences row. Every sequence
// starts at 1, steps by 1, caches 1 and does not cycle; its maximum is
// that of its column's type.

func init() {
	register("pg_catalog", "pg_sequence", sequenceRows)
	register("pg_catalog", "pg_sequences", sequencesViewRows)
}

// ownedSequence is one sequence with the column that owns it.
type ownedSequence struct {
	table *catalog.Table
	col   catalog.Column
}

// sequences lists the catalog's sequences in table order.
func (ctx *Context) sequences() []ownedSequence {
	var out []ownedSequence
	for _, t := range ctx.Catalog.Tables("") {
		for _, c := range t.Columns {
			if c.Sequence != nil && c.Sequence.OID != 0 {
				out = append(out, ownedSequence{table: t, col: c})
			}
		}
	}
	return out
}

// sequenceClassTpl is pg_class as PostgreSQL 15 fills it for a sequence.
var sequenceClassTpl = newTemplate("pg_catalog", "pg_class", map[string]string{
	"reltype": "0", "reloftype": "0", "relowner": "10", "relam": "0", "reltablespace": "0",
	"relpages": "1", "reltuples": "1", "relallvisible": "0", "reltoastrelid": "0",
	"relhasindex": "f", "relisshared": "f", "relpersistence": "p", "relkind": "S",
	"relnatts": "3", "relchecks": "0", "relhasrules": "f", "relhastriggers": "f",
	"relhassubclass": "f", "relrowsecurity": "f", "relforcerowsecurity": "f",
	"relispopulated": "t", "relreplident": "n", "relispartition": "f", "relrewrite": "0",
	"relfrozenxid": "0", "relminmxid": "0",
})

// sequenceClassRows are pg_class's rows for the catalog's sequences.
func sequenceClassRows(ctx *Context) [][]types.Value {
	tpl := sequenceClassTpl()
	var out [][]types.Value
	for _, s := range ctx.sequences() {
		row := tpl.row()
		tpl.int(row, "oid", int64(s.col.Sequence.OID))
		tpl.str(row, "relname", s.col.Sequence.Name)
		tpl.int(row, "relnamespace", int64(namespaceOID(ctx, s.table.Namespace)))
		tpl.int(row, "relfilenode", int64(s.col.Sequence.OID))
		out = append(out, row)
	}
	return out
}

var sequenceTpl = newTemplate("pg_catalog", "pg_sequence", map[string]string{
	"seqstart": "1", "seqincrement": "1", "seqmin": "1", "seqcache": "1", "seqcycle": "f",
})

func sequenceRows(ctx *Context) ([][]types.Value, error) {
	tpl := sequenceTpl()
	var out [][]types.Value
	for _, s := range ctx.sequences() {
		row := tpl.row()
		tpl.int(row, "seqrelid", int64(s.col.Sequence.OID))
		tpl.int(row, "seqtypid", int64(s.col.Type.OID()))
		tpl.int(row, "seqmax", catalog.SequenceMax(s.col.Type))
		out = append(out, row)
	}
	return out, nil
}

var sequencesViewTpl = newTemplate("pg_catalog", "pg_sequences", map[string]string{
	"start_value": "1", "min_value": "1", "increment_by": "1", "cycle": "f", "cache_size": "1",
})

// sequencesViewRows is pg_sequences. last_value stays NULL: PostgreSQL
// shows NULL until the sequence is first used, and the drawn value lives
// in the catalog's in-memory reservation, not here.
func sequencesViewRows(ctx *Context) ([][]types.Value, error) {
	tpl := sequencesViewTpl()
	var out [][]types.Value
	for _, s := range ctx.sequences() {
		row := tpl.row()
		tpl.str(row, "schemaname", s.table.Namespace)
		tpl.str(row, "sequencename", s.col.Sequence.Name)
		tpl.str(row, "sequenceowner", ctx.roleName())
		oid := s.col.Type.OID()
		tpl.set(row, "data_type", types.NewReg(types.KindRegtype, oid, regIndexOnce().formatType(oid)))
		tpl.int(row, "max_value", catalog.SequenceMax(s.col.Type))
		out = append(out, row)
	}
	return out, nil
}

// setIdentityFacts fills information_schema.columns' identity columns for
// an identity column c (PostgreSQL: ALWAYS / BY DEFAULT, start 1 …).
func setIdentityFacts(tpl *rowTemplate, row []types.Value, c catalog.Column) {
	if c.Identity == "" || c.Sequence == nil {
		return
	}
	tpl.str(row, "is_identity", "YES")
	tpl.str(row, "identity_generation", strings.ToUpper(c.Identity))
	tpl.str(row, "identity_start", "1")
	tpl.str(row, "identity_increment", "1")
	tpl.str(row, "identity_maximum", strconv.FormatInt(catalog.SequenceMax(c.Type), 10))
	tpl.str(row, "identity_minimum", "1")
}
