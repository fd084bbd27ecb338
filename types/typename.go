package types

import (
	"strings"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// typeNames maps every spelling we accept to its kind: PostgreSQL's
// internal names (what pg_query produces), the SQL-standard spellings a
// user types, and KalamDB's aliases (reference/kalamdb.md §6). Spellings
// with a length or precision modifier are handled in LookupTypeName.
var typeNames = map[string]Kind{
	"bool": KindBool, "boolean": KindBool,
	"int2": KindInt2, "smallint": KindInt2, "tinyint": KindInt2,
	"int4": KindInt4, "int": KindInt4, "integer": KindInt4, "mediumint": KindInt4,
	"int8": KindInt8, "bigint": KindInt8,
	"float4": KindFloat4, "real": KindFloat4,
	"float8": KindFloat8, "double precision": KindFloat8, "double": KindFloat8, "float": KindFloat8,
	"numeric": KindNumeric, "decimal": KindNumeric, "dec": KindNumeric,
	"text": KindText, "string": KindText, "clob": KindText, "embedding": KindText,
	"varchar": KindVarchar, "character varying": KindVarchar, "nvarchar": KindVarchar,
	"bpchar": KindBpchar, "char": KindBpchar, "character": KindBpchar,
	"bytea": KindBytea, "bytes": KindBytea, "binary": KindBytea, "varbinary": KindBytea, "blob": KindBytea,
	"date": KindDate,
	"time": KindTime, "time without time zone": KindTime,
	"timestamp": KindTimestamp, "timestamp without time zone": KindTimestamp,
	"timestamptz": KindTimestamptz, "timestamp with time zone": KindTimestamptz, "datetime": KindTimestamptz,
	"uuid": KindUUID,
	"json": KindJSON, "file": KindJSON,
	"jsonb": KindJSONB,
	"oid":   KindOID,
	// pg_catalog column types. Unquoted CHAR is char(1) (pg_query spells
	// it bpchar); the one-byte type is only reachable quoted, so callers
	// pass its name with the quotes: "char".
	"name": KindName, `"char"`: KindChar,
	"regproc": KindRegproc, "regprocedure": KindRegprocedure,
	"regoper": KindRegoper, "regoperator": KindRegoperator,
	"regclass": KindRegclass, "regtype": KindRegtype,
	"regnamespace": KindRegnamespace, "regrole": KindRegrole,
	"int2vector": KindInt2Vector, "oidvector": KindOIDVector,
}

// internalArrayNames maps PostgreSQL's internal array type names
// (pg_type.typname of the array, "_" + the element's typname) to the
// element's spelling in typeNames.
var internalArrayNames = func() map[string]string {
	m := map[string]string{"_char": `"char"`}
	for _, n := range strings.Fields(`bool bytea name int2 int4 int8 float4 float8 numeric text
		varchar bpchar date time timestamp timestamptz uuid json jsonb oid regproc regprocedure
		regoper regoperator regclass regtype regnamespace regrole`) {
		m["_"+n] = n
	}
	return m
}()

// unsupportedTypeNames are PostgreSQL 15 types that exist but that KalamDB
// does not store: naming one is 0A000 rather than 42704.
var unsupportedTypeNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`aclitem bit box cid cidr circle datemultirange daterange
		gtsvector inet int4multirange int4range int8multirange int8range interval
		jsonpath line lseg macaddr macaddr8 money nummultirange numrange path
		point polygon refcursor regcollation regconfig regdictionary tid timetz tsmultirange
		tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot varbit xid xid8 xml
		record void pg_lsn pg_snapshot hstore citext`) {
		m[n] = true
	}
	for _, n := range []string{"bit varying", "time with time zone"} {
		m[n] = true
	}
	return m
}()

// supportedTypeNames is the list named in type errors, in PostgreSQL's
// spelling with KalamDB's aliases after it.
var supportedTypeNames = []string{
	"boolean", "smallint", "integer", "bigint", "real", "double precision", "numeric(p,s)",
	"text", "varchar(n)", "char(n)", "bytea", "date", "time", "timestamp", "timestamptz",
	"uuid", "json", "jsonb",
}

