package types

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// textRoundTrip parses in as t and prints it back, the way psql would show
// the value of '<in>'::t.
func textRoundTrip(t *testing.T, in string, typ Type) string {
	t.Helper()
	v, err := ParseText(in, typ)
	require.NoError(t, err, "%q as %s", in, typ.Name())
	require.Equal(t, typ.Kind, v.K)
	return string(AppendText(nil, v, typ))
}

// Expected outputs were taken from PostgreSQL 15.
func TestParseTextValues(t *testing.T) {
	cases := []struct {
		typ      Type
		in, want string
	}{
		{Bool, " TRUE ", "t"}, {Bool, "Y", "t"}, {Bool, "ye", "t"}, {Bool, "on", "t"}, {Bool, "1", "t"},
		{Bool, "of", "f"}, {Bool, "n", "f"}, {Bool, "FALSE", "f"}, {Bool, "0", "f"},
		{Int4, " 12 ", "12"}, {Int4, "+5", "5"}, {Int4, "-2147483648", "-2147483648"},
		{Int2, "-32768", "-32768"},
		{Int8, "-9223372036854775808", "-9223372036854775808"},
		{Int8, "9223372036854775807", "9223372036854775807"},
		{OID, "-1", "4294967295"}, {OID, "4294967295", "4294967295"},
		{Float8, "1e20", "1e+20"}, {Float8, " 1.5 ", "1.5"}, {Float8, ".5", "0.5"}, {Float8, "1.", "1"},
		{Float8, "-INF", "-Infinity"}, {Float8, "+Infinity", "Infinity"}, {Float8, "nan", "NaN"},
		{Float8, "-nan", "NaN"}, {Float8, "0x10", "16"}, {Float8, "4e-324", "5e-324"},
		{Float8, "1e-320", "1e-320"}, {Float8, "1.7976931348623157e308", "1.7976931348623157e+308"},
		{Float4, "0.1", "0.1"}, {Float4, "1e-45", "1e-45"}, {Float4, "3.4e38", "3.4e+38"},
		{Numeric, "-0.00", "0.00"}, {Numeric, "007.50", "7.50"}, {Numeric, "1.5e-3", "0.0015"},
		{Numeric, " +1 ", "1"}, {Numeric, ".5", "0.5"}, {Numeric, "5.", "5"}, {Numeric, "1e3", "1000"},
		{Numeric, "nan", "NaN"}, {Numeric, "inf", "Infinity"}, {Numeric, "-Infinity", "-Infinity"},
		{Numeric, "0e5", "0"}, {Numeric, "0.000e2", "0.0"}, {Numeric, "-.5e1", "-5"},
		{Numeric, "1.5E+2", "150"}, {Numeric, "100e-2", "1.00"}, {Numeric, "-0.0001", "-0.0001"},
		{Numeric, "12345678901234567890e-5", "123456789012345.67890"},
		{Numeric, "1e-16383", "0." + zeros(16382) + "1"},
		{Bytea, `\x0102FF`, `\x0102ff`}, {Bytea, `\x01 02`, `\x0102`}, {Bytea, `\x`, `\x`},
		{Bytea, `abc\\def`, `\x6162635c646566`}, {Bytea, `a\001b`, `\x610162`}, {Bytea, "plain", `\x706c61696e`},
		{UUID, "A0EEBC999C0B4EF8BB6D6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{UUID, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{UUID, "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{Text, " as is ", " as is "}, {Varchar, "v", "v"}, {Unknown, "u", "u"},
		{JSON, ` {"b":1,"a":2} `, ` {"b":1,"a":2} `},
		{JSONB, `{"b":1,"a":[1,2.50]}`, `{"a": [1, 2.50], "b": 1}`},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, textRoundTrip(t, c.in, c.typ), "%q as %s", c.in, c.typ.Name())
	}
}

func TestParseTextFloatPayload(t *testing.T) {
	v, err := ParseText("-0", Float8)
	require.NoError(t, err)
	assert.True(t, math.Signbit(v.F))
	v, err = ParseText("0.1", Float4)
	require.NoError(t, err)
	assert.Equal(t, float64(float32(0.1)), v.F, "float4 values are stored rounded to float32")
	v, err = ParseText("NaN", Float8)
	require.NoError(t, err)
	assert.Equal(t, uint64(0x7ff8000000000000), math.Float64bits(v.F))
}

