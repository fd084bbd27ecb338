package types

import (
	"strings"
	"time"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Date/time text input. This is a compact re-implementation of the part of
// PostgreSQL's ParseDateTime/DecodeDateTime that clients actually send,
// with DateStyle = ISO, MDY and TimeZone = UTC:
//
//	2024-01-31  20240131  1/31/2024  Jan 31, 2024  31 Jan 2024  2024-Jan-31
//	13:45  13:45:00.123456  1:45 pm  134500  allballs
//	2024-01-31T13:45:00Z  2024-01-31 13:45:00.5+05:30  … -0800  … UTC  … Europe/Paris
//	infinity  -infinity  epoch  now  today  tomorrow  yesterday
//
// Error messages and SQLSTATEs are PostgreSQL's (22007 syntax, 22008 range,
// 22009 zone displacement, 22023 unknown zone name).

// dtFields collects what the tokens of one input said.
type dtFields struct {
	year, month, day  int64
	hasDate           bool
	yearDigits        int // digits written for the year (two-digit years are windowed)
	monthFromName     bool
	loose             []string // bare numbers not yet assigned (around a month name)
	hour, minute, sec int64
	fsec              int64 // microseconds, already rounded
	hasTime           bool
	ampm              byte // 0, 'a' or 'p'
	bc                bool
	tzSec             int64 // seconds east of UTC
	hasTZ             bool
	tzLoc             *time.Location // a named zone, resolved against the local time
	sessionLoc        *time.Location // the session zone, for timestamptz without one; nil: UTC
	order             DateOrder      // DateStyle's field order for dates such as 01/02/03
}

// dtError is the kind of failure, turned into a message by dtErr.
type dtError int

const (
	dtOK dtError = iota
	dtSyntax
	dtFieldRange
	dtMonthRange // field range with PostgreSQL's "datestyle" hint
	dtZoneRange
	dtZoneUnknown
	dtDateRange
	dtTimestampRange
)

// dtTypeLabel is how PostgreSQL names the type in date/time input errors.
func dtTypeLabel(k Kind) string {
	switch k {
	case KindDate:
		return "date"
	case KindTime:
		return "time"
	case KindTimestamptz:
		return "timestamp with time zone"
	}
	return "timestamp"
}

func dtErr(e dtError, input string, k Kind, zone string) error {
	q := `"` + input + `"` // PostgreSQL quotes without escaping
	switch e {
	case dtFieldRange:
		return pgerr.New(pgerr.DatetimeFieldOverflow, "date/time field value out of range: %s", q)
	case dtMonthRange:
		return pgerr.New(pgerr.DatetimeFieldOverflow, "date/time field value out of range: %s", q).
			WithHint(`Perhaps you need a different "datestyle" setting.`)
	case dtZoneRange:
		return pgerr.New("22009", "time zone displacement out of range: %s", q)
	case dtZoneUnknown:
		return pgerr.New(pgerr.InvalidParameterValue, "time zone \"%s\" not recognized", zone)
	case dtDateRange:
		return pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range: %s", q)
	case dtTimestampRange:
		return pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range: %s", q)
	}
	return pgerr.New(pgerr.InvalidDatetimeFormat, "invalid input syntax for type %s: %s", dtTypeLabel(k), q)
}

// parseDateTimeText parses s for one of the four date/time kinds and
// returns the payload for Value.I under the session format fm (nil: the
// defaults): a timestamptz without a zone is read in its zone, a date
// such as 01/02/2024 in its field order.
func parseDateTimeText(s string, k Kind, fm *TextFormat) (int64, error) {
	loc := fm.zone()
	if v, ok, e := dtSpecial(s, k, loc); ok || e != dtOK {
		if e != dtOK {
			return 0, dtErr(e, s, k, "")
		}
		return v, nil
	}
	var f dtFields
	f.sessionLoc, f.order = loc, fm.order()
	if e, zone := f.tokenize(s, k); e != dtOK {
		return 0, dtErr(e, s, k, zone)
	}
	v, e := f.assemble(k)
	if e != dtOK {
		return 0, dtErr(e, s, k, "")
	}
	return v, nil
}

// dtSpecial handles the reserved words that stand alone. Days ("today")
// begin at midnight in the session zone loc (nil: UTC).
func dtSpecial(s string, k Kind, loc *time.Location) (int64, bool, dtError) {
	w := strings.ToLower(strings.TrimSpace(s))
	if w == "" || w[0] >= '0' && w[0] <= '9' {
		return 0, false, dtOK
	}
	switch w {
	case "now", "allballs", "infinity", "-infinity", "epoch", "today", "tomorrow", "yesterday":
	default:
		return 0, false, dtOK
	}
	nowUs := time.Now().UnixMicro()
	localNow := LocalMicros(nowUs, loc)
	today := floorDiv(localNow, usPerDay)
	day := int64(0)
	switch w {
	case "now":
		switch k {
		case KindDate:
			return today, true, dtOK
		case KindTime:
			return localNow - today*usPerDay, true, dtOK
		case KindTimestamp:
			return localNow, true, dtOK
		}
		return nowUs, true, dtOK
	case "allballs":
		if k == KindTime {
			return 0, true, dtOK
		}
		return 0, false, dtSyntax
	case "infinity", "-infinity":
		if k == KindTime {
			return 0, false, dtSyntax
		}
		if w[0] == '-' {
			return NegInfinity, true, dtOK
		}
		return PosInfinity, true, dtOK
	case "epoch":
		day = -today
	case "today":
	case "tomorrow":
		day = 1
	case "yesterday":
		day = -1
	}
	switch k {
	case KindTime:
		if w == "epoch" {
			return 0, false, dtSyntax
		}
		return 0, true, dtOK
	case KindDate:
		return today + day, true, dtOK
	case KindTimestamptz:
		if w != "epoch" {
			return UTCMicros((today+day)*usPerDay, loc), true, dtOK
		}
	}
	return (today + day) * usPerDay, true, dtOK
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// tokenize splits s into fields and records them in f. zone is the
// offending zone name for dtZoneUnknown.
func (f *dtFields) tokenize(s string, k Kind) (dtError, string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			i++
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j < len(s) && s[j] == ':' {
				for j < len(s) && (isDigit(s[j]) || s[j] == ':' || s[j] == '.') {
					j++
				}
				if e := f.setTime(s[i:j]); e != dtOK {
					return e, ""
				}
			} else if j < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.') && j+1 < len(s) && (isDigit(s[j+1]) || isAlpha(s[j+1])) {
				sep := s[j]
				for j < len(s) && (isDigit(s[j]) || isAlpha(s[j]) || s[j] == sep) {
					// An ISO "T" between date and time ends the date.
					if (s[j] == 'T' || s[j] == 't') && j > i && isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]) {
						break
					}
					j++
				}
				if e := f.setDate(s[i:j], sep); e != dtOK {
					return e, ""
				}
				if j < len(s) && (s[j] == 'T' || s[j] == 't') {
					j++
				}
			} else {
				if j < len(s) && s[j] == '.' { // HHMMSS.fff
					j++
					for j < len(s) && isDigit(s[j]) {
						j++
					}
				}
				if e := f.setNumber(s[i:j], k); e != dtOK {
					return e, ""
				}
			}
			i = j
		case (c == '+' || c == '-') && i+1 < len(s) && isDigit(s[i+1]):
			j := i + 1
			for j < len(s) && (isDigit(s[j]) || s[j] == ':') {
				j++
			}
			if e := f.setOffset(s[i:j]); e != dtOK {
				return e, ""
			}
			i = j
		case isAlpha(c):
			j := i
			slash := false
			for j < len(s) && (isAlpha(s[j]) || s[j] == '/' || s[j] == '_' || slash && (isDigit(s[j]) || s[j] == '+' || s[j] == '-')) {
				slash = slash || s[j] == '/'
				j++
			}
			word := strings.ToLower(s[i:j])
			// "Jan-05-2024": a month name leading a separated date.
			if j+1 < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.') && isDigit(s[j+1]) && monthNumber(word) != 0 {
				sep := s[j]
				for j < len(s) && (isDigit(s[j]) || isAlpha(s[j]) || s[j] == sep) {
					j++
				}
				if e := f.setDate(s[i:j], sep); e != dtOK {
					return e, ""
				}
				i = j
				continue
			}
			if e := f.setWord(word, s[i:j]); e != dtOK {
				return e, word
			}
			i = j
		default:
			return dtSyntax, ""
		}
	}
	return dtOK, ""
}

