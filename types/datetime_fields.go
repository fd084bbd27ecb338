package types

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// The field recognisers of the date/time input parser (datetime_in.go):
// each consumes one token and records it in dtFields, reporting a dtError
// kind rather than a message so the caller can name the input and type.

var monthNames = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

var fullMonthNames = [...]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// monthNumber recognises "jan", "january" and "sept"; 0 when w is no month.
func monthNumber(w string) int64 {
	for i, m := range monthNames {
		if w == m || w == fullMonthNames[i] {
			return int64(i + 1)
		}
	}
	if w == "sept" {
		return 9
	}
	return 0
}

func isWeekday(w string) bool {
	switch w {
	case "sun", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
		"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday":
		return true
	}
	return false
}

// zoneAbbrevs holds a few abbreviations from PostgreSQL's "Default" set, in
// seconds east of UTC.
var zoneAbbrevs = map[string]int64{
	"utc": 0, "ut": 0, "gmt": 0, "z": 0, "zulu": 0, "wet": 0,
	"west": 3600, "bst": 3600, "cet": 3600, "cest": 7200, "eet": 7200, "eest": 10800,
	"msk": 10800, "ist": 7200, "jst": 9 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600,
}

func (f *dtFields) setWord(w, orig string) dtError {
	switch w {
	case "bc":
		f.bc = true
		return dtOK
	case "ad", "t":
		return dtOK
	case "am":
		f.ampm = 'a'
		return dtOK
	case "pm":
		f.ampm = 'p'
		return dtOK
	case "allballs":
		if f.hasTime {
			return dtSyntax
		}
		f.hasTime = true
		return dtOK
	}
	if m := monthNumber(w); m != 0 {
		if f.monthFromName || f.hasDate {
			return dtSyntax
		}
		f.month, f.monthFromName = m, true
		return dtOK
	}
	if isWeekday(w) {
		return dtOK
	}
	if f.hasTZ {
		return dtSyntax
	}
	if off, ok := zoneAbbrevs[w]; ok {
		f.tzSec, f.hasTZ = off, true
		return dtOK
	}
	if strings.ContainsRune(w, '/') {
		loc, err := time.LoadLocation(orig)
		if err != nil {
			return dtZoneUnknown
		}
		f.tzLoc, f.hasTZ = loc, true
		return dtOK
	}
	return dtSyntax
}

// setTime parses "H:M[:S[.frac]]".
func (f *dtFields) setTime(tok string) dtError {
	if f.hasTime {
		return dtSyntax
	}
	f.hasTime = true
	parts, n := split3(tok, ':')
	if n < 2 {
		return dtSyntax
	}
	var err dtError
	if f.hour, err = atoiField(parts[0]); err != dtOK {
		return err
	}
	if f.minute, err = atoiField(parts[1]); err != dtOK {
		return err
	}
	if n == 3 && parts[2] != "" { // PostgreSQL accepts "13:45:" too
		secs := parts[2]
		if dot := strings.IndexByte(secs, '.'); dot >= 0 {
			if f.fsec, err = fracMicros(secs[dot:]); err != dtOK {
				return err
			}
			secs = secs[:dot]
		}
		if f.sec, err = atoiField(secs); err != dtOK {
			return err
		}
	} else if strings.IndexByte(parts[1], '.') >= 0 {
		return dtSyntax
	}
	return dtOK
}

// fracMicros converts ".123456789" to rounded microseconds exactly as
// PostgreSQL does (strtod, then rint of the product).
func fracMicros(frac string) (int64, dtError) {
	if len(frac) == 1 {
		return 0, dtOK
	}
	for i := 1; i < len(frac); i++ {
		if !isDigit(frac[i]) {
			return 0, dtSyntax
		}
	}
	v, err := strconv.ParseFloat(frac, 64)
	if err != nil {
		return 0, dtSyntax
	}
	return int64(math.RoundToEven(v * usPerSecond)), dtOK
}

// split3 splits s at sep into at most three parts without allocating;
// n is 0 when there are more than three.
func split3(s string, sep byte) (parts [3]string, n int) {
	for n < 3 {
		i := strings.IndexByte(s, sep)
		if i < 0 {
			parts[n] = s
			return parts, n + 1
		}
		parts[n] = s[:i]
		s = s[i+1:]
		n++
	}
	return parts, 0
}

