package exec

import (
	"strconv"
	"strings"
	"time"
)

// duration reads a time setting (statement_timeout, lock_timeout) the way
// PostgreSQL does: a bare number is milliseconds; units us, ms, s, min, h
// and d are accepted; 0 (or anything unreadable) means no limit.
func (s *settings) duration(name string) time.Duration {
	v, _ := s.get(name)
	return parseDurationSetting(v)
}

func parseDurationSetting(v string) time.Duration {
	v = strings.TrimSpace(strings.ToLower(v))
	num := strings.TrimRightFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r == ' ' })
	unit := strings.TrimSpace(v[len(num):])
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n <= 0 {
		return 0
	}
	scale := map[string]time.Duration{
		"": time.Millisecond, "us": time.Microsecond, "ms": time.Millisecond, "s": time.Second,
		"min": time.Minute, "h": time.Hour, "d": 24 * time.Hour,
	}[unit]
	return time.Duration(n * float64(scale))
}
