package types

import (
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// decParts splits plain decimal text ("-012.340") into its sign, integer
// digits without leading zeros ("12") and fraction digits without trailing
// zeros ("34"). Zero yields two empty parts and neg is then meaningless. ok
// is false for anything else (specials, exponents, '+', junk): callers fall
// back to apd. It never allocates, which keeps numeric comparisons and key
// encoding cheap for the canonical text every numeric Value carries.
func decParts(s string) (neg bool, ip, fp string, ok bool) {
	if s != "" && s[0] == '-' {
		neg, s = true, s[1:]
	}
	dot := len(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && dot == len(s) {
			dot = i
			continue
		}
		if c < '0' || c > '9' {
			return false, "", "", false
		}
	}
	ip = s[:dot]
	if dot < len(s) {
		fp = s[dot+1:]
	}
	if ip == "" && fp == "" {
		return false, "", "", false
	}
	ip = strings.TrimLeft(ip, "0")
	fp = strings.TrimRight(fp, "0")
	return neg, ip, fp, true
}

// NumericCompare orders numeric text by value (scale does not matter:
// 1.0 = 1.00), with PostgreSQL's order for the specials:
// -Infinity < numbers < Infinity < NaN, and NaN = NaN.
func NumericCompare(a, b string) int {
	n1, i1, f1, ok1 := decParts(a)
	n2, i2, f2, ok2 := decParts(b)
	if ok1 && ok2 {
		return cmpDecParts(n1, i1, f1, n2, i2, f2)
	}
	return numericCompareSlow(a, b)
}

func cmpDecParts(n1 bool, i1, f1 string, n2 bool, i2, f2 string) int {
	z1, z2 := i1 == "" && f1 == "", i2 == "" && f2 == ""
	s1, s2 := decSign(n1, z1), decSign(n2, z2)
	if s1 != s2 {
		return cmpInt(s1, s2)
	}
	if s1 == 0 {
		return 0
	}
	c := cmpInt(len(i1), len(i2))
	if c == 0 {
		c = strings.Compare(i1, i2)
	}
	if c == 0 {
		// Trailing zeros are gone, so plain byte order is numeric order.
		c = strings.Compare(f1, f2)
	}
	return c * s1
}

func decSign(neg, zero bool) int {
	switch {
	case zero:
		return 0
	case neg:
		return -1
	}
	return 1
}

// numericRank places the specials around the finite numbers.
func numericRank(d *apd.Decimal) int {
	switch {
	case d.Form == apd.NaN || d.Form == apd.NaNSignaling:
		return 2
	case d.Form == apd.Infinite && d.Negative:
		return -1
	case d.Form == apd.Infinite:
		return 1
	}
	return 0
}

func numericCompareSlow(a, b string) int {
	var x, y apd.Decimal
	// Unparsable text (never produced by our codecs) sorts as NaN.
	if parseNumeric(&x, a) != nil {
		x.Form = apd.NaN
	}
	if parseNumeric(&y, b) != nil {
		y.Form = apd.NaN
	}
	r1, r2 := numericRank(&x), numericRank(&y)
	if r1 != 0 || r2 != 0 {
		return cmpInt(r1, r2)
	}
	return x.Cmp(&y)
}

// cmpIntNumeric compares an integer with numeric text exactly, without
// allocating for canonical text.
func cmpIntNumeric(n int64, s string) int {
	neg, ip, fp, ok := decParts(s)
	if !ok {
		var d apd.Decimal
		if parseNumeric(&d, s) != nil {
			return -1 // unparsable sorts as NaN
		}
		if r := numericRank(&d); r != 0 {
			return -cmpInt(r, 0) // a special beats every integer
		}
		var x apd.Decimal
		x.SetInt64(n)
		return x.Cmp(&d)
	}
	sn := decSign(n < 0, n == 0)
	ss := decSign(neg, ip == "" && fp == "")
	if sn != ss {
		return cmpInt(sn, ss)
	}
	if sn == 0 {
		return 0
	}
	mag := uint64(n)
	if n < 0 {
		mag = -mag
	}
	var c int
	if len(ip) > 20 {
		c = -1
	} else {
		var v uint64
		over := false
		for i := 0; i < len(ip); i++ {
			d := uint64(ip[i] - '0')
			if v > (^uint64(0)-d)/10 {
				over = true
				break
			}
			v = v*10 + d
		}
		switch {
		case over || mag < v:
			c = -1
		case mag > v:
			c = 1
		case fp != "":
			c = -1
		}
	}
	return c * sn
}

func cmpInt[T int | int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
