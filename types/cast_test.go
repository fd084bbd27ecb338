package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

func varcharN(n int32) Type { return Type{Kind: KindVarchar, Mod: n + 4} }
func bpcharN(n int32) Type  { return Type{Kind: KindBpchar, Mod: n + 4} }
func numericPS(p, s int32) Type {
	return Type{Kind: KindNumeric, Mod: (p<<16 | s) + 4}
}

// Expected results below were taken from PostgreSQL 15.
func TestCast(t *testing.T) {
	uuidText := "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
	uuidRaw := "\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11"
	tests := []struct {
		name     string
		v        Value
		to       Type
		explicit bool
		want     Value
	}{
		{"null", NullValue, Int4, false, NullValue},
		{"same kind", NewInt4(5), Int4, false, NewInt4(5)},
		{"int4 to int8", NewInt4(-5), Int8, false, NewInt8(-5)},
		{"int8 to int2", NewInt8(-32768), Int2, false, NewInt2(-32768)},
		{"float to int half even", NewFloat8(2.5), Int4, false, NewInt4(2)},
		{"float to int half even up", NewFloat8(3.5), Int4, false, NewInt4(4)},
		{"float to int negative half", NewFloat8(-2.5), Int4, false, NewInt4(-2)},
		{"float4 to int2", NewFloat4(0.5), Int2, false, NewInt2(0)},
		{"float to int just in range", NewFloat8(2147483647.4), Int4, false, NewInt4(math.MaxInt32)},
		{"numeric to int half away", num("2.5"), Int4, false, NewInt4(3)},
		{"numeric to int negative half away", num("-2.5"), Int4, false, NewInt4(-3)},
		{"numeric to int8", num("9223372036854775807.4"), Int8, false, NewInt8(math.MaxInt64)},
		{"int to float4", NewInt8(1e16), Float4, false, NewFloat4(1e16)},
		{"int to float8", NewInt4(7), Float8, false, NewFloat8(7)},
		{"float8 to float4", NewFloat8(0.1), Float4, false, NewFloat4(0.1)},
		{"float4 to float8", NewFloat4(0.1), Float8, false, NewFloat8(float64(float32(0.1)))},
		{"numeric to float", num("1.25"), Float8, false, NewFloat8(1.25)},
		{"numeric nan to float", num("NaN"), Float8, false, NewFloat8(math.NaN())},
		{"int to numeric", NewInt4(-7), Numeric, false, num("-7")},
		{"float to numeric", NewFloat8(0.1), Numeric, false, num("0.1")},
		{"float inf to numeric", NewFloat8(math.Inf(1)), Numeric, false, num("Infinity")},
		{"numeric typmod rounds", num("12.345"), numericPS(4, 2), false, num("12.35")},
		{"numeric typmod pads scale", NewInt4(1), numericPS(5, 2), false, num("1.00")},
		{"numeric typmod small", num("0.994"), numericPS(2, 2), false, num("0.99")},
		{"numeric typmod nan", num("NaN"), numericPS(5, 2), false, num("NaN")},
		{"float to numeric typmod", NewFloat8(1.5), numericPS(2, 1), false, num("1.5")},
		{"numeric typmod half away negative", num("-0.125"), numericPS(3, 2), false, num("-0.13")},
		{"bool to int4", NewBool(true), Int4, true, NewInt4(1)},
		{"int4 to bool", NewInt4(2), Bool, true, NewBool(true)},
		{"int4 zero to bool", NewInt4(0), Bool, true, NewBool(false)},
		{"int4 to oid wraps", NewInt4(-1), OID, false, Value{K: KindOID, I: math.MaxUint32}},
		{"oid to int4 wraps", Value{K: KindOID, I: math.MaxUint32}, Int4, false, NewInt4(-1)},
		{"oid to int8", Value{K: KindOID, I: math.MaxUint32}, Int8, false, NewInt8(math.MaxUint32)},

		{"bool to text", NewBool(true), Text, false, NewText("true")},
		{"bool to varchar", NewBool(false), Varchar, false, Value{K: KindVarchar, S: "false"}},
		{"bool to char(2)", NewBool(true), bpcharN(2), true, bpchar("tr")},
		{"int to text", NewInt4(-42), Text, false, NewText("-42")},
		{"int to varchar(2) explicit", NewInt8(123), varcharN(2), true, Value{K: KindVarchar, S: "12"}},
		{"float to text", NewFloat8(1.5), Text, false, NewText("1.5")},
		{"numeric to text", num("1.00"), Text, false, NewText("1.00")},
		{"date to text", NewDate(18262), Text, false, NewText("2020-01-01")},
		{"uuid to text", Value{K: KindUUID, S: uuidRaw}, Text, false, NewText(uuidText)},
		{"bytea to text", NewBytea([]byte{1, 2}), Text, false, NewText(`\x0102`)},
		{"bpchar to text trims", bpchar("abc  "), Text, false, NewText("abc")},
		{"bpchar to varchar trims", bpchar("abc  "), Varchar, false, Value{K: KindVarchar, S: "abc"}},
		{"text to bpchar keeps spaces", NewText("ab "), Bpchar, false, bpchar("ab ")},
		{"varchar explicit truncates", NewText("abcdef"), varcharN(3), true, Value{K: KindVarchar, S: "abc"}},
		{"varchar assignment trims spaces", NewText("ab   "), varcharN(3), false, Value{K: KindVarchar, S: "ab "}},
		{"varchar counts characters", NewText("éé"), varcharN(2), false, Value{K: KindVarchar, S: "éé"}},
		{"varchar explicit truncates characters", NewText("ééé"), varcharN(1), true, Value{K: KindVarchar, S: "é"}},
		{"varchar typmod same kind", Value{K: KindVarchar, S: "abcd"}, varcharN(2), true, Value{K: KindVarchar, S: "ab"}},
		{"char pads", NewText("abc"), bpcharN(5), false, bpchar("abc  ")},
		{"char pads characters", NewText("é"), bpcharN(2), false, bpchar("é ")},
		{"char explicit truncates", NewText("abcdef"), bpcharN(3), true, bpchar("abc")},
		{"char assignment trims spaces", NewText("a  "), bpcharN(1), false, bpchar("a")},
		{"char to longer char", bpchar("x  "), bpcharN(5), false, bpchar("x    ")},
		{"unknown to char", Value{K: KindUnknown, S: "ab"}, bpcharN(3), false, bpchar("ab ")},

		{"text to int explicit", NewText(" 12 "), Int4, true, NewInt4(12)},
		{"unknown to int assignment", Value{K: KindUnknown, S: "12"}, Int4, false, NewInt4(12)},
		{"text to numeric typmod", Value{K: KindVarchar, S: " 1.50 "}, numericPS(5, 1), true, num("1.5")},
		{"text to bool", NewText("yes"), Bool, true, NewBool(true)},
		{"text to date", NewText("2020-01-01"), Date, true, NewDate(18262)},
		{"text to uuid", NewText(uuidText), UUID, true, Value{K: KindUUID, S: uuidRaw}},
		{"text to bytea", NewText("abc"), Bytea, true, NewBytea([]byte("abc"))},
		{"text to json", NewText(`{"b":1, "a":2}`), JSON, true, Value{K: KindJSON, S: `{"b":1, "a":2}`}},
		{"unknown to jsonb", Value{K: KindUnknown, S: `{"b":1, "a":2}`}, JSONB, false, Value{K: KindJSONB, S: `{"a": 2, "b": 1}`}},
		{"json to jsonb", Value{K: KindJSON, S: `{"b":1, "a":2}`}, JSONB, false, Value{K: KindJSONB, S: `{"a": 2, "b": 1}`}},
		{"jsonb to json", Value{K: KindJSONB, S: `[1, 2]`}, JSON, false, Value{K: KindJSON, S: `[1, 2]`}},
		{"jsonb to int", Value{K: KindJSONB, S: `1.5`}, Int4, true, NewInt4(2)},
		{"jsonb to int8", Value{K: KindJSONB, S: `12345678901`}, Int8, true, NewInt8(12345678901)},
		{"jsonb to float4", Value{K: KindJSONB, S: `1.5`}, Float4, true, NewFloat4(1.5)},
		{"jsonb to numeric", Value{K: KindJSONB, S: `1.5e2`}, Numeric, true, num("150")},
		{"jsonb to bool", Value{K: KindJSONB, S: `true`}, Bool, true, NewBool(true)},

		{"date to timestamp", NewDate(1), Timestamp, false, NewTimestamp(microsPerDay)},
		{"date to timestamptz", NewDate(-1), Timestamptz, false, NewTimestamptz(-microsPerDay)},
		{"date infinity to timestamp", NewDate(PosInfinity), Timestamp, false, NewTimestamp(PosInfinity)},
		{"date -infinity to timestamp", NewDate(NegInfinity), Timestamp, false, NewTimestamp(NegInfinity)},
		{"timestamp to date", NewTimestamp(microsPerDay + 1), Date, false, NewDate(1)},
		{"timestamp before epoch to date", NewTimestamp(-1), Date, false, NewDate(-1)},
		{"timestamp infinity to date", NewTimestamp(NegInfinity), Date, false, NewDate(NegInfinity)},
		{"timestamp to time", NewTimestamp(microsPerDay + 5), Time, false, NewTime(5)},
		{"timestamp before epoch to time", NewTimestamp(-1), Time, false, NewTime(microsPerDay - 1)},
		{"timestamp infinity to time is null", NewTimestamp(PosInfinity), Time, false, NullValue},
		{"timestamptz to timestamp", NewTimestamptz(99), Timestamp, false, NewTimestamp(99)},
		{"timestamp to timestamptz", NewTimestamp(99), Timestamptz, false, NewTimestamptz(99)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Cast(tt.v, tt.to, tt.explicit)
			require.NoError(t, err)
			sameValue(t, tt.want, got)
		})
	}
}

