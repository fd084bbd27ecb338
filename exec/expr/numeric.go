package expr

import (
	"math"

	"github.com/cockroachdb/apd/v3"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Numeric helpers beyond types' + - * / %: powers, roots and rounding with
// PostgreSQL's result-scale rules. Values travel as canonical decimal text.

const (
	minSigDigits    = 16   // NUMERIC_MIN_SIG_DIGITS
	maxDisplayScale = 1000 // NUMERIC_MAX_DISPLAY_SCALE
)

var errNumericOverflow = pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")

func parseDec(s string) (*apd.Decimal, error) {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	return d, nil
}

// formatDec prints d as canonical decimal text (never "-0").
func formatDec(d *apd.Decimal) string {
	if d.IsZero() {
		d.Negative = false
	}
	return d.Text('f')
}

// dscale is the number of digits after the decimal point.
func dscale(d *apd.Decimal) int32 {
	if d.Exponent < 0 {
		return -d.Exponent
	}
	return 0
}

// weight10 is the decimal exponent of d's leading digit (0 for zero).
func weight10(d *apd.Decimal) int64 {
	if d.IsZero() {
		return 0
	}
	return int64(d.NumDigits()) + int64(d.Exponent) - 1
}

// setScale rounds d to scale digits after the point with the given rounding
// (RoundHalfUp rounds half away from zero, as PostgreSQL's round_var does).
func setScale(d *apd.Decimal, scale int32, rounding apd.Rounder) (*apd.Decimal, error) {
	if d.Form != apd.Finite {
		return d, nil
	}
	need := weight10(d) + int64(scale) + 2
	if need < 1 {
		need = 1
	}
	ctx := apd.Context{Precision: uint32(need), MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Rounding: rounding}
	var r apd.Decimal
	if _, err := ctx.Quantize(&r, d, -scale); err != nil {
		return nil, errNumericOverflow
	}
	return &r, nil
}

func clampScale(s int64) int32 {
	if s > maxDisplayScale {
		s = maxDisplayScale
	}
	if s < 0 {
		s = 0
	}
	return int32(s)
}

// numericPower is numeric ^ numeric (power_var): integral exponents keep
// max(16, dscale(base)) digits; others aim for 16 significant digits.
func numericPower(a, b string) (string, error) {
	x, err := parseDec(a)
	if err != nil {
		return "", err
	}
	y, err := parseDec(b)
	if err != nil {
		return "", err
	}
	if x.Form == apd.NaN || y.Form == apd.NaN {
		one := apd.New(1, 0)
		if (x.Form != apd.NaN && x.Cmp(one) == 0) || (y.Form != apd.NaN && y.IsZero()) {
			return "1", nil
		}
		return "NaN", nil
	}
	var yi apd.Decimal
	_, _ = apd.BaseContext.RoundToIntegralValue(&yi, y)
	integral := yi.Cmp(y) == 0
	switch {
	case x.IsZero() && y.Negative && !y.IsZero():
		return "", errZeroNegPow
	case x.Negative && !integral:
		return "", errNegPower
	}
	var scale int64
	if integral && math.Abs(float64(mustInt(&yi))) <= math.MaxInt32 {
		scale = max(minSigDigits, int64(dscale(x)))
	} else {
		xf, _ := x.Float64()
		yf, _ := y.Float64()
		val := yf * math.Log10(math.Abs(xf))
		if x.IsZero() {
			val = 0
		}
		scale = max(minSigDigits-int64(val), int64(dscale(x)), int64(dscale(y)))
	}
	rscale := clampScale(scale)
	xf, _ := x.Float64()
	yf, _ := y.Float64()
	w := int64(0)
	if !x.IsZero() {
		w = int64(math.Ceil(yf * math.Log10(math.Abs(xf))))
	}
	if w > 131072 {
		return "", errNumericOverflow
	}
	prec := max(w, 0) + int64(rscale) + 10
	ctx := apd.Context{Precision: uint32(prec), MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Rounding: apd.RoundHalfUp}
	var r apd.Decimal
	if integral {
		// Exact repeated squaring avoids Pow's logarithm path.
		_, err = ctx.Pow(&r, x, &yi)
	} else {
		_, err = ctx.Pow(&r, x, y)
	}
	if err != nil {
		return "", errNumericOverflow
	}
	out, err := setScale(&r, rscale, apd.RoundHalfUp)
	if err != nil {
		return "", err
	}
	return formatDec(out), nil
}

func mustInt(d *apd.Decimal) int64 {
	n, err := d.Int64()
	if err != nil {
		return math.MaxInt64
	}
	return n
}

// numericSqrt is sqrt(numeric) with sqrt_var's result scale.
func numericSqrt(a string) (string, error) {
	x, err := parseDec(a)
	if err != nil {
		return "", err
	}
	if x.Form == apd.NaN {
		return "NaN", nil
	}
	if x.Negative && !x.IsZero() {
		return "", errNegSqrt
	}
	// PostgreSQL estimates the result weight from the base-10000 weight.
	nbaseWeight := floorDiv(weight10(x), 4)
	sweight := (nbaseWeight+1)*4/2 - 1
	rscale := clampScale(max(minSigDigits-sweight, int64(dscale(x))))
	ctx := apd.Context{Precision: uint32(max(weight10(x)/2, 0) + int64(rscale) + 10), MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Rounding: apd.RoundHalfUp}
	var r apd.Decimal
	if _, err := ctx.Sqrt(&r, x); err != nil {
		return "", errNumericOverflow
	}
	out, err := setScale(&r, rscale, apd.RoundHalfUp)
	if err != nil {
		return "", err
	}
	return formatDec(out), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
