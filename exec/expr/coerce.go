package expr

import (
	"math"
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// category groups kinds the way pg_type.typcategory does: implicit casts
// and common-type resolution only happen inside one category.
type category uint8

const (
	catOther category = iota
	catUnknown
	catBool
	catNumeric
	catString
	catDatetime
)

func categoryOf(k types.Kind) category {
	switch {
	case k == types.KindUnknown || k == types.KindNull:
		return catUnknown
	case k == types.KindBool:
		return catBool
	case numRank(k) > 0:
		return catNumeric
	case k.IsString():
		return catString
	case dtRank(k) > 0:
		return catDatetime
	}
	return catOther
}

// numRank orders numeric kinds along PostgreSQL's implicit casts
// (int2 → int4 → int8 → numeric → float4 → float8).
func numRank(k types.Kind) int {
	switch k {
	case types.KindInt2:
		return 1
	case types.KindInt4:
		return 2
	case types.KindInt8, types.KindOID:
		return 3
	case types.KindRegproc, types.KindRegprocedure, types.KindRegoper, types.KindRegoperator,
		types.KindRegclass, types.KindRegtype, types.KindRegnamespace, types.KindRegrole:
		return 3 // the oid aliases: numeric category, compared as oids
	case types.KindNumeric:
		return 4
	case types.KindFloat4:
		return 5
	case types.KindFloat8:
		return 6
	}
	return 0
}

// dtRank orders date → timestamp → timestamptz.
func dtRank(k types.Kind) int {
	switch k {
	case types.KindDate:
		return 1
	case types.KindTimestamp:
		return 2
	case types.KindTimestamptz:
		return 3
	}
	return 0
}

func isFloat(k types.Kind) bool { return k == types.KindFloat4 || k == types.KindFloat8 }

// implicitOK reports whether PostgreSQL would apply an implicit cast from → to.
func implicitOK(from, to types.Kind) bool { return types.CanImplicit(from, to) }

// implicitType is implicitOK for full types: an array converts implicitly
// to another array type when its elements do.
func implicitType(from, to types.Type) bool {
	if from.Kind == types.KindArray && to.Kind == types.KindArray {
		return from.Elem == to.Elem || implicitOK(from.Elem, to.Elem)
	}
	return implicitOK(from.Kind, to.Kind)
}

// assignType is CanAssign for full types, element-wise for arrays.
func assignType(from, to types.Type) bool {
	if from.Kind == types.KindArray && to.Kind == types.KindArray {
		return from.Elem == to.Elem || types.CanAssign(from.Elem, to.Elem)
	}
	return types.CanAssign(from.Kind, to.Kind)
}

// baseType is t without its type modifier (arrays keep their element kind).
func baseType(t types.Type) types.Type {
	t.Mod = -1
	return t
}

// commonType is select_common_type: the type CASE branches, COALESCE and
// GREATEST arguments, IN lists … are unified to. construct names the
// clause in the mismatch error ("CASE", "COALESCE", …).
func commonType(construct string, xs []*Expr) (types.Type, error) {
	var p *Expr
	for _, x := range xs {
		if x.isUnknown() {
			continue
		}
		if p == nil {
			p = x
			continue
		}
		pt, nt := p.Type, x.Type
		if pt.Kind == nt.Kind && pt.Elem == nt.Elem {
			if pt.Mod != nt.Mod {
				p = &Expr{Type: baseType(pt)}
			}
			continue
		}
		if pt.Kind == types.KindArray && nt.Kind == types.KindArray {
			// Arrays unify when their elements do.
			et, err := commonType(construct, []*Expr{{Type: pt.ElemType()}, {Type: nt.ElemType(), loc: x.loc}})
			if err != nil {
				return types.Type{}, at(pgerr.New(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched",
					construct, typeName(pt), typeName(nt)), x.loc)
			}
			p = &Expr{Type: types.ArrayOf(baseType(et))}
			continue
		}
		if categoryOf(pt.Kind) != categoryOf(nt.Kind) {
			return types.Type{}, at(pgerr.New(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched",
				construct, typeName(pt), typeName(nt)), x.loc)
		}
		// Within a category the later type wins when only it can absorb
		// the other implicitly; text (the preferred string type) and the
		// first string type otherwise stay.
		if pt.Kind != types.KindText && implicitOK(pt.Kind, nt.Kind) && !implicitOK(nt.Kind, pt.Kind) {
			p = x
		}
	}
	if p == nil {
		return types.Text, nil
	}
	return p.Type, nil
}

// coerce converts x to t for use as an operand (implicit cast context).
// Untyped literals are parsed as t, untyped parameters are inferred as t.
func (c *compiler) coerce(x *Expr, t types.Type) (*Expr, error) {
	if x.Type.Kind == t.Kind && x.Type.Elem == t.Elem && (t.Mod < 0 || x.Type.Mod == t.Mod) && !x.isUnknown() {
		return x, nil
	}
	if x.param > 0 && x.isUnknown() {
		c.setParam(x.param, t)
		y := *x
		if y.Type = c.params.Types[x.param-1]; y.isUnknown() {
			y.Type = t
		}
		return c.coerce(&y, t)
	}
	if x.konst && x.isUnknown() {
		return literalAs(x, t, false)
	}
	if x.isUnknown() {
		// An untyped expression that is neither a literal nor a parameter
		// (a CASE of NULLs …) yields NULL or text at run time.
		return c.convert(x, t, false)
	}
	if !implicitType(x.Type, t) {
		return nil, at(pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s",
			typeName(x.Type), typeName(t)), x.loc)
	}
	return c.convert(x, t, false)
}

