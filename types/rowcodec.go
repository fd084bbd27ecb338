package types

import (
	"encoding/binary"
	"math"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Row codec: the compact encoding of a row in the hot tier, also the
// payload of array values (see NewArray).
//
//	version   1 byte (rowFormatV1)
//	count     uvarint, the number of values
//	values    per value a tag byte (its Kind) and the payload:
//	            NULL, void, record            nothing
//	            bool, integers, "char", date, zig-zag varint of Value.I
//	            time, timestamp, timestamptz
//	            float4, float8                8 bytes little endian, the
//	                                          exact bits of Value.F
//	            numeric, strings, name,       uvarint length, then the bytes
//	            bytea, json, aclitem,
//	            int2vector, oidvector
//	            uuid                          16 bytes
//	            reg* (regclass, …)            varint of Value.I, then the
//	                                          resolved name as a string
//	            array                         the element kind (1 byte), then
//	                                          the element encoding as a string
//
// Every Value round-trips exactly, including NaN payloads, -0 and infinite
// dates and timestamps. The schema version, _seq and the deleted flag are
// the storage layer's business and live outside this encoding. A tag is a
// Kind, so kinds are only ever appended (type.go).
const rowFormatV1 = 1

var (
	errRowFormat = pgerr.New(pgerr.InternalError, "unsupported row format version")
	errRowData   = pgerr.New(pgerr.InternalError, "malformed row encoding")
)

// payload says which parts of a value the row codec stores for a kind.
type payload uint8

const (
	payNone   payload = iota
	payInt            // varint I
	payFloat          // 8 bytes F
	payString         // uvarint length + S
	payUUID           // 16 bytes S
	payIntStr         // varint I, then uvarint length + S
	payArray          // 1 byte element kind (in I), then uvarint length + S
	payBad            // not a valid tag
)

func payloadOf(k Kind) payload {
	switch k {
	case KindNull, KindVoid, KindRecord:
		return payNone
	case KindBool, KindInt2, KindInt4, KindInt8, KindOID, KindChar, KindDate, KindTime, KindTimestamp, KindTimestamptz:
		return payInt
	case KindFloat4, KindFloat8:
		return payFloat
	case KindUUID:
		return payUUID
	case KindArray:
		return payArray
	}
	if k.IsReg() {
		return payIntStr
	}
	if k < kindCount {
		return payString
	}
	return payBad
}

// AppendRow appends the compact encoding of row to buf. It allocates only
// to grow buf.
func AppendRow(buf []byte, row []Value) []byte {
	buf = append(buf, rowFormatV1)
	buf = binary.AppendUvarint(buf, uint64(len(row)))
	for i := range row {
		buf = appendRowValue(buf, &row[i])
	}
	return buf
}

func appendRowValue(buf []byte, v *Value) []byte {
	buf = append(buf, byte(v.K))
	switch payloadOf(v.K) {
	case payInt:
		buf = binary.AppendVarint(buf, v.I)
	case payFloat:
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v.F))
	case payUUID:
		buf = appendRowUUID(buf, v.S)
	case payString:
		buf = appendLenString(buf, v.S)
	case payIntStr:
		buf = appendLenString(binary.AppendVarint(buf, v.I), v.S)
	case payArray:
		buf = appendLenString(append(buf, byte(v.I)), v.S)
	}
	return buf
}

// appendRowUUID appends exactly 16 bytes, so a malformed payload cannot
// desynchronise the rest of the row.
func appendRowUUID(buf []byte, s string) []byte {
	var u [16]byte
	copy(u[:], s)
	return append(buf, u[:]...)
}

// DecodeRow decodes a row written by AppendRow into dst, reusing its
// backing array when it is large enough. All string payloads of the row
// share one copy of b (a single allocation), so b may be reused afterwards;
// the copy lives as long as any of the row's strings does.
// Malformed input returns an error, never panics.
func DecodeRow(b []byte, dst []Value) ([]Value, error) {
	count, pos, err := rowHeader(b)
	if err != nil {
		return dst[:0], err
	}
	if uint64(cap(dst)) >= count {
		dst = dst[:count]
	} else {
		dst = make([]Value, count)
	}
	var whole string // b copied once, on the first string payload
	for i := range dst {
		v, lo, hi, next, ok := decodeRowValue(b, pos)
		if !ok {
			return dst[:0], errRowData
		}
		if hi > lo {
			if whole == "" {
				whole = string(b)
			}
			v.S = whole[lo:hi]
		}
		dst[i] = v
		pos = next
	}
	if pos != len(b) {
		return dst[:0], errRowData
	}
	return dst, nil
}

// rowHeader checks the version byte and returns the value count and the
// position of the first value.
func rowHeader[T ~string | ~[]byte](b T) (count uint64, pos int, err error) {
	if len(b) == 0 {
		return 0, 0, errRowData
	}
	if b[0] != rowFormatV1 {
		return 0, 0, errRowFormat
	}
	count, pos = readUvarint(b, 1)
	if pos < 0 || count > uint64(len(b)) { // every value takes at least a byte
		return 0, 0, errRowData
	}
	return count, pos, nil
}

// decodeRowValue decodes the value at b[pos:]. Its string payload, if
// any, is b[lo:hi]: the caller materialises it (a string b is sliced
// without copying). ok is false on malformed input.
func decodeRowValue[T ~string | ~[]byte](b T, pos int) (v Value, lo, hi, next int, ok bool) {
	if pos >= len(b) {
		return v, 0, 0, 0, false
	}
	v.K = Kind(b[pos])
	pos++
	p := payloadOf(v.K)
	switch p {
	case payInt, payIntStr:
		v.I, pos = readVarint(b, pos)
	case payFloat:
		if len(b)-pos < 8 {
			return v, 0, 0, 0, false
		}
		var u uint64
		for i := 7; i >= 0; i-- {
			u = u<<8 | uint64(b[pos+i])
		}
		v.F = math.Float64frombits(u)
		pos += 8
	case payUUID:
		if len(b)-pos < 16 {
			return v, 0, 0, 0, false
		}
		return v, pos, pos + 16, pos + 16, true
	case payArray:
		if pos >= len(b) {
			return v, 0, 0, 0, false
		}
		v.I = int64(b[pos])
		pos++
	case payBad:
		return v, 0, 0, 0, false
	}
	if pos < 0 {
		return v, 0, 0, 0, false
	}
	if p == payString || p == payIntStr || p == payArray {
		var size uint64
		if size, pos = readUvarint(b, pos); pos < 0 || uint64(len(b)-pos) < size {
			return v, 0, 0, 0, false
		}
		return v, pos, pos + int(size), pos + int(size), true
	}
	return v, 0, 0, pos, true
}

// readUvarint is binary.Uvarint for strings and byte slices: it returns
// the value and the position after it, or a negative position when the
// input is truncated or overflows 64 bits.
func readUvarint[T ~string | ~[]byte](b T, pos int) (uint64, int) {
	var x uint64
	var s uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if pos+i >= len(b) {
			return 0, -1
		}
		c := b[pos+i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -1
			}
			return x | uint64(c)<<s, pos + i + 1
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, -1
}

// readVarint is binary.Varint (zig-zag) on top of readUvarint.
func readVarint[T ~string | ~[]byte](b T, pos int) (int64, int) {
	ux, next := readUvarint(b, pos)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x, next
}
