package types

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Cast converts v to type to with PostgreSQL's cast semantics. explicit is
// true for CAST/:: and false for assignment (INSERT/UPDATE targets, also
// used for implicit coercions): a conversion PostgreSQL only performs
// explicitly (text → integer, boolean → integer, …) then fails with 42846,
// and an over-long varchar(n)/char(n) value raises 22001 instead of being
// truncated. NULL casts to NULL. The target's typmod is always enforced,
// including when v already has the target kind (arrays: on every element).
// Casting a name to a reg* type needs a catalog: see CastWith.
func Cast(v Value, to Type, explicit bool) (Value, error) {
	return CastWith(v, to, explicit, nil)
}

// CastWith is Cast with a NameResolver for the reg* types (r may be nil):
// text → regclass etc. look the name up through r, and reg* results get
// their printed name from r. Without r, naming an object fails (0A000)
// and reg* results keep an empty name, so they print as numbers.
func CastWith(v Value, to Type, explicit bool, r NameResolver) (Value, error) {
	return CastIn(v, to, explicit, r, nil)
}

// CastIn is CastWith under a session's TextFormat f (nil: the defaults):
// the conversions PostgreSQL performs in the session time zone (text →
// timestamptz without a zone, timestamptz → text, timestamp, date or time,
// and timestamp or date → timestamptz) use f.Location instead of UTC.
func CastIn(v Value, to Type, explicit bool, r NameResolver, f *TextFormat) (Value, error) {
	if v.K == KindNull {
		return NullValue, nil
	}
	if v.K == to.Kind && to.Mod < 0 {
		switch {
		case to.Kind == KindArray && ArrayElemKind(v) != to.Elem && to.Elem != KindNull:
			// an element conversion: below
		case to.Kind.IsReg():
			return withRegName(v, r), nil
		default:
			return v, nil
		}
	}
	from := TypeOfValue(v)
	ctx := CastContextOfType(from, to)
	if ctx == CastNone || (!explicit && ctx < CastAssign) {
		return NullValue, cannotCastType(from, to)
	}
	if to.Kind == KindArray && v.K.IsArray() {
		return castArray(v, to, explicit, r, f)
	}
	out, err := convert(v, to, r, f)
	if err != nil || out.K == KindNull {
		return out, err
	}
	return applyTypmod(out, to, explicit)
}

// TypeOfValue is the type a value carries without a typmod: its kind, and
// for arrays the element kind.
func TypeOfValue(v Value) Type {
	if v.K == KindArray {
		return Type{Kind: KindArray, Elem: Kind(v.I), Mod: -1}
	}
	return Type{Kind: v.K, Mod: -1}
}

// cannotCastType names both types as format_type_be does: without typmods.
func cannotCastType(from, to Type) error {
	from.Mod, to.Mod = -1, -1
	return pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", from.Name(), to.Name())
}

// convert changes v's kind to to's kind when CastContextOfType allows it,
// without applying typmods. r resolves reg* names (may be nil); f is the
// session's format (may be nil).
func convert(v Value, t Type, r NameResolver, f *TextFormat) (Value, error) {
	to := t.Kind
	if v.K.IsReg() {
		v = withRegName(v, r) // its text is its name
	}
	switch {
	case v.K == to:
		return v, nil
	case isCharKind(to):
		return Value{K: to, S: castToString(v, f)}, nil
	case to == KindName:
		return Value{K: KindName, S: TruncateName(castToString(v, f))}, nil
	case to == KindChar && v.K.IsString():
		return NewChar(parseChar(castToString(v, f))), nil
	case v.K.IsString():
		// I/O conversion through the target's input function.
		return ParseTextIn(v.S, t, r, f)
	case to.IsReg():
		return castToReg(v, to, r)
	}
	switch to {
	case KindBool:
		if v.K == KindJSONB {
			return jsonbToScalar(v.S, to)
		}
		return NewBool(v.I != 0), nil
	case KindChar:
		if v.I < -128 || v.I > 127 {
			return NullValue, pgerr.New(pgerr.NumericValueOutOfRange, `"char" out of range`)
		}
		return NewChar(byte(v.I)), nil
	case KindInt2, KindInt4, KindInt8, KindOID:
		return castToInt(v, to)
	case KindFloat4, KindFloat8:
		return castToFloat(v, to)
	case KindNumeric:
		return castToNumeric(v)
	case KindDate:
		if v.I == PosInfinity || v.I == NegInfinity {
			return Value{K: KindDate, I: v.I}, nil
		}
		us := v.I
		if v.K == KindTimestamptz {
			us = LocalMicros(us, f.zone())
		}
		return Value{K: KindDate, I: floorDiv(us, microsPerDay)}, nil
	case KindTime:
		if v.I == PosInfinity || v.I == NegInfinity {
			return NullValue, nil // PostgreSQL's timestamp_time returns NULL
		}
		us := v.I
		if v.K == KindTimestamptz {
			us = LocalMicros(us, f.zone())
		}
		return Value{K: KindTime, I: us - floorDiv(us, microsPerDay)*microsPerDay}, nil
	case KindTimestamp, KindTimestamptz:
		us := v.I
		if v.K == KindDate {
			if v.I >= dateMaxForTimestamp && v.I != PosInfinity {
				return NullValue, pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range for timestamp")
			}
			us = dateAsMicros(v.I)
		}
		if isInfiniteMicros(us) {
			return Value{K: to, I: us}, nil
		}
		// Wall-clock times (timestamp, date) and instants (timestamptz)
		// meet in the session zone.
		switch {
		case to == KindTimestamptz && v.K != KindTimestamptz:
			us = UTCMicros(us, f.zone())
		case to == KindTimestamp && v.K == KindTimestamptz:
			us = LocalMicros(us, f.zone())
		}
		return Value{K: to, I: us}, nil
	case KindJSON, KindJSONB:
		s, err := NormalizeJSON(v.S, Type{Kind: to, Mod: -1})
		return Value{K: to, S: s}, err
	}
	return NullValue, cannotCastType(TypeOfValue(v), t)
}

