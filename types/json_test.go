package types

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Expected jsonb texts were taken from PostgreSQL 15.
func TestNormalizeJSONB(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"b":1,"a":[1,2.50], "aa":{}, "a":3}`, `{"a": 3, "b": 1, "aa": {}}`},
		{`[1e2, 1E-2, -0, 0.0, 1.50e1, -1e-3, 12345678901234567890e-5]`,
			`[100, 0.01, 0, 0.0, 15.0, -0.001, 123456789012345.67890]`},
		{`[1.0E+2, -0.0, 1e-2, 0.1e1, 100e-2]`, `[100, 0.0, 0.01, 1, 1.00]`},
		{`"\u00e9\n\t\/\\ \"\u0001 \ud83d\ude00"`, `"é\n\t/\\ \"\u0001 😀"`},
		{`"\u001f\u007f\b\f\r"`, "\"\\u001f\x7f\\b\\f\\r\""},
		{`{"é":1,"zz":2,"a":{"y":1,"x":[true,false,null]}, "":0}`,
			`{"": 0, "a": {"x": [true, false, null], "y": 1}, "zz": 2, "é": 1}`},
		{`{"a":1,"a":{"c":1},"b":2,"a":3}`, `{"a": 3, "b": 2}`},
		{`{"aa":1,"b":2,"ab":3,"B":4}`, `{"B": 4, "b": 2, "aa": 1, "ab": 3}`},
		{` null `, `null`}, {`true`, `true`}, {`[]`, `[]`}, {`{}`, `{}`}, {`[[],{}]`, `[[], {}]`},
		{`{"k":"v\"q"}`, `{"k": "v\"q"}`},
		{"\t[ 1 ,\n 2 ]\r\n", `[1, 2]`},
	}
	for _, c := range cases {
		got, err := NormalizeJSON(c.in, JSONB)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, c.in)
		// Normalised text is a fixed point.
		again, err := NormalizeJSON(got, JSONB)
		require.NoError(t, err)
		assert.Equal(t, got, again)
	}
}

func TestNormalizeJSONKeepsText(t *testing.T) {
	for _, in := range []string{`  {"a" :1 }  `, `{"a":1,"a":2}`, `"\u0000"`, `"\ud83d"`, `"\uDE00"`, `1E5`} {
		got, err := NormalizeJSON(in, JSON)
		require.NoError(t, err, in)
		assert.Equal(t, in, got)
	}
}

// DETAIL lines are PostgreSQL 15's.
func TestNormalizeJSONErrors(t *testing.T) {
	cases := []struct {
		in     string
		typ    Type
		detail string
	}{
		{`{`, JSON, "The input string ended unexpectedly."},
		{``, JSON, "The input string ended unexpectedly."},
		{`  `, JSON, "The input string ended unexpectedly."},
		{`{"a":1,}`, JSON, `Expected string, but found "}".`},
		{`{1:2}`, JSON, `Expected string or "}", but found "1".`},
		{`{"a" 1}`, JSON, `Expected ":", but found "1".`},
		{`{"a",1}`, JSON, `Expected ":", but found ",".`},
		{`{"a":}`, JSON, `Expected JSON value, but found "}".`},
		{`{"a":1 "b":2}`, JSON, `Expected "," or "}", but found ""b"".`},
		{`[1 2]`, JSON, `Expected "," or "]", but found "2".`},
		{`[1,]`, JSON, `Expected JSON value, but found "]".`},
		{`[}`, JSON, `Expected JSON value, but found "}".`},
		{`:`, JSON, `Expected JSON value, but found ":".`},
		{`[1,2]]`, JSON, `Expected end of input, but found "]".`},
		{`{"a":1} 2`, JSON, `Expected end of input, but found "2".`},
		{`tru`, JSON, `Token "tru" is invalid.`},
		{`01`, JSON, `Token "01" is invalid.`},
		{`1.`, JSON, `Token "1." is invalid.`},
		{`1e`, JSON, `Token "1e" is invalid.`},
		{`1.5e+`, JSON, `Token "1.5e+" is invalid.`},
		{`-`, JSON, `Token "-" is invalid.`},
		{`.5`, JSON, `Token "." is invalid.`},
		{`+1`, JSON, `Token "+" is invalid.`},
		{`[1]x`, JSON, `Token "x" is invalid.`},
		{`"abc`, JSON, `Token ""abc" is invalid.`},
		{`"\x"`, JSON, `Escape sequence "\x" is invalid.`},
		{`"\é"`, JSON, `Escape sequence "\é" is invalid.`},
		{`"\u12"`, JSON, `"\u" must be followed by four hexadecimal digits.`},
		{`"\u00zz"`, JSON, `"\u" must be followed by four hexadecimal digits.`},
		{"\"a\nb\"", JSON, "Character with value 0x0a must be escaped."},
		{`"\ud83d"`, JSONB, "Unicode low surrogate must follow a high surrogate."},
		{`"\ud83dx"`, JSONB, "Unicode low surrogate must follow a high surrogate."},
		{`"\ud83d\u0041"`, JSONB, "Unicode low surrogate must follow a high surrogate."},
		{`"\ude00"`, JSONB, "Unicode low surrogate must follow a high surrogate."},
		{`"\ud83d\ud83d"`, JSONB, "Unicode high surrogate must not follow a high surrogate."},
		{`{"a":1,}`, JSONB, `Expected string, but found "}".`},
	}
	for _, c := range cases {
		_, err := NormalizeJSON(c.in, c.typ)
		e := requireSQLState(t, err, pgerr.InvalidTextRepresentation, "invalid input syntax for type json")
		assert.Equal(t, c.detail, e.Detail, c.in)
	}
}

func TestNormalizeJSONOtherErrors(t *testing.T) {
	_, err := NormalizeJSON(`"\u0000"`, JSONB)
	e := requireSQLState(t, err, "22P05", "unsupported Unicode escape sequence")
	assert.Equal(t, `\u0000 cannot be converted to text.`, e.Detail)

	_, err = NormalizeJSON(`[1e1000000000]`, JSONB)
	requireSQLState(t, err, pgerr.NumericValueOutOfRange, "value overflows numeric format")

	deep := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	_, err = NormalizeJSON(deep, JSON)
	requireSQLState(t, err, "54001", "stack depth limit exceeded")
	ok := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	_, err = NormalizeJSON(ok, JSONB)
	require.NoError(t, err)
}
