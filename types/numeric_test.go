package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Expected results below were taken from PostgreSQL 15.

func TestNumericArithmetic(t *testing.T) {
	tests := []struct {
		op   func(a, b string) (string, error)
		name string
		a, b string
		want string
	}{
		{NumericAdd, "add", "1.5", "2.25", "3.75"},
		{NumericAdd, "add scale", "1.50", "2", "3.50"},
		{NumericAdd, "add to zero", "-1.5", "1.5", "0.0"},
		{NumericSub, "sub", "1", "2.000", "-1.000"},
		{NumericMul, "mul scales add", "1.5", "2.25", "3.375"},
		{NumericMul, "mul zero keeps scale", "0.000", "-1", "0.000"},
		{NumericMul, "mul big", "99999999999999999999", "99999999999999999999", "9999999999999999999800000000000000000001"},
		{NumericDiv, "1/3", "1", "3", "0.33333333333333333333"},
		{NumericDiv, "10/4", "10", "4", "2.5000000000000000"},
		{NumericDiv, "2.5/0.5", "2.5", "0.5", "5.0000000000000000"},
		{NumericDiv, "tiny quotient", "1", "7000000", "0.000000142857142857142857"},
		{NumericDiv, "scale from input", "123456789", "0.001", "123456789000.00000000"},
		{NumericDiv, "2/3 rounds up", "2", "3", "0.66666666666666666667"},
		{NumericDiv, "100000/3", "100000", "3", "33333.333333333333"},
		{NumericDiv, "small dividend", "0.00000000000000000001", "3", "0.0000000000000000000033333333333333333333"},
		{NumericDiv, "small divisor", "100", "0.00001", "10000000.000000000000"},
		{NumericDiv, "small/large", "0.00001", "100000", "0.0000000001000000000000000000"},
		{NumericDiv, "large", "999999999999", "0.000001", "999999999999000000.000000"},
		{NumericDiv, "zero dividend", "0.0", "3", "0.00000000000000000000"},
		{NumericDiv, "negative", "-6", "4", "-1.5000000000000000"},
		{NumericDiv, "negative half rounds away", "-2", "3", "-0.66666666666666666667"},
		{NumericDiv, "by infinity", "1", "Infinity", "0"},
		{NumericDiv, "inf/inf", "Infinity", "Infinity", "NaN"},
		{NumericDiv, "nan/0", "NaN", "0", "NaN"},
		{NumericMod, "mod", "12.345", "1.1", "0.245"},
		{NumericMod, "mod negative dividend", "-7", "3", "-1"},
		{NumericMod, "mod negative divisor", "7.5", "-2", "1.5"},
		{NumericMod, "mod by infinity", "2", "Infinity", "2"},
		{NumericMod, "inf mod", "Infinity", "2", "NaN"},
		{NumericMod, "nan mod 0", "NaN", "0", "NaN"},
		{NumericSub, "inf-inf", "Infinity", "Infinity", "NaN"},
		{NumericMul, "inf*0", "Infinity", "0", "NaN"},
		{NumericMul, "-inf", "-Infinity", "2", "-Infinity"},
		{NumericAdd, "nan", "NaN", "1", "NaN"},
		{NumericAdd, "non-canonical input", "1e2", "+0.5", "100.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op(tt.a, tt.b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNumericDivisionByZero(t *testing.T) {
	for _, op := range []func(a, b string) (string, error){NumericDiv, NumericMod} {
		for _, a := range []string{"1", "0", "Infinity", "-2.5"} {
			_, err := op(a, "0.00")
			requireSQLState(t, err, pgerr.DivisionByZero, "division by zero")
		}
	}
}

func TestNumericBadInput(t *testing.T) {
	_, err := NumericAdd("abc", "1")
	requireSQLState(t, err, pgerr.InvalidTextRepresentation, `invalid input syntax for type numeric: "abc"`)
}

func TestNumericRounding(t *testing.T) {
	tests := []struct {
		name string
		fn   func() (string, error)
		want string
	}{
		{"round half up", func() (string, error) { return NumericRound("2.5", 0) }, "3"},
		{"round half away negative", func() (string, error) { return NumericRound("-2.5", 0) }, "-3"},
		{"round scale", func() (string, error) { return NumericRound("1.2345", 2) }, "1.23"},
		{"round extends scale", func() (string, error) { return NumericRound("1.2", 3) }, "1.200"},
		{"round negative scale", func() (string, error) { return NumericRound("1234.5", -2) }, "1200"},
		{"round to ten", func() (string, error) { return NumericRound("5", -1) }, "10"},
		{"round to zero loses sign", func() (string, error) { return NumericRound("-0.4", 0) }, "0"},
		{"round far left", func() (string, error) { return NumericRound("5", -100000) }, "0"},
		{"round far left rounds up", func() (string, error) { return NumericRound("-9.5", -1) }, "-10"},
		{"round zero negative scale", func() (string, error) { return NumericRound("0.00", -3) }, "0"},
		{"round huge scale", func() (string, error) { return NumericRound("1.5", 20) }, "1.50000000000000000000"},
		{"round nan", func() (string, error) { return NumericRound("NaN", 2) }, "NaN"},
		{"trunc", func() (string, error) { return NumericTrunc("-1.27", 1) }, "-1.2"},
		{"trunc negative scale", func() (string, error) { return NumericTrunc("1299.9", -2) }, "1200"},
		{"floor", func() (string, error) { return NumericFloor("-1.5") }, "-2"},
		{"floor positive", func() (string, error) { return NumericFloor("1.20") }, "1"},
		{"ceil", func() (string, error) { return NumericCeil("-1.5") }, "-1"},
		{"ceil to zero", func() (string, error) { return NumericCeil("-0.5") }, "0"},
		{"ceil positive", func() (string, error) { return NumericCeil("1.20") }, "2"},
		{"ceil infinity", func() (string, error) { return NumericCeil("-Infinity") }, "-Infinity"},
		{"abs", func() (string, error) { return NumericAbs("-1.50") }, "1.50"},
		{"abs -inf", func() (string, error) { return NumericAbs("-Infinity") }, "Infinity"},
		{"neg", func() (string, error) { return NumericNeg("1.50") }, "-1.50"},
		{"neg zero", func() (string, error) { return NumericNeg("0.00") }, "0.00"},
		{"neg nan", func() (string, error) { return NumericNeg("NaN") }, "NaN"},
		{"neg inf", func() (string, error) { return NumericNeg("Infinity") }, "-Infinity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.fn()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNumericFloatConversions(t *testing.T) {
	assert.Equal(t, "0.1", NumericFromFloat(0.1, KindFloat8))
	assert.Equal(t, "0.1", NumericFromFloat(float64(float32(0.1)), KindFloat4))
	assert.Equal(t, "0.0000000001", NumericFromFloat(1e-10, KindFloat8))
	assert.Equal(t, "123456789012346000", NumericFromFloat(123456789012345678, KindFloat8))
	assert.Equal(t, "1000000000000000", NumericFromFloat(1e15, KindFloat8))
	assert.Equal(t, "-2.5", NumericFromFloat(-2.5, KindFloat8))
	assert.Equal(t, "0", NumericFromFloat(math.Copysign(0, -1), KindFloat8))
	assert.Equal(t, "NaN", NumericFromFloat(math.NaN(), KindFloat8))
	assert.Equal(t, "Infinity", NumericFromFloat(math.Inf(1), KindFloat8))
	assert.Equal(t, "-Infinity", NumericFromFloat(math.Inf(-1), KindFloat4))
	assert.Equal(t, "-42", NumericFromInt(-42))

	f, err := NumericToFloat("1.25")
	require.NoError(t, err)
	assert.Equal(t, 1.25, f)
	f, err = NumericToFloat("-Infinity")
	require.NoError(t, err)
	assert.True(t, math.IsInf(f, -1))
	f, err = NumericToFloat("NaN")
	require.NoError(t, err)
	assert.True(t, math.IsNaN(f))
	f, err = NumericToFloat("0.000")
	require.NoError(t, err)
	assert.Equal(t, 0.0, f)

	_, err = NumericToFloat("1" + zeros(400))
	requireSQLState(t, err, pgerr.NumericValueOutOfRange, `"1`+zeros(400)+`" is out of range for type double precision`)
	_, err = NumericToFloat("0." + zeros(400) + "1")
	requireSQLState(t, err, pgerr.NumericValueOutOfRange, `"0.`+zeros(400)+`1" is out of range for type double precision`)
}

func TestNumericCompare(t *testing.T) {
	ordered := []string{"-Infinity", "-100", "-1.5", "-1.25", "-0.001", "0", "0.001", "0.0011", "1", "1.000001", "9", "10", "100.5", "Infinity", "NaN"}
	for i, a := range ordered {
		for j, b := range ordered {
			assert.Equal(t, cmpInt(i, j), NumericCompare(a, b), "%s vs %s", a, b)
		}
	}
	assert.Equal(t, 0, NumericCompare("1.0", "1.00"))
	assert.Equal(t, 0, NumericCompare("0.00", "-0"))
	assert.Equal(t, 0, NumericCompare("1e2", "100.0"))
	assert.Equal(t, 0, NumericCompare("NaN", "nan"))
	assert.Equal(t, -1, NumericCompare("-1e2", "-99"))
	assert.Equal(t, 1, NumericSign("NaN"))
	assert.Equal(t, 0, NumericSign("-0.0"))
	assert.Equal(t, -1, NumericSign("-Infinity"))
}

func TestCmpIntNumeric(t *testing.T) {
	tests := []struct {
		n    int64
		s    string
		want int
	}{
		{1, "1.00", 0},
		{1, "1.01", -1},
		{2, "1.99", 1},
		{-2, "-1.99", -1},
		{-1, "-1.0", 0},
		{0, "0.000", 0},
		{0, "-0.1", 1},
		{math.MaxInt64, "9223372036854775807.5", -1},
		{math.MinInt64, "-9223372036854775808", 0},
		{math.MinInt64, "-9223372036854775809", 1},
		{math.MaxInt64, "99999999999999999999999", -1},
		{5, "NaN", -1},
		{5, "Infinity", -1},
		{5, "-Infinity", 1},
		{100, "1e2", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, cmpIntNumeric(tt.n, tt.s), "%d vs %s", tt.n, tt.s)
	}
}
