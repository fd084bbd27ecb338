package types

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected strings in this file are what PostgreSQL 15 prints with the
// same TimeZone / extra_float_digits.

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, _, ok := ParseTimeZone(name)
	require.True(t, ok, name)
	return loc
}

func tstz(t *testing.T, s string) int64 {
	t.Helper()
	v, err := ParseText(s, Timestamptz)
	require.NoError(t, err)
	return v.I
}

func TestParseTimeZone(t *testing.T) {
	cases := []struct {
		in, display string
		offset      int // seconds east of UTC on 2024-07-01
	}{
		{"Asia/Tokyo", "Asia/Tokyo", 9 * 3600},
		{"asia/tokyo", "Asia/Tokyo", 9 * 3600},
		{"etc/utc", "Etc/UTC", 0},
		{"UTC", "UTC", 0},
		{"America/St_Johns", "America/St_Johns", -(2*3600 + 1800)},
		{"5", "<+05>-05", 5 * 3600},
		{"-3", "<-03>+03", -3 * 3600},
		{"5.5", "<+05:30>-05:30", 5*3600 + 1800},
		{"UTC+5", "UTC+5", -5 * 3600}, // POSIX: positive is west
		{"utc+5", "UTC+5", -5 * 3600},
		{"+05:30", "+05:30", -(5*3600 + 1800)},
		{"<+02>-02", "<+02>-02", 2 * 3600},
		{"ab+1", "AB+1", -3600},
	}
	at := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range cases {
		loc, display, ok := ParseTimeZone(tc.in)
		require.True(t, ok, tc.in)
		assert.Equal(t, tc.display, display, tc.in)
		_, off := at.In(loc).Zone()
		assert.Equal(t, tc.offset, off, tc.in)
		// What SHOW prints is accepted again with the same meaning.
		again, display2, ok := ParseTimeZone(display)
		require.True(t, ok, display)
		assert.Equal(t, display, display2)
		_, off2 := at.In(again).Zone()
		assert.Equal(t, off, off2, display)
	}
	for _, bad := range []string{"", "nope", "Z", "local", "200", "../etc/passwd", "UTC+5,M3", "EST5EDT,M3.2.0,M11.1.0"} {
		_, _, ok := ParseTimeZone(bad)
		assert.False(t, ok, bad)
	}
}

func TestAppendTextFormatTimestamptz(t *testing.T) {
	cases := []struct {
		zone, in, want string
	}{
		{"Asia/Tokyo", "2024-07-01 12:00:00+00", "2024-07-01 21:00:00+09"},
		{"Asia/Kolkata", "2024-07-01 12:00:00.5+00", "2024-07-01 17:30:00.5+05:30"},
		{"America/St_Johns", "2024-07-01 12:00:00+00", "2024-07-01 09:30:00-02:30"},
		{"America/St_Johns", "2024-01-01 15:30:00+00", "2024-01-01 12:00:00-03:30"},
		{"Europe/Amsterdam", "1900-01-01 00:00+00", "1900-01-01 00:19:32+00:19:32"},
		{"Asia/Kolkata", "0044-03-15 10:00+00 BC", "0044-03-15 15:53:28+05:53:28 BC"},
		{"UTC+5", "2024-07-01 12:00:00+00", "2024-07-01 07:00:00-05"},
		{"Asia/Tokyo", "infinity", "infinity"},
		{"UTC", "2024-07-01 12:00:00+00", "2024-07-01 12:00:00+00"},
	}
	for _, tc := range cases {
		f := TextFormat{Location: zone(t, tc.zone), ExtraFloatDigits: 1}
		got := AppendTextFormat(nil, NewTimestamptz(tstz(t, tc.in)), Timestamptz, &f)
		assert.Equal(t, tc.want, string(got), "%s in %s", tc.in, tc.zone)
	}
	// Arrays print their elements in the zone too.
	f := TextFormat{Location: zone(t, "Asia/Tokyo"), ExtraFloatDigits: 1}
	arr := NewArray(Timestamptz, []Value{NewTimestamptz(tstz(t, "2024-07-01 00:00+00"))})
	assert.Equal(t, `{"2024-07-01 09:00:00+09"}`, string(AppendTextFormat(nil, arr, ArrayOf(Timestamptz), &f)))
	// nil and the default format are UTC.
	assert.Equal(t, "2024-07-01 00:00:00+00", string(AppendTextFormat(nil, NewTimestamptz(tstz(t, "2024-07-01 00:00+00")), Timestamptz, nil)))
}

