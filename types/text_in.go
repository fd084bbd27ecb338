package types

import (
	"math"
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// ParseText parses PostgreSQL text input for type t (22P02, 22007, 22008,
// 22003 on bad input). Typmods are not enforced here; see Cast. A reg*
// value named rather than numbered needs a catalog: use ParseTextWith.
func ParseText(s string, t Type) (Value, error) {
	return ParseTextWith(s, t, nil)
}

// ParseTextWith is ParseText with a NameResolver for reg* input by name
// (r may be nil). Numbered reg* input gets its name from r when r knows it.
func ParseTextWith(s string, t Type, r NameResolver) (Value, error) {
	return ParseTextIn(s, t, r, nil)
}

// ParseTextIn is ParseTextWith under a session's TextFormat f (nil: the
// defaults): timestamptz input without a zone is read in f.Location, and
// ambiguous dates in f.DateOrder.
func ParseTextIn(s string, t Type, r NameResolver, f *TextFormat) (Value, error) {
	if t.Kind.IsReg() {
		return parseRegText(s, t.Kind, r)
	}
	switch t.Kind {
	case KindName:
		return Value{K: KindName, S: TruncateName(s)}, nil
	case KindChar:
		return NewChar(parseChar(s)), nil
	case KindAclitem:
		return Value{K: KindAclitem, S: s}, nil
	case KindArray:
		return parseArrayText(s, t, r, f)
	case KindInt2Vector, KindOIDVector:
		return parseVectorText(s, t.Kind)
	case KindVoid:
		return Value{K: KindVoid}, nil
	case KindRecord:
		return NullValue, pgerr.New(pgerr.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	switch t.Kind {
	case KindNull:
		return Value{K: KindText, S: s}, nil
	case KindText, KindVarchar, KindBpchar, KindUnknown:
		return Value{K: t.Kind, S: s}, nil
	case KindBool:
		b, ok := parseBool(s)
		if !ok {
			return Value{}, syntaxErr("boolean", s)
		}
		return NewBool(b), nil
	case KindInt2:
		n, err := parseInt(s, math.MinInt16, math.MaxInt16, "smallint")
		return Value{K: KindInt2, I: n}, err
	case KindInt4:
		n, err := parseInt(s, math.MinInt32, math.MaxInt32, "integer")
		return Value{K: KindInt4, I: n}, err
	case KindInt8:
		n, err := parseInt(s, math.MinInt64, math.MaxInt64, "bigint")
		return Value{K: KindInt8, I: n}, err
	case KindOID:
		// oidin accepts what strtoul accepts, so "-1" wraps to 4294967295.
		n, err := parseInt(s, math.MinInt32, math.MaxUint32, "oid")
		return Value{K: KindOID, I: int64(uint32(n))}, err
	case KindFloat4:
		f, err := parseFloat(s, 32)
		return Value{K: KindFloat4, F: f}, err
	case KindFloat8:
		f, err := parseFloat(s, 64)
		return Value{K: KindFloat8, F: f}, err
	case KindNumeric:
		n, err := parseNumericText(s)
		return Value{K: KindNumeric, S: n}, err
	case KindBytea:
		b, err := parseBytea(s)
		return Value{K: KindBytea, S: b}, err
	case KindDate, KindTime, KindTimestamp, KindTimestamptz:
		n, err := parseDateTimeText(s, t.Kind, f)
		return Value{K: t.Kind, I: n}, err
	case KindUUID:
		u, ok := parseUUID(s)
		if !ok {
			return Value{}, syntaxErr("uuid", s)
		}
		return Value{K: KindUUID, S: u}, nil
	case KindJSON, KindJSONB:
		j, err := NormalizeJSON(s, t)
		return Value{K: t.Kind, S: j}, err
	}
	return Value{}, pgerr.New(pgerr.InternalError, "no text input for type kind %d", t.Kind)
}

// syntaxErr is PostgreSQL's 22P02 for a value that does not parse as typ.
func syntaxErr(typ, s string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, `invalid input syntax for type %s: "%s"`, typ, s)
}

// isSpace is C's isspace in the "C" locale, which PostgreSQL uses to trim input.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// parseBool implements PostgreSQL's parse_bool: any unambiguous prefix of
// true/false/yes/no, "on"/"off" (at least two letters), "1"/"0".
func parseBool(s string) (bool, bool) {
	s = trimSpace(s)
	if s == "" {
		return false, false
	}
	prefixOf := func(word string) bool {
		return len(s) <= len(word) && strings.EqualFold(s, word[:len(s)])
	}
	switch s[0] | 0x20 {
	case 't':
		return true, prefixOf("true")
	case 'f':
		return false, prefixOf("false")
	case 'y':
		return true, prefixOf("yes")
	case 'n':
		return false, prefixOf("no")
	case 'o':
		if len(s) < 2 {
			return false, false
		}
		if prefixOf("on") {
			return true, true
		}
		return false, prefixOf("off")
	case '1':
		return true, len(s) == 1
	case '0':
		return false, len(s) == 1
	}
	return false, false
}

// parseInt implements pg_strtoint16/32/64: surrounding whitespace, an
// optional sign, decimal digits only.
func parseInt(s string, lo, hi int64, typ string) (int64, error) {
	t := trimSpace(s)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" {
		return 0, syntaxErr(typ, s)
	}
	// Accumulate negatively so math.MinInt64 is representable, and report
	// overflow at the first digit that causes it, before any trailing junk,
	// as PostgreSQL does.
	limit := -hi
	if neg {
		limit = lo
	}
	var n int64
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !isDigit(c) {
			return 0, syntaxErr(typ, s)
		}
		d := int64(c - '0')
		if n < (math.MinInt64+d)/10 || n*10-d < limit {
			return 0, pgerr.New(pgerr.NumericValueOutOfRange, `value "%s" is out of range for type %s`, s, typ)
		}
		n = n*10 - d
	}
	if !neg {
		n = -n
	}
	return n, nil
}

