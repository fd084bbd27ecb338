package types

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func num(s string) Value    { return Value{K: KindNumeric, S: s} }
func bpchar(s string) Value { return Value{K: KindBpchar, S: s} }

func TestCompare(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		a, b Value
		want int
	}{
		{"int4 vs int8", NewInt4(1), NewInt8(1), 0},
		{"int2 vs int8", NewInt2(-5), NewInt8(3), -1},
		{"oid vs int4", Value{K: KindOID, I: 7}, NewInt4(6), 1},
		{"int vs float", NewInt4(2), NewFloat8(2.5), -1},
		{"int vs float equal", NewInt8(3), NewFloat4(3), 0},
		{"int vs numeric exact", NewInt8(math.MaxInt64), num("9223372036854775807.000001"), -1},
		{"numeric vs int", num("2.5"), NewInt2(2), 1},
		{"numeric scales", num("1.0"), num("1.00"), 0},
		{"numeric vs float", num("0.5"), NewFloat8(0.25), 1},
		{"float4 vs float8", NewFloat4(0.1), NewFloat8(0.1), 1},
		{"float nan equal", NewFloat8(nan), NewFloat4(float32(nan)), 0},
		{"float nan greatest", NewFloat8(nan), NewFloat8(math.Inf(1)), 1},
		{"float nan vs int", NewInt8(math.MaxInt64), NewFloat8(nan), -1},
		{"float neg zero", NewFloat8(math.Copysign(0, -1)), NewFloat8(0), 0},
		{"numeric nan greatest", num("NaN"), num("Infinity"), 1},
		{"numeric nan vs float nan", num("NaN"), NewFloat8(nan), 0},
		{"numeric beyond float8 vs float", num("1" + zeros(400)), NewFloat8(math.MaxFloat64), 1},
		{"tiny numeric vs float", num("0." + zeros(400) + "1"), NewFloat8(-1e-300), 1},
		{"numeric nan vs int", NewInt4(1), num("NaN"), -1},
		{"text bytewise", NewText("B"), NewText("a"), -1},
		{"text prefix", NewText("ab"), NewText("abc"), -1},
		{"text vs varchar", NewText("x"), Value{K: KindVarchar, S: "x"}, 0},
		{"bpchar trailing spaces", bpchar("ab  "), bpchar("ab"), 0},
		{"bpchar vs text", bpchar("ab  "), NewText("ab"), 0},
		{"text trailing space counts", NewText("ab "), NewText("ab"), 1},
		{"unknown vs text", Value{K: KindUnknown, S: "a"}, NewText("b"), -1},
		{"bool", NewBool(false), NewBool(true), -1},
		{"date vs timestamp midnight", NewDate(1), NewTimestamp(microsPerDay), 0},
		{"date vs timestamp later", NewDate(1), NewTimestamp(microsPerDay + 1), -1},
		{"timestamp vs timestamptz", NewTimestamp(5), NewTimestamptz(4), 1},
		{"date infinity vs timestamp infinity", NewDate(PosInfinity), NewTimestamp(PosInfinity), 0},
		{"huge date vs timestamp infinity", NewDate(dateMaxForTimestamp + 5), NewTimestamp(PosInfinity), -1},
		{"huge date vs finite timestamp", NewDate(dateMaxForTimestamp + 5), NewTimestamp(math.MaxInt64 - 10), 1},
		{"-infinity date", NewDate(NegInfinity), NewTimestamptz(math.MinInt64 + 1), -1},
		{"time", NewTime(10), NewTime(20), -1},
		{"bytea", NewBytea([]byte{0xff}), NewBytea([]byte{0x00, 0x01}), 1},
		{"uuid", Value{K: KindUUID, S: "\x00" + zeros(15)}, Value{K: KindUUID, S: "\x01" + zeros(15)}, -1},
		{"json by text", Value{K: KindJSON, S: `{"a":1}`}, Value{K: KindJSONB, S: `{"a": 1}`}, 1},
		{"null equal", NullValue, NullValue, 0},
		{"null last", NullValue, NewInt4(math.MaxInt32), 1},
		{"null after nan", NewFloat8(nan), NullValue, -1},
		{"null after text", NewText("zzz"), NullValue, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Compare(tt.a, tt.b))
			assert.Equal(t, -tt.want, Compare(tt.b, tt.a), "antisymmetry")
			assert.Equal(t, tt.want == 0, Equal(tt.a, tt.b))
		})
	}
}

func TestCompareAcrossClassesIsTotal(t *testing.T) {
	vals := []Value{NewInt4(1), NewText("a"), NewBool(true), NewDate(0), NewTime(0), NewBytea(nil), {K: KindUUID, S: zeros(16)}, {K: KindJSON, S: "1"}, NullValue}
	for i, a := range vals {
		for j, b := range vals {
			assert.Equal(t, cmpInt(i, j), Compare(a, b), "%v vs %v", a, b)
		}
	}
}

func TestAppendGroupKey(t *testing.T) {
	nan := math.NaN()
	equal := [][2]Value{
		{NewInt4(1), NewInt8(1)},
		{NewInt2(-3), {K: KindOID, I: -3}},
		{num("1.0"), num("1.00")},
		{num("1"), num("1.000")},
		{num("-0.0"), num("0")},
		{num("NaN"), num("nan")},
		{NewFloat8(nan), NewFloat4(float32(nan))},
		{NewFloat8(math.Copysign(0, -1)), NewFloat8(0)},
		{bpchar("ab  "), NewText("ab")},
		{Value{K: KindVarchar, S: "x"}, NewText("x")},
		{NewTimestamp(9), NewTimestamptz(9)},
		{Value{K: KindJSON, S: "[]"}, Value{K: KindJSONB, S: "[]"}},
		{NullValue, NullValue},
	}
	for _, p := range equal {
		assert.Equal(t, AppendGroupKey(nil, p[0]), AppendGroupKey(nil, p[1]), "%v ~ %v", p[0], p[1])
	}
	distinct := [][2]Value{
		{NewInt4(1), NewInt4(2)},
		{num("1.01"), num("1.1")},
		{num("10"), num("1")},
		{num("-1"), num("1")},
		{NewFloat8(1), NewFloat8(nan)},
		{NewText("ab "), NewText("ab")},
		{NewText(""), NullValue},
		{NewBool(false), NullValue},
		{NewInt8(0), NullValue},
		{NewBytea([]byte("a")), NewText("a")},
		{NewDate(1), NewTime(1)},
	}
	for _, p := range distinct {
		assert.NotEqual(t, AppendGroupKey(nil, p[0]), AppendGroupKey(nil, p[1]), "%v vs %v", p[0], p[1])
	}
	// Composite keys stay unambiguous: ("a","bc") differs from ("ab","c").
	k1 := AppendGroupKey(AppendGroupKey(nil, NewText("a")), NewText("bc"))
	k2 := AppendGroupKey(AppendGroupKey(nil, NewText("ab")), NewText("c"))
	assert.False(t, bytes.Equal(k1, k2))
}

func TestCompareDoesNotAllocate(t *testing.T) {
	vals := [][2]Value{
		{NewInt4(1), NewInt8(2)},
		{NewText("abc"), bpchar("abc  ")},
		{NewTimestamp(1), NewDate(2)},
		{NewFloat8(1), NewInt4(1)},
		{num("123.456"), num("123.4560")},
		{NewInt8(123), num("123.5")},
	}
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		for _, p := range vals {
			_ = Compare(p[0], p[1])
			buf = AppendGroupKey(buf[:0], p[0])
		}
	})
	assert.Zero(t, allocs)
}
