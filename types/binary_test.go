package types

import (
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// binaryCases lists, per type, text inputs and the Go type pgx scans the
// binary form into.
var binaryCases = []struct {
	typ    Type
	dst    func() any
	inputs []string
}{
	{Bool, func() any { return new(bool) }, []string{"t", "f"}},
	{Int2, func() any { return new(int16) }, []string{"0", "-32768", "32767"}},
	{Int4, func() any { return new(int32) }, []string{"0", "-2147483648", "2147483647", "42"}},
	{Int8, func() any { return new(int64) }, []string{"0", "-9223372036854775808", "9223372036854775807"}},
	{OID, func() any { return new(uint32) }, []string{"0", "26", "4294967295"}},
	{Float4, func() any { return new(float32) }, []string{"0", "-0", "0.1", "3.4e38", "1e-45", "Infinity", "-Infinity", "NaN"}},
	{Float8, func() any { return new(float64) }, []string{"0", "-0", "0.1", "1e308", "5e-324", "-Infinity", "NaN"}},
	{Numeric, func() any { return new(pgtype.Numeric) }, []string{
		"0", "0.00", "1", "-1", "12.50", "-12.50", "0.0001", "0.00001", "10000", "100000000",
		"123456789.987654321", "-0.000000012345", "99999999999999999999999999999999.9999",
		"1e100", "1e-100", "NaN", "Infinity", "-Infinity",
	}},
	{Text, func() any { return new(string) }, []string{"", "hello", "héllo wörld ✓"}},
	{Varchar, func() any { return new(string) }, []string{"abc"}},
	{Bpchar, func() any { return new(string) }, []string{"ab  "}},
	{Bytea, func() any { return new([]byte) }, []string{`\x`, `\x00ff10`, "plain"}},
	{Date, func() any { return new(pgtype.Date) }, []string{
		"2024-01-31", "2000-01-01", "1970-01-01", "1969-12-31", "0001-01-01", "0044-03-15 BC",
		"4714-11-24 BC", "5874897-12-31", "infinity", "-infinity",
	}},
	{Time, func() any { return new(pgtype.Time) }, []string{"00:00", "13:45:00.123456", "23:59:59.999999", "24:00"}},
	{Timestamp, func() any { return new(pgtype.Timestamp) }, []string{
		"2024-01-31 13:45:00.5", "2000-01-01 00:00", "1970-01-01", "1969-12-31 23:59:59.999999",
		"0001-01-01 12:00 BC", "4714-11-24 BC", "infinity", "-infinity",
	}},
	{Timestamptz, func() any { return new(pgtype.Timestamptz) }, []string{
		"2024-01-31 13:45:00.5+00", "2024-01-31 13:45:00-08", "1900-03-01", "infinity", "-infinity",
	}},
	{UUID, func() any { return new(pgtype.UUID) }, []string{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"}},
	{JSON, func() any { return new(string) }, []string{`{"b":1, "a":[1,2.50]}`, `"x"`, `null`}},
	{JSONB, func() any { return new(string) }, []string{`{"b":1, "a":[1,2.50]}`, `[]`, `"é\n"`}},
}

// TestBinaryRoundTripWithPgx sends each value through pgx: our send form
// must scan with pgtype, and pgtype's encoding of the scanned value must
// decode with ours back to the same value.
func TestBinaryRoundTripWithPgx(t *testing.T) {
	m := pgtype.NewMap()
	for _, c := range binaryCases {
		for _, in := range c.inputs {
			v, err := ParseText(in, c.typ)
			require.NoError(t, err, in)
			want := string(AppendText(nil, v, c.typ))

			ours := AppendBinary(make([]byte, 0, 16), v, c.typ) // non-nil: nil scans as NULL
			dst := c.dst()
			require.NoError(t, m.Scan(c.typ.OID(), pgtype.BinaryFormatCode, ours, dst), "%s %q", c.typ.Name(), in)

			theirs, err := m.Encode(c.typ.OID(), pgtype.BinaryFormatCode, reflect.ValueOf(dst).Elem().Interface(), nil)
			require.NoError(t, err, "%s %q", c.typ.Name(), in)
			got, err := DecodeBinary(theirs, c.typ)
			require.NoError(t, err, "%s %q", c.typ.Name(), in)
			assert.Equal(t, c.typ.Kind, got.K)
			gotText := string(AppendText(nil, got, c.typ))
			if c.typ.Kind == KindNumeric {
				// pgtype.Numeric drops the scale of zeros and sends ±Infinity
				// with dscale 0, so only the value survives its round trip.
				assert.Equal(t, trimScale(want), trimScale(gotText), "numeric %q", in)
				continue
			}
			assert.Equal(t, string(ours), string(theirs), "%s %q: pgx re-encodes the same bytes", c.typ.Name(), in)
			assert.Equal(t, want, gotText, "%s %q", c.typ.Name(), in)
		}
	}
}

// trimScale drops trailing fractional zeros: "1.500" → "1.5", "0.00" → "0".
func trimScale(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// TestBinaryFromPgxValues decodes what pgx sends for ordinary Go values.
func TestBinaryFromPgxValues(t *testing.T) {
	m := pgtype.NewMap()
	cases := []struct {
		typ  Type
		val  any
		want string
	}{
		{Int4, int32(-7), "-7"},
		{Int8, int64(1) << 40, "1099511627776"},
		{Float8, 2.5, "2.5"},
		{Bool, true, "t"},
		{Numeric, pgtype.Numeric{Int: big.NewInt(-1250), Exp: -2, Valid: true}, "-12.50"},
		{Numeric, pgtype.Numeric{Int: big.NewInt(15), Exp: 3, Valid: true}, "15000"},
		{Numeric, pgtype.Numeric{NaN: true, Valid: true}, "NaN"},
		{Numeric, pgtype.Numeric{InfinityModifier: pgtype.NegativeInfinity, Valid: true}, "-Infinity"},
		{Date, time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), "2024-01-31"},
		{Timestamp, time.Date(2024, 1, 31, 13, 45, 0, 500000000, time.UTC), "2024-01-31 13:45:00.5"},
		{Timestamptz, time.Date(2024, 1, 31, 13, 45, 0, 0, time.FixedZone("", 3600)), "2024-01-31 12:45:00+00"},
		{Time, pgtype.Time{Microseconds: 3723000001, Valid: true}, "01:02:03.000001"},
		{UUID, [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11},
			"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{JSONB, map[string]any{"b": 1, "a": "x"}, `{"a": "x", "b": 1}`},
		{Bytea, []byte{0xde, 0xad}, `\xdead`},
	}
	for _, c := range cases {
		b, err := m.Encode(c.typ.OID(), pgtype.BinaryFormatCode, c.val, nil)
		require.NoError(t, err, "%s %v", c.typ.Name(), c.val)
		v, err := DecodeBinary(b, c.typ)
		require.NoError(t, err, "%s %v", c.typ.Name(), c.val)
		assert.Equal(t, c.want, string(AppendText(nil, v, c.typ)), "%s %v", c.typ.Name(), c.val)
	}
}

// TestNumericBinaryLayout pins the wire layout against PostgreSQL's own
// numeric_send output.
func TestNumericBinaryLayout(t *testing.T) {
	cases := map[string][]byte{
		"0":         {0, 0, 0, 0, 0, 0, 0, 0},
		"0.00":      {0, 0, 0, 0, 0, 0, 0, 2},
		"12.50":     {0, 2, 0, 0, 0, 0, 0, 2, 0, 12, 0x13, 0x88},
		"-0.0001":   {0, 1, 0xff, 0xff, 0x40, 0, 0, 4, 0, 1},
		"100000000": {0, 1, 0, 2, 0, 0, 0, 0, 0, 1},
		"NaN":       {0, 0, 0, 0, 0xc0, 0, 0, 0},
		"Infinity":  {0, 0, 0, 0, 0xd0, 0, 0, 0x20},
		"-Infinity": {0, 0, 0, 0, 0xf0, 0, 0, 0x20},
	}
	for text, wire := range cases {
		assert.Equal(t, wire, AppendBinary(nil, Value{K: KindNumeric, S: text}, Numeric), text)
		s, err := decodeNumericBinary(wire)
		require.NoError(t, err)
		assert.Equal(t, text, s)
	}
	// Digits hidden by dscale are truncated, and a truncated-away negative
	// value loses its sign.
	s, err := decodeNumericBinary([]byte{0, 1, 0xff, 0xff, 0x40, 0, 0, 2, 0, 1})
	require.NoError(t, err)
	assert.Equal(t, "0.00", s)
	// Non-normalised leading zero digits are tolerated.
	s, err = decodeNumericBinary([]byte{0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5})
	require.NoError(t, err)
	assert.Equal(t, "5", s)
}

func TestDecodeBinaryErrors(t *testing.T) {
	const bad = pgerr.InvalidBinaryRepresentation
	cases := []struct {
		typ       Type
		b         []byte
		code, msg string
	}{
		{Bool, nil, bad, "incorrect binary data format"},
		{Int2, []byte{1}, bad, "incorrect binary data format"},
		{Int4, []byte{1, 2, 3}, bad, "incorrect binary data format"},
		{Int8, []byte{1, 2, 3, 4}, bad, "incorrect binary data format"},
		{OID, []byte{1, 2, 3, 4, 5}, bad, "incorrect binary data format"},
		{Float4, []byte{1, 2, 3, 4, 5, 6, 7, 8}, bad, "incorrect binary data format"},
		{Float8, []byte{1, 2, 3, 4}, bad, "incorrect binary data format"},
		{Date, []byte{1, 2}, bad, "incorrect binary data format"},
		{Time, []byte{1, 2}, bad, "incorrect binary data format"},
		{Timestamp, []byte{1}, bad, "incorrect binary data format"},
		{UUID, make([]byte, 15), bad, "incorrect binary data format"},
		{Numeric, []byte{0, 0, 0}, bad, "incorrect binary data format"},
		{Numeric, []byte{0, 1, 0, 0, 0, 0, 0, 0}, bad, "incorrect binary data format"},
		{Numeric, []byte{0, 0, 0, 0, 0x12, 0x34, 0, 0}, bad, `invalid sign in external "numeric" value`},
		{Numeric, []byte{0, 0, 0, 0, 0, 0, 0x40, 0}, bad, `invalid scale in external "numeric" value`},
		{Numeric, []byte{0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10}, bad, `invalid digit in external "numeric" value`},
		{JSONB, nil, bad, "incorrect binary data format"},
		{JSONB, []byte{2, '1'}, pgerr.InternalError, "unsupported jsonb version number 2"},
		{JSON, []byte("{"), pgerr.InvalidTextRepresentation, "invalid input syntax for type json"},
		{Text, []byte{'a', 0xff}, "22021", `invalid byte sequence for encoding "UTF8": 0xff`},
		{Varchar, []byte{0xe2, 0x28, 0xa1}, "22021", `invalid byte sequence for encoding "UTF8": 0xe2 0x28 0xa1`},
		{Text, []byte{'a', 0}, "22021", `invalid byte sequence for encoding "UTF8": 0x00`},
		{Time, AppendBinary(nil, NewTime(usPerDay+1), Time), pgerr.DatetimeFieldOverflow, "time out of range"},
		{Date, []byte{0x7f, 0xff, 0xff, 0xfe}, pgerr.DatetimeFieldOverflow, "date out of range"},
		{Timestamp, []byte{0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}, pgerr.DatetimeFieldOverflow, "timestamp out of range"},
	}
	for _, c := range cases {
		_, err := DecodeBinary(c.b, c.typ)
		requireSQLState(t, err, c.code, c.msg)
	}
}

func TestBinaryLayout(t *testing.T) {
	assert.Equal(t, []byte{0, 0, 0, 0}, AppendBinary(nil, NewDate(unixToPGEpochDays), Date))
	assert.Equal(t, []byte{0x7f, 0xff, 0xff, 0xff}, AppendBinary(nil, NewDate(PosInfinity), Date))
	assert.Equal(t, []byte{0x80, 0, 0, 0, 0, 0, 0, 0}, AppendBinary(nil, NewTimestamp(NegInfinity), Timestamp))
	assert.Equal(t, []byte{0, 0, 0, 0, 0, 0, 0, 0}, AppendBinary(nil, NewTimestamptz(unixToPGEpochUs), Timestamptz))
	assert.Equal(t, []byte{1, '{', '}'}, AppendBinary(nil, Value{K: KindJSONB, S: "{}"}, JSONB))
	assert.Equal(t, []byte{0xff, 0xfe}, AppendBinary(nil, NewInt2(-2), Int2))
	assert.Equal(t, []byte{0x3f, 0xc0, 0, 0}, AppendBinary(nil, NewFloat4(1.5), Float4))
	v, err := DecodeBinary([]byte{0x7f, 0xc0, 0, 0}, Float4)
	require.NoError(t, err)
	assert.True(t, math.IsNaN(v.F))
	v, err = DecodeBinary([]byte("x"), Null)
	require.NoError(t, err)
	assert.Equal(t, NewText("x"), v)
}

func TestAppendBinaryDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 256)
	values := []struct {
		v Value
		t Type
	}{
		{NewBool(true), Bool},
		{NewInt4(-5), Int4},
		{NewInt8(1 << 60), Int8},
		{NewFloat8(3.25), Float8},
		{NewDate(19000), Date},
		{NewTimestamptz(1700000000123456), Timestamptz},
		{Value{K: KindNumeric, S: "-123456.789"}, Numeric},
		{NewText("abc"), Text},
	}
	for _, c := range values {
		allocs := testing.AllocsPerRun(100, func() {
			buf = AppendBinary(buf[:0], c.v, c.t)
		})
		require.Zero(t, allocs, "%s", c.t.Name())
	}
}
