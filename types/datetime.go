package types

// Calendar arithmetic shared by the date/time text and binary codecs.
//
// Dates are days since 1970-01-01 and timestamps are microseconds since
// 1970-01-01 00:00:00 on the proleptic Gregorian calendar, with astronomical
// year numbering inside this file (year 0 is 1 BC, -1 is 2 BC, …). The
// accepted ranges are PostgreSQL's: dates from 4714-11-24 BC (Julian day 0)
// to 5874897-12-31, timestamps from 4714-11-24 BC 00:00 on. PostgreSQL's
// timestamps end before 294277-01-01, but µs since 1970 in an int64 end
// about 30 years earlier (math.MaxInt64 itself is +infinity), so the last
// years of PostgreSQL's range are out of range here.
// PosInfinity / NegInfinity mark infinite values.

const (
	usPerSecond = 1_000_000
	usPerMinute = 60 * usPerSecond
	usPerHour   = 60 * usPerMinute
	usPerDay    = 24 * usPerHour

	// unixToPGEpochDays is the number of days from 1970-01-01 to
	// 2000-01-01, PostgreSQL's binary epoch.
	unixToPGEpochDays = 10957
	unixToPGEpochUs   = unixToPGEpochDays * usPerDay
)

// Range limits, computed once from the calendar so they cannot drift.
var (
	minDateDays    = daysFromCivil(-4713, 11, 24)   // 4714-11-24 BC, Julian day 0
	maxDateDays    = daysFromCivil(5874897, 12, 31) // last date PostgreSQL accepts
	minTimestampUs = minDateDays * usPerDay
	endTimestampUs = int64(PosInfinity) // exclusive
)

// daysFromCivil converts a proleptic Gregorian date (astronomical year) to
// days since 1970-01-01. It is Howard Hinnant's days_from_civil algorithm,
// exact for every int64 year this package can produce.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func isLeapYear(y int64) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysInMonth returns the length of month m (1–12) of astronomical year y.
func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if isLeapYear(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// appendPadded appends n (≥ 0) in decimal with at least width digits.
func appendPadded(buf []byte, n int64, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for n >= 10 || width > 1 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	tmp[i] = byte('0' + n)
	return append(buf, tmp[i:]...)
}

// appendYMD appends the date part "YYYY-MM-DD" of days and reports whether
// the year is BC; the caller appends " BC" after whatever follows the date,
// as PostgreSQL puts the era last.
func appendYMD(buf []byte, days int64) ([]byte, bool) {
	y, m, d := civilFromDays(days)
	bc := y <= 0
	if bc {
		y = 1 - y
	}
	buf = appendPadded(buf, y, 4)
	buf = append(buf, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return buf, bc
}

// appendDate appends a date in ISO style: "2024-01-31", "0044-03-15 BC",
// "infinity".
func appendDate(buf []byte, days int64) []byte {
	switch days {
	case PosInfinity:
		return append(buf, "infinity"...)
	case NegInfinity:
		return append(buf, "-infinity"...)
	}
	buf, bc := appendYMD(buf, days)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// appendTimeOfDay appends "HH:MM:SS[.ffffff]" with trailing fractional
// zeros removed. us may equal usPerDay ("24:00:00").
func appendTimeOfDay(buf []byte, us int64) []byte {
	h := us / usPerHour
	us -= h * usPerHour
	mi := us / usPerMinute
	us -= mi * usPerMinute
	s := us / usPerSecond
	frac := us - s*usPerSecond
	buf = appendPadded(buf, h, 2)
	buf = append(buf, ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
	if frac == 0 {
		return buf
	}
	var digits [6]byte
	n := 6
	for i := 5; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	for digits[n-1] == '0' {
		n--
	}
	buf = append(buf, '.')
	return append(buf, digits[:n]...)
}

// appendTimestamp appends "YYYY-MM-DD HH:MM:SS[.ffffff]", then "+00" when
// withZone (the session time zone is UTC), then " BC" for BC years.
func appendTimestamp(buf []byte, us int64, withZone bool) []byte {
	switch us {
	case PosInfinity:
		return append(buf, "infinity"...)
	case NegInfinity:
		return append(buf, "-infinity"...)
	}
	days := floorDiv(us, usPerDay)
	buf, bc := appendYMD(buf, days)
	buf = append(buf, ' ')
	buf = appendTimeOfDay(buf, us-days*usPerDay)
	if withZone {
		buf = append(buf, "+00"...)
	}
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// validDateDays reports whether days is a finite date PostgreSQL accepts.
func validDateDays(days int64) bool {
	return days >= minDateDays && days <= maxDateDays
}

// validTimestampUs reports whether us is a finite timestamp PostgreSQL accepts.
func validTimestampUs(us int64) bool {
	return us >= minTimestampUs && us < endTimestampUs
}