func atoiField(s string) (int64, dtError) {
	if s == "" || len(s) > 9 {
		return 0, dtSyntax
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, dtSyntax
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, dtOK
}

// setDate parses a date written with a separator: Y-M-D, M/D/Y (MDY), and
// forms with a month name (2024-Jan-05, 05-Jan-2024).
func (f *dtFields) setDate(tok string, sep byte) dtError {
	if f.hasDate || f.monthFromName {
		return dtSyntax
	}
	parts, n := split3(tok, sep)
	if n != 3 {
		return dtSyntax
	}
	f.hasDate = true
	var err dtError
	if m := monthNumber(strings.ToLower(parts[0])); m != 0 { // Mon-D-Y
		f.month = m
		if f.day, err = atoiField(parts[1]); err != dtOK {
			return err
		}
		f.year, err = atoiField(parts[2])
		f.yearDigits = len(parts[2])
		return err
	}
	if m := monthNumber(strings.ToLower(parts[1])); m != 0 {
		f.month = m
		yi, di := 0, 2
		if len(parts[0]) <= 2 {
			yi, di = 2, 0
		}
		if f.year, err = atoiField(parts[yi]); err != dtOK {
			return err
		}
		f.yearDigits = len(parts[yi])
		f.day, err = atoiField(parts[di])
		return err
	}
	yi, mi, di := 0, 1, 2
	if len(parts[0]) <= 2 { // a short first field: DateStyle's order decides
		switch f.order {
		case DateOrderMDY:
			yi, mi, di = 2, 0, 1
		case DateOrderDMY:
			yi, mi, di = 2, 1, 0
		}
	}
	if f.year, err = atoiField(parts[yi]); err != dtOK {
		return err
	}
	f.yearDigits = len(parts[yi])
	if f.month, err = atoiField(parts[mi]); err != dtOK {
		return err
	}
	f.day, err = atoiField(parts[di])
	return err
}

// setNumber handles a bare number: YYYYMMDD, YYMMDD, HHMMSS[.frac], or a
// day/year next to a month name.
func (f *dtFields) setNumber(tok string, k Kind) dtError {
	whole, frac, _ := strings.Cut(tok, ".")
	isTime := f.hasDate || k == KindTime || frac != "" || tok != whole
	switch {
	case len(whole) == 8 && !f.hasDate && !f.monthFromName && !isTime:
		f.hasDate = true
		f.year, _ = atoiField(whole[:4])
		f.yearDigits = 4
		f.month, _ = atoiField(whole[4:6])
		f.day, _ = atoiField(whole[6:])
	case len(whole) == 6 && isTime && !f.hasTime:
		f.hasTime = true
		f.hour, _ = atoiField(whole[:2])
		f.minute, _ = atoiField(whole[2:4])
		f.sec, _ = atoiField(whole[4:])
		if tok != whole {
			var err dtError
			if f.fsec, err = fracMicros(tok[len(whole):]); err != dtOK {
				return err
			}
		}
	case len(whole) == 6 && !f.hasDate && !f.monthFromName:
		f.hasDate = true
		f.year, _ = atoiField(whole[:2])
		f.yearDigits = 2
		f.month, _ = atoiField(whole[2:4])
		f.day, _ = atoiField(whole[4:])
	case tok == whole && !f.hasDate && len(f.loose) < 2:
		f.loose = append(f.loose, whole)
	default:
		return dtSyntax
	}
	return dtOK
}

// setOffset parses a numeric zone: +5, +05, +0530, +053015, +05:30, +05:30:15.
func (f *dtFields) setOffset(tok string) dtError {
	if f.hasTZ {
		return dtSyntax
	}
	f.hasTZ = true
	sign := int64(1)
	if tok[0] == '-' {
		sign = -1
	}
	body := tok[1:]
	var h, m, s int64
	var err dtError
	if strings.IndexByte(body, ':') >= 0 {
		parts, n := split3(body, ':')
		if n == 0 {
			return dtSyntax
		}
		vals := [3]int64{}
		for i, p := range parts[:n] {
			if vals[i], err = atoiField(p); err != dtOK {
				return err
			}
		}
		h, m, s = vals[0], vals[1], vals[2]
	} else {
		switch len(body) {
		case 1, 2:
			h, _ = atoiField(body)
		case 3, 4:
			h, _ = atoiField(body[:len(body)-2])
			m, _ = atoiField(body[len(body)-2:])
		case 5, 6:
			h, _ = atoiField(body[:len(body)-4])
			m, _ = atoiField(body[len(body)-4 : len(body)-2])
			s, _ = atoiField(body[len(body)-2:])
		default:
			return dtSyntax
		}
	}
	if h > 15 || m >= 60 || s >= 60 {
		return dtZoneRange
	}
	f.tzSec = sign * (h*3600 + m*60 + s)
	return dtOK
}

// resolveLoose assigns bare numbers written around a month name
// ("Jan 31 2024", "31 Jan 2024").
func (f *dtFields) resolveLoose() dtError {
	if len(f.loose) == 0 {
		return dtOK
	}
	if !f.monthFromName || len(f.loose) != 2 {
		return dtSyntax
	}
	di, yi := 0, 1
	if len(f.loose[0]) > 2 {
		di, yi = 1, 0
	}
	var err dtError
	if f.day, err = atoiField(f.loose[di]); err != dtOK {
		return err
	}
	if f.year, err = atoiField(f.loose[yi]); err != dtOK {
		return err
	}
	f.yearDigits = len(f.loose[yi])
	f.hasDate = true
	return dtOK
}
