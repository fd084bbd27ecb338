package types

import (
	"encoding/binary"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// numeric's binary form (numeric_send/numeric_recv): a header of four
// uint16s — ndigits, weight (int16, base-10000 exponent of the first
// digit), sign, dscale (decimal digits after the point) — then ndigits
// base-10000 digits as int16. Leading and trailing zero digits are never
// sent; zero is ndigits = 0, weight = 0.
const (
	numericPos  = 0x0000
	numericNeg  = 0x4000
	numericNaN  = 0xC000
	numericPInf = 0xD000
	numericNInf = 0xF000

	// infinityDscale is what numeric_send reports as the scale of
	// ±Infinity: the special value's header read through the short-format
	// scale mask. Sent for byte-exact compatibility; ignored on receive.
	infinityDscale = 0x20
)

func appendNumericHeader(buf []byte, ndigits, weight int, sign, dscale uint16) []byte {
	buf = binary.BigEndian.AppendUint16(buf, uint16(ndigits))
	buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
	buf = binary.BigEndian.AppendUint16(buf, sign)
	return binary.BigEndian.AppendUint16(buf, dscale)
}

// appendNumericBinary appends the send form of the decimal text s
// ("-12.50", "NaN", "Infinity"). s is expected to be valid numeric text;
// leading zeros and a plus sign are tolerated.
func appendNumericBinary(buf []byte, s string) []byte {
	switch s {
	case "NaN":
		return appendNumericHeader(buf, 0, 0, numericNaN, 0)
	case "Infinity":
		return appendNumericHeader(buf, 0, 0, numericPInf, infinityDscale)
	case "-Infinity":
		return appendNumericHeader(buf, 0, 0, numericNInf, infinityDscale)
	}
	sign := uint16(numericPos)
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = numericNeg
		}
		s = s[1:]
	}
	intPart, fracPart := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, fracPart = s[:i], s[i+1:]
			break
		}
	}
	for len(intPart) > 0 && intPart[0] == '0' {
		intPart = intPart[1:]
	}
	head := len(buf)
	buf = appendNumericHeader(buf, 0, 0, 0, 0) // patched below
	// The integer digits are grouped from the point leftwards, so the first
	// group holds len%4 digits; the fraction is grouped from the point
	// rightwards and its last group padded with zeros.
	weight := (len(intPart)+3)/4 - 1
	first := len(intPart) % 4
	if first == 0 {
		first = 4
	}
	ndigits, lastNonZero := 0, 0
	emit := func(g int) {
		if ndigits == 0 && g == 0 {
			weight-- // a leading zero group
			return
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(g))
		ndigits++
		if g != 0 {
			lastNonZero = ndigits
		}
	}
	for i, n := 0, first; i < len(intPart); i, n = i+n, 4 {
		emit(atoiDigits(intPart[i : i+n]))
	}
	for i := 0; i < len(fracPart); i += 4 {
		g := 0
		for j := i; j < i+4; j++ {
			g *= 10
			if j < len(fracPart) {
				g += int(fracPart[j] - '0')
			}
		}
		emit(g)
	}
	// Drop trailing zero groups.
	buf = buf[:len(buf)-2*(ndigits-lastNonZero)]
	ndigits = lastNonZero
	if ndigits == 0 {
		weight, sign = 0, numericPos
	}
	appendNumericHeader(buf[head:head], ndigits, weight, sign, uint16(len(fracPart)))
	return buf
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// decodeNumericBinary implements numeric_recv and returns numeric_out's
// text. Digits hidden by dscale are truncated away, as PostgreSQL does.
func decodeNumericBinary(b []byte) (string, error) {
	if len(b) < 8 {
		return "", errBinaryFormat()
	}
	ndigits := int(binary.BigEndian.Uint16(b))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	if len(b) != 8+2*ndigits {
		return "", errBinaryFormat()
	}
	switch sign {
	case numericPos, numericNeg:
	case numericNaN:
		return "NaN", nil
	case numericPInf:
		return "Infinity", nil
	case numericNInf:
		return "-Infinity", nil
	default:
		return "", pgerr.New(pgerr.InvalidBinaryRepresentation, `invalid sign in external "numeric" value`)
	}
	if dscale > numericMaxDscale {
		return "", pgerr.New(pgerr.InvalidBinaryRepresentation, `invalid scale in external "numeric" value`)
	}
	digits := b[8:]
	for i := 0; i < ndigits; i++ {
		if d := int16(binary.BigEndian.Uint16(digits[2*i:])); d < 0 || d >= 10000 {
			return "", pgerr.New(pgerr.InvalidBinaryRepresentation, `invalid digit in external "numeric" value`)
		}
	}
	// Normalise away leading zero digits so the integer part prints without
	// leading zeros.
	for ndigits > 0 && digits[0] == 0 && digits[1] == 0 {
		digits = digits[2:]
		ndigits--
		weight--
	}
	digit := func(i int) int {
		if i < 0 || i >= ndigits {
			return 0
		}
		return int(binary.BigEndian.Uint16(digits[2*i:]))
	}
	out := make([]byte, 0, 4*max(weight+1, 1)+dscale+2)
	out = append(out, '-')
	nonZero := false
	if weight < 0 {
		out = append(out, '0')
	} else {
		for i := 0; i <= weight; i++ {
			g := digit(i)
			var four [4]byte
			for j := 3; j >= 0; j-- {
				four[j] = byte('0' + g%10)
				g /= 10
			}
			k := 0
			if i == 0 {
				for k < 3 && four[k] == '0' {
					k++
				}
			}
			out = append(out, four[k:]...)
		}
	}
	if dscale > 0 {
		out = append(out, '.')
		for i, left := weight+1, dscale; left > 0; i++ {
			g := digit(i)
			var four [4]byte
			for j := 3; j >= 0; j-- {
				four[j] = byte('0' + g%10)
				g /= 10
			}
			n := min(4, left)
			out = append(out, four[:n]...)
			left -= n
		}
	}
	for _, c := range out[1:] {
		if c >= '1' && c <= '9' {
			nonZero = true
			break
		}
	}
	if sign == numericPos || !nonZero {
		out = out[1:]
	}
	return string(out), nil
}