func TestCastErrors(t *testing.T) {
	tests := []struct {
		name       string
		v          Value
		to         Type
		explicit   bool
		code, msg  string
		wantDetail string
	}{
		{"int2 overflow", NewInt4(70000), Int2, true, pgerr.NumericValueOutOfRange, "smallint out of range", ""},
		{"int4 overflow", NewInt8(1 << 40), Int4, false, pgerr.NumericValueOutOfRange, "integer out of range", ""},
		{"float to int4 overflow", NewFloat8(2147483647.5), Int4, false, pgerr.NumericValueOutOfRange, "integer out of range", ""},
		{"float to int8 overflow", NewFloat8(9223372036854775807), Int8, false, pgerr.NumericValueOutOfRange, "bigint out of range", ""},
		{"float nan to int", NewFloat8(math.NaN()), Int4, false, pgerr.NumericValueOutOfRange, "integer out of range", ""},
		{"numeric to int8 overflow", num("1e20"), Int8, false, pgerr.NumericValueOutOfRange, "bigint out of range", ""},
		{"numeric huge to int", num("1" + zeros(50)), Int4, false, pgerr.NumericValueOutOfRange, "integer out of range", ""},
		{"numeric nan to int2", num("NaN"), Int2, false, pgerr.FeatureNotSupported, "cannot convert NaN to smallint", ""},
		{"numeric inf to int8", num("-Infinity"), Int8, false, pgerr.FeatureNotSupported, "cannot convert infinity to bigint", ""},
		{"int8 to oid negative", NewInt8(-1), OID, false, pgerr.NumericValueOutOfRange, "OID out of range", ""},
		{"float4 overflow", NewFloat8(1e300), Float4, false, pgerr.NumericValueOutOfRange, "value out of range: overflow", ""},
		{"float4 underflow", NewFloat8(1e-300), Float4, false, pgerr.NumericValueOutOfRange, "value out of range: underflow", ""},
		{"numeric to float4 overflow", num("1" + zeros(50)), Float4, false, pgerr.NumericValueOutOfRange, `"1` + zeros(50) + `" is out of range for type real`, ""},
		{"numeric field overflow", num("9.995"), numericPS(3, 2), false, pgerr.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 3, scale 2 must round to an absolute value less than 10^1."},
		{"numeric field overflow scale only", num("0.999"), numericPS(2, 2), false, pgerr.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 2, scale 2 must round to an absolute value less than 1."},
		{"numeric from float overflow", NewFloat8(1e300), numericPS(5, 2), false, pgerr.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
		{"numeric infinity typmod", num("Infinity"), numericPS(3, 1), true, pgerr.NumericValueOutOfRange, "numeric field overflow",
			"A field with precision 3, scale 1 cannot hold an infinite value."},
		{"varchar too long", NewText("abcd"), varcharN(3), false, pgerr.StringDataRightTruncation, "value too long for type character varying(3)", ""},
		{"varchar too long characters", NewText("ééé"), varcharN(2), false, pgerr.StringDataRightTruncation, "value too long for type character varying(2)", ""},
		{"char too long", NewInt4(12), bpcharN(1), false, pgerr.StringDataRightTruncation, "value too long for type character(1)", ""},
		{"date out of range for timestamp", NewDate(dateMaxForTimestamp), Timestamp, false, pgerr.DatetimeFieldOverflow, "date out of range for timestamp", ""},
		{"text to int syntax", NewText("a"), Int4, true, pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "a"`, ""},
		{"bpchar to int keeps padding", bpchar("abc  "), Int4, true, pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "abc  "`, ""},
		{"int to date", NewInt4(1), Date, true, pgerr.CannotCoerce, "cannot cast type integer to date", ""},
		{"bool to int8", NewBool(true), Int8, true, pgerr.CannotCoerce, "cannot cast type boolean to bigint", ""},
		{"int8 to bool", NewInt8(1), Bool, true, pgerr.CannotCoerce, "cannot cast type bigint to boolean", ""},
		{"numeric to bool", num("1.5"), Bool, true, pgerr.CannotCoerce, "cannot cast type numeric to boolean", ""},
		{"json to int", Value{K: KindJSON, S: "1"}, Int4, true, pgerr.CannotCoerce, "cannot cast type json to integer", ""},
		{"uuid to bytea", Value{K: KindUUID, S: zeros(16)}, Bytea, true, pgerr.CannotCoerce, "cannot cast type uuid to bytea", ""},
		{"time to date", NewTime(1), Date, true, pgerr.CannotCoerce, "cannot cast type time without time zone to date", ""},
		{"bool to int4 needs explicit", NewBool(true), Int4, false, pgerr.CannotCoerce, "cannot cast type boolean to integer", ""},
		{"text to int needs explicit", NewText("1"), Int4, false, pgerr.CannotCoerce, "cannot cast type text to integer", ""},
		{"jsonb string to int", Value{K: KindJSONB, S: `"a"`}, Int4, true, pgerr.InvalidParameterValue, "cannot cast jsonb string to type integer", ""},
		{"jsonb null to int", Value{K: KindJSONB, S: `null`}, Int4, true, pgerr.InvalidParameterValue, "cannot cast jsonb null to type integer", ""},
		{"jsonb array to numeric", Value{K: KindJSONB, S: `[1]`}, Numeric, true, pgerr.InvalidParameterValue, "cannot cast jsonb array to type numeric", ""},
		{"jsonb object to bool", Value{K: KindJSONB, S: `{}`}, Bool, true, pgerr.InvalidParameterValue, "cannot cast jsonb object to type boolean", ""},
		{"jsonb number to bool", Value{K: KindJSONB, S: `1`}, Bool, true, pgerr.InvalidParameterValue, "cannot cast jsonb numeric to type boolean", ""},
		{"jsonb big to float8", Value{K: KindJSONB, S: "1e400"}, Float8, true, pgerr.NumericValueOutOfRange, `"1` + zeros(400) + `" is out of range for type double precision`, ""},
		{"text to json invalid", NewText("{"), JSON, true, pgerr.InvalidTextRepresentation, "invalid input syntax for type json", "The input string ended unexpectedly."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Cast(tt.v, tt.to, tt.explicit)
			e := requireSQLState(t, err, tt.code, tt.msg)
			assert.Equal(t, tt.wantDetail, e.Detail)
		})
	}
}

func TestCastContext(t *testing.T) {
	assert.True(t, CanAssign(KindInt8, KindInt2))
	assert.True(t, CanAssign(KindFloat8, KindNumeric))
	assert.True(t, CanAssign(KindInt4, KindText))
	assert.True(t, CanAssign(KindTimestamptz, KindDate))
	assert.True(t, CanAssign(KindJSON, KindJSONB))
	assert.True(t, CanAssign(KindUnknown, KindUUID))
	assert.True(t, CanAssign(KindNull, KindBool))
	assert.False(t, CanAssign(KindText, KindInt4))
	assert.False(t, CanAssign(KindBool, KindInt4))
	assert.False(t, CanAssign(KindInt4, KindDate))
	assert.False(t, CanAssign(KindUUID, KindBytea))

	assert.True(t, CanImplicit(KindInt4, KindNumeric))
	assert.True(t, CanImplicit(KindNumeric, KindFloat8))
	assert.True(t, CanImplicit(KindDate, KindTimestamptz))
	assert.True(t, CanImplicit(KindVarchar, KindText))
	assert.False(t, CanImplicit(KindFloat8, KindNumeric))
	assert.False(t, CanImplicit(KindInt8, KindInt4))
	assert.False(t, CanImplicit(KindTimestamptz, KindTimestamp))
	assert.False(t, CanImplicit(KindInt4, KindText))
	assert.Equal(t, CastExplicit, CastContextOf(KindJSONB, KindInt4))
	assert.Equal(t, CastNone, CastContextOf(KindJSON, KindInt4))
}

func TestCommonType(t *testing.T) {
	tests := []struct {
		a, b Type
		want Type
		ok   bool
	}{
		{Int4, Int8, Int8, true},
		{Int2, Numeric, Numeric, true},
		{numericPS(5, 2), Int4, Numeric, true},
		{numericPS(5, 2), numericPS(5, 2), numericPS(5, 2), true},
		{numericPS(5, 2), numericPS(6, 2), Numeric, true},
		{Float4, Numeric, Float4, true},
		{Int8, Float8, Float8, true},
		{OID, Int4, Int8, true},
		{OID, OID, OID, true},
		{Unknown, Int4, Int4, true},
		{Null, Date, Date, true},
		{Unknown, Unknown, Text, true},
		{Null, Unknown, Text, true},
		{varcharN(3), varcharN(5), Varchar, true},
		{varcharN(3), Text, Text, true},
		{bpcharN(2), varcharN(2), Text, true},
		{Date, Timestamp, Timestamp, true},
		{Timestamptz, Date, Timestamptz, true},
		{Int4, Text, Type{}, false},
		{JSON, JSONB, Type{}, false},
		{Bool, Int4, Type{}, false},
		{Time, Timestamp, Type{}, false},
	}
	for _, tt := range tests {
		got, ok := CommonType(tt.a, tt.b)
		assert.Equal(t, tt.ok, ok, "%s, %s", tt.a.Name(), tt.b.Name())
		assert.Equal(t, tt.want, got, "%s, %s", tt.a.Name(), tt.b.Name())
		got, ok = CommonType(tt.b, tt.a)
		assert.Equal(t, tt.want, got, "%s, %s (swapped)", tt.b.Name(), tt.a.Name())
		assert.Equal(t, tt.ok, ok)
	}
}
