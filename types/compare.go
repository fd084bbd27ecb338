package types

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
)

// class groups the kinds that compare with each other. Values of different
// classes are not comparable in SQL; the planner rejects such comparisons,
// and Compare orders them by class only so that sorting stays total.
type class uint8

const (
	classNumber class = iota
	classString
	classBool
	classDatetime // date, timestamp, timestamptz
	classTime
	classBytea
	classUUID
	classJSON
	classChar  // "char"
	classArray // arrays and the vectors
	classNull  // NULL sorts after everything
)

func classOf(k Kind) class {
	if k.IsReg() {
		return classNumber
	}
	switch k {
	case KindName, KindAclitem:
		return classString
	case KindChar:
		return classChar
	case KindArray, KindInt2Vector, KindOIDVector:
		return classArray
	case KindInt2, KindInt4, KindInt8, KindOID, KindFloat4, KindFloat8, KindNumeric:
		return classNumber
	case KindText, KindVarchar, KindBpchar, KindUnknown:
		return classString
	case KindBool:
		return classBool
	case KindDate, KindTimestamp, KindTimestamptz:
		return classDatetime
	case KindTime:
		return classTime
	case KindBytea:
		return classBytea
	case KindUUID:
		return classUUID
	case KindJSON, KindJSONB:
		return classJSON
	}
	return classNull
}

// Compare orders two values and returns -1, 0 or +1 with PostgreSQL's
// semantics: integers, floats and numerics compare by value across kinds
// (int vs numeric exactly, anything vs float as float8); float and numeric
// NaN equal each other and sort above every other number; strings compare
// bytewise (C collation) with char(n) ignoring trailing spaces; dates
// compare with timestamps as midnight (UTC); bytea, uuid and json compare
// bytewise; name compares like text, "char" as an unsigned byte, reg*
// values by oid (like oid); arrays element by element (a NULL element
// after any value), then by length. NULL equals NULL and sorts after every
// non-NULL value, which is what ORDER BY, GROUP BY and DISTINCT need. Only
// numeric comparisons may allocate, and only for non-canonical text.
func Compare(a, b Value) int {
	ca, cb := classOf(a.K), classOf(b.K)
	if ca != cb {
		return cmpInt(int(ca), int(cb))
	}
	switch ca {
	case classNumber:
		return compareNumbers(a, b)
	case classString:
		return strings.Compare(bpcharTrim(a), bpcharTrim(b))
	case classBool, classTime, classChar:
		return cmpInt(a.I, b.I)
	case classArray:
		return compareArrays(a, b)
	case classDatetime:
		return compareDatetime(a, b)
	case classBytea, classUUID, classJSON:
		return strings.Compare(a.S, b.S)
	}
	return 0 // both NULL
}

// Equal reports whether a and b are equal for grouping and DISTINCT:
// Compare(a, b) == 0, so NULLs are equal to each other.
func Equal(a, b Value) bool { return Compare(a, b) == 0 }

func isFloatKind(k Kind) bool { return k == KindFloat4 || k == KindFloat8 }

func compareNumbers(a, b Value) int {
	af, bf := isFloatKind(a.K), isFloatKind(b.K)
	an, bn := a.K == KindNumeric, b.K == KindNumeric
	switch {
	case !af && !bf && !an && !bn:
		return cmpInt(a.I, b.I)
	case af || bf:
		return cmpFloat(numberAsFloat(a), numberAsFloat(b))
	case an && bn:
		return NumericCompare(a.S, b.S)
	case an:
		return -cmpIntNumeric(b.I, a.S)
	}
	return cmpIntNumeric(a.I, b.S)
}

// numberAsFloat reads a number as float8, as PostgreSQL does when one side
// of a comparison is a float. Numeric text beyond float8's range saturates
// to ±Inf or 0 instead of failing, so the comparison stays total.
func numberAsFloat(v Value) float64 {
	switch v.K {
	case KindFloat4, KindFloat8:
		return v.F
	case KindNumeric:
		f, _ := strconv.ParseFloat(v.S, 64)
		return f
	}
	return float64(v.I)
}

