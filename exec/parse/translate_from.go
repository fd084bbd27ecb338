package parse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// fromItem translates one FROM item. Several items in a FROM list stay
// separate entries of Select.From (a cross join); explicit joins nest.
func (t *translator) fromItem(n *pg_query.Node) ast.FromItem {
	if t.err != nil {
		return nil
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		return &ast.TableRef{Name: tableName(v.RangeVar), Alias: alias(v.RangeVar.Alias)}
	case *pg_query.Node_JoinExpr:
		return t.join(v.JoinExpr)
	case *pg_query.Node_RangeSubselect:
		return t.subselect(v.RangeSubselect)
	case *pg_query.Node_RangeFunction:
		return t.rangeFunction(v.RangeFunction)
	case *pg_query.Node_RangeTableSample:
		t.unsupported(v.RangeTableSample.Location, "TABLESAMPLE")
	case *pg_query.Node_RangeTableFunc:
		t.unsupported(v.RangeTableFunc.Location, "XMLTABLE")
	default:
		t.unsupported(location(n), nodeName(n)+" in FROM")
	}
	return nil
}

// tableName is a RangeVar's table; a database qualifier is dropped (there
// is one database).
func tableName(r *pg_query.RangeVar) ast.TableName {
	return ast.TableName{Namespace: r.Schemaname, Name: r.Relname, Location: int(r.Location)}
}

// alias translates AS name [(columns)]; nil when none was written.
func alias(a *pg_query.Alias) *ast.Alias {
	if a == nil {
		return nil
	}
	return &ast.Alias{Name: a.Aliasname, Columns: aliasColumns(a.Colnames)}
}

// aliasColumns is a column alias list, nil when empty.
func aliasColumns(ns []*pg_query.Node) []string {
	if len(ns) == 0 {
		return nil
	}
	return stringList(ns)
}

// joinTypes maps pg_query's join types to JoinRef.Type. An inner join
// without ON, USING or NATURAL is a CROSS JOIN.
var joinTypes = map[pg_query.JoinType]string{
	pg_query.JoinType_JOIN_INNER: "inner",
	pg_query.JoinType_JOIN_LEFT:  "left",
	pg_query.JoinType_JOIN_RIGHT: "right",
	pg_query.JoinType_JOIN_FULL:  "full",
}

func (t *translator) join(j *pg_query.JoinExpr) ast.FromItem {
	typ, ok := joinTypes[j.Jointype]
	if !ok {
		t.unsupported(-1, "this join type")
		return nil
	}
	if j.JoinUsingAlias != nil {
		// The alias node carries no location; the USING columns' do not
		// survive either, so there is nothing better to point at.
		t.unsupported(-1, "JOIN … USING (…) AS alias")
		return nil
	}
	if typ == "inner" && j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural {
		typ = "cross"
	}
	out := &ast.JoinRef{Type: typ, Natural: j.IsNatural, Alias: alias(j.Alias)}
	out.Left = t.fromItem(j.Larg)
	out.Right = t.fromItem(j.Rarg)
	if len(j.UsingClause) > 0 {
		out.Using = stringList(j.UsingClause)
	}
	out.On = t.expr(j.Quals)
	return out
}

// subselect translates (query) [AS] alias, LATERAL or not. PostgreSQL 15
// requires the alias (16 made it optional; pg_query follows 16).
func (t *translator) subselect(r *pg_query.RangeSubselect) ast.FromItem {
	sel := r.Subquery.GetSelectStmt()
	if r.Alias == nil {
		what, keyword := "subquery", "SELECT"
		if len(sel.GetValuesLists()) > 0 && sel.GetOp() == pg_query.SetOperation_SETOP_NONE {
			what, keyword = "VALUES", "VALUES"
		}
		t.fail(pgerr.New(pgerr.SyntaxError, "%s in FROM must have an alias", what).
			WithHint("For example, FROM (" + keyword + " ...) [AS] foo.").
			WithPosition(charPosition(t.sql, t.openingParen(r.Subquery))))
		return nil
	}
	q := t.query(sel)
	if q == nil {
		return nil
	}
	return &ast.SubqueryRef{Query: q, Alias: alias(r.Alias), Lateral: r.Lateral}
}

// rangeFunction translates a function in FROM: f(…) [WITH ORDINALITY]
// [AS alias (columns)], LATERAL or not, and ROWS FROM with one function.
// Column definition lists (for functions returning record) are not
// supported.
func (t *translator) rangeFunction(r *pg_query.RangeFunction) ast.FromItem {
	if len(r.Functions) != 1 {
		t.unsupported(-1, "ROWS FROM with several functions")
		return nil
	}
	// Each entry is a two-item list: the call and its own column
	// definition list (ROWS FROM form only).
	items := r.Functions[0].GetList().GetItems()
	if len(items) == 0 {
		t.unsupported(-1, "this function in FROM")
		return nil
	}
	coldefs := r.Coldeflist
	if len(items) > 1 && len(items[1].GetList().GetItems()) > 0 {
		coldefs = items[1].GetList().GetItems()
	}
	if len(coldefs) > 0 {
		t.unsupported(location(coldefs[0]), "column definition lists")
		return nil
	}
	call, ok := t.expr(items[0]).(*ast.FuncCall)
	if !ok {
		t.unsupported(location(items[0]), "this expression in FROM")
		return nil
	}
	return &ast.FunctionRef{Call: call, Alias: alias(r.Alias), Ordinality: r.Ordinality, Lateral: r.Lateral}
}