func TestAppendTextFormatFloats(t *testing.T) {
	cases := []struct {
		efd  int
		v    Value
		t    Type
		want string
	}{
		{1, NewFloat8(1.0 / 3), Float8, "0.3333333333333333"},
		{0, NewFloat8(1.0 / 3), Float8, "0.333333333333333"},
		{3, NewFloat8(0.1), Float8, "0.1"},
		{0, NewFloat8(1.1 / 3), Float8, "0.366666666666667"},
		{0, NewFloat4(float32(1.1) / 3), Float4, "0.366667"},
		{0, NewFloat8(123456789012345678), Float8, "1.23456789012346e+17"},
		{0, NewFloat8(1e15), Float8, "1e+15"},
		{0, NewFloat8(1e-5), Float8, "1e-05"},
		{0, NewFloat8(0.000123456789012345678), Float8, "0.000123456789012346"},
		{0, NewFloat4(123456.7), Float4, "123457"},
		{0, NewFloat4(1234567), Float4, "1.23457e+06"},
		{-15, NewFloat8(1.1 / 3), Float8, "0.4"},
		{-15, NewFloat4(float32(1.1) / 3), Float4, "0.4"},
		{0, NewFloat8(-0.0 * 1), Float8, "0"},
		{0, NewFloat8(nan()), Float8, "NaN"},
	}
	for _, tc := range cases {
		f := TextFormat{ExtraFloatDigits: tc.efd}
		assert.Equal(t, tc.want, string(AppendTextFormat(nil, tc.v, tc.t, &f)), "efd %d: %v", tc.efd, tc.v.F)
	}
}

func nan() float64 { var z float64; return z / z }

func TestZoneConversions(t *testing.T) {
	ny := zone(t, "America/New_York")
	local := func(s string) int64 {
		v, err := ParseText(s, Timestamp)
		require.NoError(t, err)
		return v.I
	}
	ny4 := TextFormat{Location: ny, ExtraFloatDigits: 1}
	cases := []struct{ local, want string }{
		// The clocks went back: the offset after the transition (EST).
		{"2024-11-03 01:30", "2024-11-03 01:30:00-05"},
		// The clocks went forward: the offset before it, so 02:30 EST.
		{"2024-03-10 02:30", "2024-03-10 03:30:00-04"},
		{"2024-07-01 12:00", "2024-07-01 12:00:00-04"},
	}
	for _, tc := range cases {
		us := UTCMicros(local(tc.local), ny)
		assert.Equal(t, tc.want, string(AppendTextFormat(nil, NewTimestamptz(us), Timestamptz, &ny4)), tc.local)
		// Zone-less timestamptz input is read the same way.
		v, err := ParseTextIn(tc.local, Timestamptz, nil, &ny4)
		require.NoError(t, err)
		assert.Equal(t, us, v.I, tc.local)
	}
	// An explicit zone wins over the session's.
	v, err := ParseTextIn("2024-07-01 12:00+00", Timestamptz, nil, &ny4)
	require.NoError(t, err)
	assert.Equal(t, tstz(t, "2024-07-01 12:00+00"), v.I)
	assert.Equal(t, local("2024-07-01 08:00"), LocalMicros(v.I, ny))

	// Casts between instants and wall-clock values use the session zone.
	kolkata := TextFormat{Location: zone(t, "Asia/Kolkata"), ExtraFloatDigits: 1}
	inst := NewTimestamptz(tstz(t, "2024-07-01 20:00:00+00"))
	castCases := []struct {
		v    Value
		to   Type
		want string
	}{
		{inst, Date, "2024-07-02"},
		{inst, Timestamp, "2024-07-02 01:30:00"},
		{inst, Time, "01:30:00"},
		{inst, Text, "2024-07-02 01:30:00+05:30"},
		{NewTimestamp(local("2024-07-01 20:00")), Timestamptz, "2024-07-01 20:00:00+05:30"},
		{NewDate(daysFromCivil(2024, 7, 1)), Timestamptz, "2024-07-01 00:00:00+05:30"},
		{NewText("2024-07-01 20:00"), Timestamptz, "2024-07-01 20:00:00+05:30"},
	}
	for _, tc := range castCases {
		got, err := CastIn(tc.v, tc.to, true, nil, &kolkata)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(AppendTextFormat(nil, got, tc.to, &kolkata)), "%v → %s", tc.v, tc.to.Name())
	}
}

func TestAppendTextFormatDoesNotAllocate(t *testing.T) {
	f := TextFormat{Location: zone(t, "Asia/Tokyo"), ExtraFloatDigits: 0}
	buf := make([]byte, 0, 64)
	v := NewTimestamptz(tstz(t, "2024-07-01 12:00:00.123+00"))
	x := NewFloat8(1.1 / 3)
	allocs := testing.AllocsPerRun(100, func() {
		buf = AppendTextFormat(buf[:0], v, Timestamptz, &f)
		buf = AppendTextFormat(buf[:0], x, Float8, &f)
	})
	assert.Zero(t, allocs)
}

func TestParseDateOrder(t *testing.T) {
	cases := []struct {
		order DateOrder
		in    string
		want  string
	}{
		{DateOrderMDY, "01/02/2024", "2024-01-02"},
		{DateOrderDMY, "01/02/2024", "2024-02-01"},
		{DateOrderDMY, "01/02/03", "2003-02-01"},
		{DateOrderYMD, "01/02/03", "2001-02-03"},
		{DateOrderDMY, "2024-01-02", "2024-01-02"}, // ISO is never ambiguous
	}
	for _, tc := range cases {
		f := TextFormat{DateOrder: tc.order, ExtraFloatDigits: 1}
		v, err := ParseTextIn(tc.in, Date, nil, &f)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, string(AppendText(nil, v, Date)), "%s in order %d", tc.in, tc.order)
	}
	_, err := ParseTextIn("13/02/2024", Date, nil, nil)
	assert.Error(t, err)
}
