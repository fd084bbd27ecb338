package types

import (
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Numeric values travel as canonical decimal text (Value.S): an optional
// '-', the integer digits without leading zeros ("0" when there are none),
// and, when the scale is positive, '.' followed by exactly scale digits. No
// exponent, no '+', no negative zero. The specials are "NaN", "Infinity" and
// "-Infinity", as PostgreSQL 15 prints them. The display scale is part of
// the value: "1.50" and "1.5" compare equal but print differently.
//
// Arithmetic follows PostgreSQL's result-scale rules and is done with apd,
// whose decimals are exact at the precision below (PostgreSQL allows 131072
// digits before the point and 16383 after).

const (
	numericMaxPrecision = 1 << 18
	numericMinSigDigits = 16   // NUMERIC_MIN_SIG_DIGITS
	numericMaxDispScale = 1000 // NUMERIC_MAX_DISPLAY_SCALE
)

var (
	// numCtx rounds half away from zero (apd's RoundHalfUp is by magnitude),
	// like PostgreSQL's round_var. Its precision is high enough that add,
	// sub, mul and rem are exact.
	numCtx = apd.Context{
		Precision:   numericMaxPrecision,
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.SystemOverflow | apd.SystemUnderflow | apd.Overflow | apd.Underflow,
		Rounding:    apd.RoundHalfUp,
	}
	errNumericOverflow = pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	errDivisionByZero  = pgerr.New(pgerr.DivisionByZero, "division by zero")
)

// parseNumeric reads numeric text (canonical or not) into d, normalising a
// positive exponent to 0 so that -d.Exponent is always the display scale.
func parseNumeric(d *apd.Decimal, s string) error {
	if _, _, err := d.SetString(s); err != nil || d.Form == apd.NaNSignaling {
		return pgerr.New(pgerr.InvalidTextRepresentation, `invalid input syntax for type numeric: "%s"`, s)
	}
	if d.Form == apd.NaN {
		d.Negative = false
	}
	return normaliseExponent(d)
}

// normaliseExponent rewrites a finite d with a positive exponent as an
// integer with exponent 0 (scale 0), which is how PostgreSQL stores it.
func normaliseExponent(d *apd.Decimal) error {
	if d.Form != apd.Finite || d.Exponent <= 0 {
		return nil
	}
	if _, err := numCtx.Quantize(d, d, 0); err != nil {
		return errNumericOverflow
	}
	return nil
}

// appendNumeric appends the canonical text of d.
func appendNumeric(buf []byte, d *apd.Decimal) []byte {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(buf, "NaN"...)
	case apd.Infinite:
		if d.Negative {
			return append(buf, "-Infinity"...)
		}
		return append(buf, "Infinity"...)
	}
	if d.Coeff.Sign() == 0 {
		d.Negative = false
	}
	if d.Exponent > 0 {
		_ = normaliseExponent(d)
	}
	return d.Append(buf, 'f')
}

func numericString(d *apd.Decimal) string {
	var buf [32]byte
	return string(appendNumeric(buf[:0], d))
}

// numericScale is the display scale of a finite parsed decimal.
func numericScale(d *apd.Decimal) int32 {
	if d.Exponent >= 0 {
		return 0
	}
	return -d.Exponent
}

// NumericFromInt returns the canonical numeric text of n.
func NumericFromInt(n int64) string { return strconv.FormatInt(n, 10) }

// NumericFromFloat converts a float to numeric the way PostgreSQL 15 does:
// through its decimal text with 15 significant digits for float8 (DBL_DIG)
// or 6 for float4 (FLT_DIG), so 0.1::float8::numeric is 0.1.
func NumericFromFloat(f float64, k Kind) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	digits := 15
	if k == KindFloat4 {
		digits = 6
	}
	var buf [32]byte
	var d apd.Decimal
	// The 'g' form never fails to parse.
	_ = parseNumeric(&d, string(strconv.AppendFloat(buf[:0], f, 'g', digits, 64)))
	return numericString(&d)
}

// NumericToFloat converts numeric text to float8 as PostgreSQL does (via the
// float input routine): values beyond float8's range, or nonzero values
// that underflow to zero, raise 22003.
func NumericToFloat(s string) (float64, error) { return numericToFloat(s, KindFloat8) }

