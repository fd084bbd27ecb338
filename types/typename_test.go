package types

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

func TestLookupTypeName(t *testing.T) {
	cases := []struct {
		name string
		mods []int32
		want Type
	}{
		// pg_query's internal names
		{"bool", nil, Bool}, {"int2", nil, Int2}, {"int4", nil, Int4}, {"int8", nil, Int8},
		{"float4", nil, Float4}, {"float8", nil, Float8}, {"numeric", nil, Numeric},
		{"text", nil, Text}, {"varchar", nil, Varchar}, {"bpchar", nil, Bpchar},
		{"bytea", nil, Bytea}, {"date", nil, Date}, {"time", nil, Time},
		{"timestamp", nil, Timestamp}, {"timestamptz", nil, Timestamptz},
		{"uuid", nil, UUID}, {"json", nil, JSON}, {"jsonb", nil, JSONB}, {"oid", nil, OID},
		{"pg_catalog.int4", nil, Int4},
		// spellings users type
		{"integer", nil, Int4}, {"int", nil, Int4}, {"bigint", nil, Int8}, {"smallint", nil, Int2},
		{"real", nil, Float4}, {"double precision", nil, Float8}, {"Double  Precision", nil, Float8},
		{"decimal", nil, Numeric}, {"boolean", nil, Bool},
		{"character varying", []int32{20}, Type{Kind: KindVarchar, Mod: 24}},
		{"timestamp with time zone", nil, Timestamptz}, {"timestamp without time zone", nil, Timestamp},
		{"time without time zone", nil, Time},
		// KalamDB aliases
		{"INT", nil, Int4}, {"BIGINT", nil, Int8}, {"DOUBLE", nil, Float8}, {"FLOAT", nil, Float8},
		{"TEXT", nil, Text}, {"STRING", nil, Text}, {"BYTES", nil, Bytea}, {"BINARY", nil, Bytea},
		{"BLOB", nil, Bytea}, {"JSON", nil, JSON}, {"BOOLEAN", nil, Bool}, {"TIMESTAMP", nil, Timestamp},
		{"DATETIME", nil, Timestamptz}, {"DATE", nil, Date}, {"TIME", nil, Time},
		{"TINYINT", nil, Int2}, {"MEDIUMINT", nil, Int4}, {"FILE", nil, JSON},
		{"EMBEDDING", []int32{384}, Text},
		// typmods
		{"varchar", []int32{10}, Type{Kind: KindVarchar, Mod: 14}},
		{"char", nil, Type{Kind: KindBpchar, Mod: 5}},
		{"character", []int32{3}, Type{Kind: KindBpchar, Mod: 7}},
		{"bpchar", []int32{1}, Type{Kind: KindBpchar, Mod: 5}},
		{"numeric", []int32{10}, Type{Kind: KindNumeric, Mod: 10<<16 + 4}},
		{"numeric", []int32{10, 2}, Type{Kind: KindNumeric, Mod: 10<<16 | 2 + 4}},
		{"decimal", []int32{5, -1}, Type{Kind: KindNumeric, Mod: 329731}}, // PostgreSQL's atttypmod
		{"timestamp", []int32{3}, Type{Kind: KindTimestamp, Mod: 3}},
		{"timestamptz", []int32{0}, Type{Kind: KindTimestamptz, Mod: 0}},
		{"time", []int32{9}, Type{Kind: KindTime, Mod: 6}},
		{"float", []int32{24}, Float4},
		{"float", []int32{25}, Float8},
		// pg_catalog column types
		{"name", nil, Name}, {`"char"`, nil, Char}, {`pg_catalog."char"`, nil, Char},
		{"regclass", nil, Regclass}, {"regtype", nil, Regtype}, {"regproc", nil, Regproc},
		{"regprocedure", nil, Regprocedure}, {"regoper", nil, Regoper}, {"regoperator", nil, Regoperator},
		{"regnamespace", nil, Regnamespace}, {"REGROLE", nil, Regrole},
		{"int2vector", nil, Int2Vector}, {"oidvector", nil, OIDVector},
		// arrays
		{"int4[]", nil, ArrayOf(Int4)}, {"integer[]", nil, ArrayOf(Int4)}, {"int[3][]", nil, ArrayOf(Int4)},
		{"_int4", nil, ArrayOf(Int4)}, {"_text", nil, ArrayOf(Text)}, {"_name", nil, ArrayOf(Name)},
		{"_char", nil, ArrayOf(Char)}, {`"char"[]`, nil, ArrayOf(Char)}, {"char[]", nil, Type{Kind: KindArray, Elem: KindBpchar, Mod: 5}},
		{"_oid", nil, ArrayOf(OID)}, {"regclass[]", nil, ArrayOf(Regclass)},
		{"varchar[]", []int32{10}, Type{Kind: KindArray, Elem: KindVarchar, Mod: 14}},
		{"_numeric", []int32{5, 2}, Type{Kind: KindArray, Elem: KindNumeric, Mod: 5<<16 | 2 + 4}},
	}
	for _, c := range cases {
		got, err := LookupTypeName(c.name, c.mods)
		require.NoError(t, err, c.name)
		assert.Equal(t, c.want, got, "%s%v", c.name, c.mods)
	}
}

