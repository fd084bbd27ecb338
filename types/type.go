package types

// Kind is the physical kind of a SQL type. Varchar, Bpchar and Text share a
// representation but keep distinct kinds so the wire OIDs stay exact.
type Kind uint8

const (
	KindNull Kind = iota // the type of an untyped NULL; also the zero Value
	KindBool
	KindInt2
	KindInt4
	KindInt8
	KindFloat4
	KindFloat8
	KindNumeric
	KindText
	KindVarchar
	KindBpchar
	KindBytea
	KindDate
	KindTime
	KindTimestamp
	KindTimestamptz
	KindUUID
	KindJSON
	KindJSONB
	KindUnknown // an undecorated string literal whose type is not resolved yet
	KindOID     // internal: oid columns in catalog rows
	kindCount
)

// PostgreSQL type OIDs (pg_type.oid in PostgreSQL 15).
const (
	OIDBool        uint32 = 16
	OIDBytea       uint32 = 17
	OIDInt8        uint32 = 20
	OIDInt2        uint32 = 21
	OIDInt4        uint32 = 23
	OIDText        uint32 = 25
	OIDOID         uint32 = 26
	OIDJSON        uint32 = 114
	OIDFloat4      uint32 = 700
	OIDFloat8      uint32 = 701
	OIDUnknown     uint32 = 705
	OIDBpchar      uint32 = 1042
	OIDVarchar     uint32 = 1043
	OIDDate        uint32 = 1082
	OIDTime        uint32 = 1083
	OIDTimestamp   uint32 = 1114
	OIDTimestamptz uint32 = 1184
	OIDNumeric     uint32 = 1700
	OIDUUID        uint32 = 2950
	OIDJSONB       uint32 = 3802
)

// Type is a SQL type: a Kind plus PostgreSQL's type modifier (atttypmod).
// Mod is -1 when absent; varchar(n)/char(n) store n+4 and numeric(p,s)
// stores ((p<<16)|s)+4, exactly as PostgreSQL reports them on the wire.
type Type struct {
	Kind Kind
	Mod  int32
}

// Convenience types without modifiers.
var (
	Null        = Type{KindNull, -1}
	Bool        = Type{KindBool, -1}
	Int2        = Type{KindInt2, -1}
	Int4        = Type{KindInt4, -1}
	Int8        = Type{KindInt8, -1}
	Float4      = Type{KindFloat4, -1}
	Float8      = Type{KindFloat8, -1}
	Numeric     = Type{KindNumeric, -1}
	Text        = Type{KindText, -1}
	Varchar     = Type{KindVarchar, -1}
	Bpchar      = Type{KindBpchar, -1}
	Bytea       = Type{KindBytea, -1}
	Date        = Type{KindDate, -1}
	Time        = Type{KindTime, -1}
	Timestamp   = Type{KindTimestamp, -1}
	Timestamptz = Type{KindTimestamptz, -1}
	UUID        = Type{KindUUID, -1}
	JSON        = Type{KindJSON, -1}
	JSONB       = Type{KindJSONB, -1}
	Unknown     = Type{KindUnknown, -1}
	OID         = Type{KindOID, -1}
)

type kindInfo struct {
	oid    uint32
	name   string // PostgreSQL's canonical name, as format_type prints it
	typlen int16  // pg_type.typlen: fixed size in bytes, or -1 for varlena
}

var kinds = [kindCount]kindInfo{
	KindNull:        {OIDText, "text", -1},
	KindBool:        {OIDBool, "boolean", 1},
	KindInt2:        {OIDInt2, "smallint", 2},
	KindInt4:        {OIDInt4, "integer", 4},
	KindInt8:        {OIDInt8, "bigint", 8},
	KindFloat4:      {OIDFloat4, "real", 4},
	KindFloat8:      {OIDFloat8, "double precision", 8},
	KindNumeric:     {OIDNumeric, "numeric", -1},
	KindText:        {OIDText, "text", -1},
	KindVarchar:     {OIDVarchar, "character varying", -1},
	KindBpchar:      {OIDBpchar, "character", -1},
	KindBytea:       {OIDBytea, "bytea", -1},
	KindDate:        {OIDDate, "date", 4},
	KindTime:        {OIDTime, "time without time zone", 8},
	KindTimestamp:   {OIDTimestamp, "timestamp without time zone", 8},
	KindTimestamptz: {OIDTimestamptz, "timestamp with time zone", 8},
	KindUUID:        {OIDUUID, "uuid", 16},
	KindJSON:        {OIDJSON, "json", -1},
	KindJSONB:       {OIDJSONB, "jsonb", -1},
	KindUnknown:     {OIDText, "text", -1},
	KindOID:         {OIDOID, "oid", 4},
}

// OID is the type's PostgreSQL OID. Unresolved kinds report text, never 0.
func (t Type) OID() uint32 { return kinds[t.Kind].oid }

// Size is pg_type.typlen, as sent in RowDescription.
func (t Type) Size() int16 { return kinds[t.Kind].typlen }

// Name is the type's name as PostgreSQL's format_type prints it, with its modifier.
func (t Type) Name() string {
	name := kinds[t.Kind].name
	if t.Mod < 0 {
		return name
	}
	switch t.Kind {
	case KindVarchar, KindBpchar:
		return name + "(" + itoa(int64(t.Mod-4)) + ")"
	case KindNumeric:
		p, s := t.NumericPrecisionScale()
		return name + "(" + itoa(int64(p)) + "," + itoa(int64(s)) + ")"
	case KindTime:
		return "time(" + itoa(int64(t.Mod)) + ") without time zone"
	case KindTimestamp:
		return "timestamp(" + itoa(int64(t.Mod)) + ") without time zone"
	case KindTimestamptz:
		return "timestamp(" + itoa(int64(t.Mod)) + ") with time zone"
	}
	return name
}

// NumericPrecisionScale decodes a numeric typmod. The scale is an 11-bit
// signed field, as in PostgreSQL, so numeric(5,-1) round-trips.
func (t Type) NumericPrecisionScale() (precision, scale int32) {
	m := t.Mod - 4
	return (m >> 16) & 0xffff, ((m & 0x7ff) ^ 1024) - 1024
}

// IsNumeric reports whether values of the type take part in arithmetic.
func (k Kind) IsNumeric() bool {
	switch k {
	case KindInt2, KindInt4, KindInt8, KindFloat4, KindFloat8, KindNumeric, KindOID:
		return true
	}
	return false
}

// IsInteger reports whether the kind is one of the integer kinds.
func (k Kind) IsInteger() bool {
	return k == KindInt2 || k == KindInt4 || k == KindInt8 || k == KindOID
}

// IsString reports whether the kind holds character data in Value.S.
func (k Kind) IsString() bool {
	return k == KindText || k == KindVarchar || k == KindBpchar || k == KindUnknown
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
