package types

import (
	"encoding/binary"
	"math"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Row codec: the compact encoding of a row in the hot tier.
//
//	version   1 byte (rowFormatV1)
//	count     uvarint, the number of values
//	values    per value a tag byte (its Kind) and the payload:
//	            NULL                          nothing
//	            bool, integers, date, time,   zig-zag varint of Value.I
//	            timestamp, timestamptz
//	            float4, float8                8 bytes little endian, the
//	                                          exact bits of Value.F
//	            numeric, strings, bytea, json uvarint length, then the bytes
//	            uuid                          16 bytes
//
// Every Value round-trips exactly, including NaN payloads, -0 and infinite
// dates and timestamps. The schema version, _seq and the deleted flag are
// the storage layer's business and live outside this encoding.
const rowFormatV1 = 1

var (
	errRowFormat = pgerr.New(pgerr.InternalError, "unsupported row format version")
	errRowData   = pgerr.New(pgerr.InternalError, "malformed row encoding")
)

// AppendRow appends the compact encoding of row to buf. It allocates only
// to grow buf.
func AppendRow(buf []byte, row []Value) []byte {
	buf = append(buf, rowFormatV1)
	buf = binary.AppendUvarint(buf, uint64(len(row)))
	for i := range row {
		v := &row[i]
		buf = append(buf, byte(v.K))
		switch v.K {
		case KindNull:
		case KindBool, KindInt2, KindInt4, KindInt8, KindOID, KindDate, KindTime, KindTimestamp, KindTimestamptz:
			buf = binary.AppendVarint(buf, v.I)
		case KindFloat4, KindFloat8:
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v.F))
		case KindUUID:
			buf = appendRowUUID(buf, v.S)
		default:
			buf = binary.AppendUvarint(buf, uint64(len(v.S)))
			buf = append(buf, v.S...)
		}
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
	if len(b) == 0 || b[0] != rowFormatV1 {
		if len(b) == 0 {
			return dst[:0], errRowData
		}
		return dst[:0], errRowFormat
	}
	count, n := binary.Uvarint(b[1:])
	if n <= 0 || count > uint64(len(b)) { // every value takes at least a byte
		return dst[:0], errRowData
	}
	pos := 1 + n
	if uint64(cap(dst)) >= count {
		dst = dst[:count]
	} else {
		dst = make([]Value, count)
	}
	var whole string // b copied once, on the first string payload
	for i := range dst {
		if pos >= len(b) {
			return dst[:0], errRowData
		}
		k := Kind(b[pos])
		pos++
		v := Value{K: k}
		switch k {
		case KindNull:
		case KindBool, KindInt2, KindInt4, KindInt8, KindOID, KindDate, KindTime, KindTimestamp, KindTimestamptz:
			x, m := binary.Varint(b[pos:])
			if m <= 0 {
				return dst[:0], errRowData
			}
			v.I = x
			pos += m
		case KindFloat4, KindFloat8:
			if len(b)-pos < 8 {
				return dst[:0], errRowData
			}
			v.F = math.Float64frombits(binary.LittleEndian.Uint64(b[pos:]))
			pos += 8
		case KindUUID, KindNumeric, KindText, KindVarchar, KindBpchar, KindUnknown, KindBytea, KindJSON, KindJSONB:
			size := uint64(16)
			if k != KindUUID {
				l, m := binary.Uvarint(b[pos:])
				if m <= 0 {
					return dst[:0], errRowData
				}
				size = l
				pos += m
			}
			if uint64(len(b)-pos) < size {
				return dst[:0], errRowData
			}
			if whole == "" {
				whole = string(b)
			}
			v.S = whole[pos : pos+int(size)]
			pos += int(size)
		default:
			return dst[:0], errRowData
		}
		dst[i] = v
	}
	if pos != len(b) {
		return dst[:0], errRowData
	}
	return dst, nil
}
