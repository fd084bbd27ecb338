package types

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Order-preserving key encoding, used for bbolt keys. For two values of the
// same kind, bytes.Compare(AppendKey(nil, a), AppendKey(nil, b)) equals
// Compare(a, b), and every encoding is self-delimiting, so a composite key
// is the concatenation of its columns' encodings and sorts column by column.
//
//	bool                     1 byte, 0 or 1
//	int2/int4/int8/oid       8 bytes big endian, sign bit flipped (one width
//	date/time/timestamp(tz)  for all, so a column's key size never varies)
//	float4/float8            8 bytes: IEEE bits with the sign trick, -0 as 0,
//	                         every NaN as all ones (after +Inf)
//	numeric                  see appendNumericKey
//	text/varchar/bytea/json  bytes with 0x00 escaped as 0x00 0xFF, then the
//	                         terminator 0x00 0x01
//	char(n)                  as text, without trailing spaces
//	uuid                     16 bytes
//	name, aclitem            as text
//	"char"                   1 byte
//	reg* (regclass, …)       as oid: the resolved name is not kept
//	arrays, vectors          per element a marker (0x01 value, 0x02 NULL)
//	                         and the element's key, then 0x00: order-
//	                         preserving for arrays of one element kind
//
// Values that compare equal encode equally (1.0 and 1.00, 'a' and 'a '
// as char), so a key identifies a row by value; DecodeKey therefore
// returns numerics without trailing fraction zeros and char(n) without
// padding. NULL is not a key value (key columns are NOT NULL): AppendKey
// appends nothing for it, and callers must reject NULLs before encoding.

const (
	keyEscape     = 0x00
	keyEscaped00  = 0xFF
	keyTerminator = 0x01
)

var errBadKey = pgerr.New(pgerr.InternalError, "malformed key encoding")

// AppendKey appends the order-preserving encoding of v to buf. It does not
// allocate beyond growing buf (numerics: for canonical text).
func AppendKey(buf []byte, v Value) []byte {
	if v.K.IsReg() {
		return binary.BigEndian.AppendUint64(buf, uint64(v.I)^(1<<63))
	}
	switch v.K {
	case KindNull, KindVoid, KindRecord:
		return buf
	case KindChar:
		return append(buf, byte(v.I))
	case KindArray, KindInt2Vector, KindOIDVector:
		return appendArrayKey(buf, v)
	case KindBool:
		return append(buf, byte(v.I&1))
	case KindInt2, KindInt4, KindInt8, KindOID, KindDate, KindTime, KindTimestamp, KindTimestamptz:
		return binary.BigEndian.AppendUint64(buf, uint64(v.I)^(1<<63))
	case KindFloat4, KindFloat8:
		return binary.BigEndian.AppendUint64(buf, floatKeyBits(v.F))
	case KindNumeric:
		return appendNumericKey(buf, v.S)
	case KindUUID:
		return append(buf, v.S...)
	case KindBpchar:
		return appendKeyString(buf, strings.TrimRight(v.S, " "))
	}
	return appendKeyString(buf, v.S)
}

// floatKeyBits maps a float to bits whose unsigned order is the float order
// of cmpFloat.
func floatKeyBits(f float64) uint64 {
	if f != f {
		return math.MaxUint64
	}
	if f == 0 {
		f = 0 // -0 → +0
	}
	b := math.Float64bits(f)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

func appendKeyString(buf []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, 0)
		if i < 0 {
			break
		}
		buf = append(buf, s[:i]...)
		buf = append(buf, keyEscape, keyEscaped00)
		s = s[i+1:]
	}
	buf = append(buf, s...)
	return append(buf, keyEscape, keyTerminator)
}

// DecodeKey decodes one value of type t from the front of b (as AppendKey
// wrote it) and returns the rest.
func DecodeKey(b []byte, t Type) (Value, []byte, error) {
	if t.Kind.IsReg() {
		if len(b) < 8 {
			return NullValue, b, errBadKey
		}
		return Value{K: t.Kind, I: int64(binary.BigEndian.Uint64(b) ^ (1 << 63))}, b[8:], nil
	}
	switch t.Kind {
	case KindNull:
		return NullValue, b, nil
	case KindVoid, KindRecord:
		return Value{K: t.Kind}, b, nil
	case KindChar:
		if len(b) < 1 {
			return NullValue, b, errBadKey
		}
		return NewChar(b[0]), b[1:], nil
	case KindArray, KindInt2Vector, KindOIDVector:
		return decodeArrayKey(b, t)
	case KindBool:
		if len(b) < 1 || b[0] > 1 {
			return NullValue, b, errBadKey
		}
		return Value{K: KindBool, I: int64(b[0])}, b[1:], nil
	case KindInt2, KindInt4, KindInt8, KindOID, KindDate, KindTime, KindTimestamp, KindTimestamptz:
		if len(b) < 8 {
			return NullValue, b, errBadKey
		}
		n := int64(binary.BigEndian.Uint64(b) ^ (1 << 63))
		return Value{K: t.Kind, I: n}, b[8:], nil
	case KindFloat4, KindFloat8:
		if len(b) < 8 {
			return NullValue, b, errBadKey
		}
		u := binary.BigEndian.Uint64(b)
		var f float64
		switch {
		case u == math.MaxUint64:
			f = math.NaN()
		case u&(1<<63) != 0:
			f = math.Float64frombits(u &^ (1 << 63))
		default:
			f = math.Float64frombits(^u)
		}
		return Value{K: t.Kind, F: f}, b[8:], nil
	case KindNumeric:
		s, rest, err := decodeNumericKey(b)
		if err != nil {
			return NullValue, b, err
		}
		return Value{K: KindNumeric, S: s}, rest, nil
	case KindUUID:
		if len(b) < 16 {
			return NullValue, b, errBadKey
		}
		return Value{K: KindUUID, S: string(b[:16])}, b[16:], nil
	}
	s, rest, err := decodeKeyString(b)
	if err != nil {
		return NullValue, b, err
	}
	return Value{K: t.Kind, S: s}, rest, nil
}

func decodeKeyString(b []byte) (string, []byte, error) {
	// Fast path: no escaped zero bytes, one allocation for the string.
	for i := 0; i+1 < len(b); i++ {
		if b[i] != keyEscape {
			continue
		}
		if b[i+1] == keyTerminator {
			return string(b[:i]), b[i+2:], nil
		}
		break
	}
	out := make([]byte, 0, len(b))
	for i := 0; i+1 < len(b); i++ {
		if b[i] != keyEscape {
			out = append(out, b[i])
			continue
		}
		switch b[i+1] {
		case keyTerminator:
			return string(out), b[i+2:], nil
		case keyEscaped00:
			out = append(out, 0)
			i++
		default:
			return "", b, errBadKey
		}
	}
	return "", b, errBadKey
}