// castToString renders v as the string types receive it: char(n) loses its
// padding and booleans read "true"/"false" (PostgreSQL's bool → text cast,
// unlike boolean output's "t"/"f").
func castToString(v Value, f *TextFormat) string {
	switch {
	case v.K == KindBpchar:
		return strings.TrimRight(v.S, " ")
	case v.K.IsString():
		return v.S
	case v.K == KindBool:
		if v.I != 0 {
			return "true"
		}
		return "false"
	}
	return string(AppendTextFormat(nil, v, Type{Kind: v.K, Mod: -1}, f))
}

func intOutOfRange(to Kind) error {
	if to == KindOID {
		return pgerr.New(pgerr.NumericValueOutOfRange, "OID out of range")
	}
	return pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", kinds[to].name)
}

func castToInt(v Value, to Kind) (Value, error) {
	var n int64
	switch v.K {
	case KindFloat4, KindFloat8:
		// rint(): half to even. The bounds are exact powers of two.
		f := math.RoundToEven(v.F)
		if f != f || f < -(1<<63) || f >= 1<<63 {
			return NullValue, intOutOfRange(to)
		}
		n = int64(f)
	case KindChar:
		n = int64(int8(v.I)) // "char" is a signed C char
	case KindNumeric:
		i, err := numericToInt(v.S, to)
		if err != nil {
			return NullValue, err
		}
		n = i
	case KindJSONB:
		return jsonbToScalar(v.S, to)
	case KindOID, KindRegproc, KindRegprocedure, KindRegoper, KindRegoperator,
		KindRegclass, KindRegtype, KindRegnamespace, KindRegrole:
		n = v.I
		if to == KindInt4 {
			n = int64(int32(uint32(n))) // binary coercion, as PostgreSQL does
		}
	default:
		n = v.I
		if to == KindOID && v.K != KindInt8 && n < 0 {
			n += 1 << 32 // int2/int4 → oid reinterpret the bits
		}
	}
	if !intFits(n, to) {
		return NullValue, intOutOfRange(to)
	}
	return Value{K: to, I: n}, nil
}

func intFits(n int64, k Kind) bool {
	switch k {
	case KindInt2:
		return n >= math.MinInt16 && n <= math.MaxInt16
	case KindInt4:
		return n >= math.MinInt32 && n <= math.MaxInt32
	case KindOID:
		return n >= 0 && n <= math.MaxUint32
	}
	return true
}

// numericToInt rounds numeric text half away from zero to an integer.
func numericToInt(s string, to Kind) (int64, error) {
	var d apd.Decimal
	if err := parseNumeric(&d, s); err != nil {
		return 0, err
	}
	switch d.Form {
	case apd.NaN:
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cannot convert NaN to %s", kinds[to].name)
	case apd.Infinite:
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cannot convert infinity to %s", kinds[to].name)
	}
	if adjExponent(&d) > 20 {
		return 0, intOutOfRange(to)
	}
	if err := roundDecimal(&d, 0, apd.RoundHalfUp); err != nil {
		return 0, err
	}
	n, err := d.Int64()
	if err != nil {
		return 0, intOutOfRange(to)
	}
	return n, nil
}

func castToFloat(v Value, to Kind) (Value, error) {
	var f float64
	switch v.K {
	case KindFloat4, KindFloat8:
		f = v.F
		if to == KindFloat4 {
			f32 := float32(f)
			switch {
			case math.IsInf(float64(f32), 0) && !math.IsInf(f, 0):
				return NullValue, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
			case f32 == 0 && f != 0:
				return NullValue, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: underflow")
			}
			f = float64(f32)
		}
	case KindNumeric:
		var err error
		if f, err = numericToFloat(v.S, to); err != nil {
			return NullValue, err
		}
	case KindJSONB:
		return jsonbToScalar(v.S, to)
	default: // integers: one rounding, straight from the integer
		if to == KindFloat4 {
			f = float64(float32(v.I))
		} else {
			f = float64(v.I)
		}
	}
	return Value{K: to, F: f}, nil
}