// parseFloat implements float4in/float8in: strtod syntax (decimal, hex,
// inf/infinity/nan in any case, optional sign) with surrounding whitespace;
// overflow and underflow to zero are 22003.
func parseFloat(s string, bits int) (float64, error) {
	typ := "double precision"
	if bits == 32 {
		typ = "real"
	}
	t := trimSpace(s)
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	switch strings.ToLower(body) {
	case "nan":
		// strtod's NaN, which is also what PostgreSQL sends in binary.
		if t[0] == '-' {
			return math.Float64frombits(0xfff8000000000000), nil
		}
		return math.Float64frombits(0x7ff8000000000000), nil
	case "inf", "infinity":
		if t[0] == '-' {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	case "":
		return 0, syntaxErr(typ, s)
	}
	hex := len(body) > 1 && body[0] == '0' && body[1]|0x20 == 'x'
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '_' || c|0x20 == 'i' || c|0x20 == 'n' {
			return 0, syntaxErr(typ, s) // Go accepts these, strtod does not
		}
		if hex && c|0x20 == 'p' {
			hex = false
		}
	}
	if hex {
		t += "p0" // strtod allows a hex float without an exponent
	}
	f, err := strconv.ParseFloat(t, bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, pgerr.New(pgerr.NumericValueOutOfRange, `"%s" is out of range for type %s`, s, typ)
		}
		return 0, syntaxErr(typ, s)
	}
	if f == 0 && hasNonZeroMantissa(body) {
		return 0, pgerr.New(pgerr.NumericValueOutOfRange, `"%s" is out of range for type %s`, s, typ)
	}
	return f, nil
}

