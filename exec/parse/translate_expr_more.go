package parse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
)

// subLinkKinds maps the subquery forms the raw grammar produces to
// SubLink.Kind. (ROWCOMPARE, MULTIEXPR and CTE sublinks only appear after
// parse analysis, or in UPDATE … SET (a, b) = (SELECT …), refused earlier.)
var subLinkKinds = map[pg_query.SubLinkType]string{
	pg_query.SubLinkType_EXISTS_SUBLINK: "exists",
	pg_query.SubLinkType_EXPR_SUBLINK:   "scalar",
	pg_query.SubLinkType_ARRAY_SUBLINK:  "array",
	pg_query.SubLinkType_ANY_SUBLINK:    "any",
	pg_query.SubLinkType_ALL_SUBLINK:    "all",
}

// subLink translates a subquery expression. x IN (q) arrives as an ANY
// sublink without an operator and becomes Op "="; NOT IN is a NOT around
// it, handled by boolExpr.
func (t *translator) subLink(s *pg_query.SubLink) ast.Expr {
	kind, ok := subLinkKinds[s.SubLinkType]
	if !ok {
		t.unsupported(s.Location, "this subquery form")
		return nil
	}
	out := &ast.SubLink{Kind: kind, Location: int(s.Location)}
	if kind == "any" || kind == "all" {
		out.Operand = t.expr(s.Testexpr)
		out.Op = operatorName(s.OperName)
		if out.Op == "" {
			out.Op = "="
		}
	}
	out.Query = t.query(s.Subselect.GetSelectStmt())
	if t.err != nil {
		return nil
	}
	return out
}

// indirection translates subscripts and field selections applied to an
// expression, innermost first: (f(x)).n[1] is Subscript{FieldSelect{f(x), n}, 1}.
// (A column reference with subscripts arrives here too: the grammar splits
// a[1] into the column a and the subscript.) Nodes take the location of the
// expression they apply to, as pg_query keeps none for the brackets.
func (t *translator) indirection(a *pg_query.A_Indirection) ast.Expr {
	out := t.expr(a.Arg)
	loc := int(location(a.Arg))
	for _, n := range a.Indirection {
		switch v := n.Node.(type) {
		case *pg_query.Node_AIndices:
			ix := v.AIndices
			if ix.IsSlice {
				out = &ast.Subscript{Operand: out, Slice: true, Lower: t.expr(ix.Lidx), Upper: t.expr(ix.Uidx), Location: loc}
			} else {
				out = &ast.Subscript{Operand: out, Index: t.expr(ix.Uidx), Location: loc}
			}
		case *pg_query.Node_String_:
			out = &ast.FieldSelect{Operand: out, Field: v.String_.Sval, Location: loc}
		default:
			t.unsupported(int32(loc), "(…).* expansion")
			return nil
		}
	}
	if t.err != nil {
		return nil
	}
	return out
}

// Window frame option bits of PostgreSQL's WindowDef.frameOptions
// (nodes/parsenodes.h). Only the default frame is supported; writing it
// out (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) sets the
// NONDEFAULT and BETWEEN bits but means the same.
const (
	frameNonDefault              = 0x00001
	frameRange                   = 0x00002
	frameBetween                 = 0x00010
	frameStartUnboundedPreceding = 0x00020
	frameEndCurrentRow           = 0x00400
	frameDefaults                = frameRange | frameStartUnboundedPreceding | frameEndCurrentRow
)

// windowSpec translates OVER (PARTITION BY … ORDER BY …); nil in, nil out.
// Named windows (OVER w, OVER (w …)) and non-default frames are refused.
func (t *translator) windowSpec(w *pg_query.WindowDef) *ast.WindowSpec {
	if w == nil || t.err != nil {
		return nil
	}
	switch {
	case w.Name != "" || w.Refname != "":
		t.unsupported(w.Location, "named windows")
		return nil
	case w.FrameOptions&^(frameNonDefault|frameBetween) != frameDefaults:
		t.unsupported(w.Location, "window frame clauses")
		return nil
	}
	return &ast.WindowSpec{PartitionBy: t.exprs(w.PartitionClause), OrderBy: t.orderBy(w.OrderClause)}
}