func TestLookupTypeNameArray(t *testing.T) {
	got, err := LookupTypeNameArray("int4", nil, true)
	require.NoError(t, err)
	assert.Equal(t, ArrayOf(Int4), got)
	got, err = LookupTypeNameArray("varchar", []int32{3}, true)
	require.NoError(t, err)
	assert.Equal(t, "character varying(3)[]", got.Name())
	got, err = LookupTypeNameArray("text", nil, false)
	require.NoError(t, err)
	assert.Equal(t, Text, got)
	_, err = LookupTypeNameArray("oidvector", nil, true)
	requireSQLState(t, err, pgerr.FeatureNotSupported, `type "oidvector" is not supported`)
}

func TestLookupTypeNameErrors(t *testing.T) {
	bad := pgerr.InvalidParameterValue
	cases := []struct {
		name      string
		mods      []int32
		code, msg string
	}{
		{"foo", nil, pgerr.UndefinedObject, `type "foo" does not exist`},
		{"serial", nil, pgerr.UndefinedObject, `type "serial" does not exist`},
		{"interval", nil, pgerr.FeatureNotSupported, `type "interval" is not supported`},
		{"money", nil, pgerr.FeatureNotSupported, `type "money" is not supported`},
		{"inet", nil, pgerr.FeatureNotSupported, `type "inet" is not supported`},
		{"timetz", nil, pgerr.FeatureNotSupported, `type "timetz" is not supported`},
		{"time with time zone", nil, pgerr.FeatureNotSupported, `type "time with time zone" is not supported`},
		{"int4range", nil, pgerr.FeatureNotSupported, `type "int4range" is not supported`},
		{"varbit", nil, pgerr.FeatureNotSupported, `type "varbit" is not supported`},
		{"_foo", nil, pgerr.UndefinedObject, `type "_foo" does not exist`},
		{"foo[]", nil, pgerr.UndefinedObject, `type "foo[]" does not exist`},
		{"int2vector[]", nil, pgerr.FeatureNotSupported, `type "int2vector[]" is not supported`},
		{"void", nil, pgerr.FeatureNotSupported, `type "void" is not supported`},
		{"record", nil, pgerr.FeatureNotSupported, `type "record" is not supported`},
		{"aclitem", nil, pgerr.FeatureNotSupported, `type "aclitem" is not supported`},
		{"regconfig", nil, pgerr.FeatureNotSupported, `type "regconfig" is not supported`},
		{"name", []int32{5}, pgerr.SyntaxError, `type modifier is not allowed for type "name"`},
		{"varchar[]", []int32{0}, bad, "length for type varchar must be at least 1"},
		{"varchar", []int32{0}, bad, "length for type varchar must be at least 1"},
		{"varchar", []int32{10485761}, bad, "length for type varchar cannot exceed 10485760"},
		{"char", []int32{0}, bad, "length for type char must be at least 1"},
		{"numeric", []int32{0}, bad, "NUMERIC precision 0 must be between 1 and 1000"},
		{"numeric", []int32{1001}, bad, "NUMERIC precision 1001 must be between 1 and 1000"},
		{"numeric", []int32{5, 1001}, bad, "NUMERIC scale 1001 must be between -1000 and 1000"},
		{"numeric", []int32{1, 2, 3}, bad, "invalid NUMERIC type modifier"},
		{"float", []int32{0}, bad, "precision for type float must be at least 1 bit"},
		{"float", []int32{54}, bad, "precision for type float must be less than 54 bits"},
		{"timestamp", []int32{-1}, bad, "TIMESTAMP(-1) precision must not be negative"},
		{"int4", []int32{5}, pgerr.SyntaxError, `type modifier is not allowed for type "int4"`},
		{"text", []int32{5}, pgerr.SyntaxError, `type modifier is not allowed for type "text"`},
		{"embedding", []int32{0}, bad, "EMBEDDING dimension must be between 1 and 8192"},
	}
	for _, c := range cases {
		_, err := LookupTypeName(c.name, c.mods)
		e := requireSQLState(t, err, c.code, c.msg)
		if c.code == pgerr.UndefinedObject || c.code == pgerr.FeatureNotSupported {
			assert.Contains(t, e.Hint, "Supported types: boolean, smallint, integer, bigint", c.name)
		}
	}
}

// Every name in the hint must itself resolve.
func TestSupportedTypeNamesResolve(t *testing.T) {
	names := SupportedTypeNames()
	require.NotEmpty(t, names)
	names[0] = "mutated"
	assert.Equal(t, "boolean", SupportedTypeNames()[0], "the slice is a copy")
	for _, n := range SupportedTypeNames() {
		base, _, _ := strings.Cut(n, "(")
		_, err := LookupTypeName(base, nil)
		assert.NoError(t, err, n)
	}
}