func castToNumeric(v Value) (Value, error) {
	switch v.K {
	case KindFloat4, KindFloat8:
		return Value{K: KindNumeric, S: NumericFromFloat(v.F, v.K)}, nil
	case KindJSONB:
		return jsonbToScalar(v.S, KindNumeric)
	}
	return Value{K: KindNumeric, S: NumericFromInt(v.I)}, nil
}

// jsonbToScalar implements the jsonb → boolean/number casts: the document
// must be a scalar of the matching JSON type (22023 otherwise).
func jsonbToScalar(doc string, to Kind) (Value, error) {
	s := strings.TrimSpace(doc)
	what := "numeric"
	switch {
	case s == "":
		what = "null"
	case s[0] == '"':
		what = "string"
	case s[0] == '{':
		what = "object"
	case s[0] == '[':
		what = "array"
	case s == "null":
		what = "null"
	case s == "true" || s == "false":
		what = "boolean"
	}
	if what == "boolean" && to == KindBool {
		return NewBool(s == "true"), nil
	}
	if what != "numeric" || to == KindBool {
		return NullValue, pgerr.New(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type %s", what, kinds[to].name)
	}
	var d apd.Decimal
	if err := parseNumeric(&d, s); err != nil {
		return NullValue, err
	}
	num := Value{K: KindNumeric, S: numericString(&d)}
	if to == KindNumeric {
		return num, nil
	}
	return convert(num, Type{Kind: to, Mod: -1}, nil, nil)
}

// applyTypmod enforces t's modifier on a value of kind t.Kind.
func applyTypmod(v Value, t Type, explicit bool) (Value, error) {
	if t.Mod < 4 {
		return v, nil
	}
	switch t.Kind {
	case KindVarchar, KindBpchar:
		return applyCharLength(v, t, explicit)
	case KindArray:
		return castArray(v, t, explicit, nil, nil)
	case KindNumeric:
		s, err := applyNumericTypmod(v.S, t)
		return Value{K: KindNumeric, S: s}, err
	}
	return v, nil
}

// applyCharLength enforces varchar(n)/char(n), counting characters, not
// bytes. Explicit casts truncate; assignment accepts an over-long value only
// if the excess is spaces (then dropped) and raises 22001 otherwise. char(n)
// pads with spaces to n characters.
func applyCharLength(v Value, t Type, explicit bool) (Value, error) {
	n := int(t.Mod - 4)
	s := v.S
	count := len(s)
	if count > n { // bytes > n may still be <= n characters
		count = 0
		cut := -1
		for i := range s {
			if count == n {
				cut = i
			}
			count++
		}
		if cut >= 0 {
			if !explicit && strings.TrimRight(s[cut:], " ") != "" {
				return NullValue, pgerr.New(pgerr.StringDataRightTruncation, "value too long for type %s", t.Name())
			}
			s, count = s[:cut], n
		}
	} else if t.Kind == KindBpchar {
		count = runeCount(s)
	}
	if t.Kind == KindBpchar && count < n {
		s += strings.Repeat(" ", n-count)
	}
	return Value{K: t.Kind, S: s}, nil
}

func runeCount(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

// applyNumericTypmod rounds s to numeric(p,s)'s scale and checks that the
// integer part fits in p-s digits, with PostgreSQL's error and detail.
func applyNumericTypmod(s string, t Type) (string, error) {
	precision, scale := t.NumericPrecisionScale()
	var d apd.Decimal
	if err := parseNumeric(&d, s); err != nil {
		return "", err
	}
	switch d.Form {
	case apd.NaN:
		return "NaN", nil
	case apd.Infinite:
		return "", pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").WithDetail(
			"A field with precision " + strconv.Itoa(int(precision)) + ", scale " + strconv.Itoa(int(scale)) +
				" cannot hold an infinite value.")
	}
	if err := roundDecimal(&d, scale, apd.RoundHalfUp); err != nil {
		return "", err
	}
	maxDigits := int64(precision - scale)
	if !d.IsZero() && adjExponent(&d)+1 > maxDigits {
		limit := "1"
		if maxDigits != 0 {
			limit = "10^" + strconv.FormatInt(maxDigits, 10)
		}
		return "", pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").WithDetail(
			"A field with precision " + strconv.Itoa(int(precision)) + ", scale " + strconv.Itoa(int(scale)) +
				" must round to an absolute value less than " + limit + ".")
	}
	return numericString(&d), nil
}
