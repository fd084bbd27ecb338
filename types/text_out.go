package types

import (
	"strconv"
	"time"
)

// TextFormat holds the session settings that change how values are
// printed (and how zone-less timestamptz input is read): PostgreSQL's
// TimeZone and extra_float_digits. A session keeps one per settings
// change and never mutates it after handing it out, so a *TextFormat may
// be kept for the duration of a statement.
//
// The zero TextFormat is not PostgreSQL's default (extra_float_digits is 1
// there): start from DefaultTextFormat. A nil *TextFormat means the
// defaults wherever one is accepted.
type TextFormat struct {
	// Location is the session time zone: timestamptz values print in it
	// with its UTC offset, and timestamptz input without a zone is read
	// in it. nil means UTC.
	Location *time.Location
	// ExtraFloatDigits is extra_float_digits (-15 … 3). At 1 or more
	// floats print in the shortest form that reads back exactly; at 0 or
	// less they are rounded to 15+n (double) or 6+n (real) significant
	// digits, as PostgreSQL does.
	ExtraFloatDigits int
	// DateOrder is DateStyle's field order, which decides how input such
	// as 01/02/2024 is read (output is always ISO).
	DateOrder DateOrder
}

// DateOrder is the order of day, month and year in ambiguous date input.
type DateOrder uint8

// DateStyle's orders; the zero value is PostgreSQL's default, MDY.
const (
	DateOrderMDY DateOrder = iota
	DateOrderDMY
	DateOrderYMD
)

// DefaultTextFormat is PostgreSQL's default output: TimeZone UTC,
// extra_float_digits 1.
func DefaultTextFormat() TextFormat { return TextFormat{ExtraFloatDigits: 1} }

var defaultTextFormat = DefaultTextFormat()

// order is the format's date order (MDY for nil).
func (f *TextFormat) order() DateOrder {
	if f == nil {
		return DateOrderMDY
	}
	return f.DateOrder
}

// zone is the format's time zone; nil for UTC (the fast path).
func (f *TextFormat) zone() *time.Location {
	if f == nil || f.Location == time.UTC {
		return nil
	}
	return f.Location
}

// AppendText appends v's PostgreSQL text output form (as PostgreSQL 15
// prints it with DateStyle ISO, MDY, TimeZone UTC and extra_float_digits 1)
// to buf. v is not NULL. See AppendTextFormat.
func AppendText(buf []byte, v Value, t Type) []byte {
	return AppendTextFormat(buf, v, t, &defaultTextFormat)
}

// AppendTextFormat appends v's text output form under the session format
// f (nil means the defaults). v is not NULL. The type t decides the
// format; v's payload is read according to t.Kind. Nothing but buf grows:
// there are no intermediate allocations.
func AppendTextFormat(buf []byte, v Value, t Type, f *TextFormat) []byte {
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
		return appendFloatDigits(buf, v.F, 32, f)
	case KindFloat8:
		return appendFloatDigits(buf, v.F, 64, f)
	case KindBytea:
		return appendHexBytea(buf, v.S)
	case KindDate:
		return appendDate(buf, v.I)
	case KindTime:
		return appendTimeOfDay(buf, v.I)
	case KindTimestamp:
		return appendTimestamp(buf, v.I, false)
	case KindTimestamptz:
		if loc := f.zone(); loc != nil {
			return appendTimestampIn(buf, v.I, loc)
		}
		return appendTimestamp(buf, v.I, true)
	case KindUUID:
		return appendUUID(buf, v.S)
	case KindChar:
		return appendChar(buf, byte(v.I))
	case KindArray:
		return appendArrayText(buf, v, t, f)
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

// appendFloatDigits prints a float under f's extra_float_digits.
func appendFloatDigits(buf []byte, x float64, bitSize int, f *TextFormat) []byte {
	if f == nil || f.ExtraFloatDigits > 0 {
		return appendFloat(buf, x, bitSize)
	}
	return appendFloatRounded(buf, x, bitSize, f.ExtraFloatDigits)
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