func TestParseTextErrors(t *testing.T) {
	const (
		syntax = pgerr.InvalidTextRepresentation
		rng    = pgerr.NumericValueOutOfRange
	)
	cases := []struct {
		typ       Type
		in        string
		code, msg string
	}{
		{Int4, "abc", syntax, `invalid input syntax for type integer: "abc"`},
		{Int4, "", syntax, `invalid input syntax for type integer: ""`},
		{Int4, "12.0", syntax, `invalid input syntax for type integer: "12.0"`},
		{Int4, "-", syntax, `invalid input syntax for type integer: "-"`},
		{Int4, "1_000", syntax, `invalid input syntax for type integer: "1_000"`},
		{Int4, "99999999999", rng, `value "99999999999" is out of range for type integer`},
		{Int4, "99999999999x", rng, `value "99999999999x" is out of range for type integer`},
		{Int4, "2147483648", rng, `value "2147483648" is out of range for type integer`},
		{Int2, "99999", rng, `value "99999" is out of range for type smallint`},
		{Int8, "9223372036854775808", rng, `value "9223372036854775808" is out of range for type bigint`},
		{OID, "4294967296", rng, `value "4294967296" is out of range for type oid`},
		{Bool, "o", syntax, `invalid input syntax for type boolean: "o"`},
		{Bool, "truex", syntax, `invalid input syntax for type boolean: "truex"`},
		{Bool, "", syntax, `invalid input syntax for type boolean: ""`},
		{Float8, "x", syntax, `invalid input syntax for type double precision: "x"`},
		{Float8, "1_0", syntax, `invalid input syntax for type double precision: "1_0"`},
		{Float8, "Infinityx", syntax, `invalid input syntax for type double precision: "Infinityx"`},
		{Float8, "1e400", rng, `"1e400" is out of range for type double precision`},
		{Float8, "2e-324", rng, `"2e-324" is out of range for type double precision`},
		{Float4, "1e40", rng, `"1e40" is out of range for type real`},
		{Float4, "1e-46", rng, `"1e-46" is out of range for type real`},
		{Numeric, "x", syntax, `invalid input syntax for type numeric: "x"`},
		{Numeric, ".", syntax, `invalid input syntax for type numeric: "."`},
		{Numeric, "1e", syntax, `invalid input syntax for type numeric: "1e"`},
		{Numeric, "0x1F", syntax, `invalid input syntax for type numeric: "0x1F"`},
		{Numeric, " 1 2", syntax, `invalid input syntax for type numeric: " 1 2"`},
		{Numeric, "1e131072", rng, "value overflows numeric format"},
		{Numeric, "1e-16384", rng, "value overflows numeric format"},
		{Numeric, "1e1000000000000", rng, "value overflows numeric format"},
		{Bytea, `\xz`, pgerr.InvalidParameterValue, `invalid hexadecimal digit: "z"`},
		{Bytea, `\x0`, pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits"},
		{Bytea, `\q`, syntax, "invalid input syntax for type bytea"},
		{Bytea, `\777`, syntax, "invalid input syntax for type bytea"},
		{UUID, "x", syntax, `invalid input syntax for type uuid: "x"`},
		{UUID, " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", syntax,
			`invalid input syntax for type uuid: " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"`},
		{UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11-", syntax,
			`invalid input syntax for type uuid: "a0eebc999c0b4ef8bb6d6bb9bd380a11-"`},
		{UUID, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", syntax,
			`invalid input syntax for type uuid: "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"`},
		{JSON, "{", syntax, "invalid input syntax for type json"},
	}
	for _, c := range cases {
		_, err := ParseText(c.in, c.typ)
		requireSQLState(t, err, c.code, c.msg)
	}
}

func TestParseTextNumericHugeValues(t *testing.T) {
	v, err := ParseText("1e131071", Numeric)
	require.NoError(t, err)
	assert.Equal(t, "1"+zeros(131071), v.S)
	v, err = ParseText("0e-16383", Numeric)
	require.NoError(t, err)
	assert.Equal(t, "0."+zeros(16383), v.S)
}
