package parse

import (
	"math"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// translator turns pg_query nodes into ast nodes. The first error sticks
// (later calls become no-ops returning nil), which keeps the recursive
// translation free of error plumbing; callers check t.err once at the end.
type translator struct {
	sql string // the whole query string: locations are byte offsets into it
	err *pgerr.Error
	// stmtStart and stmtEnd bound the statement being translated in sql.
	stmtStart, stmtEnd int
	// kalamKind is the table kind of a CREATE SHARED|USER|STREAM TABLE
	// being translated, "" for any other statement.
	kalamKind string
}

func (t *translator) fail(err *pgerr.Error) {
	if t.err == nil {
		t.err = err
	}
}

func (t *translator) unsupported(loc int32, what string) {
	t.fail(unsupported(t.sql, int(loc), what))
}

// expr translates one scalar expression. nil in, nil out.
func (t *translator) expr(n *pg_query.Node) ast.Expr {
	if n == nil || n.Node == nil || t.err != nil {
		return nil
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		return t.constant(v.AConst)
	case *pg_query.Node_ParamRef:
		return &ast.Param{Index: int(v.ParamRef.Number), Location: int(v.ParamRef.Location)}
	case *pg_query.Node_ColumnRef:
		return t.columnRef(v.ColumnRef)
	case *pg_query.Node_AExpr:
		return t.aExpr(v.AExpr)
	case *pg_query.Node_BoolExpr:
		return t.boolExpr(v.BoolExpr)
	case *pg_query.Node_NullTest:
		nt := v.NullTest
		return &ast.IsNull{Operand: t.expr(nt.Arg), Not: nt.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL}
	case *pg_query.Node_BooleanTest:
		return t.booleanTest(v.BooleanTest)
	case *pg_query.Node_TypeCast:
		return t.typeCast(v.TypeCast)
	case *pg_query.Node_FuncCall:
		return t.funcCall(v.FuncCall)
	case *pg_query.Node_CoalesceExpr:
		c := v.CoalesceExpr
		return &ast.Coalesce{Args: t.exprs(c.Args), Location: int(c.Location)}
	case *pg_query.Node_MinMaxExpr:
		m := v.MinMaxExpr
		name := "greatest"
		if m.Op == pg_query.MinMaxOp_IS_LEAST {
			name = "least"
		}
		return &ast.FuncCall{Name: name, Args: t.exprs(m.Args), Location: int(m.Location)}
	case *pg_query.Node_CaseExpr:
		return t.caseExpr(v.CaseExpr)
	case *pg_query.Node_SqlvalueFunction:
		return t.sqlValueFunction(v.SqlvalueFunction)
	case *pg_query.Node_CollateClause:
		// The collation does not change how KalamDB compares text.
		return t.expr(v.CollateClause.Arg)
	case *pg_query.Node_SetToDefault:
		t.fail(syntaxError(t.sql, int(v.SetToDefault.Location), "DEFAULT is not allowed in this context"))
		return nil
	case *pg_query.Node_SubLink:
		return t.subLink(v.SubLink)
	case *pg_query.Node_AArrayExpr:
		a := v.AArrayExpr
		return &ast.ArrayExpr{Elems: t.exprs(a.Elements), Location: int(a.Location)}
	case *pg_query.Node_RowExpr:
		r := v.RowExpr
		return &ast.RowExpr{Elems: t.exprs(r.Args), Location: int(r.Location)}
	case *pg_query.Node_AIndirection:
		return t.indirection(v.AIndirection)
	case *pg_query.Node_XmlExpr:
		t.unsupported(v.XmlExpr.Location, "XML functions and IS DOCUMENT")
	case *pg_query.Node_GroupingFunc:
		t.unsupported(v.GroupingFunc.Location, "GROUPING")
	default:
		t.unsupported(location(n), nodeName(n)+" expressions")
	}
	return nil
}

// exprs translates a list of expressions.
func (t *translator) exprs(ns []*pg_query.Node) []ast.Expr {
	if len(ns) == 0 {
		return nil
	}
	out := make([]ast.Expr, len(ns))
	for i, n := range ns {
		out[i] = t.expr(n)
	}
	return out
}

func (t *translator) constant(c *pg_query.A_Const) ast.Expr {
	out := &ast.Const{Location: int(c.Location)}
	if c.Isnull {
		return out // the zero Value is NULL
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		out.Value = types.NewInt4(v.Ival.Ival)
	case *pg_query.A_Const_Fval:
		val, err := numericLiteral(v.Fval.Fval)
		if err != nil {
			t.fail(err.WithPosition(charPosition(t.sql, int(c.Location))))
			return nil
		}
		out.Value = val
	case *pg_query.A_Const_Sval:
		out.Value = types.Value{K: types.KindUnknown, S: v.Sval.Sval}
	case *pg_query.A_Const_Boolval:
		out.Value = types.NewBool(v.Boolval.Boolval)
	case *pg_query.A_Const_Bsval:
		t.unsupported(c.Location, "bit string constants")
		return nil
	}
	return out
}

// columnRef translates a, t.a, ns.t.a (the namespace is dropped: a column is
// qualified by its table's name or alias) and the * forms.
func (t *translator) columnRef(c *pg_query.ColumnRef) ast.Expr {
	names := make([]string, 0, len(c.Fields))
	star := false
	for i, f := range c.Fields {
		switch fv := f.Node.(type) {
		case *pg_query.Node_String_:
			names = append(names, fv.String_.Sval)
		case *pg_query.Node_AStar:
			if i != len(c.Fields)-1 {
				t.fail(syntaxError(t.sql, int(c.Location), "improper use of \"*\""))
				return nil
			}
			star = true
		}
	}
	table := ""
	if star {
		if len(names) > 0 {
			table = names[len(names)-1]
		}
		if len(names) > 2 {
			t.crossDatabase(c.Location, names)
			return nil
		}
		return &ast.Star{Table: table}
	}
	switch len(names) {
	case 1:
		return &ast.ColumnRef{Column: names[0], Location: int(c.Location)}
	case 2, 3:
		return &ast.ColumnRef{Table: names[len(names)-2], Column: names[len(names)-1], Location: int(c.Location)}
	}
	t.crossDatabase(c.Location, names)
	return nil
}

func (t *translator) crossDatabase(loc int32, names []string) {
	t.fail(pgerr.New(pgerr.FeatureNotSupported, "cross-database references are not implemented: %s",
		strings.Join(names, ".")).WithPosition(charPosition(t.sql, int(loc))))
}

func (t *translator) aExpr(a *pg_query.A_Expr) ast.Expr {
	loc := int(a.Location)
	op := operatorName(a.Name)
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if a.Lexpr == nil {
			return negate(&ast.UnaryOp{Op: op, Operand: t.expr(a.Rexpr), Location: loc})
		}
		return &ast.BinaryOp{Op: op, Left: t.expr(a.Lexpr), Right: t.expr(a.Rexpr), Location: loc}
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		// The name already is the pattern operator: ~~, !~~, ~~*, !~~*.
		return &ast.BinaryOp{Op: op, Left: t.expr(a.Lexpr), Right: t.expr(a.Rexpr), Location: loc}
	case pg_query.A_Expr_Kind_AEXPR_IN:
		return &ast.In{Operand: t.expr(a.Lexpr), List: t.exprs(listItems(a.Rexpr)), Not: op == "<>", Location: loc}
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		bounds := listItems(a.Rexpr)
		if len(bounds) != 2 {
			t.fail(syntaxError(t.sql, loc, "syntax error at or near \"BETWEEN\""))
			return nil
		}
		return &ast.Between{
			Operand: t.expr(a.Lexpr), Low: t.expr(bounds[0]), High: t.expr(bounds[1]),
			Not: a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN, Location: loc,
		}
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		return &ast.NullIf{Left: t.expr(a.Lexpr), Right: t.expr(a.Rexpr), Location: loc}
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return &ast.IsDistinct{
			Left: t.expr(a.Lexpr), Right: t.expr(a.Rexpr),
			Not: a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT, Location: loc,
		}
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		return &ast.AnyAll{
			Op: op, Left: t.expr(a.Lexpr), Right: t.expr(a.Rexpr),
			All: a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL, Location: loc,
		}
	case pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		t.unsupported(a.Location, "SIMILAR TO")
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		t.unsupported(a.Location, "BETWEEN SYMMETRIC")
	default:
		t.unsupported(a.Location, "this operator form")
	}
	return nil
}