// literalAs parses an untyped literal (or NULL) as type t.
func literalAs(x *Expr, t types.Type, explicit bool) (*Expr, error) {
	if x.val.IsNull() {
		return constExpr(types.NullValue, t, x.loc), nil
	}
	if needsResolver(t) {
		return regLiteral(x, t), nil
	}
	if y, ok := sessionLiteral(x, t); ok { // cast_zone.go
		return y, nil
	}
	parseAs := t
	if t.Kind == types.KindUnknown {
		parseAs = types.Text
	}
	v, err := types.ParseText(x.val.S, baseType(parseAs))
	if err != nil {
		return nil, at(err, x.loc)
	}
	if t.Mod >= 0 {
		if v, err = types.Cast(v, t, explicit); err != nil {
			return nil, at(err, x.loc)
		}
	}
	return constExpr(v, t, x.loc), nil
}

// convert wraps x in a run-time conversion to t (folded when x is constant).
func (c *compiler) convert(x *Expr, t types.Type, explicit bool) (*Expr, error) {
	if needsResolver(t) {
		return convertReg(x, t, explicit)
	}
	if sessionDependent(x.Type, t) { // cast_zone.go
		return convertSession(x, t, explicit)
	}
	conv := converter(x.Type, t, explicit)
	if conv == nil {
		y := *x
		y.Type = t
		y.col = -1
		return &y, nil
	}
	in := x.fn
	out := &Expr{Type: t, col: -1, loc: x.loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil || v.K == types.KindNull {
			return v, err
		}
		return conv(v)
	}}
	return finish(out, x)
}

// converter returns a value conversion from → to, or nil when the two share
// a representation. Numeric promotions, the string family and date/time
// widening are done here without allocation; everything else is types.Cast.
func converter(from, to types.Type, explicit bool) func(types.Value) (types.Value, error) {
	if from.Kind == to.Kind && from.Elem == to.Elem && to.Mod < 0 {
		return nil
	}
	if from.Kind == types.KindArray && to.Kind == types.KindArray {
		return arrayConverter(from, to, explicit)
	}
	if to.Mod < 0 {
		if f := fastConverter(from.Kind, to.Kind); f != nil {
			return f
		}
	}
	return func(v types.Value) (types.Value, error) { return types.Cast(v, to, explicit) }
}

