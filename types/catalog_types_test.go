package types

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// TestCatalogTypeMetadata checks OID, format_type and typlen against
// PostgreSQL 15's pg_type.
func TestCatalogTypeMetadata(t *testing.T) {
	cases := []struct {
		typ  Type
		oid  uint32
		name string
		size int16
	}{
		{Name, 19, "name", 64},
		{Char, 18, `"char"`, 1},
		{Regproc, 24, "regproc", 4},
		{Regprocedure, 2202, "regprocedure", 4},
		{Regoper, 2203, "regoper", 4},
		{Regoperator, 2204, "regoperator", 4},
		{Regclass, 2205, "regclass", 4},
		{Regtype, 2206, "regtype", 4},
		{Regnamespace, 4089, "regnamespace", 4},
		{Regrole, 4096, "regrole", 4},
		{Aclitem, 1033, "aclitem", 12},
		{Int2Vector, 22, "int2vector", -1},
		{OIDVector, 30, "oidvector", -1},
		{Void, 2278, "void", 4},
		{Record, 2249, "record", -1},
		{ArrayOf(Bool), 1000, "boolean[]", -1},
		{ArrayOf(Bytea), 1001, "bytea[]", -1},
		{ArrayOf(Char), 1002, `"char"[]`, -1},
		{ArrayOf(Name), 1003, "name[]", -1},
		{ArrayOf(Int2), 1005, "smallint[]", -1},
		{ArrayOf(Int4), 1007, "integer[]", -1},
		{ArrayOf(Regproc), 1008, "regproc[]", -1},
		{ArrayOf(Text), 1009, "text[]", -1},
		{ArrayOf(Bpchar), 1014, "character[]", -1},
		{Type{Kind: KindArray, Elem: KindBpchar, Mod: 7}, 1014, "character(3)[]", -1},
		{ArrayOf(Varchar), 1015, "character varying[]", -1},
		{ArrayOf(Int8), 1016, "bigint[]", -1},
		{ArrayOf(Float4), 1021, "real[]", -1},
		{ArrayOf(Float8), 1022, "double precision[]", -1},
		{ArrayOf(OID), 1028, "oid[]", -1},
		{ArrayOf(Aclitem), 1034, "aclitem[]", -1},
		{ArrayOf(Timestamp), 1115, "timestamp without time zone[]", -1},
		{ArrayOf(Date), 1182, "date[]", -1},
		{ArrayOf(Time), 1183, "time without time zone[]", -1},
		{ArrayOf(Timestamptz), 1185, "timestamp with time zone[]", -1},
		{Type{Kind: KindArray, Elem: KindNumeric, Mod: 5<<16 | 2 + 4}, 1231, "numeric(5,2)[]", -1},
		{ArrayOf(Regprocedure), 2207, "regprocedure[]", -1},
		{ArrayOf(Regclass), 2210, "regclass[]", -1},
		{ArrayOf(Regtype), 2211, "regtype[]", -1},
		{ArrayOf(UUID), 2951, "uuid[]", -1},
		{ArrayOf(JSON), 199, "json[]", -1},
		{ArrayOf(JSONB), 3807, "jsonb[]", -1},
		{ArrayOf(Regnamespace), 4090, "regnamespace[]", -1},
		{ArrayOf(Regrole), 4097, "regrole[]", -1},
		{ArrayOf(Unknown), 1009, "text[]", -1},
	}
	for _, c := range cases {
		assert.Equal(t, c.oid, c.typ.OID(), c.name)
		assert.Equal(t, c.name, c.typ.Name())
		assert.Equal(t, c.size, c.typ.Size(), c.name)
		if c.typ.Kind != KindArray || c.typ.Mod < 0 && c.typ.Elem != KindUnknown {
			got, ok := TypeForOID(c.oid)
			require.True(t, ok, c.name)
			assert.Equal(t, c.typ, got, c.name)
		}
	}
	assert.Equal(t, Int4, ArrayOf(Int4).ElemType())
	assert.Equal(t, Int2, Int2Vector.ElemType())
	assert.Equal(t, OID, OIDVector.ElemType())
	assert.True(t, OIDVector.IsArray())
	assert.False(t, Name.IsArray())
}

