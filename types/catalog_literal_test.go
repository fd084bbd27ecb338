package types

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiteralCastMatchesPostgres casts an untyped literal explicitly, as
// 'input'::type does, and prints the result; the expectations are
// PostgreSQL 15's answers to select ('input'::type)::text.
func TestLiteralCastMatchesPostgres(t *testing.T) {
	cases := []struct {
		typ                   Type
		in, out               string
		code, message, detail string
	}{
		{ArrayOf(Int4), `{1,2,NULL}`, `{1,2,NULL}`, "", "", ""},
		{ArrayOf(Int4), `{}`, `{}`, "", "", ""},
		{ArrayOf(Int4), `{ }`, `{}`, "", "", ""},
		{ArrayOf(Int4), `  { 1 , -2 }  `, `{1,-2}`, "", "", ""},
		{ArrayOf(Int4), `[1:2]={1,2}`, `{1,2}`, "", "", ""},
		{ArrayOf(Int4), `[2]={1,2}`, `{1,2}`, "", "", ""},
		{ArrayOf(Int4), `{nUlL}`, `{NULL}`, "", "", ""},
		{ArrayOf(Int4), `{"1"}`, `{1}`, "", "", ""},
		{ArrayOf(Int4), `abc`, "", "22P02", `malformed array literal: "abc"`, `Array value must start with "{" or dimension information.`},
		{ArrayOf(Int4), ``, "", "22P02", `malformed array literal: ""`, `Array value must start with "{" or dimension information.`},
		{ArrayOf(Int4), `{1,2`, "", "22P02", `malformed array literal: "{1,2"`, `Unexpected end of input.`},
		{ArrayOf(Int4), `{1,,2}`, "", "22P02", `malformed array literal: "{1,,2}"`, `Unexpected "," character.`},
		{ArrayOf(Int4), `{,}`, "", "22P02", `malformed array literal: "{,}"`, `Unexpected "," character.`},
		{ArrayOf(Int4), `{1,}`, "", "22P02", `malformed array literal: "{1,}"`, `Unexpected "}" character.`},
		{ArrayOf(Int4), `{}}`, "", "22P02", `malformed array literal: "{}}"`, `Junk after closing right brace.`},
		{ArrayOf(Int4), `{`, "", "22P02", `malformed array literal: "{"`, `Unexpected end of input.`},
		{ArrayOf(Int4), `{1,2}x`, "", "22P02", `malformed array literal: "{1,2}x"`, `Junk after closing right brace.`},
		{ArrayOf(Int4), `{x}`, "", "22P02", `invalid input syntax for type integer: "x"`, ``},
		{ArrayOf(Int4), `{1 2}`, "", "22P02", `invalid input syntax for type integer: "1 2"`, ``},
		{ArrayOf(Int4), `[1:3]={1,2}`, "", "22P02", `malformed array literal: "[1:3]={1,2}"`, `Specified array dimensions do not match array contents.`},
		{ArrayOf(Int4), `[1:2]{1,2}`, "", "22P02", `malformed array literal: "[1:2]{1,2}"`, `Missing "=" after array dimensions.`},
		{ArrayOf(Int4), `[x]={1}`, "", "22P02", `malformed array literal: "[x]={1}"`, `"[" must introduce explicitly-specified array dimensions.`},
		{ArrayOf(Int4), `[1:0]={}`, "", "2202E", `upper bound cannot be less than lower bound`, ``},
		{ArrayOf(Int4), `{1}}`, "", "22P02", `malformed array literal: "{1}}"`, `Junk after closing right brace.`},
		{ArrayOf(Int4), `{{}}`, "", "22P02", `malformed array literal: "{{}}"`, `Unexpected "}" character.`},
		{ArrayOf(Text), `{ a b , "c d" , NULL, "NULL", null, "" , a\\,b }`, `{"a b","c d",NULL,"NULL",NULL,"","a\\",b}`, "", "", ""},
		{ArrayOf(Text), `{"a\"b","x\\y","{}"}`, `{"a\"b","x\\y","{}"}`, "", "", ""},
		{ArrayOf(Text), `{a\}`, "", "22P02", `malformed array literal: "{a\}"`, `Unexpected end of input.`},
		{ArrayOf(Text), `{"a}`, "", "22P02", `malformed array literal: "{"a}"`, `Unexpected end of input.`},
		{ArrayOf(Text), `{a"b}`, "", "22P02", `malformed array literal: "{a"b}"`, `Unexpected array element.`},
		{ArrayOf(Text), `{"a"b}`, "", "22P02", `malformed array literal: "{"a"b}"`, `Unexpected array element.`},
		{ArrayOf(Text), `{"a" , b}`, `{a,b}`, "", "", ""},
		{ArrayOf(Text), `{ab"}`, "", "22P02", `malformed array literal: "{ab"}"`, `Unexpected array element.`},
		{ArrayOf(Text), `{\ a\ }`, `{" a "}`, "", "", ""},
		{ArrayOf(Text), `{"  x  "}`, `{"  x  "}`, "", "", ""},
		{ArrayOf(Text), `{é,"ü ö"}`, `{é,"ü ö"}`, "", "", ""},
		{ArrayOf(Text), `{a\`, "", "22P02", `malformed array literal: "{a\"`, `Unexpected end of input.`},
		{Type{Kind: KindArray, Elem: KindVarchar, Mod: 6}, `{abcd,x}`, `{ab,x}`, "", "", ""},
		{ArrayOf(Bool), `{t,false,NULL}`, `{t,f,NULL}`, "", "", ""},
		{ArrayOf(Float8), `{1.5,NaN,-Infinity,1e300}`, `{1.5,NaN,-Infinity,1e+300}`, "", "", ""},
		{ArrayOf(Numeric), `{1.50,-0.0}`, `{1.50,0.0}`, "", "", ""},
		{ArrayOf(Bytea), `{"\\x0102"}`, `{"\\x0102"}`, "", "", ""},
		{ArrayOf(Name), `{pg_class,"a b"}`, `{pg_class,"a b"}`, "", "", ""},
		{ArrayOf(Char), `{a,"",\\101}`, `{a,"",A}`, "", "", ""},
		{ArrayOf(OID), `{1,4294967295}`, `{1,4294967295}`, "", "", ""},
		{ArrayOf(Date), `{2020-01-01,infinity}`, `{2020-01-01,infinity}`, "", "", ""},
		{ArrayOf(UUID), `{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}`, `{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}`, "", "", ""},
		{ArrayOf(JSONB), `{"{\"b\": 1, \"a\": 2}",null}`, `{"{\"a\": 2, \"b\": 1}",NULL}`, "", "", ""},
		{Int2Vector, `1 2  3`, `1 2 3`, "", "", ""},
		{Int2Vector, ``, ``, "", "", ""},
		{Int2Vector, `+1 -2`, `1 -2`, "", "", ""},
		{Int2Vector, `1x`, "", "22P02", `invalid input syntax for type smallint: "1x"`, ``},
		{Int2Vector, `1 x`, "", "22P02", `invalid input syntax for type smallint: "x"`, ``},
		{Int2Vector, `40000`, "", "22003", `value "40000" is out of range for type smallint`, ``},
		{OIDVector, `1 2`, `1 2`, "", "", ""},
		{OIDVector, `1,2`, "", "22P02", `invalid input syntax for type oid: ",2"`, ``},
		{OIDVector, `0x1`, "", "22P02", `invalid input syntax for type oid: "x1"`, ``},
		{OIDVector, `-1`, `4294967295`, "", "", ""},
		{OIDVector, `4294967296`, "", "22003", `value "4294967296" is out of range for type oid`, ``},
		{Name, `abc`, `abc`, "", "", ""},
		{Char, `ab`, `a`, "", "", ""},
		{Char, ``, ``, "", "", ""},
		{Char, `\101`, `A`, "", "", ""},
		{Char, `é`, `\303`, "", "", ""},
		{Regclass, `-`, `-`, "", "", ""},
		{Regclass, `0`, `-`, "", "", ""},
		{Regclass, `123`, `123`, "", "", ""},
		{Regclass, `007`, `7`, "", "", ""},
		{Regclass, `4294967296`, "", "22003", `value "4294967296" is out of range for type oid`, ``},
		{Regproc, `-`, `-`, "", "", ""},
		{Regtype, `-`, `-`, "", "", ""},
		{Regoper, `0`, `0`, "", "", ""},
		{Regnamespace, `-`, `-`, "", "", ""},
		{Regrole, `-`, `-`, "", "", ""},
	}
	for _, c := range cases {
		name := c.typ.Name() + " " + c.in
		v, err := Cast(Value{K: KindUnknown, S: c.in}, c.typ, true)
		if c.code != "" {
			e := requireSQLState(t, err, c.code, c.message)
			assert.Equal(t, c.detail, e.Detail, name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, c.out, string(AppendText(nil, v, c.typ)), name)
		// the ::text cast prints the same
		s, err := Cast(v, Text, true)
		require.NoError(t, err, name)
		assert.Equal(t, c.out, s.S, name)
	}
}
