package types

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

func mustParse(t *testing.T, s string, typ Type) Value {
	t.Helper()
	v, err := ParseText(s, typ)
	require.NoError(t, err, "%s %q", typ.Name(), s)
	return v
}

func TestArrayConstructors(t *testing.T) {
	v := NewArray(Int4, []Value{NewInt4(1), NullValue, NewInt4(3)})
	assert.Equal(t, KindArray, v.K)
	assert.Equal(t, KindInt4, ArrayElemKind(v))
	n, err := ArrayLen(v)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	elems, err := ArrayElems(v)
	require.NoError(t, err)
	assert.Equal(t, []Value{NewInt4(1), NullValue, NewInt4(3)}, elems)
	assert.Equal(t, "{1,NULL,3}", string(AppendText(nil, v, ArrayOf(Int4))))
	assert.Equal(t, ArrayOf(Int4), TypeOfValue(v))

	empty := NewArray(Text, nil)
	n, err = ArrayLen(empty)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, "{}", string(AppendText(nil, empty, ArrayOf(Text))))
	// the zero payload is an empty array too
	assert.Equal(t, "{}", string(AppendText(nil, Value{K: KindArray, I: int64(KindText)}, ArrayOf(Text))))

	vec := NewVector(KindOIDVector, []Value{{K: KindOID, I: 26}, {K: KindOID, I: 23}})
	assert.Equal(t, KindOID, ArrayElemKind(vec))
	assert.Equal(t, "26 23", string(AppendText(nil, vec, OIDVector)))

	_, err = ArrayElems(NewInt4(1))
	require.Error(t, err)
	_, err = ArrayLen(NewText("{}"))
	require.Error(t, err)
}

// TestArrayTextOutputQuoting follows array_out: PostgreSQL 15 prints
// array['a{','b}','c,d','e"f','g\h',”,' ','NULL','null','nullx',e'x\ty','é']
// as below.
func TestArrayTextOutputQuoting(t *testing.T) {
	var elems []Value
	for _, s := range []string{"a{", "b}", "c,d", `e"f`, `g\h`, "", " ", "NULL", "null", "nullx", "x\ty", "é"} {
		elems = append(elems, NewText(s))
	}
	got := AppendText([]byte("prefix:"), NewArray(Text, elems), ArrayOf(Text))
	assert.Equal(t, `prefix:{"a{","b}","c,d","e\"f","g\\h",""," ","NULL","null",nullx,"x	y",é}`, string(got))

	cases := []struct {
		typ  Type
		in   string
		want string
	}{
		{ArrayOf(Timestamp), `{"2020-01-01 10:00"}`, `{"2020-01-01 10:00:00"}`},
		{ArrayOf(Bytea), `{"\\x0102"}`, `{"\\x0102"}`},
		{ArrayOf(Bool), `{true,false}`, `{t,f}`},
		{ArrayOf(Float8), `{1.5,nan,inf}`, `{1.5,NaN,Infinity}`},
		{ArrayOf(JSONB), `{"{\"a\": 1}"}`, `{"{\"a\": 1}"}`},
		{ArrayOf(Char), `{a,"",\\001}`, "{a,\"\",\x01}"},
		{ArrayOf(Name), `{x,y}`, `{x,y}`},
		{ArrayOf(Regclass), `{1259,-}`, `{1259,-}`},
	}
	for _, c := range cases {
		v := mustParse(t, c.in, c.typ)
		assert.Equal(t, c.want, string(AppendText(nil, v, c.typ)), c.in)
	}
}

func hexBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

