package parse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// query translates a SelectStmt, which in pg_query's tree is any of a plain
// SELECT, a set operation or a VALUES list, into the matching ast.Query.
// It returns a nil interface (never a typed nil) on error.
func (t *translator) query(s *pg_query.SelectStmt) ast.Query {
	if t.err != nil {
		return nil
	}
	if s == nil { // the grammar always has a SelectStmt here
		t.unsupported(-1, "this query form")
		return nil
	}
	if s.IntoClause != nil {
		t.unsupported(s.IntoClause.GetRel().GetLocation(), "SELECT INTO")
		return nil
	}
	var q ast.Query
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE:
		q = t.setOp(s)
	case len(s.ValuesLists) > 0:
		q = t.values(s)
	default:
		q = t.selectStmt(s)
	}
	if t.err != nil {
		return nil
	}
	return q
}

// selectStmt translates a plain SELECT (no set operation, no VALUES).
func (t *translator) selectStmt(s *pg_query.SelectStmt) *ast.Select {
	switch {
	case len(s.WindowClause) > 0:
		t.unsupported(location(s.WindowClause[0]), "WINDOW")
	case s.GroupDistinct:
		t.unsupported(-1, "GROUP BY DISTINCT")
	}
	out := &ast.Select{With: t.with(s.WithClause)}
	if len(s.DistinctClause) > 0 {
		out.Distinct = true
		// Plain DISTINCT is a list holding one empty node; DISTINCT ON
		// lists its expressions.
		if s.DistinctClause[0].GetNode() != nil {
			out.DistinctOn = t.exprs(s.DistinctClause)
		}
	}
	out.Targets = t.targets(s.TargetList)
	if len(s.FromClause) > 0 {
		out.From = make([]ast.FromItem, 0, len(s.FromClause))
		for _, n := range s.FromClause {
			out.From = append(out.From, t.fromItem(n))
		}
	}
	out.Where = t.expr(s.WhereClause)
	for _, g := range s.GroupClause {
		if gs := g.GetGroupingSet(); gs != nil {
			t.unsupported(gs.Location, "GROUPING SETS, ROLLUP and CUBE")
			break
		}
		out.GroupBy = append(out.GroupBy, t.expr(g))
	}
	out.Having = t.expr(s.HavingClause)
	out.OrderBy, out.Limit, out.Offset = t.sortAndLimit(s)
	// FOR UPDATE/SHARE [OF …] [NOWAIT|SKIP LOCKED] all reduce to one flag:
	// KalamDB has no row locks to choose between.
	out.ForUpdate = len(s.LockingClause) > 0
	return out
}

// setOp translates UNION/INTERSECT/EXCEPT [ALL]. pg_query nests them
// left-deep, with ORDER BY/LIMIT/WITH of the whole on the top node.
func (t *translator) setOp(s *pg_query.SelectStmt) *ast.SetOp {
	if len(s.LockingClause) > 0 {
		t.fail(pgerr.New(pgerr.FeatureNotSupported, "%s is not allowed with UNION/INTERSECT/EXCEPT",
			lockingName(s.LockingClause[0])))
		return nil
	}
	out := &ast.SetOp{With: t.with(s.WithClause), Op: setOperationNames[s.Op], All: s.All}
	out.Left = t.query(s.Larg)
	out.Right = t.query(s.Rarg)
	out.OrderBy, out.Limit, out.Offset = t.sortAndLimit(s)
	return out
}

var setOperationNames = map[pg_query.SetOperation]string{
	pg_query.SetOperation_SETOP_UNION:     "union",
	pg_query.SetOperation_SETOP_INTERSECT: "intersect",
	pg_query.SetOperation_SETOP_EXCEPT:    "except",
}

// values translates a VALUES list used as a query. DEFAULT is not allowed
// here (only directly in INSERT … VALUES), which t.expr reports as
// PostgreSQL does.
func (t *translator) values(s *pg_query.SelectStmt) *ast.Values {
	switch {
	case s.WithClause != nil:
		t.unsupported(s.WithClause.Location, "WITH on VALUES")
		return nil
	case len(s.LockingClause) > 0:
		t.fail(pgerr.New(pgerr.FeatureNotSupported, "%s cannot be applied to VALUES", lockingName(s.LockingClause[0])))
		return nil
	}
	out := &ast.Values{Rows: make([][]ast.Expr, len(s.ValuesLists)), Location: -1}
	for i, l := range s.ValuesLists {
		out.Rows[i] = t.exprs(l.GetList().GetItems())
	}
	out.OrderBy, out.Limit, out.Offset = t.sortAndLimit(s)
	return out
}

// sortAndLimit translates the ORDER BY, LIMIT and OFFSET shared by every
// query form. LIMIT ALL arrives as LIMIT NULL and means no limit.
func (t *translator) sortAndLimit(s *pg_query.SelectStmt) (order []ast.OrderItem, limit, offset ast.Expr) {
	if s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		t.unsupported(location(s.LimitCount), "FETCH … WITH TIES")
		return nil, nil, nil
	}
	order = t.orderBy(s.SortClause)
	if !isNullConst(s.LimitCount) {
		limit = t.expr(s.LimitCount)
	}
	offset = t.expr(s.LimitOffset)
	return order, limit, offset
}

func isNullConst(n *pg_query.Node) bool {
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// lockingName spells a locking clause's strength as PostgreSQL's messages
// do ("FOR UPDATE", "FOR KEY SHARE", …).
func lockingName(n *pg_query.Node) string {
	switch n.GetLockingClause().GetStrength() {
	case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
		return "FOR KEY SHARE"
	case pg_query.LockClauseStrength_LCS_FORSHARE:
		return "FOR SHARE"
	case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// with translates a WITH clause. Only plain, non-recursive CTEs over
// queries are supported; MATERIALIZED / NOT MATERIALIZED are planner hints
// and are dropped. A name given twice is PostgreSQL's 42712.
func (t *translator) with(w *pg_query.WithClause) []ast.CTE {
	if w == nil || t.err != nil {
		return nil
	}
	if w.Recursive {
		t.unsupported(w.Location, "WITH RECURSIVE")
		return nil
	}
	out := make([]ast.CTE, 0, len(w.Ctes))
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		if c == nil {
			continue
		}
		for _, prev := range out {
			if prev.Name == c.Ctename {
				t.fail(pgerr.New(duplicateAlias, `WITH query name "%s" specified more than once`, c.Ctename).
					WithPosition(charPosition(t.sql, int(c.Location))))
				return nil
			}
		}
		sel := c.Ctequery.GetSelectStmt()
		if sel == nil {
			t.unsupported(c.Location, "data-modifying statements in WITH")
			return nil
		}
		out = append(out, ast.CTE{Name: c.Ctename, Columns: aliasColumns(c.Aliascolnames), Query: t.query(sel)})
	}
	return out
}
