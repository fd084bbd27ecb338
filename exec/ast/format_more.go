package ast

import "strings"

// This file extends Format to the catalog-query nodes (subqueries, arrays,
// subscripts, window and ordered aggregates). Format doubles as a
// structural key (GROUP BY matching, window grouping), so every node must
// print distinctly; the output still parses back to the same tree.

// formatMore prints the expression nodes of expr_more.go; false for a node
// it does not know.
func formatMore(b *strings.Builder, e Expr) bool {
	switch n := e.(type) {
	case *SubLink:
		b.WriteString("(")
		switch n.Kind {
		case "exists":
			b.WriteString("EXISTS ")
		case "array":
			b.WriteString("ARRAY")
		case "any", "all":
			formatExpr(b, n.Operand)
			b.WriteString(" " + n.Op + " " + strings.ToUpper(n.Kind) + " ")
		}
		b.WriteString("(")
		formatQuery(b, n.Query)
		b.WriteString("))")
	case *AnyAll:
		b.WriteString("(")
		formatExpr(b, n.Left)
		b.WriteString(" " + n.Op)
		if n.All {
			b.WriteString(" ALL (")
		} else {
			b.WriteString(" ANY (")
		}
		formatExpr(b, n.Right)
		b.WriteString("))")
	case *ArrayExpr:
		b.WriteString("ARRAY[")
		formatList(b, n.Elems)
		b.WriteString("]")
	case *Subscript:
		b.WriteString("(")
		formatExpr(b, n.Operand)
		b.WriteString(")[")
		if n.Slice {
			formatOptional(b, n.Lower)
			b.WriteString(":")
			formatOptional(b, n.Upper)
		} else {
			formatExpr(b, n.Index)
		}
		b.WriteString("]")
	case *FieldSelect:
		b.WriteString("(")
		formatExpr(b, n.Operand)
		b.WriteString(")." + QuoteIdent(n.Field))
	case *IsDistinct:
		b.WriteString("(")
		formatExpr(b, n.Left)
		b.WriteString(" IS " + not(n.Not) + "DISTINCT FROM ")
		formatExpr(b, n.Right)
		b.WriteString(")")
	case *RowExpr:
		b.WriteString("ROW(")
		formatList(b, n.Elems)
		b.WriteString(")")
	default:
		return false
	}
	return true
}

func formatOptional(b *strings.Builder, e Expr) {
	if e != nil {
		formatExpr(b, e)
	}
}

// formatCallTail closes a function call's argument list with its
// aggregate ORDER BY, then FILTER and OVER.
func formatCallTail(b *strings.Builder, n *FuncCall) {
	if len(n.OrderBy) > 0 {
		b.WriteString(" ORDER BY ")
		formatOrderBy(b, n.OrderBy)
	}
	b.WriteString(")")
	if n.Filter != nil {
		b.WriteString(" FILTER (WHERE ")
		formatExpr(b, n.Filter)
		b.WriteString(")")
	}
	if w := n.Over; w != nil {
		b.WriteString(" OVER (")
		if len(w.PartitionBy) > 0 {
			b.WriteString("PARTITION BY ")
			formatList(b, w.PartitionBy)
			if len(w.OrderBy) > 0 {
				b.WriteString(" ")
			}
		}
		if len(w.OrderBy) > 0 {
			b.WriteString("ORDER BY ")
			formatOrderBy(b, w.OrderBy)
		}
		b.WriteString(")")
	}
}

func formatOrderBy(b *strings.Builder, items []OrderItem) {
	for i, o := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		formatExpr(b, o.Expr)
		if o.Desc {
			b.WriteString(" DESC")
		}
		if o.NullsFirst != nil {
			if *o.NullsFirst {
				b.WriteString(" NULLS FIRST")
			} else {
				b.WriteString(" NULLS LAST")
			}
		}
	}
}