// TestArrayBinaryMatchesPostgres compares our send form with PostgreSQL
// 15's (COPY … TO STDOUT WITH (FORMAT binary)) and decodes it back.
func TestArrayBinaryMatchesPostgres(t *testing.T) {
	cases := []struct {
		typ  Type
		text string
		hex  string
	}{
		{ArrayOf(Int4), "{1,NULL}", "00000001 00000001 00000017 00000002 00000001 00000004 00000001 ffffffff"},
		{ArrayOf(Text), "{}", "00000000 00000000 00000019"},
		{Int2Vector, "1 2", "00000001 00000000 00000015 00000002 00000000 00000002 0001 00000002 0002"},
		{OIDVector, "", "00000001 00000000 0000001a 00000000 00000000"},
		{Name, "x", "78"},
		{Char, "a", "61"},
		{Regclass, "1259", "000004eb"},
		{Type{Kind: KindArray, Elem: KindVarchar, Mod: 7}, "{a}", "00000001 00000000 00000413 00000001 00000001 00000001 61"},
	}
	for _, c := range cases {
		v := mustParse(t, c.text, c.typ)
		want := hexBytes(t, c.hex)
		assert.Equal(t, want, AppendBinary(nil, v, c.typ), c.typ.Name())
		got, err := DecodeBinary(want, c.typ)
		require.NoError(t, err, c.typ.Name())
		assert.True(t, Equal(v, got), c.typ.Name())
		assert.Equal(t, c.text, string(AppendText(nil, got, c.typ)))
	}
}

// TestArrayBinaryWithPgx exchanges values with pgx's codecs in both
// directions.
func TestArrayBinaryWithPgx(t *testing.T) {
	m := pgtype.NewMap()
	roundTrip := func(typ Type, text string, dst any, oid uint32) {
		t.Helper()
		v := mustParse(t, text, typ)
		ours := AppendBinary(make([]byte, 0, 8), v, typ)
		require.NoError(t, m.Scan(oid, pgtype.BinaryFormatCode, ours, dst), "%s %s", typ.Name(), text)
		theirs, err := m.Encode(oid, pgtype.BinaryFormatCode, dst, nil)
		require.NoError(t, err)
		got, err := DecodeBinary(theirs, typ)
		require.NoError(t, err, "%s %s", typ.Name(), text)
		assert.Equal(t, text, string(AppendText(nil, got, typ)))
	}

	var ints []pgtype.Int4
	roundTrip(ArrayOf(Int4), "{1,NULL,-2147483648}", &ints, pgtype.Int4ArrayOID)
	assert.Equal(t, []pgtype.Int4{{Int32: 1, Valid: true}, {}, {Int32: -2147483648, Valid: true}}, ints)

	var texts []pgtype.Text
	roundTrip(ArrayOf(Text), `{"a b","x\"y","",NULL,é}`, &texts, pgtype.TextArrayOID)
	assert.Equal(t, []pgtype.Text{{String: "a b", Valid: true}, {String: `x"y`, Valid: true}, {String: "", Valid: true}, {}, {String: "é", Valid: true}}, texts)

	var empty []int32
	roundTrip(ArrayOf(Int4), "{}", &empty, pgtype.Int4ArrayOID)
	assert.Empty(t, empty)

	var names []string
	roundTrip(ArrayOf(Name), "{pg_class,pg_type}", &names, pgtype.NameArrayOID)
	assert.Equal(t, []string{"pg_class", "pg_type"}, names)

	var oids []uint32
	roundTrip(ArrayOf(OID), "{0,4294967295}", &oids, pgtype.OIDArrayOID)
	assert.Equal(t, []uint32{0, 4294967295}, oids)

	var name string
	roundTrip(Name, "pg_catalog", &name, pgtype.NameOID)
	assert.Equal(t, "pg_catalog", name)

	var ch byte
	roundTrip(Char, "r", &ch, pgtype.QCharOID)
	assert.Equal(t, byte('r'), ch)

	var oid uint32
	roundTrip(OID, "4294967295", &oid, pgtype.OIDOID)
	assert.Equal(t, uint32(4294967295), oid)

	// regclass travels as an oid (pgx has no regclass codec).
	reg := Value{K: KindRegclass, I: 1259, S: "pg_class"}
	require.NoError(t, m.Scan(pgtype.OIDOID, pgtype.BinaryFormatCode, AppendBinary(nil, reg, Regclass), &oid))
	assert.Equal(t, uint32(1259), oid)
	enc, err := m.Encode(pgtype.OIDOID, pgtype.BinaryFormatCode, uint32(2205), nil)
	require.NoError(t, err)
	got, err := DecodeBinary(enc, Regclass)
	require.NoError(t, err)
	assert.Equal(t, Value{K: KindRegclass, I: 2205}, got)
}