const typeAliasesHint = " (aliases: BOOL, INT2, INT, INT4, INT8, FLOAT4, FLOAT, FLOAT8, DOUBLE, DECIMAL, " +
	"STRING, BYTES, BINARY, DATETIME, TIMESTAMP WITH TIME ZONE)"

// SupportedTypeNames lists the SQL types KalamDB stores, as named in the
// HINT of type errors. The slice is a copy.
func SupportedTypeNames() []string {
	return append([]string(nil), supportedTypeNames...)
}

// typeHint is the HINT attached to every unknown/unsupported type error.
func typeHint() string {
	return "Supported types: " + strings.Join(supportedTypeNames, ", ") + typeAliasesHint + "."
}

// LookupTypeName resolves a SQL type name (any PostgreSQL spelling or
// KalamDB alias, in any case, optionally qualified with pg_catalog) with its
// modifiers. Unknown names → 42704, PostgreSQL types we do not support
// (including the pseudo-types void and record, which only functions
// return: see TypeForOID) → 0A000; both carry a HINT listing the supported
// types. Array types are spelled "int4[]" or "_int4" (see
// LookupTypeNameArray); the one-byte "char" type must be passed with its
// quotes, as plain char means char(1).
//
// Modifiers become PostgreSQL's atttypmod: varchar(n) and char(n) → n+4
// (char without a length is char(1); bpchar without one is unbounded),
// numeric(p[,s]) → ((p<<16)|(s&0x7ff))+4, time(p)/timestamp(p)/
// timestamptz(p) → p (capped at 6), float(p) picks real or double precision.
// An array's modifiers are its element's.
func LookupTypeName(name string, mods []int32) (Type, error) {
	return LookupTypeNameArray(name, mods, false)
}

// LookupTypeNameArray is LookupTypeName for a name that may carry array
// bounds separately (the AST's TypeName.Array): isArray asks for the array
// of the named type. Declared bounds and extra dimensions (int[3][]) are
// ignored, as PostgreSQL does; every array is one-dimensional here.
func LookupTypeNameArray(name string, mods []int32, isArray bool) (Type, error) {
	n := normalizeTypeName(name)
	for strings.HasSuffix(n, "]") {
		open := strings.LastIndexByte(n, '[')
		if open < 0 {
			break
		}
		n, isArray = strings.TrimSpace(n[:open]), true
	}
	if elem, ok := internalArrayNames[n]; ok {
		n, isArray = elem, true
	}
	t, err := lookupScalarTypeName(name, n, mods)
	if err != nil || !isArray {
		return t, err
	}
	if t.Kind.IsArray() {
		return Type{}, pgerr.New(pgerr.FeatureNotSupported, `type "%s" is not supported`, name).
			WithHint("Arrays of " + t.Name() + " are not supported. " + typeHint())
	}
	return ArrayOf(t), nil
}

// lookupScalarTypeName resolves the normalised name n (spelled name by
// the user) to a non-array type.
func lookupScalarTypeName(name, n string, mods []int32) (Type, error) {
	k, ok := typeNames[n]
	if !ok {
		if unsupportedTypeNames[n] || strings.HasPrefix(n, "interval") {
			return Type{}, pgerr.New(pgerr.FeatureNotSupported, `type "%s" is not supported`, name).
				WithHint(typeHint())
		}
		return Type{}, pgerr.New(pgerr.UndefinedObject, `type "%s" does not exist`, name).
			WithHint(typeHint())
	}
	t := Type{Kind: k, Mod: -1}
	switch {
	case n == "char" || n == "character":
		if len(mods) == 0 {
			t.Mod = 1 + 4
			return t, nil
		}
		return lengthTypmod(t, mods, "char")
	case k == KindBpchar:
		return lengthTypmod(t, mods, "char")
	case k == KindVarchar:
		return lengthTypmod(t, mods, "varchar")
	case k == KindNumeric:
		return numericTypmod(t, mods)
	case n == "float":
		return floatPrecision(mods)
	case k == KindTime || k == KindTimestamp || k == KindTimestamptz:
		return precisionTypmod(t, mods)
	case n == "embedding":
		return embeddingDims(t, mods)
	}
	if len(mods) > 0 {
		return Type{}, pgerr.New(pgerr.SyntaxError, `type modifier is not allowed for type "%s"`, name)
	}
	return t, nil
}

