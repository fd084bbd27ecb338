package ast

import (
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
)

// Format prints an expression back as SQL that parses to the same tree. It
// is how column DEFAULT expressions are stored in the catalog.
func Format(e Expr) string {
	var b strings.Builder
	formatExpr(&b, e)
	return b.String()
}

// QuoteIdent quotes an identifier when PostgreSQL would need it quoted.
func QuoteIdent(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteLiteral quotes a string as a standard-conforming SQL literal.
func QuoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func formatExpr(b *strings.Builder, e Expr) {
	switch n := e.(type) {
	case *Const:
		formatConst(b, n.Value)
	case *Param:
		b.WriteString("$" + strconv.Itoa(n.Index))
	case *ColumnRef:
		if n.Table != "" {
			b.WriteString(QuoteIdent(n.Table) + ".")
		}
		b.WriteString(QuoteIdent(n.Column))
	case *Star:
		if n.Table != "" {
			b.WriteString(QuoteIdent(n.Table) + ".")
		}
		b.WriteString("*")
	case *BinaryOp:
		b.WriteString("(")
		formatExpr(b, n.Left)
		b.WriteString(" " + binaryOpSQL(n.Op) + " ")
		formatExpr(b, n.Right)
		b.WriteString(")")
	case *UnaryOp:
		b.WriteString("(" + n.Op + " ")
		formatExpr(b, n.Operand)
		b.WriteString(")")
	case *FuncCall:
		b.WriteString(n.Name + "(")
		if n.Distinct {
			b.WriteString("DISTINCT ")
		}
		if n.Star {
			b.WriteString("*")
		}
		formatList(b, n.Args)
		formatCallTail(b, n)
	case *Cast:
		b.WriteString("CAST(")
		formatExpr(b, n.Operand)
		b.WriteString(" AS " + formatTypeName(n.Type) + ")")
	case *Case:
		b.WriteString("CASE")
		if n.Operand != nil {
			b.WriteString(" ")
			formatExpr(b, n.Operand)
		}
		for _, w := range n.Whens {
			b.WriteString(" WHEN ")
			formatExpr(b, w.Cond)
			b.WriteString(" THEN ")
			formatExpr(b, w.Result)
		}
		if n.Else != nil {
			b.WriteString(" ELSE ")
			formatExpr(b, n.Else)
		}
		b.WriteString(" END")
	case *IsNull:
		b.WriteString("(")
		formatExpr(b, n.Operand)
		b.WriteString(" IS " + not(n.Not) + "NULL)")
	case *IsBool:
		b.WriteString("(")
		formatExpr(b, n.Operand)
		b.WriteString(" IS " + not(n.Not) + strings.ToUpper(n.Test) + ")")
	case *In:
		b.WriteString("(")
		formatExpr(b, n.Operand)
		b.WriteString(" " + not(n.Not) + "IN (")
		formatList(b, n.List)
		b.WriteString("))")
	case *Between:
		b.WriteString("(")
		formatExpr(b, n.Operand)
		b.WriteString(" " + not(n.Not) + "BETWEEN ")
		formatExpr(b, n.Low)
		b.WriteString(" AND ")
		formatExpr(b, n.High)
		b.WriteString(")")
	case *Coalesce:
		b.WriteString("COALESCE(")
		formatList(b, n.Args)
		b.WriteString(")")
	case *NullIf:
		b.WriteString("NULLIF(")
		formatList(b, []Expr{n.Left, n.Right})
		b.WriteString(")")
	case *Default:
		b.WriteString("DEFAULT")
	case *SQLValueFunction:
		b.WriteString(strings.ToUpper(n.Name))
	default:
		if !formatMore(b, e) {
			b.WriteString("NULL")
		}
	}
}

func formatList(b *strings.Builder, list []Expr) {
	for i, e := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		formatExpr(b, e)
	}
}

func formatConst(b *strings.Builder, v types.Value) {
	switch v.K {
	case types.KindNull:
		b.WriteString("NULL")
	case types.KindBool:
		if v.Bool() {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case types.KindInt2, types.KindInt4, types.KindInt8:
		b.WriteString(strconv.FormatInt(v.I, 10))
	case types.KindNumeric:
		b.WriteString(v.S)
	case types.KindFloat4, types.KindFloat8:
		b.WriteString(strconv.FormatFloat(v.F, 'g', -1, 64))
	default:
		b.WriteString(QuoteLiteral(v.S))
	}
}

func formatTypeName(t TypeName) string {
	s := t.Name
	if len(t.Mods) > 0 {
		parts := make([]string, len(t.Mods))
		for i, m := range t.Mods {
			parts[i] = strconv.Itoa(int(m))
		}
		s += "(" + strings.Join(parts, ",") + ")"
	}
	if t.Array {
		s += "[]"
	}
	return s
}

func binaryOpSQL(op string) string {
	switch op {
	case "~~":
		return "LIKE"
	case "!~~":
		return "NOT LIKE"
	case "~~*":
		return "ILIKE"
	case "!~~*":
		return "NOT ILIKE"
	}
	return op
}

func not(b bool) string {
	if b {
		return "NOT "
	}
	return ""
}
