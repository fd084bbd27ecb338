package expr

import (
	"time"

	"github.com/kalamdb/kalamdb/types"
)

// Conversions that depend on the session's settings (Env.Format): the
// TimeZone, for instants shown as or read from wall-clock values, and
// DateStyle's field order, for reading dates such as 01/02/2024. They are
// evaluated at run time and never folded: plans are shared by sessions
// whose settings differ.

// probeFormat is settings no literal is written for; parsing a literal
// under it and under the defaults tells whether the literal's meaning
// depends on the session.
var probeFormat = &types.TextFormat{
	Location:         time.FixedZone("probe", 3*3600+17*60),
	ExtraFloatDigits: 1,
	DateOrder:        types.DateOrderDMY,
}

// sessionDependent reports whether converting from → to reads the session
// settings: timestamptz to or from text, timestamp and date; timestamptz
// to time; text to date or timestamp (arrays: their elements).
func sessionDependent(from, to types.Type) bool {
	f, t := from.Kind, to.Kind
	if f == types.KindArray && t == types.KindArray {
		f, t = from.Elem, to.Elem
	}
	if f == t {
		return false
	}
	isText := func(k types.Kind) bool { return k.IsString() || k == types.KindName || k == types.KindUnknown }
	switch {
	case t == types.KindTimestamptz:
		return isText(f) || f == types.KindTimestamp || f == types.KindDate
	case f == types.KindTimestamptz:
		return isText(t) || t == types.KindTimestamp || t == types.KindDate || t == types.KindTime
	case t == types.KindDate || t == types.KindTimestamp:
		return isText(f)
	}
	return false
}

// convertSession is convert for session-dependent conversions:
// types.CastIn with the session's format, at evaluation time.
func convertSession(x *Expr, t types.Type, explicit bool) (*Expr, error) {
	in := x.fn
	out := &Expr{Type: t, col: -1, loc: x.loc, volatile: true, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil || v.K == types.KindNull {
			return v, err
		}
		return types.CastIn(v, t, explicit, resolver(env), env.Format)
	}}
	return finish(out, x)
}

// sessionLiteral is a date/time literal whose meaning depends on the
// session ('2024-07-01 12:00'::timestamptz, '01/02/2024'::date): it is
// parsed with the session's format when evaluated. ok is false for
// literals that mean the same in every session, which fold as usual.
func sessionLiteral(x *Expr, t types.Type) (*Expr, bool) {
	k := t.Kind
	if k == types.KindArray {
		k = t.Elem
	}
	if k != types.KindTimestamptz && k != types.KindTimestamp && k != types.KindDate {
		return nil, false
	}
	s := x.val.S
	def, err1 := types.ParseText(s, t)
	probe, err2 := types.ParseTextIn(s, t, nil, probeFormat)
	if err1 == nil && err2 == nil && types.Equal(def, probe) {
		return nil, false
	}
	if err1 != nil && err2 != nil {
		return nil, false // invalid in every order: reported at compile time
	}
	return &Expr{Type: t, col: -1, loc: x.loc, volatile: true, fn: func(env *Env, _ []types.Value) (types.Value, error) {
		v, err := types.ParseTextIn(s, t, resolver(env), env.Format)
		if err != nil || t.Mod < 0 {
			return v, err
		}
		return types.CastIn(v, t, true, nil, env.Format)
	}}, true
}