// formatQuery prints a query of a subquery expression or FROM item.
func formatQuery(b *strings.Builder, q Query) {
	switch n := q.(type) {
	case *Select:
		formatWith(b, n.With)
		b.WriteString("SELECT ")
		if n.Distinct {
			b.WriteString("DISTINCT ")
			if len(n.DistinctOn) > 0 {
				b.WriteString("ON (")
				formatList(b, n.DistinctOn)
				b.WriteString(") ")
			}
		}
		formatTargets(b, n.Targets)
		if len(n.From) > 0 {
			b.WriteString(" FROM ")
			for i, f := range n.From {
				if i > 0 {
					b.WriteString(", ")
				}
				formatFrom(b, f)
			}
		}
		formatClause(b, " WHERE ", n.Where)
		if len(n.GroupBy) > 0 {
			b.WriteString(" GROUP BY ")
			formatList(b, n.GroupBy)
		}
		formatClause(b, " HAVING ", n.Having)
		formatTail(b, n.OrderBy, n.Limit, n.Offset)
		if n.ForUpdate {
			b.WriteString(" FOR UPDATE")
		}
	case *SetOp:
		formatWith(b, n.With)
		b.WriteString("(")
		formatQuery(b, n.Left)
		b.WriteString(") " + strings.ToUpper(n.Op))
		if n.All {
			b.WriteString(" ALL")
		}
		b.WriteString(" (")
		formatQuery(b, n.Right)
		b.WriteString(")")
		formatTail(b, n.OrderBy, n.Limit, n.Offset)
	case *Values:
		b.WriteString("VALUES ")
		for i, row := range n.Rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			formatList(b, row)
			b.WriteString(")")
		}
		formatTail(b, n.OrderBy, n.Limit, n.Offset)
	}
}

func formatWith(b *strings.Builder, ctes []CTE) {
	if len(ctes) == 0 {
		return
	}
	b.WriteString("WITH ")
	for i, c := range ctes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(QuoteIdent(c.Name))
		formatNames(b, c.Columns)
		b.WriteString(" AS (")
		formatQuery(b, c.Query)
		b.WriteString(")")
	}
	b.WriteString(" ")
}

func formatTargets(b *strings.Builder, ts []Target) {
	for i, t := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		formatExpr(b, t.Expr)
		if t.Alias != "" {
			b.WriteString(" AS " + QuoteIdent(t.Alias))
		}
	}
}

func formatClause(b *strings.Builder, keyword string, e Expr) {
	if e != nil {
		b.WriteString(keyword)
		formatExpr(b, e)
	}
}

func formatTail(b *strings.Builder, order []OrderItem, limit, offset Expr) {
	if len(order) > 0 {
		b.WriteString(" ORDER BY ")
		formatOrderBy(b, order)
	}
	formatClause(b, " LIMIT ", limit)
	formatClause(b, " OFFSET ", offset)
}

func formatFrom(b *strings.Builder, f FromItem) {
	switch n := f.(type) {
	case *TableRef:
		if n.Name.Namespace != "" {
			b.WriteString(QuoteIdent(n.Name.Namespace) + ".")
		}
		b.WriteString(QuoteIdent(n.Name.Name))
		formatAlias(b, n.Alias)
	case *SubqueryRef:
		if n.Lateral {
			b.WriteString("LATERAL ")
		}
		b.WriteString("(")
		formatQuery(b, n.Query)
		b.WriteString(")")
		formatAlias(b, n.Alias)
	case *FunctionRef:
		if n.Lateral {
			b.WriteString("LATERAL ")
		}
		formatExpr(b, n.Call)
		if n.Ordinality {
			b.WriteString(" WITH ORDINALITY")
		}
		formatAlias(b, n.Alias)
	case *JoinRef:
		b.WriteString("(")
		formatFrom(b, n.Left)
		if n.Natural {
			b.WriteString(" NATURAL")
		}
		b.WriteString(" " + strings.ToUpper(n.Type) + " JOIN ")
		formatFrom(b, n.Right)
		switch {
		case len(n.Using) > 0:
			b.WriteString(" USING")
			formatNames(b, n.Using)
		case n.On != nil:
			b.WriteString(" ON ")
			formatExpr(b, n.On)
		}
		b.WriteString(")")
		formatAlias(b, n.Alias)
	}
}

func formatAlias(b *strings.Builder, a *Alias) {
	if a != nil {
		b.WriteString(" AS " + QuoteIdent(a.Name))
		formatNames(b, a.Columns)
	}
}

// formatNames prints " (a, b)", or nothing for an empty list.
func formatNames(b *strings.Builder, names []string) {
	if len(names) == 0 {
		return
	}
	b.WriteString(" (")
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(QuoteIdent(n))
	}
	b.WriteString(")")
}
