package types

import "math"

// Value is one SQL value. It is a small struct passed by value so rows are
// plain []Value slices without per-value heap allocation.
//
// Which field holds the payload depends on K:
//
//	KindNull                 nothing (the zero Value is NULL)
//	KindBool                 I: 0 or 1
//	KindInt2/Int4/Int8/OID   I
//	KindFloat4/Float8        F
//	KindNumeric              S: canonical decimal text ("12.50", "NaN")
//	KindText/Varchar/Bpchar  S
//	KindUnknown              S: literal text awaiting a type
//	KindBytea                S: raw bytes
//	KindDate                 I: days since 1970-01-01
//	KindTime                 I: microseconds since midnight
//	KindTimestamp            I: microseconds since 1970-01-01 00:00:00 (no zone)
//	KindTimestamptz          I: microseconds since 1970-01-01 00:00:00 UTC
//	KindUUID                 S: the 16 raw bytes
//	KindJSON/JSONB           S: JSON text (validated on the way in)
//	KindName                 S: at most 63 bytes (TruncateName)
//	KindChar                 I: the byte, 0-255
//	KindRegclass, … (IsReg)  I: the oid; S: the name it prints as, or ""
//	                         (then it prints the number; see NameResolver)
//	KindAclitem              S: the text form
//	KindArray                I: the element Kind; S: the elements in the
//	                         row codec (AppendRow), each NULL or of that kind
//	KindInt2Vector/OIDVector S: int2/oid elements in the row codec
//	KindVoid                 nothing
//
// Infinite dates and timestamps use math.MaxInt64 / math.MinInt64 in I.
// Arrays are built with NewArray/NewVector and read with ArrayElems; their
// payload is immutable like every other string payload.
type Value struct {
	K Kind
	I int64
	F float64
	S string
}

// NullValue is SQL NULL.
var NullValue = Value{}

// IsNull reports whether v is SQL NULL.
func (v Value) IsNull() bool { return v.K == KindNull }

func NewBool(b bool) Value {
	if b {
		return Value{K: KindBool, I: 1}
	}
	return Value{K: KindBool}
}
func NewInt2(n int16) Value       { return Value{K: KindInt2, I: int64(n)} }
func NewInt4(n int32) Value       { return Value{K: KindInt4, I: int64(n)} }
func NewInt8(n int64) Value       { return Value{K: KindInt8, I: n} }
func NewFloat4(f float32) Value   { return Value{K: KindFloat4, F: float64(f)} }
func NewFloat8(f float64) Value   { return Value{K: KindFloat8, F: f} }
func NewText(s string) Value      { return Value{K: KindText, S: s} }
func NewBytea(b []byte) Value     { return Value{K: KindBytea, S: string(b)} }
func NewDate(days int64) Value    { return Value{K: KindDate, I: days} }
func NewTime(micros int64) Value  { return Value{K: KindTime, I: micros} }
func NewTimestamp(us int64) Value { return Value{K: KindTimestamp, I: us} }
func NewTimestamptz(us int64) Value {
	return Value{K: KindTimestamptz, I: us}
}

// Bool returns the boolean payload; NULL reads as false.
func (v Value) Bool() bool { return v.I != 0 }

// Infinity markers for dates and timestamps.
const (
	PosInfinity = math.MaxInt64
	NegInfinity = math.MinInt64
)
