package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected strings below are what PostgreSQL 15 prints (DateStyle ISO,
// MDY; TimeZone UTC; extra_float_digits 1).
func TestAppendText(t *testing.T) {
	ts := func(y, m, d, hh, mi, ss, us int64) int64 {
		return daysFromCivil(y, m, d)*usPerDay + hh*usPerHour + mi*usPerMinute + ss*usPerSecond + us
	}
	cases := []struct {
		v    Value
		t    Type
		want string
	}{
		{NewBool(true), Bool, "t"},
		{NewBool(false), Bool, "f"},
		{NewInt2(-32768), Int2, "-32768"},
		{NewInt4(42), Int4, "42"},
		{NewInt8(math.MinInt64), Int8, "-9223372036854775808"},
		{Value{K: KindOID, I: 4294967295}, OID, "4294967295"},
		{NewFloat8(1e20), Float8, "1e+20"},
		{NewFloat8(123456789012), Float8, "123456789012"},
		{NewFloat8(1e15), Float8, "1e+15"},
		{NewFloat8(100000000000000), Float8, "100000000000000"},
		{NewFloat8(1e-5), Float8, "1e-05"},
		{NewFloat8(0.0001), Float8, "0.0001"},
		{NewFloat8(0.1), Float8, "0.1"},
		{NewFloat8(math.Copysign(0, -1)), Float8, "-0"},
		{NewFloat8(5e-324), Float8, "5e-324"},
		{NewFloat8(math.NaN()), Float8, "NaN"},
		{NewFloat8(math.Inf(1)), Float8, "Infinity"},
		{NewFloat8(math.Inf(-1)), Float8, "-Infinity"},
		// Go's shortest form sits on a rounding bound here; PostgreSQL's does not.
		{NewFloat8(748998466867e6), Float8, "7.489984668670001e+17"},
		{NewFloat4(0.1), Float4, "0.1"},
		{NewFloat4(123456789), Float4, "1.2345679e+08"},
		{NewFloat4(999999), Float4, "999999"},
		{NewFloat4(1e6), Float4, "1e+06"},
		{NewFloat4(1.5e-7), Float4, "1.5e-07"},
		{NewFloat4(73325024), Float4, "7.3325024e+07"},
		{Value{K: KindNumeric, S: "12.50"}, Numeric, "12.50"},
		{NewBytea([]byte{1, 2, 0xff}), Bytea, `\x0102ff`},
		{NewBytea(nil), Bytea, `\x`},
		{NewDate(daysFromCivil(2024, 1, 31)), Date, "2024-01-31"},
		{NewDate(daysFromCivil(-43, 3, 15)), Date, "0044-03-15 BC"},
		{NewDate(daysFromCivil(5874897, 12, 31)), Date, "5874897-12-31"},
		{NewDate(PosInfinity), Date, "infinity"},
		{NewDate(NegInfinity), Date, "-infinity"},
		{NewTime(13*usPerHour + 45*usPerMinute), Time, "13:45:00"},
		{NewTime(13*usPerHour + 45*usPerMinute + 123000), Time, "13:45:00.123"},
		{NewTime(usPerDay), Time, "24:00:00"},
		{NewTimestamp(ts(2024, 1, 31, 13, 45, 0, 500000)), Timestamp, "2024-01-31 13:45:00.5"},
		{NewTimestamp(ts(1969, 12, 31, 23, 59, 59, 999999)), Timestamp, "1969-12-31 23:59:59.999999"},
		{NewTimestamp(ts(10000, 1, 1, 0, 0, 0, 0)), Timestamp, "10000-01-01 00:00:00"},
		{NewTimestamp(NegInfinity), Timestamp, "-infinity"},
		{NewTimestamptz(ts(2024, 1, 31, 13, 45, 0, 500000)), Timestamptz, "2024-01-31 13:45:00.5+00"},
		{NewTimestamptz(ts(0, 1, 1, 12, 0, 0, 0)), Timestamptz, "0001-01-01 12:00:00+00 BC"},
		{NewTimestamptz(PosInfinity), Timestamptz, "infinity"},
		{Value{K: KindUUID, S: "\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11"}, UUID,
			"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{Value{K: KindJSON, S: `{"b":1, "a":2}`}, JSON, `{"b":1, "a":2}`},
		{Value{K: KindJSONB, S: `{"a": 2, "b": 1}`}, JSONB, `{"a": 2, "b": 1}`},
		{Value{K: KindBpchar, S: "ab  "}, Type{Kind: KindBpchar, Mod: 8}, "ab  "},
		{Value{K: KindUnknown, S: "lit"}, Unknown, "lit"},
		{NewText("héllo"), Text, "héllo"},
	}
	for _, c := range cases {
		got := string(AppendText([]byte("prefix:"), c.v, c.t))
		assert.Equal(t, "prefix:"+c.want, got, "%v as %s", c.v, c.t.Name())
	}
}

// TestAppendTextFloatBounds checks values whose shortest Go form lies on a
// rounding bound, where PostgreSQL's open-interval Ryu picks a longer one.
func TestAppendTextFloatBounds(t *testing.T) {
	cases := []struct {
		f    float64
		bits int
		want string
	}{
		{517211778404e7, 64, "5.172117784039999e+18"},
		{201794600597e7, 64, "2.0179460059699999e+18"},
		{912049183420e7, 64, "9.120491834200001e+18"},
		{134086900, 32, "1.34086896e+08"},
		{43466431, 32, "4.3466432e+07"},
		{9007199254740993, 64, "9.007199254740992e+15"}, // exact, not on a bound
	}
	for _, c := range cases {
		f := c.f
		if c.bits == 32 {
			f = float64(float32(f))
		}
		assert.Equal(t, c.want, string(appendFloat(nil, f, c.bits)), "%v", c.f)
	}
}

func TestAppendTextDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 256)
	values := []struct {
		v Value
		t Type
	}{
		{NewBool(true), Bool},
		{NewInt8(-1234567), Int8},
		{NewFloat8(3.25), Float8},
		{NewFloat8(1e300), Float8},
		{NewFloat8(748998466867e6), Float8},
		{NewFloat4(0.1), Float4},
		{NewDate(19000), Date},
		{NewTime(12345678901), Time},
		{NewTimestamptz(1700000000123456), Timestamptz},
		{Value{K: KindUUID, S: "0123456789abcdef"}, UUID},
		{NewBytea([]byte("abc")), Bytea},
		{NewText("abc"), Text},
	}
	for _, c := range values {
		allocs := testing.AllocsPerRun(100, func() {
			buf = AppendText(buf[:0], c.v, c.t)
		})
		require.Zero(t, allocs, "%s", c.t.Name())
	}
}

func TestCalendarRoundTrip(t *testing.T) {
	for days := minDateDays; days <= maxDateDays; days += 9973 {
		y, m, d := civilFromDays(days)
		require.GreaterOrEqual(t, d, int64(1))
		require.LessOrEqual(t, d, daysInMonth(y, m))
		require.Equal(t, days, daysFromCivil(y, m, d))
	}
	assert.Equal(t, int64(0), daysFromCivil(1970, 1, 1))
	assert.Equal(t, int64(unixToPGEpochDays), daysFromCivil(2000, 1, 1))
	assert.Equal(t, int64(-2440588), minDateDays) // Julian day 0
	y, m, d := civilFromDays(daysFromCivil(2024, 2, 29))
	assert.Equal(t, [3]int64{2024, 2, 29}, [3]int64{y, m, d})
}