func fastConverter(from, to types.Kind) func(types.Value) (types.Value, error) {
	switch {
	case from.IsInteger() && to.IsInteger() && numRank(to) >= numRank(from):
		return func(v types.Value) (types.Value, error) { v.K = to; return v, nil }
	case from.IsInteger() && to == types.KindFloat8:
		return func(v types.Value) (types.Value, error) { return types.NewFloat8(float64(v.I)), nil }
	case from.IsInteger() && to == types.KindFloat4:
		return func(v types.Value) (types.Value, error) { return types.NewFloat4(float32(v.I)), nil }
	case from.IsInteger() && to == types.KindNumeric:
		return func(v types.Value) (types.Value, error) {
			return types.Value{K: types.KindNumeric, S: strconv.FormatInt(v.I, 10)}, nil
		}
	case from == types.KindFloat4 && to == types.KindFloat8:
		return func(v types.Value) (types.Value, error) { v.K = to; return v, nil }
	case from == types.KindNumeric && isFloat(to):
		return func(v types.Value) (types.Value, error) {
			f, err := strconv.ParseFloat(v.S, 64)
			if err != nil {
				if math.IsInf(f, 0) {
					return types.NullValue, errOverflow
				}
				return types.NullValue, pgerr.New(pgerr.InvalidTextRepresentation, "invalid numeric %q", v.S)
			}
			if to == types.KindFloat4 {
				if math.Abs(f) > math.MaxFloat32 && !math.IsInf(f, 0) {
					return types.NullValue, errOverflow
				}
				return types.NewFloat4(float32(f)), nil
			}
			return types.NewFloat8(f), nil
		}
	case from == types.KindBpchar && (to == types.KindText || to == types.KindVarchar):
		return func(v types.Value) (types.Value, error) {
			return types.Value{K: to, S: strings.TrimRight(v.S, " ")}, nil
		}
	case from.IsString() && to.IsString() && to != types.KindName:
		return func(v types.Value) (types.Value, error) { v.K = to; return v, nil }
	case from == types.KindDate && (to == types.KindTimestamp || to == types.KindTimestamptz):
		return func(v types.Value) (types.Value, error) {
			return types.Value{K: to, I: dateToMicros(v.I)}, nil
		}
	case (from == types.KindTimestamp && to == types.KindTimestamptz) ||
		(from == types.KindTimestamptz && to == types.KindTimestamp):
		// The session time zone is UTC, so both share one instant.
		return func(v types.Value) (types.Value, error) { v.K = to; return v, nil }
	}
	return nil
}

const microsPerDay = 86400 * 1000000

// dateToMicros converts days since 1970 to microseconds, keeping infinities.
func dateToMicros(d int64) int64 {
	switch d {
	case types.PosInfinity, types.NegInfinity:
		return d
	}
	return d * microsPerDay
}

// assign coerces x to a column of type t with assignment-cast rules.
func (c *compiler) assign(x *Expr, t types.Type, column string) (*Expr, error) {
	if x.isUnknown() {
		if x.param > 0 {
			c.setParam(x.param, t)
			y := *x
			y.Type = baseType(t)
			if t.Mod < 0 {
				y.Type = t
				return &y, nil
			}
			return c.convert(&y, t, false)
		}
		if x.konst {
			return literalAs(x, t, false)
		}
		return c.convert(x, t, false)
	}
	if x.Type == t {
		return x, nil
	}
	if !assignType(x.Type, t) {
		msg := "expression is of type " + typeName(x.Type) + " but type " + typeName(t) + " was expected"
		if column != "" {
			msg = "column \"" + column + "\" is of type " + typeName(t) + " but expression is of type " + typeName(x.Type)
		}
		return nil, at(pgerr.New(pgerr.DatatypeMismatch, "%s", msg).
			WithHint("You will need to rewrite or cast the expression."), x.loc)
	}
	return c.convert(x, t, false)
}