func numericToFloat(s string, k Kind) (float64, error) {
	bits := 64
	if k == KindFloat4 {
		bits = 32
	}
	f, err := strconv.ParseFloat(s, bits)
	if err == nil && (f != 0 || NumericSign(s) == 0) {
		return f, nil
	}
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrSyntax {
		return 0, pgerr.New(pgerr.InvalidTextRepresentation, `invalid input syntax for type numeric: "%s"`, s)
	}
	return 0, pgerr.New(pgerr.NumericValueOutOfRange, `"%s" is out of range for type %s`, s, kinds[k].name)
}

// NumericSign returns -1, 0 or +1 for numeric text; NaN reports +1 (it sorts
// above every number).
func NumericSign(s string) int {
	if neg, ip, fp, ok := decParts(s); ok {
		switch {
		case ip == "" && fp == "":
			return 0
		case neg:
			return -1
		}
		return 1
	}
	var d apd.Decimal
	if parseNumeric(&d, s) != nil || d.Form == apd.NaN {
		return 1
	}
	return d.Sign()
}

// NumericAdd returns a+b with scale max(scale(a), scale(b)).
func NumericAdd(a, b string) (string, error) { return numericOp(a, b, '+') }

// NumericSub returns a-b with scale max(scale(a), scale(b)).
func NumericSub(a, b string) (string, error) { return numericOp(a, b, '-') }

// NumericMul returns a*b with scale scale(a)+scale(b).
func NumericMul(a, b string) (string, error) { return numericOp(a, b, '*') }

// NumericDiv returns a/b rounded to PostgreSQL's select_div_scale; b = 0
// raises 22012 (unless a is NaN).
func NumericDiv(a, b string) (string, error) { return numericOp(a, b, '/') }

// NumericMod returns the remainder of truncated division (sign of a), with
// scale max(scale(a), scale(b)); b = 0 raises 22012 (unless a is NaN).
func NumericMod(a, b string) (string, error) { return numericOp(a, b, '%') }

func numericOp(a, b string, op byte) (string, error) {
	var x, y, z apd.Decimal
	if err := parseNumeric(&x, a); err != nil {
		return "", err
	}
	if err := parseNumeric(&y, b); err != nil {
		return "", err
	}
	if x.Form == apd.NaN || y.Form == apd.NaN {
		return "NaN", nil
	}
	var err error
	switch op {
	case '+':
		_, err = numCtx.Add(&z, &x, &y)
	case '-':
		_, err = numCtx.Sub(&z, &x, &y)
	case '*':
		_, err = numCtx.Mul(&z, &x, &y)
	case '/':
		err = numericDiv(&z, &x, &y)
	case '%':
		if y.Form == apd.Finite && y.IsZero() {
			return "", errDivisionByZero
		}
		_, err = numCtx.Rem(&z, &x, &y)
	}
	if err != nil {
		return "", err
	}
	// apd leaves NaN (flagged InvalidOperation, which we do not trap) for
	// Inf-Inf, Inf*0, Inf/Inf and Inf%y, exactly where PostgreSQL returns NaN.
	return numericString(&z), nil
}

// numericDiv sets z = x/y for non-NaN operands, rounded half away from zero
// at PostgreSQL's result scale.
func numericDiv(z, x, y *apd.Decimal) error {
	if y.Form == apd.Finite && y.IsZero() {
		return errDivisionByZero
	}
	if x.Form == apd.Finite && y.Form == apd.Infinite {
		z.SetInt64(0)
		return nil
	}
	if x.Form != apd.Finite || y.Form != apd.Finite {
		_, err := numCtx.Quo(z, x, y)
		return err
	}
	rscale := divScale(x, y)
	// Truncate to one digit past rscale, then round: truncation preserves
	// whether the discarded tail is below, at or above one half, so the
	// second rounding is exact.
	adj := adjExponent(x) - adjExponent(y) + 1
	prec := adj + int64(rscale) + 3
	if prec < 1 {
		prec = 1
	}
	ctx := numCtx
	ctx.Precision = uint32(prec)
	ctx.Rounding = apd.RoundDown
	if _, err := ctx.Quo(z, x, y); err != nil {
		return err
	}
	if _, err := numCtx.Quantize(z, z, -rscale); err != nil {
		return errNumericOverflow
	}
	return nil
}