// negate folds unary minus on a numeric literal into the literal, so that
// -2147483648 is an int4 constant as in PostgreSQL. (PostgreSQL's grammar
// already folds the plain case; this catches what it leaves.)
func negate(u *ast.UnaryOp) ast.Expr {
	c, ok := u.Operand.(*ast.Const)
	if u.Op != "-" || !ok {
		return u
	}
	switch c.Value.K {
	case types.KindInt4, types.KindInt8:
		if c.Value.I != math.MinInt64 {
			return &ast.Const{Value: integerLiteral(-c.Value.I), Location: u.Location}
		}
	case types.KindNumeric:
		return &ast.Const{Value: types.Value{K: types.KindNumeric, S: negateDecimal(c.Value.S)}, Location: u.Location}
	}
	return u
}

// operatorName is the last component of an operator name, dropping an
// OPERATOR(pg_catalog.~) qualifier, with != spelled <> as PostgreSQL's
// lexer does.
func operatorName(names []*pg_query.Node) string {
	if len(names) == 0 {
		return ""
	}
	op := names[len(names)-1].GetString_().GetSval()
	if op == "!=" {
		return "<>"
	}
	return op
}

// listItems unwraps the List node pg_query uses for IN and BETWEEN operands.
func listItems(n *pg_query.Node) []*pg_query.Node {
	if l := n.GetList(); l != nil {
		return l.Items
	}
	if n == nil {
		return nil
	}
	return []*pg_query.Node{n}
}

