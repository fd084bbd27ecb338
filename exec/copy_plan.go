package exec

import (
	"strconv"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// COPY plans. COPY FROM STDIN reads the client's rows through the result
// writer's CopyStream (copy_from.go); COPY TO STDOUT runs a query — the
// one given, or SELECT columns FROM table — and formats its rows
// (copy_write.go). Neither returns a row description: in the extended
// protocol Describe answers NoData, as PostgreSQL does.

// copyFromPlan is COPY table [(columns)] FROM STDIN.
type copyFromPlan struct {
	table *catalog.Table
	// targets[i] is the table column that field i of each record fills.
	targets []int
	// defaults fill the columns the fields do not, where a DEFAULT exists
	// (the INSERT planner's compiled defaults); other columns are NULL.
	defaults []copyDefault
	where    *expr.Expr // COPY … WHERE; nil keeps every row
	opts     ast.CopyOptions
	// forceNotNull and forceNull are per field (CSV options).
	forceNotNull, forceNull []bool
}

type copyDefault struct {
	column int
	value  *expr.Expr
}

// copyToPlan is COPY table|(query) TO STDOUT.
type copyToPlan struct {
	source     plan
	cols       []Column
	opts       ast.CopyOptions
	forceQuote []bool // per column (CSV)
}

func (*copyFromPlan) columns() []Column { return nil }
func (*copyToPlan) columns() []Column   { return nil }

func (p *planner) planCopy(n *ast.Copy) (plan, error) {
	if n.From {
		return p.planCopyFrom(n)
	}
	return p.planCopyTo(n)
}

func (p *planner) planCopyFrom(n *ast.Copy) (plan, error) {
	t, err := p.resolveTable(n.Table)
	if err != nil {
		return nil, err
	}
	targets, err := insertColumns(t, n.Columns)
	if err != nil {
		return nil, err
	}
	cp := &copyFromPlan{table: t, targets: targets, opts: n.Options}
	targeted := make([]bool, len(t.Columns))
	for _, col := range targets {
		targeted[col] = true
	}
	var defaults []*expr.Expr
	for i, c := range t.Columns {
		if targeted[i] || c.Default == "" {
			continue
		}
		if defaults == nil {
			if defaults, err = p.compileDefaults(t); err != nil {
				return nil, err
			}
		}
		cp.defaults = append(cp.defaults, copyDefault{column: i, value: defaults[i]})
	}
	if n.Where != nil {
		scope := scopeOf(newTableRel(t, "").cols, nil)
		if cp.where, err = p.compileCondition(n.Where, scope, "WHERE"); err != nil {
			return nil, err
		}
	}
	if cp.forceNotNull, err = copyColumnFlags(t, targets, n.Options.ForceNotNull, "FORCE_NOT_NULL"); err != nil {
		return nil, err
	}
	if cp.forceNull, err = copyColumnFlags(t, targets, n.Options.ForceNull, "FORCE_NULL"); err != nil {
		return nil, err
	}
	return cp, nil
}

// copyColumnFlags maps a FORCE_* column list to flags per COPY column.
func copyColumnFlags(t *catalog.Table, targets []int, names []string, option string) ([]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	flags := make([]bool, len(targets))
	for _, name := range names {
		col := t.ColumnIndex(name)
		if col < 0 {
			return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
		}
		found := false
		for i, c := range targets {
			if c == col {
				flags[i], found = true, true
			}
		}
		if !found {
			return nil, pgerr.New(pgerr.InvalidColumnReference, "%s column %q not referenced by COPY", option, name)
		}
	}
	return flags, nil
}

func (p *planner) planCopyTo(n *ast.Copy) (plan, error) {
	q := n.Query
	var table *catalog.Table
	if q == nil {
		sel := &ast.Select{From: []ast.FromItem{&ast.TableRef{Name: n.Table}}}
		if len(n.Columns) == 0 {
			sel.Targets = []ast.Target{{Expr: &ast.Star{}}}
		} else {
			// Check the list against the table for PostgreSQL's messages;
			// relations that are not tables (system views) are left to
			// the query planner.
			if t, err := p.resolveTable(n.Table); err == nil {
				if _, err := insertColumns(t, n.Columns); err != nil {
					return nil, err
				}
				table = t
			}
			for _, name := range n.Columns {
				sel.Targets = append(sel.Targets, ast.Target{Expr: &ast.ColumnRef{Column: name}})
			}
		}
		q = sel
	}
	src, err := p.planQuery(q, nil)
	if err != nil {
		return nil, err
	}
	cp := &copyToPlan{source: src, cols: src.columns(), opts: n.Options}
	if n.Options.ForceQuoteAll {
		cp.forceQuote = make([]bool, len(cp.cols))
		for i := range cp.forceQuote {
			cp.forceQuote[i] = true
		}
	} else if len(n.Options.ForceQuote) > 0 {
		if table == nil && n.Query == nil {
			table, _ = p.resolveTable(n.Table)
		}
		if cp.forceQuote, err = forceQuoteFlags(cp.cols, n.Options.ForceQuote, table); err != nil {
			return nil, err
		}
	}
	return cp, nil
}

// forceQuoteFlags maps FORCE_QUOTE names to the output columns.
func forceQuoteFlags(cols []Column, names []string, t *catalog.Table) ([]bool, error) {
	flags := make([]bool, len(cols))
	for _, name := range names {
		found := false
		for i, c := range cols {
			if c.Name == name {
				flags[i], found = true, true
			}
		}
		switch {
		case found:
		case t != nil && t.ColumnIndex(name) < 0:
			return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
		case t == nil:
			return nil, pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", name)
		default:
			return nil, pgerr.New(pgerr.InvalidColumnReference, "FORCE_QUOTE column %q not referenced by COPY", name)
		}
	}
	return flags, nil
}

// copyStream finds the COPY data stream of the statement's result writer.
func (x *execution) copyStream() (CopyStream, error) {
	if cs, ok := x.sess.out.(CopyStream); ok {
		return cs, nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY FROM STDIN and COPY TO STDOUT are not supported in this context")
}

func (p *copyToPlan) run(x *execution, _ func([]types.Value) error) (string, error) {
	cs, err := x.copyStream()
	if err != nil {
		return "", err
	}
	sink, err := cs.CopyOut(len(p.cols))
	if err != nil {
		return "", err
	}
	enc := copyEncoder{opts: p.opts, cols: p.cols, forceQuote: p.forceQuote, format: x.env.Format}
	var line []byte
	if p.opts.Header {
		line = enc.appendHeader(line)
		if err := sink.Send(line); err != nil {
			return "", err
		}
	}
	var n int64
	_, err = p.source.run(x, func(row []types.Value) error {
		if n++; n&1023 == 0 {
			if err := x.checkCancel(); err != nil {
				return err
			}
		}
		line = enc.appendRow(line[:0], row)
		return sink.Send(line)
	})
	if err != nil {
		return "", err
	}
	if err := sink.Done(); err != nil {
		return "", err
	}
	return "COPY " + strconv.FormatInt(n, 10), nil
}
