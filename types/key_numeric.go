package types

import (
	"encoding/binary"

	"github.com/cockroachdb/apd/v3"
)

// Numeric keys. A numeric encodes as a tag that orders the sign classes,
// then for finite nonzero values the magnitude as
//
//	exponent   4 bytes: the power of ten of the leading digit, int32 with
//	           the sign bit flipped, big endian
//	digits     the significant digits (no leading or trailing zeros) two per
//	           byte as 1+10*d1+d2 (1..100), an odd count padded with a 0 digit
//	terminator 0x00
//
// For positive values a larger exponent means a larger value, and at equal
// exponents the digit bytes compare like the digits, a shorter run being
// the smaller (its terminator is below every digit byte). Negative values
// store the same bytes complemented, which reverses that order. Equal
// values (1.0, 1.00) share one encoding; DecodeKey returns the shortest
// canonical text.
const (
	numKeyNegInf = 0x02
	numKeyNeg    = 0x03
	numKeyZero   = 0x04
	numKeyPos    = 0x05
	numKeyPosInf = 0x06
	numKeyNaN    = 0x07
)

func appendNumericKey(buf []byte, s string) []byte {
	neg, ip, fp, ok := decParts(s)
	if !ok {
		var d apd.Decimal
		if parseNumeric(&d, s) != nil {
			return append(buf, numKeyNaN)
		}
		switch numericRank(&d) {
		case -1:
			return append(buf, numKeyNegInf)
		case 1:
			return append(buf, numKeyPosInf)
		case 2:
			return append(buf, numKeyNaN)
		}
		neg, ip, fp, _ = decParts(numericString(&d))
	}
	if ip == "" && fp == "" {
		return append(buf, numKeyZero)
	}
	tag := byte(numKeyPos)
	if neg {
		tag = numKeyNeg
	}
	buf = append(buf, tag)
	start := len(buf)

	// The significant digits are ip+fp without leading/trailing zeros.
	var exp int
	digits := ip
	if ip == "" {
		z := 0
		for fp[z] == '0' {
			z++
		}
		exp = -(z + 1)
		fp = fp[z:]
		digits = fp
		fp = ""
	} else {
		exp = len(ip) - 1
		if fp == "" {
			for digits[len(digits)-1] == '0' {
				digits = digits[:len(digits)-1]
			}
		}
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(int32(exp))^(1<<31))
	n := len(digits) + len(fp)
	at := func(i int) byte {
		if i < len(digits) {
			return digits[i] - '0'
		}
		if i-len(digits) < len(fp) {
			return fp[i-len(digits)] - '0'
		}
		return 0
	}
	for i := 0; i < n; i += 2 {
		buf = append(buf, 1+10*at(i)+at(i+1))
	}
	buf = append(buf, 0)
	if neg {
		for i := start; i < len(buf); i++ {
			buf[i] = ^buf[i]
		}
	}
	return buf
}

func decodeNumericKey(b []byte) (string, []byte, error) {
	if len(b) == 0 {
		return "", b, errBadKey
	}
	switch b[0] {
	case numKeyNegInf:
		return "-Infinity", b[1:], nil
	case numKeyZero:
		return "0", b[1:], nil
	case numKeyPosInf:
		return "Infinity", b[1:], nil
	case numKeyNaN:
		return "NaN", b[1:], nil
	case numKeyNeg, numKeyPos:
	default:
		return "", b, errBadKey
	}
	neg := b[0] == numKeyNeg
	var flip byte
	if neg {
		flip = 0xFF
	}
	if len(b) < 5 {
		return "", b, errBadKey
	}
	u := binary.BigEndian.Uint32(b[1:5])
	if neg {
		u = ^u
	}
	exp := int64(int32(u ^ 1<<31))
	var digits []byte
	rest := b[5:]
	for {
		if len(rest) == 0 {
			return "", b, errBadKey
		}
		c := rest[0] ^ flip
		rest = rest[1:]
		if c == 0 {
			break
		}
		if c > 100 {
			return "", b, errBadKey
		}
		c--
		digits = append(digits, '0'+c/10, '0'+c%10)
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 || digits[0] == '0' || exp > 1<<20 || exp < -(1<<20) {
		return "", b, errBadKey
	}
	out := make([]byte, 0, len(digits)+int(max(exp+2, -exp+3)))
	if neg {
		out = append(out, '-')
	}
	if exp >= 0 {
		for i := int64(0); i <= exp; i++ {
			if i < int64(len(digits)) {
				out = append(out, digits[i])
			} else {
				out = append(out, '0')
			}
		}
		if int64(len(digits)) > exp+1 {
			out = append(out, '.')
			out = append(out, digits[exp+1:]...)
		}
	} else {
		out = append(out, '0', '.')
		for i := int64(0); i < -exp-1; i++ {
			out = append(out, '0')
		}
		out = append(out, digits...)
	}
	return string(out), rest, nil
}
