package parse

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
)

// statement translates one top-level statement.
func (t *translator) statement(n *pg_query.Node) ast.Statement {
	switch v := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if q := t.query(v.SelectStmt); q != nil {
			return q
		}
		return nil
	case *pg_query.Node_InsertStmt:
		return t.insertStmt(v.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		return t.updateStmt(v.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		return t.deleteStmt(v.DeleteStmt)
	case *pg_query.Node_CreateStmt:
		return t.createStmt(v.CreateStmt)
	case *pg_query.Node_DropStmt:
		return t.dropStmt(v.DropStmt)
	case *pg_query.Node_TruncateStmt:
		return t.truncateStmt(v.TruncateStmt)
	case *pg_query.Node_AlterTableStmt: // translate_alter.go
		return t.alterTableStmt(v.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		return t.renameStmt(v.RenameStmt)
	case *pg_query.Node_VacuumStmt:
		return t.vacuumStmt(v.VacuumStmt)
	case *pg_query.Node_CreateSchemaStmt:
		return t.createSchemaStmt(v.CreateSchemaStmt)
	case *pg_query.Node_VariableSetStmt:
		return t.setStmt(v.VariableSetStmt)
	case *pg_query.Node_VariableShowStmt:
		return &ast.Show{Name: strings.ToLower(v.VariableShowStmt.Name)}
	case *pg_query.Node_TransactionStmt:
		return t.transactionStmt(v.TransactionStmt)
	case *pg_query.Node_PrepareStmt:
		return t.prepareStmt(v.PrepareStmt)
	case *pg_query.Node_ExecuteStmt:
		e := v.ExecuteStmt
		return &ast.Execute{Name: e.Name, Params: t.exprs(e.Params)}
	case *pg_query.Node_DeallocateStmt:
		name := v.DeallocateStmt.Name
		return &ast.Deallocate{Name: name, All: name == ""}
	case *pg_query.Node_DiscardStmt:
		return t.discardStmt(v.DiscardStmt)
	case *pg_query.Node_DeclareCursorStmt:
		return t.declareCursorStmt(v.DeclareCursorStmt)
	case *pg_query.Node_FetchStmt:
		return t.fetchStmt(v.FetchStmt)
	case *pg_query.Node_ClosePortalStmt:
		return closePortalStmt(v.ClosePortalStmt)
	case *pg_query.Node_CopyStmt:
		return t.copyStmt(v.CopyStmt) // translate_copy.go
	}
	t.unsupported(-1, statementName(n))
	return nil
}

// rangeVar translates the target table of INSERT, UPDATE, DELETE, CREATE
// TABLE and TRUNCATE with its alias; the grammar allows no column aliases
// there.
func (t *translator) rangeVar(r *pg_query.RangeVar) (ast.TableName, string) {
	a := ""
	if r.Alias != nil {
		a = r.Alias.Aliasname
	}
	return tableName(r), a
}

// targets translates a select list or RETURNING list.
func (t *translator) targets(ns []*pg_query.Node) []ast.Target {
	out := make([]ast.Target, 0, len(ns))
	for _, n := range ns {
		rt := n.GetResTarget()
		if rt == nil {
			continue
		}
		out = append(out, ast.Target{Expr: t.expr(rt.Val), Alias: rt.Name})
	}
	return out
}

func (t *translator) orderBy(ns []*pg_query.Node) []ast.OrderItem {
	if len(ns) == 0 {
		return nil
	}
	out := make([]ast.OrderItem, 0, len(ns))
	for _, n := range ns {
		sb := n.GetSortBy()
		if sb == nil {
			continue
		}
		item := ast.OrderItem{Expr: t.expr(sb.Node)}
		switch sb.SortbyDir {
		case pg_query.SortByDir_SORTBY_DESC:
			item.Desc = true
		case pg_query.SortByDir_SORTBY_USING:
			t.unsupported(sb.Location, "ORDER BY … USING")
		}
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			first := true
			item.NullsFirst = &first
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			first := false
			item.NullsFirst = &first
		}
		out = append(out, item)
	}
	return out
}

func (t *translator) insertStmt(s *pg_query.InsertStmt) ast.Statement {
	switch {
	case s.WithClause != nil:
		t.unsupported(s.WithClause.Location, "WITH")
	case s.OnConflictClause != nil:
		t.unsupported(s.OnConflictClause.Location, "ON CONFLICT")
	case s.Override != pg_query.OverridingKind_OVERRIDING_NOT_SET:
		t.unsupported(-1, "OVERRIDING")
	}
	if t.err != nil {
		return nil
	}
	out := &ast.Insert{}
	out.Table, out.Alias = t.rangeVar(s.Relation)
	for _, c := range s.Cols {
		rt := c.GetResTarget()
		if len(rt.GetIndirection()) > 0 {
			t.unsupported(rt.Location, "INSERT into subscripts or fields")
		}
		out.Columns = append(out.Columns, rt.GetName())
	}
	sel := s.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil:
		out.DefaultValues = true
	case isPlainValues(sel):
		out.Values = t.valuesLists(sel)
	default:
		out.Query = t.query(sel)
	}
	out.Returning = t.returning(s.ReturningList)
	return out
}