// cmpFloat orders floats like PostgreSQL's float8 comparisons: NaN equals
// NaN and is greater than everything else, and -0 equals 0.
func cmpFloat(a, b float64) int {
	an, bn := a != a, b != b
	switch {
	case an || bn:
		return cmpBool(an, bn)
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// bpcharTrim returns the comparable text of a string value: char(n) values
// drop their trailing spaces, as PostgreSQL's bpchar comparisons do.
func bpcharTrim(v Value) string {
	if v.K == KindBpchar {
		return strings.TrimRight(v.S, " ")
	}
	return v.S
}

const (
	microsPerDay = 86_400_000_000
	// dateMaxForTimestamp is the first date (days since 1970-01-01) that
	// does not fit a timestamp: 294277-01-01, PostgreSQL's TIMESTAMP_END_JULIAN.
	dateMaxForTimestamp = 109_203_528 - unixEpochJulian
	unixEpochJulian     = 2_440_588
)

// compareDatetime compares dates and timestamps, a date standing for its
// midnight. Infinities are preserved; dates beyond the timestamp range sort
// after every finite timestamp (before +infinity), as in PostgreSQL.
func compareDatetime(a, b Value) int {
	ad, bd := a.K == KindDate, b.K == KindDate
	if ad == bd {
		return cmpInt(a.I, b.I)
	}
	if ad {
		return cmpInt(dateAsMicros(a.I), b.I)
	}
	return cmpInt(a.I, dateAsMicros(b.I))
}

// dateAsMicros maps a date to its midnight in microseconds, saturating
// out-of-range dates just inside the infinities so that they still order
// correctly against every finite timestamp.
func dateAsMicros(days int64) int64 {
	switch {
	case days == PosInfinity || days == NegInfinity:
		return days
	case days >= dateMaxForTimestamp:
		return PosInfinity - 1
	case days < math.MinInt64/microsPerDay:
		return NegInfinity + 1
	}
	return days * microsPerDay
}

// Group-key class tags. Kinds that compare equal across kinds within a
// group (int2/int4/int8/oid/reg*; text/varchar/char/unknown/name; timestamp
// and timestamptz; json/jsonb; arrays and vectors) share a tag.
const (
	gkNull     = 0x00
	gkInt      = 0x01
	gkFloat    = 0x02
	gkNumeric  = 0x03
	gkString   = 0x04
	gkBool     = 0x05
	gkDate     = 0x06
	gkTime     = 0x07
	gkTimestmp = 0x08
	gkBytea    = 0x09
	gkUUID     = 0x0a
	gkJSON     = 0x0b
	gkChar     = 0x0c
	gkArray    = 0x0d
)

// AppendGroupKey appends a self-delimiting encoding of v for hash-based
// GROUP BY and DISTINCT: for two values of the same kind, or of kinds in
// the same family (the integer kinds, the character kinds, timestamp and
// timestamptz), the encodings are equal exactly when Equal reports them
// equal. So 1::int4 and 1::int8 match, '1.0' and '1.00' numerics match,
// 'a '::char(2) and 'a'::text match, all NaNs match and -0 matches 0.
// Keys of several columns may be concatenated. It does not allocate for
// canonical numeric text.
func AppendGroupKey(buf []byte, v Value) []byte {
	if v.K.IsReg() {
		return binary.BigEndian.AppendUint64(append(buf, gkInt), uint64(v.I))
	}
	switch v.K {
	case KindName, KindAclitem:
		return appendLenString(append(buf, gkString), v.S)
	case KindChar:
		return append(buf, gkChar, byte(v.I))
	case KindArray, KindInt2Vector, KindOIDVector:
		return appendArrayGroupKey(append(buf, gkArray), v)
	case KindNull:
		return append(buf, gkNull)
	case KindInt2, KindInt4, KindInt8, KindOID:
		return binary.BigEndian.AppendUint64(append(buf, gkInt), uint64(v.I))
	case KindFloat4, KindFloat8:
		return binary.BigEndian.AppendUint64(append(buf, gkFloat), floatKeyBits(v.F))
	case KindNumeric:
		return appendNumericKey(append(buf, gkNumeric), v.S)
	case KindText, KindVarchar, KindBpchar, KindUnknown:
		return appendLenString(append(buf, gkString), bpcharTrim(v))
	case KindBool:
		return append(buf, gkBool, byte(v.I))
	case KindDate:
		return binary.BigEndian.AppendUint64(append(buf, gkDate), uint64(v.I))
	case KindTime:
		return binary.BigEndian.AppendUint64(append(buf, gkTime), uint64(v.I))
	case KindTimestamp, KindTimestamptz:
		return binary.BigEndian.AppendUint64(append(buf, gkTimestmp), uint64(v.I))
	case KindBytea:
		return appendLenString(append(buf, gkBytea), v.S)
	case KindUUID:
		return appendLenString(append(buf, gkUUID), v.S)
	case KindJSON, KindJSONB:
		return appendLenString(append(buf, gkJSON), v.S)
	}
	return append(buf, gkNull)
}

func appendLenString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}
