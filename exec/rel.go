package exec

import (
	"errors"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/catalog/pgcatalog"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
)

// rel is a planned relation of a FROM clause: a table, a system relation,
// a subquery, a set-returning function, VALUES, or a join of two rels.
// Like every plan it is immutable; scan may run many times.
type rel interface {
	columns() []relCol
	// scan passes each row to emit (valid only during the call); emit
	// returns false to stop early.
	scan(x *execution, emit func(row []types.Value) (bool, error)) error
}

// relCol is a column of a rel: what expressions see, plus where it came
// from for RowDescription.
type relCol struct {
	expr.Column
	tableOID uint32
	attnum   int16
	hidden   bool // a system column (_seq, _deleted): selectable by name, not part of *
	merged   bool // a join's right-side USING column: reachable only qualified
}

// scopeOf builds the expression scope of a list of columns.
func scopeOf(cols []relCol, outer *expr.Scope) *expr.Scope {
	s := &expr.Scope{Columns: make([]expr.Column, len(cols)), Outer: outer}
	for i, c := range cols {
		s.Columns[i] = c.Column
	}
	return s
}

// errStopScan ends a scan early from inside a nested plan run.
var errStopScan = errors.New("stop scan")

// tableRel scans a stored table, narrowed by an access path.
type tableRel struct {
	table  *catalog.Table
	cols   []relCol
	access *accessPath
}

func newTableRel(t *catalog.Table, alias string) *tableRel {
	qual := t.Name
	if alias != "" {
		qual = alias
	}
	r := &tableRel{table: t}
	for i, c := range t.Columns {
		r.cols = append(r.cols, relCol{Column: expr.Column{Table: qual, Name: c.Name, Type: c.Type}, tableOID: t.OID, attnum: int16(i + 1)})
	}
	r.cols = append(r.cols,
		relCol{Column: expr.Column{Table: qual, Name: "_seq", Type: types.Int8}, hidden: true},
		relCol{Column: expr.Column{Table: qual, Name: "_deleted", Type: types.Bool}, hidden: true})
	return r
}

func (r *tableRel) columns() []relCol { return r.cols }

func (r *tableRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	return x.scanTable(r.table, r.access, func(_ []byte, row []types.Value) (bool, error) { return emit(row) })
}

// systemRel is a pg_catalog or information_schema relation whose rows are
// computed from the catalog snapshot when scanned.
type systemRel struct {
	relation *pgcatalog.Relation
	cols     []relCol
}

func newSystemRel(r *pgcatalog.Relation, alias string) *systemRel {
	qual := r.Name
	if alias != "" {
		qual = alias
	}
	s := &systemRel{relation: r}
	for i, c := range r.Columns {
		s.cols = append(s.cols, relCol{Column: expr.Column{Table: qual, Name: c.Name, Type: c.Type}, tableOID: r.OID, attnum: int16(i + 1)})
	}
	return s
}

func (r *systemRel) columns() []relCol { return r.cols }

func (r *systemRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	if r.relation.Rows == nil {
		return nil
	}
	rows, err := r.relation.Rows(x.systemContext())
	if err != nil {
		return err
	}
	for _, row := range rows {
		if more, err := emit(row); !more || err != nil {
			return err
		}
	}
	return nil
}

// systemContext describes the session to system relations.
func (x *execution) systemContext() *pgcatalog.Context {
	s := x.sess
	return &pgcatalog.Context{
		Catalog:    x.catalog(),
		User:       s.info.User,
		Database:   s.info.Database,
		SearchPath: s.settings.searchPath,
		ProcessID:  s.info.ProcessID,
		Setting:    s.settings.get,
		Settings:   s.settings.names,

		// named_statement.go, cursor.go
		PreparedStatements: s.preparedStatements,
		Cursors:            s.cursorList,

		// system_pgcatalog.go
		SystemRelations: systemRelationList,
	}
}

// queryRel is a subquery (or CTE, or VALUES) used as a relation.
type queryRel struct {
	plan plan
	cols []relCol
}

func (r *queryRel) columns() []relCol { return r.cols }

func (r *queryRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	_, err := r.plan.run(x, func(row []types.Value) error {
		more, err := emit(row)
		if err == nil && !more {
			return errStopScan
		}
		return err
	})
	if errors.Is(err, errStopScan) {
		return nil
	}
	return err
}

// oneRowRel is the single empty row a SELECT without FROM reads.
type oneRowRel struct{}

func (oneRowRel) columns() []relCol { return nil }
func (oneRowRel) scan(x *execution, emit func(row []types.Value) (bool, error)) error {
	_, err := emit(nil)
	return err
}
