package types

import (
	"encoding/binary"
	"math"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// PostgreSQL binary send/receive formats (the *send/*recv functions):
// integers and floats big endian; dates as int32 days and timestamps as
// int64 µs since 2000-01-01, infinities as the extreme values; time as int64
// µs since midnight; numeric as base-10000 digits (binary_numeric.go);
// jsonb as a version byte 1 plus the text; every string kind as raw bytes.

// jsonbVersion is the only jsonb binary format version PostgreSQL knows.
const jsonbVersion = 1

// AppendBinary appends v's PostgreSQL binary send form to buf. v is not
// NULL. aclitem has no binary form in PostgreSQL; we send its text.
func AppendBinary(buf []byte, v Value, t Type) []byte {
	if t.Kind.IsReg() {
		return binary.BigEndian.AppendUint32(buf, uint32(v.I))
	}
	switch t.Kind {
	case KindChar:
		return append(buf, byte(v.I))
	case KindArray, KindInt2Vector, KindOIDVector:
		return appendArrayBinary(buf, v, t)
	case KindVoid:
		return buf
	case KindBool:
		if v.I != 0 {
			return append(buf, 1)
		}
		return append(buf, 0)
	case KindInt2:
		return binary.BigEndian.AppendUint16(buf, uint16(v.I))
	case KindInt4, KindOID:
		return binary.BigEndian.AppendUint32(buf, uint32(v.I))
	case KindInt8:
		return binary.BigEndian.AppendUint64(buf, uint64(v.I))
	case KindFloat4:
		return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(v.F)))
	case KindFloat8:
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(v.F))
	case KindNumeric:
		return appendNumericBinary(buf, v.S)
	case KindDate:
		var d int32
		switch v.I {
		case PosInfinity:
			d = math.MaxInt32
		case NegInfinity:
			d = math.MinInt32
		default:
			d = int32(v.I - unixToPGEpochDays)
		}
		return binary.BigEndian.AppendUint32(buf, uint32(d))
	case KindTime:
		return binary.BigEndian.AppendUint64(buf, uint64(v.I))
	case KindTimestamp, KindTimestamptz:
		us := v.I
		if us != PosInfinity && us != NegInfinity {
			us -= unixToPGEpochUs
		}
		return binary.BigEndian.AppendUint64(buf, uint64(us))
	case KindJSONB:
		buf = append(buf, jsonbVersion)
	}
	// uuid (16 raw bytes), bytea, json, name and the string kinds.
	return append(buf, v.S...)
}

// errBinaryFormat is PostgreSQL's complaint about a parameter whose bytes
// do not match its type's receive format.
func errBinaryFormat() error {
	return pgerr.New(pgerr.InvalidBinaryRepresentation, "incorrect binary data format")
}