// boolExpr turns n-ary AND/OR into a left-deep chain of BinaryOp.
func (t *translator) boolExpr(b *pg_query.BoolExpr) ast.Expr {
	loc := int(b.Location)
	if b.Boolop == pg_query.BoolExprType_NOT_EXPR {
		return &ast.UnaryOp{Op: "NOT", Operand: t.expr(b.Args[0]), Location: loc}
	}
	op := "AND"
	if b.Boolop == pg_query.BoolExprType_OR_EXPR {
		op = "OR"
	}
	var out ast.Expr
	for i, a := range b.Args {
		e := t.expr(a)
		if i == 0 {
			out = e
			continue
		}
		out = &ast.BinaryOp{Op: op, Left: out, Right: e, Location: loc}
	}
	return out
}

func (t *translator) booleanTest(b *pg_query.BooleanTest) ast.Expr {
	out := &ast.IsBool{Operand: t.expr(b.Arg)}
	switch b.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE:
		out.Test = "true"
	case pg_query.BoolTestType_IS_NOT_TRUE:
		out.Test, out.Not = "true", true
	case pg_query.BoolTestType_IS_FALSE:
		out.Test = "false"
	case pg_query.BoolTestType_IS_NOT_FALSE:
		out.Test, out.Not = "false", true
	case pg_query.BoolTestType_IS_UNKNOWN:
		out.Test = "unknown"
	default:
		out.Test, out.Not = "unknown", true
	}
	return out
}

func (t *translator) typeCast(c *pg_query.TypeCast) ast.Expr {
	// Older grammars spell TRUE/FALSE as 't'::pg_catalog.bool; fold that
	// back into a boolean constant.
	if s := c.Arg.GetAConst().GetSval(); s != nil && isCatalogType(c.TypeName, "bool") && (s.Sval == "t" || s.Sval == "f") {
		return &ast.Const{Value: types.NewBool(s.Sval == "t"), Location: int(c.Location)}
	}
	operand := t.expr(c.Arg)
	return &ast.Cast{Operand: operand, Type: t.typeName(c.TypeName), Location: int(c.Location)}
}

func isCatalogType(tn *pg_query.TypeName, name string) bool {
	ns := tn.GetNames()
	return len(ns) == 2 && ns[0].GetString_().GetSval() == "pg_catalog" && ns[1].GetString_().GetSval() == name
}

// typeName translates a type as written: lower case, pg_catalog dropped
// (INTEGER arrives as pg_catalog.int4), integer modifiers kept, any array
// bounds reduced to Array.
func (t *translator) typeName(tn *pg_query.TypeName) ast.TypeName {
	if tn == nil {
		return ast.TypeName{Location: -1}
	}
	if tn.Setof || tn.PctType {
		t.unsupported(tn.Location, "SETOF and %TYPE")
	}
	out := ast.TypeName{Name: typeNameText(tn.Names), Array: len(tn.ArrayBounds) > 0, Location: int(tn.Location)}
	for _, m := range tn.Typmods {
		iv := m.GetAConst().GetIval()
		if iv == nil {
			t.fail(syntaxError(t.sql, int(location(m)), "type modifiers must be simple constants"))
			break
		}
		out.Mods = append(out.Mods, iv.Ival)
	}
	return out
}

