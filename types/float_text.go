package types

import (
	"math"
	"math/bits"
	"strconv"
)

// appendFloat prints like float4out/float8out with extra_float_digits = 1
// (PostgreSQL's default): the shortest text that reads back exactly, in
// %e style when the decimal exponent is below -4 or at least the type's
// precision (6 digits for real, 15 for double precision), else plain.
//
// PostgreSQL's Ryu searches the open rounding interval while Go's shortest
// formatting also accepts its bounds (they read back by round-half-even),
// so for the few values whose Go form lies exactly on a bound we search for
// the shortest form strictly inside, as PostgreSQL does.
func appendFloat(buf []byte, f float64, bitSize int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	start := len(buf)
	buf = strconv.AppendFloat(buf, f, 'e', -1, bitSize)
	// A bound can only be the Go form when it is an integer, which needs
	// an ulp of at least 2.
	if bound := math.Ldexp(1, mantissaBits(bitSize)+1); math.Abs(f) >= bound && onRoundingBound(buf[start:], f, bitSize) {
		buf = appendInteriorShortest(buf[:start], f, bitSize)
	}
	// The exponent follows the last 'e': "1.2345679e+08".
	i := len(buf) - 1
	for buf[i] != 'e' {
		i--
	}
	exp := 0
	for _, c := range buf[i+2:] {
		exp = exp*10 + int(c-'0')
	}
	if buf[i+1] == '-' {
		exp = -exp
	}
	limit := 15
	if bitSize == 32 {
		limit = 6
	}
	if exp < -4 || exp >= limit {
		return buf
	}
	return strconv.AppendFloat(buf[:start], f, 'f', -1, bitSize)
}

func mantissaBits(bitSize int) int {
	if bitSize == 32 {
		return 23
	}
	return 52
}

// onRoundingBound reports whether the %e text s (as strconv writes it) is
// exactly the midpoint between f and one of its neighbours.
func onRoundingBound(s []byte, f float64, bitSize int) bool {
	var d uint64
	n, i := 0, 0
	if s[0] == '-' {
		i++
	}
	for ; s[i] != 'e'; i++ {
		if s[i] != '.' {
			d = d*10 + uint64(s[i]-'0')
			n++
		}
	}
	exp := 0
	for _, c := range s[i+2:] {
		exp = exp*10 + int(c-'0')
	}
	if s[i+1] == '-' {
		exp = -exp
	}
	p := exp - (n - 1) // value = d × 10^p
	if p < 0 || d == 0 {
		return false
	}
	// f = m × 2^e2 with the implicit bit set.
	var m uint64
	var e2 int
	mb := mantissaBits(bitSize)
	if bitSize == 32 {
		b := math.Float32bits(float32(f))
		m = uint64(b&(1<<23-1) | 1<<23)
		e2 = int(b>>23&0xff) - 127 - 23
	} else {
		b := math.Float64bits(f)
		m = b&(1<<52-1) | 1<<52
		e2 = int(b>>52&0x7ff) - 1023 - 52
	}
	// d × 10^p = odd × 2^(tz+p); a midpoint is (2m±1) × 2^(e2-1), or
	// (4m-1) × 2^(e2-2) below a power of two.
	tz := bits.TrailingZeros64(d)
	v := d >> tz
	for j := 0; j < p; j++ {
		hi, lo := bits.Mul64(v, 5)
		if hi != 0 || lo >= 1<<(mb+4) {
			return false
		}
		v = lo
	}
	pow := tz + p
	return pow == e2-1 && (v == 2*m+1 || v == 2*m-1) ||
		m == 1<<mb && pow == e2-2 && v == 4*m-1
}

// appendInteriorShortest appends the shortest %e form of f that lies
// strictly inside its rounding interval, without trailing zeros.
func appendInteriorShortest(buf []byte, f float64, bitSize int) []byte {
	start := len(buf)
	maxDigits := 17
	if bitSize == 32 {
		maxDigits = 9
	}
	for k := 1; k <= maxDigits; k++ {
		buf = trimExpZeros(strconv.AppendFloat(buf[:start], f, 'e', k-1, bitSize), start)
		g, err := strconv.ParseFloat(string(buf[start:]), bitSize)
		if err == nil && g == f && !onRoundingBound(buf[start:], f, bitSize) {
			return buf
		}
	}
	return buf
}

// trimExpZeros removes trailing zeros (and a bare '.') from the mantissa
// of the %e text in buf[start:].
func trimExpZeros(buf []byte, start int) []byte {
	e := len(buf) - 1
	for buf[e] != 'e' {
		e--
	}
	j := e
	for j > start && buf[j-1] == '0' {
		j--
	}
	if j > start && buf[j-1] == '.' {
		j--
	}
	if j == e {
		return buf
	}
	return append(buf[:j], buf[e:]...)
}

// appendFloatRounded prints like float4out/float8out with
// extra_float_digits = efd ≤ 0: C's %.*g with 6+efd (real) or 15+efd
// (double precision) significant digits, at least one. Go's 'g' verb
// with a precision matches %g (exponent form below 1e-4 or at the
// precision, trailing zeros removed, two-digit exponent).
func appendFloatRounded(buf []byte, f float64, bitSize int, efd int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	digits := 15 + efd
	if bitSize == 32 {
		digits = 6 + efd
	}
	return strconv.AppendFloat(buf, f, 'g', max(digits, 1), bitSize)
}