// isPlainValues reports whether INSERT's source is a bare VALUES list,
// the only place DEFAULT may stand for a value. With ORDER BY, LIMIT,
// OFFSET, WITH or a locking clause it is a general query (Insert.Query),
// as in PostgreSQL's transformInsertStmt.
func isPlainValues(sel *pg_query.SelectStmt) bool {
	return len(sel.ValuesLists) > 0 && sel.Op == pg_query.SetOperation_SETOP_NONE &&
		len(sel.SortClause) == 0 && sel.LimitCount == nil && sel.LimitOffset == nil &&
		sel.WithClause == nil && len(sel.LockingClause) == 0
}

// valuesLists translates INSERT's VALUES rows; DEFAULT is allowed here.
// Rows of different lengths are the planner's to reject, after it has
// resolved the table, which is the order PostgreSQL reports them in.
func (t *translator) valuesLists(sel *pg_query.SelectStmt) [][]ast.Expr {
	rows := make([][]ast.Expr, len(sel.ValuesLists))
	for i, l := range sel.ValuesLists {
		rows[i] = t.valuesOrDefault(l.GetList().GetItems())
	}
	return rows
}

// valuesOrDefault translates expressions where DEFAULT may stand in.
func (t *translator) valuesOrDefault(ns []*pg_query.Node) []ast.Expr {
	out := make([]ast.Expr, len(ns))
	for i, n := range ns {
		out[i] = t.exprOrDefault(n)
	}
	return out
}

func (t *translator) exprOrDefault(n *pg_query.Node) ast.Expr {
	if n.GetSetToDefault() != nil {
		return &ast.Default{}
	}
	return t.expr(n)
}

func (t *translator) returning(ns []*pg_query.Node) []ast.Target {
	if len(ns) == 0 {
		return nil
	}
	return t.targets(ns)
}

func (t *translator) updateStmt(s *pg_query.UpdateStmt) ast.Statement {
	switch {
	case s.WithClause != nil:
		t.unsupported(s.WithClause.Location, "WITH")
	case len(s.FromClause) > 0:
		t.unsupported(location(s.FromClause[0]), "UPDATE … FROM")
	}
	out := &ast.Update{}
	out.Table, out.Alias = t.rangeVar(s.Relation)
	for _, n := range s.TargetList {
		rt := n.GetResTarget()
		switch {
		case rt == nil:
			continue
		case rt.Val.GetMultiAssignRef() != nil:
			t.unsupported(rt.Location, "multiple-column assignment in UPDATE")
		case len(rt.Indirection) > 0:
			t.unsupported(rt.Location, "UPDATE of subscripts or fields")
		}
		out.Set = append(out.Set, ast.Assignment{Column: rt.Name, Value: t.exprOrDefault(rt.Val)})
	}
	out.Where = t.where(s.WhereClause)
	out.Returning = t.returning(s.ReturningList)
	return out
}

func (t *translator) deleteStmt(s *pg_query.DeleteStmt) ast.Statement {
	switch {
	case s.WithClause != nil:
		t.unsupported(s.WithClause.Location, "WITH")
	case len(s.UsingClause) > 0:
		t.unsupported(location(s.UsingClause[0]), "DELETE … USING")
	}
	out := &ast.Delete{}
	out.Table, out.Alias = t.rangeVar(s.Relation)
	out.Where = t.where(s.WhereClause)
	out.Returning = t.returning(s.ReturningList)
	return out
}

// where translates an UPDATE/DELETE condition, refusing WHERE CURRENT OF.
func (t *translator) where(n *pg_query.Node) ast.Expr {
	if n.GetCurrentOfExpr() != nil {
		t.unsupported(-1, "WHERE CURRENT OF")
		return nil
	}
	return t.expr(n)
}