// hasNonZeroMantissa reports whether a float literal has a non-zero digit
// before its exponent, i.e. whether a zero result is an underflow.
func hasNonZeroMantissa(s string) bool {
	hex := len(s) > 1 && s[0] == '0' && s[1]|0x20 == 'x'
	if hex {
		s = s[2:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !hex && c|0x20 == 'e' || hex && c|0x20 == 'p' {
			return false
		}
		if c >= '1' && c <= '9' || hex && c|0x20 >= 'a' && c|0x20 <= 'f' {
			return true
		}
	}
	return false
}

// Limits of PostgreSQL's numeric storage format.
const (
	numericMaxIntDigits = 131072 // NUMERIC_WEIGHT_MAX+1 base-10000 digits
	numericMaxDscale    = 16383  // NUMERIC_DSCALE_MAX
)

// parseNumericText implements numeric_in and returns numeric_out's text
// for the value: the written scale is kept ("1.50"), exponents are applied
// ("1e3" → "1000", "1.5e-3" → "0.0015"), leading zeros and a plus sign or
// the sign of zero are dropped; NaN, Infinity and -Infinity are spelled so.
func parseNumericText(s string) (string, error) {
	t := trimSpace(s)
	if isCanonicalDecimal(t) {
		return t, nil
	}
	if strings.EqualFold(t, "nan") {
		return "NaN", nil
	}
	body := t
	neg := false
	if body != "" && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	if strings.EqualFold(body, "inf") || strings.EqualFold(body, "infinity") {
		if neg {
			return "-Infinity", nil
		}
		return "Infinity", nil
	}
	out, ok, overflow := canonicalDecimal(body, neg)
	if overflow {
		return "", pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	}
	if !ok {
		return "", syntaxErr("numeric", s)
	}
	return out, nil
}

// isCanonicalDecimal reports whether s is already in numeric_out form
// (-?(0|[1-9][0-9]*)(\.[0-9]+)?, and not a negative zero), the common case
// that needs no rewriting and so no allocation.
func isCanonicalDecimal(s string) bool {
	if len(s) > numericMaxDscale { // too long to be sure it is in range
		return false
	}
	i := 0
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		i++
	}
	start := i
	nonZero := false
	for i < len(s) && isDigit(s[i]) {
		nonZero = nonZero || s[i] != '0'
		i++
	}
	if i == start || i-start > 1 && s[start] == '0' {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		fracStart := i
		for i < len(s) && isDigit(s[i]) {
			nonZero = nonZero || s[i] != '0'
			i++
		}
		if i == fracStart {
			return false
		}
	}
	return i == len(s) && (nonZero || !neg)
}