func TestDecodeArrayBinaryErrors(t *testing.T) {
	words := func(xs ...uint32) []byte {
		var b []byte
		for _, x := range xs {
			b = append(b, byte(x>>24), byte(x>>16), byte(x>>8), byte(x))
		}
		return b
	}
	// messages as PostgreSQL 15 reports them for a binary parameter
	cases := []struct {
		typ       Type
		in        []byte
		code, msg string
	}{
		{ArrayOf(Int4), words(1, 0, 20, 1, 1, 8, 0, 1), pgerr.DatatypeMismatch,
			"binary data has array element type 20 (bigint) instead of expected 23 (integer)"},
		{ArrayOf(Int4), words(1, 2, 23, 1, 1, 4, 1), pgerr.InvalidBinaryRepresentation, "invalid array flags"},
		{ArrayOf(Int4), words(0xffffffff, 0, 23), pgerr.InvalidBinaryRepresentation, "invalid number of dimensions: -1"},
		{ArrayOf(Int4), words(7, 0, 23), "54000", "number of array dimensions (7) exceeds the maximum allowed (6)"},
		{ArrayOf(Int4), words(1, 0, 23, 2, 1, 4, 1), pgerr.ProtocolViolation, "insufficient data left in message"},
		{ArrayOf(Int4), words(1, 0, 23), pgerr.ProtocolViolation, "insufficient data left in message"},
		{ArrayOf(Int4), words(0, 0, 23, 5), pgerr.InvalidBinaryRepresentation, "incorrect binary data format"},
		{ArrayOf(Int4), words(1, 0, 23, 1, 1, 4, 7, 9), pgerr.InvalidBinaryRepresentation, "incorrect binary data format"},
		{ArrayOf(Int4), words(1, 0, 23, 1, 1, 5, 7), pgerr.ProtocolViolation, "insufficient data left in message"},
		{ArrayOf(Int4), append(words(1, 0, 23, 1, 1, 5, 7), 9), pgerr.InvalidBinaryRepresentation, "improper binary format in array element 1"},
		{ArrayOf(Int4), words(1, 0, 23, 1, 1, 2, 7), pgerr.ProtocolViolation, "insufficient data left in message"},
		{ArrayOf(Int4), words(2, 0, 23, 1, 1, 1, 1, 4, 7), pgerr.FeatureNotSupported, "multidimensional arrays are not supported"},
		{Int2Vector, words(0, 0, 21), pgerr.InvalidBinaryRepresentation, "invalid int2vector data"},
		{Int2Vector, words(1, 1, 21, 1, 0, 0xffffffff), pgerr.InvalidBinaryRepresentation, "invalid int2vector data"},
		{OIDVector, words(1, 0, 26, 1, 1, 4, 7), pgerr.InvalidBinaryRepresentation, "invalid oidvector data"},
		{Name, bytes.Repeat([]byte("x"), 64), "42622", "identifier too long"},
		{Char, []byte("ab"), pgerr.InvalidBinaryRepresentation, "incorrect binary data format"},
		{Char, nil, pgerr.ProtocolViolation, "no data left in message"},
		{Regclass, []byte{1, 2}, pgerr.InvalidBinaryRepresentation, "incorrect binary data format"},
	}
	for _, c := range cases {
		_, err := DecodeBinary(c.in, c.typ)
		requireSQLState(t, err, c.code, c.msg)
	}

	// what PostgreSQL accepts: a NULL without the flag, any lower bound
	v, err := DecodeBinary(words(1, 0, 23, 1, 5, 0xffffffff), ArrayOf(Int4))
	require.NoError(t, err)
	assert.Equal(t, "{NULL}", string(AppendText(nil, v, ArrayOf(Int4))))
	v, err = DecodeBinary(bytes.Repeat([]byte("x"), 63), Name)
	require.NoError(t, err)
	assert.Len(t, v.S, 63)
}