// normalizeTypeName lower-cases, collapses blanks and drops a pg_catalog
// qualification, so "pg_catalog.int4" and "Double  Precision" resolve.
func normalizeTypeName(name string) string {
	n := strings.TrimSpace(name)
	if strings.ContainsAny(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		n = strings.ToLower(n)
	}
	if strings.ContainsAny(n, " \t\n") {
		n = strings.Join(strings.Fields(n), " ")
	}
	n = strings.TrimPrefix(n, "pg_catalog.")
	return n
}

// maxCharLength is PostgreSQL's MaxAttrSize limit for varchar(n)/char(n).
const maxCharLength = 10485760

func lengthTypmod(t Type, mods []int32, label string) (Type, error) {
	switch len(mods) {
	case 0:
		return t, nil
	case 1:
	default:
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
	}
	n := mods[0]
	if n < 1 {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "length for type %s must be at least 1", label)
	}
	if n > maxCharLength {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "length for type %s cannot exceed %d", label, maxCharLength)
	}
	t.Mod = n + 4
	return t, nil
}

// numericTypmod validates numeric(p[,s]) like numerictypmodin. PostgreSQL
// 15 allows a negative scale and stores it in the low 11 bits.
func numericTypmod(t Type, mods []int32) (Type, error) {
	if len(mods) == 0 {
		return t, nil
	}
	if len(mods) > 2 {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "invalid NUMERIC type modifier")
	}
	p, s := mods[0], int32(0)
	if len(mods) == 2 {
		s = mods[1]
	}
	if p < 1 || p > 1000 {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and 1000", p)
	}
	if s < -1000 || s > 1000 {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between -1000 and 1000", s)
	}
	t.Mod = (p<<16 | s&0x7ff) + 4
	return t, nil
}

// floatPrecision maps float(p) to real (p ≤ 24) or double precision, with
// the grammar's messages.
func floatPrecision(mods []int32) (Type, error) {
	switch {
	case len(mods) == 0:
		return Float8, nil
	case len(mods) > 1:
		return Type{}, pgerr.New(pgerr.SyntaxError, "syntax error at or near \",\"")
	case mods[0] < 1:
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "precision for type float must be at least 1 bit")
	case mods[0] <= 24:
		return Float4, nil
	case mods[0] <= 53:
		return Float8, nil
	}
	return Type{}, pgerr.New(pgerr.InvalidParameterValue, "precision for type float must be less than 54 bits")
}

// precisionTypmod handles time(p)/timestamp(p): the typmod is p itself.
// PostgreSQL reduces p > 6 to 6 with a warning; we reduce silently.
func precisionTypmod(t Type, mods []int32) (Type, error) {
	switch len(mods) {
	case 0:
		return t, nil
	case 1:
	default:
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
	}
	label := "TIMESTAMP"
	if t.Kind == KindTime {
		label = "TIME"
	}
	p := mods[0]
	if p < 0 {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "%s(%d) precision must not be negative", label, p)
	}
	t.Mod = min(p, 6)
	return t, nil
}

// embeddingDims accepts KalamDB's EMBEDDING(n), 1 ≤ n ≤ 8192, stored as
// text (the vector's JSON-like literal).
func embeddingDims(t Type, mods []int32) (Type, error) {
	if len(mods) != 1 || mods[0] < 1 || mods[0] > 8192 {
		return Type{}, pgerr.New(pgerr.InvalidParameterValue, "EMBEDDING dimension must be between 1 and 8192")
	}
	return t, nil
}