func TestTypeForOID(t *testing.T) {
	for _, oid := range []uint32{16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 30, 114, 700, 701, 705, 1033,
		1042, 1043, 1082, 1083, 1114, 1184, 1700, 2202, 2203, 2204, 2205, 2206, 2249, 2278, 2950, 3802, 4089, 4096} {
		typ, ok := TypeForOID(oid)
		require.True(t, ok, oid)
		if oid != OIDUnknown {
			assert.Equal(t, oid, typ.OID(), typ.Name())
		}
		if a := kinds[typ.Kind].array; a != 0 && !typ.IsArray() && typ.Kind != KindRecord && typ.Kind != KindUnknown {
			arr, ok := TypeForOID(a)
			require.True(t, ok, a)
			assert.Equal(t, ArrayOf(typ), arr)
			assert.Equal(t, a, arr.OID())
		}
	}
	unknown, ok := TypeForOID(OIDUnknown)
	require.True(t, ok)
	assert.Equal(t, Unknown, unknown)
	for _, oid := range []uint32{0, 1, 1006, 1013, 2287, 99999} {
		_, ok := TypeForOID(oid)
		assert.False(t, ok, oid)
	}
}

func TestNameAndChar(t *testing.T) {
	long := strings.Repeat("é", 40) // 80 bytes: clipped at a character boundary
	v := mustParse(t, long, Name)
	assert.Len(t, v.S, 62)
	assert.Len(t, mustParse(t, strings.Repeat("a", 70), Name).S, 63)
	c, err := Cast(NewText(long), Name, false)
	require.NoError(t, err)
	assert.Equal(t, v, c)
	assert.Equal(t, "x", NewName("x").S)

	for _, c := range []struct {
		in   string
		b    byte
		text string
	}{
		{"ab", 'a', "a"}, {"", 0, ""}, {`\101`, 'A', "A"}, {`\1011`, '\\', `\`}, {"é", 0xc3, `\303`}, {`\200`, 0x80, `\200`},
	} {
		v := mustParse(t, c.in, Char)
		assert.Equal(t, NewChar(c.b), v, c.in)
		assert.Equal(t, c.text, string(AppendText(nil, v, Char)), c.in)
	}

	// "char" compares as an unsigned byte
	assert.Equal(t, 1, Compare(NewChar(0x80), NewChar('a')))
	assert.Equal(t, -1, Compare(NewChar('a'), NewChar('b')))
	assert.NotEqual(t, AppendGroupKey(nil, NewChar('a')), AppendGroupKey(nil, NewChar('b')))
	// name compares and groups like text
	assert.True(t, Equal(NewName("abc"), NewText("abc")))
	assert.Equal(t, AppendGroupKey(nil, NewName("abc")), AppendGroupKey(nil, NewText("abc")))
}

func TestRegText(t *testing.T) {
	cases := []struct {
		typ  Type
		v    Value
		text string
	}{
		{Regclass, Value{K: KindRegclass}, "-"},
		{Regproc, Value{K: KindRegproc}, "-"},
		{Regtype, Value{K: KindRegtype}, "-"},
		{Regnamespace, Value{K: KindRegnamespace}, "-"},
		{Regrole, Value{K: KindRegrole}, "-"},
		{Regprocedure, Value{K: KindRegprocedure}, "-"},
		{Regoper, Value{K: KindRegoper}, "0"},
		{Regoperator, Value{K: KindRegoperator}, "0"},
		{Regclass, Value{K: KindRegclass, I: 99999}, "99999"},
		{Regclass, Value{K: KindRegclass, I: 4294967295}, "4294967295"},
		{Regclass, NewReg(KindRegclass, 1259, "pg_class"), "pg_class"},
	}
	for _, c := range cases {
		assert.Equal(t, c.text, string(AppendText(nil, c.v, c.typ)), c.typ.Name())
	}
	// numbers parse without a catalog; names need one
	assert.Equal(t, Value{K: KindRegoper}, mustParse(t, "0", Regoper))
	_, err := ParseText("-", Regoper)
	requireSQLState(t, err, pgerr.FeatureNotSupported, `cannot look up regoper "-" without a catalog`)
	_, err = ParseText("pg_class", Regclass)
	requireSQLState(t, err, pgerr.FeatureNotSupported, `cannot look up regclass "pg_class" without a catalog`)
	_, err = Cast(NewText("pg_class"), Regclass, false)
	requireSQLState(t, err, pgerr.FeatureNotSupported, `cannot look up regclass "pg_class" without a catalog`)
}

// fakeCatalog resolves a few names the way exec's resolver would.
type fakeCatalog struct{}

func (fakeCatalog) ResolveRegName(k Kind, name string) (uint32, string, error) {
	parts, err := SplitQualifiedName(name)
	if err != nil {
		return 0, "", err
	}
	if k == KindRegclass && parts[len(parts)-1] == "pg_class" {
		return 1259, "pg_class", nil
	}
	return 0, "", RegNotFound(k, name)
}

func (fakeCatalog) RegName(k Kind, oid uint32) (string, bool) {
	if k == KindRegclass && oid == 1259 {
		return "pg_class", true
	}
	return "", false
}

func TestCastWithResolver(t *testing.T) {
	r := fakeCatalog{}
	for _, in := range []string{"pg_class", "PG_CLASS", `"pg_class"`, "pg_catalog.pg_class", "1259", " pg_class "} {
		v, err := CastWith(Value{K: KindUnknown, S: in}, Regclass, true, r)
		require.NoError(t, err, in)
		assert.Equal(t, NewReg(KindRegclass, 1259, "pg_class"), v, in)
	}
	v, err := CastWith(NewInt4(1259), Regclass, false, r)
	require.NoError(t, err)
	assert.Equal(t, "pg_class", string(AppendText(nil, v, Regclass)))
	v, err = CastWith(Value{K: KindOID, I: 1259}, Regclass, false, r)
	require.NoError(t, err)
	assert.Equal(t, "pg_class", v.S)
	// an already-typed value with no name gets one
	v, err = CastWith(Value{K: KindRegclass, I: 1259}, Regclass, false, r)
	require.NoError(t, err)
	assert.Equal(t, "pg_class", v.S)
	// and its text cast prints the name
	s, err := CastWith(Value{K: KindRegclass, I: 1259}, Text, true, r)
	require.NoError(t, err)
	assert.Equal(t, "pg_class", s.S)
	// unknown oids print as numbers
	v, err = CastWith(NewInt4(99999), Regclass, false, r)
	require.NoError(t, err)
	assert.Equal(t, "99999", string(AppendText(nil, v, Regclass)))
	// arrays resolve element by element
	arr, err := CastWith(Value{K: KindUnknown, S: "{pg_class,-}"}, ArrayOf(Regclass), true, r)
	require.NoError(t, err)
	assert.Equal(t, "{pg_class,-}", string(AppendText(nil, arr, ArrayOf(Regclass))))

	_, err = CastWith(NewText("nosuch"), Regclass, true, r)
	requireSQLState(t, err, pgerr.UndefinedTable, `relation "nosuch" does not exist`)
	_, err = CastWith(NewText("a..b"), Regclass, true, r)
	requireSQLState(t, err, "42602", "invalid name syntax")
}

func TestRegNotFound(t *testing.T) {
	cases := []struct {
		k         Kind
		code, msg string
	}{
		{KindRegclass, "42P01", `relation "x" does not exist`},
		{KindRegtype, "42704", `type "x" does not exist`},
		{KindRegproc, "42883", `function "x" does not exist`},
		{KindRegnamespace, "3F000", `schema "x" does not exist`},
		{KindRegrole, "42704", `role "x" does not exist`},
	}
	for _, c := range cases {
		requireSQLState(t, RegNotFound(c.k, "x"), c.code, c.msg)
	}
}

func TestSplitQualifiedName(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"pg_class", []string{"pg_class"}},
		{"PG_Class", []string{"pg_class"}},
		{`"MyTable"`, []string{"MyTable"}},
		{`public."a.b"`, []string{"public", "a.b"}},
		{` s . t `, []string{"s", "t"}},
		{`"a""b"`, []string{`a"b`}},
		{strings.Repeat("x", 70), []string{strings.Repeat("x", 63)}},
	}
	for _, c := range cases {
		got, err := SplitQualifiedName(c.in)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{"", "a.", ".a", `""`, `"a`, "a b", "a..b"} {
		_, err := SplitQualifiedName(bad)
		requireSQLState(t, err, "42602", "invalid name syntax")
	}
}

// TestCatalogCasts follows PostgreSQL 15's pg_cast and cast results.
func TestCatalogCasts(t *testing.T) {
	cases := []struct {
		v        Value
		to       Type
		explicit bool
		want     string // text of the result
	}{
		{NewInt4(-5), Regclass, false, "4294967291"},
		{NewInt8(5), Regclass, false, "5"},
		{Value{K: KindRegclass, I: 4294967291}, Int4, false, "-5"},
		{Value{K: KindRegclass, I: 4294967291}, Int8, false, "4294967291"},
		{Value{K: KindRegclass, I: 1259}, OID, false, "1259"},
		{Value{K: KindRegproc, I: 1}, Regprocedure, false, "1"},
		{Value{K: KindRegclass, I: 1}, Text, false, "1"},
		{NewChar(0xc3), Text, false, `\303`},
		{NewChar(0), Text, false, ""},
		{NewChar(0x80), Int4, true, "-128"},
		{NewInt4(-56), Char, true, `\310`},
		{NewInt4(65), Char, true, "A"},
		{NewText(`\101`), Char, false, "A"},
		{NewText("ab"), Char, false, "a"},
		{NewChar('x'), Name, false, "x"},
		{NewInt4(5), Name, false, "5"},
		{NewName("abc"), Text, false, "abc"},
		{NewName("abc"), Type{Kind: KindVarchar, Mod: 6}, true, "ab"},
		{NewName("12"), Int4, true, "12"},
		{NewText("pg_class"), Name, false, "pg_class"},
	}
	for _, c := range cases {
		got, err := Cast(c.v, c.to, c.explicit)
		require.NoError(t, err, "%v → %s", c.v, c.to.Name())
		assert.Equal(t, c.to.Kind, got.K)
		assert.Equal(t, c.want, string(AppendText(nil, got, c.to)), "%v → %s", c.v, c.to.Name())
	}

	errs := []struct {
		v         Value
		to        Type
		explicit  bool
		code, msg string
	}{
		{NewInt8(4294967296), Regclass, false, "22003", "OID out of range"},
		{Value{K: KindRegclass, I: 1}, Regtype, true, "42846", "cannot cast type regclass to regtype"},
		{NewInt8(1), Char, true, "42846", `cannot cast type bigint to "char"`},
		{NewInt4(200), Char, true, "22003", `"char" out of range`},
		{NewChar('a'), Int4, false, "42846", `cannot cast type "char" to integer`},
		{NewName("1"), Int4, false, "42846", "cannot cast type name to integer"},
		{Value{K: KindRegclass, I: 1}, Int4, false, "", ""}, // assignment is fine
		{NewInt4(1), Void, true, "42846", "cannot cast type integer to void"},
	}
	for _, c := range errs {
		_, err := Cast(c.v, c.to, c.explicit)
		if c.code == "" {
			require.NoError(t, err)
			continue
		}
		requireSQLState(t, err, c.code, c.msg)
	}
}

func TestCatalogCastContexts(t *testing.T) {
	cases := []struct {
		from, to Kind
		want     CastContext
	}{
		// pg_cast rows
		{KindChar, KindText, CastImplicit}, {KindChar, KindBpchar, CastAssign}, {KindChar, KindVarchar, CastAssign},
		{KindChar, KindInt4, CastExplicit}, {KindInt4, KindChar, CastExplicit}, {KindText, KindChar, CastAssign},
		{KindBpchar, KindChar, CastAssign}, {KindVarchar, KindChar, CastAssign},
		{KindName, KindText, CastImplicit}, {KindName, KindBpchar, CastAssign}, {KindName, KindVarchar, CastAssign},
		{KindText, KindName, CastImplicit}, {KindBpchar, KindName, CastImplicit}, {KindVarchar, KindName, CastImplicit},
		{KindInt8, KindRegclass, CastImplicit}, {KindInt2, KindRegproc, CastImplicit}, {KindInt4, KindRegrole, CastImplicit},
		{KindOID, KindRegtype, CastImplicit}, {KindRegclass, KindOID, CastImplicit},
		{KindRegclass, KindInt4, CastAssign}, {KindRegclass, KindInt8, CastAssign},
		{KindRegproc, KindRegprocedure, CastImplicit}, {KindRegoperator, KindRegoper, CastImplicit},
		{KindText, KindRegclass, CastImplicit}, {KindVarchar, KindRegclass, CastImplicit},
		// I/O conversions
		{KindText, KindRegtype, CastExplicit}, {KindBpchar, KindRegclass, CastExplicit},
		{KindName, KindRegclass, CastExplicit}, {KindRegclass, KindText, CastAssign},
		{KindInt4, KindName, CastAssign}, {KindChar, KindName, CastAssign}, {KindName, KindChar, CastExplicit},
		{KindArray, KindText, CastAssign}, {KindText, KindArray, CastExplicit}, {KindUnknown, KindArray, CastImplicit},
		{KindOIDVector, KindText, CastAssign}, {KindText, KindInt2Vector, CastExplicit},
		{KindUnknown, KindVoid, CastImplicit},
		// none
		{KindRegclass, KindRegtype, CastNone}, {KindInt8, KindChar, CastNone}, {KindNumeric, KindChar, CastNone},
		{KindRegclass, KindFloat8, CastNone}, {KindInt4, KindVoid, CastNone}, {KindInt4, KindRecord, CastNone},
		{KindInt4, KindArray, CastNone}, {KindArray, KindInt4, CastNone},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, CastContextOf(c.from, c.to), "%s → %s", kinds[c.from].name, kinds[c.to].name)
	}
}

// The catalog scalars stay allocation-free on the hot paths; array text
// and binary output and comparison do not allocate either.
func TestCatalogValuesDoNotAllocate(t *testing.T) {
	arr := NewArray(Text, []Value{NewText("a b"), NullValue, NewText(`x"y`)})
	values := []struct {
		v Value
		t Type
	}{
		{NewName("pg_class"), Name},
		{NewChar(0xc3), Char},
		{NewReg(KindRegclass, 1259, "pg_class"), Regclass},
		{NewReg(KindRegclass, 99999, ""), Regclass},
		{arr, ArrayOf(Text)},
		{NewVector(KindInt2Vector, []Value{NewInt2(1), NewInt2(2)}), Int2Vector},
	}
	buf := make([]byte, 0, 256)
	for _, c := range values {
		allocs := testing.AllocsPerRun(50, func() {
			buf = AppendText(buf[:0], c.v, c.t)
			buf = AppendBinary(buf[:0], c.v, c.t)
			buf = AppendKey(buf[:0], c.v)
			buf = AppendGroupKey(buf[:0], c.v)
			_ = Compare(c.v, c.v)
		})
		require.Zero(t, allocs, c.t.Name())
	}
	allocs := testing.AllocsPerRun(50, func() {
		_, _ = Cast(NewReg(KindRegclass, 1259, ""), OID, false)
		_, _ = Cast(NewInt4(5), Regclass, false)
	})
	require.Zero(t, allocs)
}
