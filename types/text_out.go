package types

import "strconv"

// AppendText appends v's PostgreSQL text output form (as PostgreSQL 15
// prints it with DateStyle ISO, MDY and TimeZone UTC) to buf. v is not NULL.
// The type t decides the format; v's payload is read according to t.Kind.
// Nothing but buf grows: there are no intermediate allocations.
func AppendText(buf []byte, v Value, t Type) []byte {
	switch t.Kind {
	case KindBool:
		if v.I != 0 {
			return append(buf, 't')
		}
		return append(buf, 'f')
	case KindInt2, KindInt4, KindInt8:
		return strconv.AppendInt(buf, v.I, 10)
	case KindOID:
		return strconv.AppendUint(buf, uint64(uint32(v.I)), 10)
	case KindFloat4:
		return appendFloat(buf, v.F, 32)
	case KindFloat8:
		return appendFloat(buf, v.F, 64)
	case KindBytea:
		return appendHexBytea(buf, v.S)
	case KindDate:
		return appendDate(buf, v.I)
	case KindTime:
		return appendTimeOfDay(buf, v.I)
	case KindTimestamp:
		return appendTimestamp(buf, v.I, false)
	case KindTimestamptz:
		return appendTimestamp(buf, v.I, true)
	case KindUUID:
		return appendUUID(buf, v.S)
	case KindChar:
		return appendChar(buf, byte(v.I))
	case KindArray:
		return appendArrayText(buf, v, t)
	case KindInt2Vector, KindOIDVector:
		return appendVectorText(buf, v)
	case KindVoid:
		return buf
	}
	if t.Kind.IsReg() {
		return appendReg(buf, v, t.Kind)
	}
	// numeric (canonical text), the string kinds and name, json and jsonb
	// (already normalised on input) and aclitem are stored exactly as
	// PostgreSQL prints them.
	return append(buf, v.S...)
}

const hexDigits = "0123456789abcdef"

// appendHexBytea appends bytea_output = hex: "\x" and two digits per byte.
func appendHexBytea(buf []byte, s string) []byte {
	buf = append(buf, '\\', 'x')
	for i := 0; i < len(s); i++ {
		buf = append(buf, hexDigits[s[i]>>4], hexDigits[s[i]&15])
	}
	return buf
}

// appendUUID appends the 16 raw bytes in s as lower-case 8-4-4-4-12 hex.
func appendUUID(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf = append(buf, '-')
		}
		buf = append(buf, hexDigits[s[i]>>4], hexDigits[s[i]&15])
	}
	return buf
}