// adjExponent is the power of ten of d's most significant digit.
func adjExponent(d *apd.Decimal) int64 {
	return int64(d.Exponent) + d.NumDigits() - 1
}

// divScale is PostgreSQL's select_div_scale: enough digits for at least
// NUMERIC_MIN_SIG_DIGITS significant digits of the quotient, estimated from
// the leading base-10000 digits of both operands, and never less than
// either input's scale.
func divScale(x, y *apd.Decimal) int32 {
	w1, d1 := nbaseLead(x)
	w2, d2 := nbaseLead(y)
	qweight := w1 - w2
	if d1 <= d2 {
		qweight--
	}
	rscale := int64(numericMinSigDigits) - qweight*4
	rscale = max(rscale, int64(numericScale(x)), int64(numericScale(y)), 0)
	return int32(min(rscale, numericMaxDispScale))
}

// nbaseLead returns the weight and value of the first nonzero base-10000
// digit of PostgreSQL's representation of d (0, 0 for zero).
func nbaseLead(d *apd.Decimal) (weight int64, digit int64) {
	if d.IsZero() {
		return 0, 0
	}
	p := adjExponent(d)
	weight = floorDiv(p, 4)
	k := int(p - weight*4 + 1) // decimal digits in the leading NBASE digit: 1..4
	var buf [32]byte
	digits := d.Coeff.Append(buf[:0], 10)
	for i := 0; i < k; i++ {
		digit *= 10
		if i < len(digits) {
			digit += int64(digits[i] - '0')
		}
	}
	return weight, digit
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// NumericRound rounds s half away from zero to scale digits after the point
// (scale may be negative), like PostgreSQL's round(numeric, int); the result
// has scale max(scale, 0).
func NumericRound(s string, scale int32) (string, error) {
	return numericRescale(s, scale, apd.RoundHalfUp)
}

// NumericTrunc truncates s toward zero at scale, like trunc(numeric, int).
func NumericTrunc(s string, scale int32) (string, error) {
	return numericRescale(s, scale, apd.RoundDown)
}

// NumericFloor returns the largest integer <= s (scale 0).
func NumericFloor(s string) (string, error) { return numericRescale(s, 0, apd.RoundFloor) }

// NumericCeil returns the smallest integer >= s (scale 0).
func NumericCeil(s string) (string, error) { return numericRescale(s, 0, apd.RoundCeiling) }

func numericRescale(s string, scale int32, mode apd.Rounder) (string, error) {
	var d apd.Decimal
	if err := parseNumeric(&d, s); err != nil {
		return "", err
	}
	if err := roundDecimal(&d, scale, mode); err != nil {
		return "", err
	}
	return numericString(&d), nil
}

// roundDecimal rounds a finite d in place to scale digits using mode.
func roundDecimal(d *apd.Decimal, scale int32, mode apd.Rounder) error {
	if d.Form != apd.Finite {
		return nil
	}
	// Clamp scale to where the result is fixed anyway: beyond PostgreSQL's
	// maximum display scale nothing more is kept, and far left of the
	// leading digit everything rounds to zero.
	scale = min(scale, numericMaxDscale)
	if !d.IsZero() {
		scale = max(scale, -int32(min(adjExponent(d)+2, numericMaxPrecision)))
	} else {
		scale = max(scale, 0)
	}
	ctx := numCtx
	ctx.Rounding = mode
	if _, err := ctx.Quantize(d, d, -scale); err != nil {
		return errNumericOverflow
	}
	return normaliseExponent(d)
}

// NumericAbs returns |s| with the same scale.
func NumericAbs(s string) (string, error) {
	var d apd.Decimal
	if err := parseNumeric(&d, s); err != nil {
		return "", err
	}
	d.Negative = false
	return numericString(&d), nil
}

// NumericNeg returns -s with the same scale (NaN stays NaN, zero stays 0).
func NumericNeg(s string) (string, error) {
	var d apd.Decimal
	if err := parseNumeric(&d, s); err != nil {
		return "", err
	}
	if d.Form != apd.NaN {
		d.Negative = !d.Negative
	}
	return numericString(&d), nil
}