func TestArrayCompare(t *testing.T) {
	ia := func(s string) Value { return mustParse(t, s, ArrayOf(Int4)) }
	ordered := []Value{
		ia("{}"), ia("{1}"), ia("{1,0}"), ia("{1,2}"), ia("{1,2,NULL}"), ia("{1,3}"),
		ia("{1,NULL}"), ia("{2}"), ia("{NULL}"),
	}
	for i := range ordered {
		for j := range ordered {
			want := cmpInt(int64(i), int64(j))
			assert.Equal(t, want, Compare(ordered[i], ordered[j]), "%d vs %d", i, j)
			ki := AppendKey(nil, ordered[i])
			kj := AppendKey(nil, ordered[j])
			assert.Equal(t, want, bytes.Compare(ki, kj), "key %d vs %d", i, j)
		}
	}
	// Across element kinds and vectors: values decide, as in Compare.
	i8 := mustParse(t, "{1,2}", ArrayOf(Int8))
	assert.True(t, Equal(ia("{1,2}"), i8))
	assert.Equal(t, AppendGroupKey(nil, ia("{1,2}")), AppendGroupKey(nil, i8))
	vec := mustParse(t, "1 2", Int2Vector)
	assert.True(t, Equal(ia("{1,2}"), vec))
	assert.Equal(t, AppendGroupKey(nil, ia("{1,2}")), AppendGroupKey(nil, vec))
	assert.NotEqual(t, AppendGroupKey(nil, ia("{1,2}")), AppendGroupKey(nil, ia("{1,2,NULL}")))
	assert.NotEqual(t, AppendGroupKey(nil, ia("{12}")), AppendGroupKey(nil, ia("{1,2}")))
	assert.Equal(t, -1, Compare(mustParse(t, "1 2", OIDVector), mustParse(t, "1 3", OIDVector)))
	// arrays sort after scalars and before NULL, so sorting stays total
	assert.Equal(t, 1, Compare(ia("{}"), NewText("a")))
	assert.Equal(t, -1, Compare(ia("{}"), NullValue))
}

func TestArrayKeyRoundTrip(t *testing.T) {
	cases := []struct {
		typ Type
		in  string
	}{
		{ArrayOf(Int4), "{1,NULL,-3}"},
		{ArrayOf(Int4), "{}"},
		{ArrayOf(Text), `{"","a\\b","x y",NULL}`},
		{ArrayOf(Name), `{pg_class}`},
		{Int2Vector, "1 2 3"},
		{OIDVector, ""},
		{Char, "x"},
		{Name, "pg_type"},
		{Regclass, "1259"},
	}
	for _, c := range cases {
		v := mustParse(t, c.in, c.typ)
		key := AppendKey([]byte{0xAA}, v)
		got, rest, err := DecodeKey(append(key[1:], 0x55), c.typ)
		require.NoError(t, err, c.in)
		assert.Equal(t, []byte{0x55}, rest, c.in)
		assert.Equal(t, v, got, c.in)
	}
	_, _, err := DecodeKey([]byte{keyArrayElem}, ArrayOf(Int4))
	require.Error(t, err)
	_, _, err = DecodeKey([]byte{0x07}, ArrayOf(Int4))
	require.Error(t, err)
}

func TestVectorText(t *testing.T) {
	v := mustParse(t, " 1  -2 3 ", Int2Vector)
	assert.Equal(t, "1 -2 3", string(AppendText(nil, v, Int2Vector)))
	v = mustParse(t, "", OIDVector)
	assert.Empty(t, AppendText(nil, v, OIDVector))

	_, err := ParseText(strings.Repeat("1 ", 101), Int2Vector)
	requireSQLState(t, err, pgerr.InvalidParameterValue, "int2vector has too many elements")
	_, err = ParseText("1\t2", Int2Vector)
	requireSQLState(t, err, pgerr.InvalidTextRepresentation, "invalid input syntax for type smallint: \"1\t2\"")
	_, err = ParseText("1 -", Int2Vector)
	requireSQLState(t, err, pgerr.InvalidTextRepresentation, `invalid input syntax for type smallint: "-"`)
	_, err = ParseText("-", OIDVector)
	requireSQLState(t, err, pgerr.InvalidTextRepresentation, `invalid input syntax for type oid: "-"`)
}

// FuzzArrayText: any literal that parses prints as a literal that parses
// back to the same array.
func FuzzArrayText(f *testing.F) {
	for _, s := range []string{`{}`, `{a,"b c",NULL,"",\"}`, `[1:2]={1,2}`, `{"\\"}`, `{{1}}`, ` { a , b } `, `{"a" , b}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ := ArrayOf(Text)
		v, err := ParseText(s, typ)
		if err != nil {
			return
		}
		out := string(AppendText(nil, v, typ))
		again, err := ParseText(out, typ)
		require.NoError(t, err, "%q printed as %q", s, out)
		require.Equal(t, v, again, "%q printed as %q", s, out)
	})
}