// assemble validates the fields and builds the payload for kind k.
func (f *dtFields) assemble(k Kind) (int64, dtError) {
	if e := f.resolveLoose(); e != dtOK {
		return 0, e
	}
	if f.monthFromName && !f.hasDate {
		return 0, dtSyntax
	}
	var tod int64
	if f.hasTime || f.ampm != 0 {
		if !f.hasTime {
			return 0, dtSyntax
		}
		switch f.ampm {
		case 'a':
			if f.hour > 12 {
				return 0, dtFieldRange
			}
			if f.hour == 12 {
				f.hour = 0
			}
		case 'p':
			if f.hour > 12 {
				return 0, dtFieldRange
			}
			if f.hour != 12 {
				f.hour += 12
			}
		}
		if f.minute > 59 || f.sec > 60 || f.fsec > usPerSecond || f.hour > 24 ||
			f.hour == 24 && (f.minute > 0 || f.sec > 0 || f.fsec > 0) {
			return 0, dtFieldRange
		}
		tod = f.hour*usPerHour + f.minute*usPerMinute + f.sec*usPerSecond + f.fsec
	}
	if k == KindTime {
		if !f.hasTime {
			return 0, dtSyntax
		}
		if tod > usPerDay {
			return 0, dtFieldRange
		}
		return tod, dtOK
	}
	if !f.hasDate {
		return 0, dtSyntax
	}
	// Year 0 does not exist; "00" is a two-digit year (2000).
	if f.year == 0 && (f.bc || f.yearDigits > 2) {
		return 0, dtFieldRange
	}
	y := f.year
	if f.yearDigits <= 2 && !f.bc {
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	}
	if f.bc {
		y = 1 - y
	}
	if f.month < 1 || f.month > 12 {
		return 0, dtMonthRange
	}
	if f.day < 1 || f.day > daysInMonth(y, f.month) {
		return 0, dtFieldRange
	}
	if y > 300_000_000 || y < -300_000_000 {
		return 0, dtDateRange
	}
	days := daysFromCivil(y, f.month, f.day)
	if k == KindDate {
		if !validDateDays(days) {
			return 0, dtDateRange
		}
		return days, dtOK
	}
	// Leave room for the time of day and a zone offset without overflow.
	if days < minDateDays || days >= endTimestampUs/usPerDay-1 {
		return 0, dtTimestampRange
	}
	us := days*usPerDay + tod
	if k == KindTimestamptz && !f.hasTZ && f.sessionLoc != nil {
		us = UTCMicros(us, f.sessionLoc)
	} else if k == KindTimestamptz && f.hasTZ {
		off := f.tzSec
		if f.tzLoc != nil {
			_, m, d := civilFromDays(days)
			t := time.Date(int(y), time.Month(m), int(d), int(f.hour), int(f.minute), int(f.sec), 0, f.tzLoc)
			_, o := t.Zone()
			off = int64(o)
		}
		us -= off * usPerSecond
	}
	if !validTimestampUs(us) {
		return 0, dtTimestampRange
	}
	return us, dtOK
}