// typeNameText is a type's name as TypeName holds it. The single-byte
// "char" type is spelled with its quotes: the grammar turns CHAR into
// bpchar, so a type named char can only have been written "char" or
// pg_catalog.char, and keeping the quotes stops anyone from confusing the
// two.
func typeNameText(ns []*pg_query.Node) string {
	if len(ns) > 0 && ns[len(ns)-1].GetString_().GetSval() == "char" &&
		(len(ns) == 1 || (len(ns) == 2 && ns[0].GetString_().GetSval() == "pg_catalog")) {
		return `"char"`
	}
	return qualifiedName(ns)
}

// qualifiedName joins name components with dots, lower case, dropping a
// leading pg_catalog.
func qualifiedName(ns []*pg_query.Node) string {
	parts := make([]string, 0, len(ns))
	for _, n := range ns {
		parts = append(parts, n.GetString_().GetSval())
	}
	if len(parts) > 1 && parts[0] == "pg_catalog" {
		parts = parts[1:]
	}
	return strings.ToLower(strings.Join(parts, "."))
}

func (t *translator) funcCall(f *pg_query.FuncCall) ast.Expr {
	switch {
	case f.AggWithinGroup:
		t.unsupported(f.Location, "WITHIN GROUP")
	case f.FuncVariadic:
		t.unsupported(f.Location, "VARIADIC")
	case len(f.Funcname) > 2:
		names := make([]string, len(f.Funcname))
		for i, n := range f.Funcname {
			names[i] = n.GetString_().GetSval()
		}
		t.crossDatabase(f.Location, names)
	}
	if t.err != nil {
		return nil
	}
	// extract(field FROM x), substring(x FROM a FOR b), trim(BOTH … FROM x),
	// position(a IN b) arrive here as ordinary calls (extract with the
	// field as a string constant first; trim as btrim/ltrim/rtrim).
	out := &ast.FuncCall{
		Name:     qualifiedName(f.Funcname),
		Args:     t.exprs(f.Args),
		Star:     f.AggStar,
		Distinct: f.AggDistinct,
		OrderBy:  t.orderBy(f.AggOrder),
		Filter:   t.expr(f.AggFilter),
		Over:     t.windowSpec(f.Over),
		Location: int(f.Location),
	}
	if t.err != nil {
		return nil
	}
	return out
}

func (t *translator) caseExpr(c *pg_query.CaseExpr) ast.Expr {
	out := &ast.Case{Operand: t.expr(c.Arg), Else: t.expr(c.Defresult), Location: int(c.Location)}
	out.Whens = make([]ast.When, 0, len(c.Args))
	for _, a := range c.Args {
		w := a.GetCaseWhen()
		if w == nil {
			continue
		}
		out.Whens = append(out.Whens, ast.When{Cond: t.expr(w.Expr), Result: t.expr(w.Result)})
	}
	return out
}

// sqlValueFunctions names the keyword functions; the _N forms carry a
// precision and become a cast to the precision-limited type, which is what
// PostgreSQL computes for CURRENT_TIMESTAMP(3) and friends.
var sqlValueFunctions = map[pg_query.SQLValueFunctionOp]struct{ name, precType string }{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        {"current_date", ""},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        {"current_time", ""},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      {"current_time", "timetz"},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   {"current_timestamp", ""},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: {"current_timestamp", "timestamptz"},
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:           {"localtime", ""},
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         {"localtime", "time"},
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      {"localtimestamp", ""},
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    {"localtimestamp", "timestamp"},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        {"current_role", ""},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:        {"current_user", ""},
	pg_query.SQLValueFunctionOp_SVFOP_USER:                {"user", ""},
	pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:        {"session_user", ""},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     {"current_catalog", ""},
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      {"current_schema", ""},
}

func (t *translator) sqlValueFunction(s *pg_query.SQLValueFunction) ast.Expr {
	f, ok := sqlValueFunctions[s.Op]
	if !ok {
		t.unsupported(s.Location, "this SQL value function")
		return nil
	}
	out := &ast.SQLValueFunction{Name: f.name, Location: int(s.Location)}
	if f.precType == "" {
		return out
	}
	return &ast.Cast{
		Operand:  out,
		Type:     ast.TypeName{Name: f.precType, Mods: []int32{s.Typmod}, Location: -1},
		Location: int(s.Location),
	}
}