// DecodeBinary decodes PostgreSQL binary receive form for type t (22P03 on bad input).
func DecodeBinary(b []byte, t Type) (Value, error) {
	k := t.Kind
	if k.IsReg() {
		if len(b) != 4 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, I: int64(binary.BigEndian.Uint32(b))}, nil
	}
	switch k {
	case KindChar:
		if len(b) == 0 {
			return Value{}, pgerr.New(pgerr.ProtocolViolation, "no data left in message")
		}
		if len(b) != 1 {
			return Value{}, errBinaryFormat()
		}
		return NewChar(b[0]), nil
	case KindName:
		if err := checkUTF8(b); err != nil {
			return Value{}, err
		}
		if len(b) >= NameDataLen {
			return Value{}, pgerr.New("42622", "identifier too long").
				WithDetail("Identifier must be less than 64 characters.")
		}
		return Value{K: k, S: string(b)}, nil
	case KindArray, KindInt2Vector, KindOIDVector:
		return decodeArrayBinary(b, t)
	case KindVoid:
		return Value{K: k}, nil
	case KindBool:
		if len(b) != 1 {
			return Value{}, errBinaryFormat()
		}
		return NewBool(b[0] != 0), nil
	case KindInt2:
		if len(b) != 2 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, I: int64(int16(binary.BigEndian.Uint16(b)))}, nil
	case KindInt4:
		if len(b) != 4 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, I: int64(int32(binary.BigEndian.Uint32(b)))}, nil
	case KindOID:
		if len(b) != 4 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, I: int64(binary.BigEndian.Uint32(b))}, nil
	case KindInt8:
		if len(b) != 8 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, I: int64(binary.BigEndian.Uint64(b))}, nil
	case KindFloat4:
		if len(b) != 4 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, F: float64(math.Float32frombits(binary.BigEndian.Uint32(b)))}, nil
	case KindFloat8:
		if len(b) != 8 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, F: math.Float64frombits(binary.BigEndian.Uint64(b))}, nil
	case KindNumeric:
		s, err := decodeNumericBinary(b)
		return Value{K: k, S: s}, err
	case KindDate:
		if len(b) != 4 {
			return Value{}, errBinaryFormat()
		}
		return decodeDateBinary(int32(binary.BigEndian.Uint32(b)))
	case KindTime:
		if len(b) != 8 {
			return Value{}, errBinaryFormat()
		}
		us := int64(binary.BigEndian.Uint64(b))
		if us < 0 || us > usPerDay {
			return Value{}, pgerr.New(pgerr.DatetimeFieldOverflow, "time out of range")
		}
		return Value{K: k, I: us}, nil
	case KindTimestamp, KindTimestamptz:
		if len(b) != 8 {
			return Value{}, errBinaryFormat()
		}
		us := int64(binary.BigEndian.Uint64(b))
		if us != PosInfinity && us != NegInfinity {
			if us < minTimestampUs-unixToPGEpochUs || us >= endTimestampUs-unixToPGEpochUs {
				return Value{}, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range")
			}
			us += unixToPGEpochUs
		}
		return Value{K: k, I: us}, nil
	case KindUUID:
		if len(b) != 16 {
			return Value{}, errBinaryFormat()
		}
		return Value{K: k, S: string(b)}, nil
	case KindBytea:
		return Value{K: k, S: string(b)}, nil
	case KindJSONB:
		if len(b) == 0 {
			return Value{}, errBinaryFormat()
		}
		if b[0] != jsonbVersion {
			return Value{}, pgerr.New(pgerr.InternalError, "unsupported jsonb version number %d", b[0])
		}
		if err := checkUTF8(b[1:]); err != nil {
			return Value{}, err
		}
		s, err := NormalizeJSON(string(b[1:]), t)
		return Value{K: k, S: s}, err
	case KindJSON:
		if err := checkUTF8(b); err != nil {
			return Value{}, err
		}
		s, err := NormalizeJSON(string(b), t)
		return Value{K: k, S: s}, err
	case KindNull, KindText, KindVarchar, KindBpchar, KindUnknown:
		if err := checkUTF8(b); err != nil {
			return Value{}, err
		}
		if k == KindNull {
			k = KindText
		}
		return Value{K: k, S: string(b)}, nil
	}
	return Value{}, pgerr.New(pgerr.InternalError, "no binary input for type kind %d", k)
}

func decodeDateBinary(d int32) (Value, error) {
	switch d {
	case math.MaxInt32:
		return NewDate(PosInfinity), nil
	case math.MinInt32:
		return NewDate(NegInfinity), nil
	}
	days := int64(d) + unixToPGEpochDays
	if !validDateDays(days) {
		return Value{}, pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range")
	}
	return NewDate(days), nil
}

// checkUTF8 is textrecv's encoding check: the server encoding is UTF8, so
// invalid sequences are 22021 naming the offending bytes as PostgreSQL does.
func checkUTF8(b []byte) error {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf && b[i] != 0 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if b[i] != 0 && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		// PostgreSQL reports as many bytes as the lead byte announces.
		n := 1
		switch c := b[i]; {
		case c >= 0xf0:
			n = 4
		case c >= 0xe0:
			n = 3
		case c >= 0xc0:
			n = 2
		}
		n = min(n, len(b)-i)
		msg := make([]byte, 0, 5*n)
		for j := 0; j < n; j++ {
			if j > 0 {
				msg = append(msg, ' ')
			}
			msg = append(msg, '0', 'x', hexDigits[b[i+j]>>4], hexDigits[b[i+j]&15])
		}
		return pgerr.New("22021", `invalid byte sequence for encoding "UTF8": %s`, string(msg))
	}
	return nil
}
