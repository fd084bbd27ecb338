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
	KindOID     // oid columns in catalog rows

	// The kinds below serve the pg_catalog relations clients query. They
	// come after the original kinds because a Kind is the row codec's tag:
	// existing tags never change.

	KindName         // name: text truncated to 63 bytes
	KindChar         // "char": one byte, in I (0-255)
	KindRegproc      // the reg* OID aliases: I = oid, S = resolved name or ""
	KindRegprocedure //
	KindRegoper      //
	KindRegoperator  //
	KindRegclass     //
	KindRegtype      //
	KindRegnamespace //
	KindRegrole      //
	KindAclitem      // aclitem, kept as its text form (internal: not nameable)
	KindArray        // a one-dimensional array; Type.Elem is the element kind
	KindInt2Vector   // int2vector: an array of int2 written "1 2 3"
	KindOIDVector    // oidvector: an array of oid written "1 2 3"
	KindVoid         // pseudo-type of functions returning nothing
	KindRecord       // pseudo-type of functions returning an anonymous row
	kindCount
)

// Type is a SQL type: a Kind plus PostgreSQL's type modifier (atttypmod).
// Mod is -1 when absent; varchar(n)/char(n) store n+4 and numeric(p,s)
// stores ((p<<16)|s)+4, exactly as PostgreSQL reports them on the wire.
//
// Arrays have Kind KindArray, Elem the element's kind and Mod the
// element's typmod (varchar(10)[] is {KindArray, KindVarchar, 14}, as
// PostgreSQL's atttypmod for it is 14). Elem is zero (KindNull) for every
// other kind; int2vector and oidvector imply their element kind.
type Type struct {
	Kind Kind
	Elem Kind
	Mod  int32
}

// Convenience types without modifiers.
var (
	Null        = Type{Kind: KindNull, Mod: -1}
	Bool        = Type{Kind: KindBool, Mod: -1}
	Int2        = Type{Kind: KindInt2, Mod: -1}
	Int4        = Type{Kind: KindInt4, Mod: -1}
	Int8        = Type{Kind: KindInt8, Mod: -1}
	Float4      = Type{Kind: KindFloat4, Mod: -1}
	Float8      = Type{Kind: KindFloat8, Mod: -1}
	Numeric     = Type{Kind: KindNumeric, Mod: -1}
	Text        = Type{Kind: KindText, Mod: -1}
	Varchar     = Type{Kind: KindVarchar, Mod: -1}
	Bpchar      = Type{Kind: KindBpchar, Mod: -1}
	Bytea       = Type{Kind: KindBytea, Mod: -1}
	Date        = Type{Kind: KindDate, Mod: -1}
	Time        = Type{Kind: KindTime, Mod: -1}
	Timestamp   = Type{Kind: KindTimestamp, Mod: -1}
	Timestamptz = Type{Kind: KindTimestamptz, Mod: -1}
	UUID        = Type{Kind: KindUUID, Mod: -1}
	JSON        = Type{Kind: KindJSON, Mod: -1}
	JSONB       = Type{Kind: KindJSONB, Mod: -1}
	Unknown     = Type{Kind: KindUnknown, Mod: -1}
	OID         = Type{Kind: KindOID, Mod: -1}

	Name         = Type{Kind: KindName, Mod: -1}
	Char         = Type{Kind: KindChar, Mod: -1}
	Regproc      = Type{Kind: KindRegproc, Mod: -1}
	Regprocedure = Type{Kind: KindRegprocedure, Mod: -1}
	Regoper      = Type{Kind: KindRegoper, Mod: -1}
	Regoperator  = Type{Kind: KindRegoperator, Mod: -1}
	Regclass     = Type{Kind: KindRegclass, Mod: -1}
	Regtype      = Type{Kind: KindRegtype, Mod: -1}
	Regnamespace = Type{Kind: KindRegnamespace, Mod: -1}
	Regrole      = Type{Kind: KindRegrole, Mod: -1}
	Aclitem      = Type{Kind: KindAclitem, Mod: -1}
	Int2Vector   = Type{Kind: KindInt2Vector, Mod: -1}
	OIDVector    = Type{Kind: KindOIDVector, Mod: -1}
	Void         = Type{Kind: KindVoid, Mod: -1}
	Record       = Type{Kind: KindRecord, Mod: -1}
)

// ArrayOf is the one-dimensional array type whose elements have type elem.
// elem must not itself be an array or vector.
func ArrayOf(elem Type) Type { return Type{Kind: KindArray, Elem: elem.Kind, Mod: elem.Mod} }

// IsArray reports whether t is an array, int2vector or oidvector: a type
// whose values hold elements (see NewArray).
func (t Type) IsArray() bool { return t.Kind.IsArray() }

// IsArray reports whether values of kind k hold elements: arrays and the
// two vector kinds.
func (k Kind) IsArray() bool { return k == KindArray || k == KindInt2Vector || k == KindOIDVector }

// ElemType is the type of t's elements: the element kind with t's typmod
// for arrays, int2 and oid for the vectors, and Null for non-array types.
func (t Type) ElemType() Type {
	switch t.Kind {
	case KindArray:
		return Type{Kind: t.Elem, Mod: t.Mod}
	case KindInt2Vector:
		return Int2
	case KindOIDVector:
		return OID
	}
	return Null
}

type kindInfo struct {
	oid    uint32
	name   string // PostgreSQL's canonical name, as format_type prints it
	typlen int16  // pg_type.typlen: fixed size in bytes, or -1 for varlena
	array  uint32 // pg_type.typarray: the OID of the array of this kind, 0 if none
}

// OID is the type's PostgreSQL OID. Unresolved kinds report text, never
// 0; so does an array of an unresolved kind (text[]).
func (t Type) OID() uint32 {
	if t.Kind == KindArray {
		if a := kinds[t.Elem].array; a != 0 {
			return a
		}
		return OIDTextArray
	}
	return kinds[t.Kind].oid
}

// Size is pg_type.typlen, as sent in RowDescription.
func (t Type) Size() int16 { return kinds[t.Kind].typlen }

// Name is the type's name as PostgreSQL's format_type prints it, with its
// modifier: "character varying(10)[]" for an array.
func (t Type) Name() string {
	if t.Kind == KindArray {
		return t.ElemType().Name() + "[]"
	}
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

// IsString reports whether the kind holds character data in Value.S and
// belongs to PostgreSQL's string category (name included: it compares and
// converts like text).
func (k Kind) IsString() bool {
	return k == KindText || k == KindVarchar || k == KindBpchar || k == KindUnknown || k == KindName
}

// IsReg reports whether k is one of the reg* OID alias kinds (regclass, …),
// whose values are an oid in Value.I and its resolved name in Value.S.
func (k Kind) IsReg() bool { return k >= KindRegproc && k <= KindRegrole }

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
