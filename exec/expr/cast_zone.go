package expr

import (
	"time"

	"github.com/kalamdb/kalamdb/types"
)

// Conversions that depend on the session time zone (Env.Format). They are
// evaluated at run time and never folded: plans are shared by sessions
// whose TimeZone differs.

// zoneProbe is a zone no literal is written in; parsing a literal in it
// and in UTC tells whether the literal named its own zone.
var zoneProbe = time.FixedZone("probe", 3*3600+17*60)

// zoneDependent reports whether converting from → to reads the session
// time zone: timestamptz to or from text, timestamp and date, and
// timestamptz to time (arrays: their elements).
func zoneDependent(from, to types.Type) bool {
	f, t := from.Kind, to.Kind
	if f == types.KindArray && t == types.KindArray {
		f, t = from.Elem, to.Elem
	}
	if f == t {
		return false
	}
	localKind := func(k types.Kind) bool {
		return k == types.KindTimestamp || k == types.KindDate || k.IsString() || k == types.KindName ||
			k == types.KindUnknown
	}
	switch {
	case t == types.KindTimestamptz:
		return localKind(f)
	case f == types.KindTimestamptz:
		return localKind(t) || t == types.KindTime
	}
	return false
}

// convertZone is convert for zone-dependent conversions: types.CastIn
// with the session's format, at evaluation time.
func convertZone(x *Expr, t types.Type, explicit bool) (*Expr, error) {
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

// zoneLiteral is a literal read as timestamptz (or an array of them) that
// names no zone of its own ('2024-07-01 12:00'::timestamptz): it is parsed
// in the session zone when evaluated. ok is false for literals that mean
// the same instant in every zone, which fold as usual.
func zoneLiteral(x *Expr, t types.Type) (*Expr, bool) {
	if t.Kind != types.KindTimestamptz && !(t.Kind == types.KindArray && t.Elem == types.KindTimestamptz) {
		return nil, false
	}
	s := x.val.S
	utc, err1 := types.ParseText(s, t)
	probe := types.TextFormat{Location: zoneProbe, ExtraFloatDigits: 1}
	other, err2 := types.ParseTextIn(s, t, nil, &probe)
	if err1 != nil || err2 != nil || types.Equal(utc, other) {
		return nil, false
	}
	return &Expr{Type: t, col: -1, loc: x.loc, volatile: true, fn: func(env *Env, _ []types.Value) (types.Value, error) {
		v, err := types.ParseTextIn(s, t, resolver(env), env.Format)
		if err != nil || t.Mod < 0 {
			return v, err
		}
		return types.CastIn(v, t, true, nil, env.Format)
	}}, true
}