// canonicalDecimal converts an unsigned decimal literal
// (digits[.digits][e[+-]digits], at least one mantissa digit) to
// numeric_out form. ok is false on a syntax error.
func canonicalDecimal(body string, neg bool) (out string, ok, overflow bool) {
	i := 0
	for i < len(body) && isDigit(body[i]) {
		i++
	}
	intPart := body[:i]
	fracPart := ""
	if i < len(body) && body[i] == '.' {
		j := i + 1
		for j < len(body) && isDigit(body[j]) {
			j++
		}
		fracPart = body[i+1 : j]
		i = j
	}
	if intPart == "" && fracPart == "" {
		return "", false, false
	}
	var exp int64
	if i < len(body) && body[i]|0x20 == 'e' {
		j := i + 1
		eneg := false
		if j < len(body) && (body[j] == '+' || body[j] == '-') {
			eneg = body[j] == '-'
			j++
		}
		if j == len(body) {
			return "", false, false
		}
		for ; j < len(body); j++ {
			if !isDigit(body[j]) {
				return "", false, false
			}
			if exp < math.MaxInt32 {
				exp = exp*10 + int64(body[j]-'0')
			}
		}
		if exp >= math.MaxInt32/2 {
			return "", false, true
		}
		if eneg {
			exp = -exp
		}
		i = len(body)
	}
	if i != len(body) {
		return "", false, false
	}
	dscale := int64(len(fracPart)) - exp
	if dscale < 0 {
		dscale = 0
	}
	// Significant digits and the position of the decimal point within them.
	digits := strings.TrimLeft(intPart, "0")
	point := int64(len(digits)) + exp
	if digits == "" {
		// All integer digits were zeros: skip zeros leading the fraction.
		f := strings.TrimLeft(fracPart, "0")
		point -= int64(len(fracPart) - len(f))
		digits = f
	} else {
		digits += fracPart
	}
	digits = strings.TrimRight(digits, "0")
	if digits == "" { // zero: no sign, keep the scale
		if dscale > numericMaxDscale {
			return "", false, true
		}
		if dscale == 0 {
			return "0", true, false
		}
		return "0." + strings.Repeat("0", int(dscale)), true, false
	}
	if point > numericMaxIntDigits || dscale > numericMaxDscale {
		return "", false, true
	}
	var b strings.Builder
	b.Grow(int(max(point, 1)+dscale) + 2)
	if neg {
		b.WriteByte('-')
	}
	nd := int64(len(digits))
	if point <= 0 {
		b.WriteByte('0')
	} else {
		b.WriteString(digits[:min(point, nd)])
		for k := nd; k < point; k++ {
			b.WriteByte('0')
		}
	}
	if dscale > 0 {
		b.WriteByte('.')
		written := int64(0)
		for k := point; k < 0 && written < dscale; k++ {
			b.WriteByte('0')
			written++
		}
		if start := max(point, 0); start < nd {
			b.WriteString(digits[start:])
			written += nd - start
		}
		for ; written < dscale; written++ {
			b.WriteByte('0')
		}
	}
	return b.String(), true, false
}

// parseBytea implements byteain: "\x" hex (whitespace allowed between
// bytes) or the escape format (\\ and \ooo octal escapes).
func parseBytea(s string) (string, error) {
	if len(s) >= 2 && s[0] == '\\' && s[1] == 'x' {
		out := make([]byte, 0, (len(s)-2)/2)
		for i := 2; i < len(s); {
			c := s[i]
			if isSpace(c) && c != '\v' && c != '\f' {
				i++
				continue
			}
			hi, ok := unhex(c)
			if !ok {
				return "", pgerr.New(pgerr.InvalidParameterValue, `invalid hexadecimal digit: "%s"`, string(c))
			}
			if i+1 >= len(s) {
				return "", pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			lo, ok := unhex(s[i+1])
			if !ok {
				return "", pgerr.New(pgerr.InvalidParameterValue, `invalid hexadecimal digit: "%s"`, string(s[i+1]))
			}
			out = append(out, hi<<4|lo)
			i += 2
		}
		return string(out), nil
	}
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i += 2
		case i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOctal(s[i+2]) && isOctal(s[i+3]):
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 4
		default:
			return "", pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type bytea")
		}
	}
	return string(out), nil
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c|0x20 >= 'a' && c|0x20 <= 'f':
		return (c | 0x20) - 'a' + 10, true
	}
	return 0, false
}

// parseUUID implements string_to_uuid: 32 hex digits, optionally in
// braces, with an optional hyphen after any group of four digits.
func parseUUID(s string) (string, bool) {
	var u [16]byte
	braces := len(s) > 0 && s[0] == '{'
	if braces {
		s = s[1:]
	}
	for i := 0; i < 16; i++ {
		if len(s) < 2 {
			return "", false
		}
		hi, ok1 := unhex(s[0])
		lo, ok2 := unhex(s[1])
		if !ok1 || !ok2 {
			return "", false
		}
		u[i] = hi<<4 | lo
		s = s[2:]
		if len(s) > 0 && s[0] == '-' && i%2 == 1 && i < 15 {
			s = s[1:]
		}
	}
	if braces {
		if len(s) == 0 || s[0] != '}' {
			return "", false
		}
		s = s[1:]
	}
	if s != "" {
		return "", false
	}
	return string(u[:]), true
}
