package types

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	// The IANA database is compiled in so that TimeZone works on hosts
	// without /usr/share/zoneinfo (containers); a system copy, when
	// present, is still preferred by time.LoadLocation.
	_ "time/tzdata"
)

// Time zones: the session's TimeZone setting as PostgreSQL accepts it, and
// the conversions between instants (timestamptz, µs since 1970 UTC) and
// wall-clock times (timestamp, µs since 1970 on the local calendar) in it.

// isInfiniteMicros reports whether us is ±infinity.
func isInfiniteMicros(us int64) bool { return us == PosInfinity || us == NegInfinity }

// zoneOffset is loc's UTC offset in seconds at the instant us.
func zoneOffset(us int64, loc *time.Location) int64 {
	_, off := time.UnixMicro(us).In(loc).Zone()
	return int64(off)
}

// LocalMicros converts the instant us to the wall-clock time in loc (nil:
// UTC): timestamptz → timestamp. Infinities are kept.
func LocalMicros(us int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC || isInfiniteMicros(us) {
		return us
	}
	return us + zoneOffset(us, loc)*usPerSecond
}

// UTCMicros converts the wall-clock time local in loc (nil: UTC) to an
// instant: timestamp → timestamptz. As in PostgreSQL, a time that occurs
// twice (the clocks went back) takes the offset in force after the
// transition, and a time that never occurs (the clocks went forward)
// takes the offset in force before it.
func UTCMicros(local int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC || isInfiniteMicros(local) {
		return local
	}
	// Transitions are months apart, so the offsets a day either side are
	// the ones before and after any transition near local.
	const day = 24 * 3600 * usPerSecond
	before := zoneOffset(local-day, loc) * usPerSecond
	after := zoneOffset(local+day, loc) * usPerSecond
	ua, ub := local-after, local-before
	switch {
	case zoneOffset(ua, loc)*usPerSecond == after:
		return ua
	case zoneOffset(ub, loc)*usPerSecond == before:
		return ub
	}
	return ub // in the gap of a forward jump
}

// appendTimestampIn appends a timestamptz as PostgreSQL prints it in the
// session zone loc: the local time, then the offset ("+09", "+05:30",
// "-03:30", "+00:19:32" for local mean time), then " BC".
func appendTimestampIn(buf []byte, us int64, loc *time.Location) []byte {
	if isInfiniteMicros(us) {
		return appendTimestamp(buf, us, false)
	}
	off := zoneOffset(us, loc)
	local := us + off*usPerSecond
	days := floorDiv(local, usPerDay)
	buf, bc := appendYMD(buf, days)
	buf = append(buf, ' ')
	buf = appendTimeOfDay(buf, local-days*usPerDay)
	buf = appendOffset(buf, off)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// appendOffset appends a UTC offset in seconds as "+HH[:MM[:SS]]".
func appendOffset(buf []byte, off int64) []byte {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	h, m, s := off/3600, off/60%60, off%60
	buf = append(buf, sign)
	buf = appendPadded(buf, h, 2)
	if m != 0 || s != 0 {
		buf = append(buf, ':', byte('0'+m/10), byte('0'+m%10))
	}
	if s != 0 {
		buf = append(buf, ':', byte('0'+s/10), byte('0'+s%10))
	}
	return buf
}

// maxZoneOffset bounds fixed offsets: POSIX zones allow up to 167 hours.
const maxZoneOffset = 167 * 3600

// ParseTimeZone interprets a TimeZone setting the way PostgreSQL does and
// returns the zone and the name SHOW and ParameterStatus report:
//
//   - a number is hours east of UTC ("5", "-3.5"), reported as the POSIX
//     name PostgreSQL makes for it ("<+05>-05");
//   - an IANA zone name, matched without regard to case and reported in
//     the database's spelling ("asia/tokyo" → "Asia/Tokyo");
//   - a POSIX zone without daylight-saving rules ("UTC+5", "<+02>-02",
//     "+05:30"), where, as in POSIX, positive offsets are WEST of UTC.
//
// POSIX zones with daylight-saving rules are not supported.
func ParseTimeZone(name string) (*time.Location, string, bool) {
	if name == "" {
		return nil, "", false
	}
	if hours, err := strconv.ParseFloat(name, 64); err == nil {
		secs := int64(math.Round(hours * 3600))
		if secs < -maxZoneOffset || secs > maxZoneOffset {
			return nil, "", false
		}
		abbrev := string(appendOffset(nil, secs))
		display := "<" + abbrev + ">" + string(appendOffset(nil, -secs))
		return time.FixedZone(abbrev, int(secs)), display, true
	}
	if canon, ok := zoneFileName(name); ok {
		if loc, err := time.LoadLocation(canon); err == nil {
			return loc, canon, true
		}
	}
	if loc, ok := parsePOSIXZone(name); ok {
		return loc, strings.ToUpper(name), true // PostgreSQL reports POSIX names upper-cased
	}
	return nil, "", false
}

// parsePOSIXZone reads "std offset" with no daylight-saving part: std is
// letters or <quoted>, and may be left out; offset is [+-]hh[:mm[:ss]],
// west of UTC.
func parsePOSIXZone(s string) (*time.Location, bool) {
	std := ""
	switch {
	case strings.HasPrefix(s, "<"):
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return nil, false
		}
		std, s = s[1:end], s[end+1:]
	default:
		i := 0
		for i < len(s) && isAlpha(s[i]) {
			i++
		}
		std, s = strings.ToUpper(s[:i]), s[i:]
	}
	if s == "" {
		return nil, false
	}
	sign := int64(1) // POSIX: positive is west, so the offset east is -value
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		sign, s = -1, s[1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return nil, false
	}
	var secs int64
	for i, p := range parts {
		if p == "" || len(p) > 3 {
			return nil, false
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || i > 0 && n > 59 {
			return nil, false
		}
		secs += n * []int64{3600, 60, 1}[i]
	}
	if secs > maxZoneOffset {
		return nil, false
	}
	if std == "" {
		std = string(appendOffset(nil, -sign*secs))
	}
	return time.FixedZone(std, int(-sign*secs)), true
}

// zoneFileName finds the IANA name spelled like name up to case.
func zoneFileName(name string) (string, bool) {
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return "", false
	}
	if _, err := time.LoadLocation(name); err == nil && name != "Local" && name != "" {
		return name, true
	}
	zoneNamesOnce.Do(loadZoneNames)
	canon, ok := zoneNames[strings.ToLower(name)]
	return canon, ok
}

var (
	zoneNamesOnce sync.Once
	zoneNames     map[string]string // lower-case name → IANA spelling
)

// loadZoneNames lists the system's zone files once, for case-insensitive
// names. Without a system database only exact spellings are found.
func loadZoneNames() {
	zoneNames = map[string]string{}
	const root = "/usr/share/zoneinfo"
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || strings.Contains(rel, ".") || strings.HasPrefix(rel, "right/") {
			return nil
		}
		zoneNames[strings.ToLower(rel)] = rel
		return nil
	})
	if _, err := os.Stat(root); err != nil {
		for _, n := range []string{"UTC", "GMT", "Etc/UTC", "Etc/GMT"} {
			zoneNames[strings.ToLower(n)] = n
		}
	}
}
