package expr

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// EXTRACT(field FROM x) returns numeric and date_part(field, x) float8
// (PostgreSQL 15). Both compute a field as a scaled integer (value /
// 10^scale), so numeric output is exact and float output is one division.

// fieldUnits maps PostgreSQL's spellings of a field to a canonical name.
var fieldUnits = map[string]string{}

func init() {
	for canon, aliases := range map[string][]string{
		"microseconds": {"microsecond", "us", "usec", "usecs", "useconds"},
		"milliseconds": {"millisecond", "ms", "msec", "msecs", "mseconds"},
		"second":       {"seconds", "s", "sec", "secs"},
		"minute":       {"minutes", "m", "min", "mins"},
		"hour":         {"hours", "h", "hr", "hrs"},
		"day":          {"days", "d"},
		"month":        {"months", "mon", "mons"},
		"year":         {"years", "y", "yr", "yrs"},
		"week":         {"weeks", "w"},
		"quarter":      {"qtr"},
		"decade":       {"decades", "dec"},
		"century":      {"centuries", "c", "cent"},
		"millennium":   {"millennia", "mil", "mils"},
		"julian":       {"j"},
		"dow":          nil, "isodow": nil, "doy": nil, "isoyear": nil, "epoch": nil,
	} {
		fieldUnits[canon] = canon
		for _, a := range aliases {
			fieldUnits[a] = canon
		}
	}
}

// fieldValue is a field as value / 10^scale, or an infinity, or NULL.
type fieldValue struct {
	v     int64
	scale int
	inf   int // +1 / -1 for infinities
	null  bool
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}

func (f fieldValue) numeric() types.Value {
	switch {
	case f.null:
		return types.NullValue
	case f.inf > 0:
		return num("Infinity")
	case f.inf < 0:
		return num("-Infinity")
	case f.scale == 0:
		return num(strconv.FormatInt(f.v, 10))
	}
	neg := f.v < 0
	u := f.v
	if neg {
		u = -u
	}
	frac := strconv.FormatInt(u%pow10[f.scale], 10)
	s := strconv.FormatInt(u/pow10[f.scale], 10) + "." + strings.Repeat("0", f.scale-len(frac)) + frac
	if neg {
		s = "-" + s
	}
	return num(s)
}

func (f fieldValue) float() types.Value {
	switch {
	case f.null:
		return types.NullValue
	case f.inf != 0:
		return f8(math.Inf(f.inf))
	}
	return f8(float64(f.v) / float64(pow10[f.scale]))
}

// extract compiles EXTRACT and date_part.
func (c *compiler) extract(n *ast.FuncCall) (*Expr, error) {
	name := n.Name
	errName := name
	if name == "extract" {
		errName = "pg_catalog.extract"
	}
	args, err := c.compileAll(n.Args)
	if err != nil {
		return nil, err
	}
	if len(args) != 2 || !(args[0].Type.Kind.IsString() || args[0].isUnknown()) {
		return nil, errNoFunction(errName, args, n.Location)
	}
	src := args[1]
	switch {
	case src.isUnknown():
		src, err = c.coerce(src, types.Timestamptz)
	case src.Type.Kind == kDate && name == "date_part":
		src, err = c.convert(src, types.Timestamp, false)
	case dtRank(src.Type.Kind) == 0 && src.Type.Kind != kTime:
		return nil, errNoFunction(errName, args, n.Location)
	}
	if err != nil {
		return nil, err
	}
	unit, err := c.coerce(args[0], types.Text)
	if err != nil {
		return nil, err
	}
	ret, out := types.Numeric, fieldValue.numeric
	if name == "date_part" {
		ret, out = types.Float8, fieldValue.float
	}
	srcType := src.Type
	if srcType.Kind == kTimestamptz {
		// The fields of an instant are those of its local time in the
		// session zone; the epoch is the instant's own.
		uf, vf := unit.fn, src.fn
		x := &Expr{Type: ret, loc: n.Location, volatile: true, fn: func(env *Env, row []types.Value) (types.Value, error) {
			u, err := uf(env, row)
			if err != nil || u.IsNull() {
				return types.NullValue, err
			}
			v, err := vf(env, row)
			if err != nil || v.IsNull() {
				return types.NullValue, err
			}
			if fieldUnits[strings.ToLower(u.S)] != "epoch" {
				v.I = types.LocalMicros(v.I, env.location())
			}
			f, err := extractField(u.S, v, srcType)
			if err != nil {
				return types.NullValue, err
			}
			return out(f), nil
		}}
		return finish(x, unit, src)
	}
	x := &Expr{Type: ret, loc: n.Location, fn: strict2(unit, src, func(u, v types.Value) (types.Value, error) {
		f, err := extractField(u.S, v, srcType)
		if err != nil {
			return types.NullValue, err
		}
		return out(f), nil
	})}
	return finish(x, unit, src)
}

// extractField computes one field of a date, time or timestamp value.
func extractField(unit string, v types.Value, t types.Type) (fieldValue, error) {
	canon, ok := fieldUnits[strings.ToLower(unit)]
	if !ok {
		return fieldValue{}, unitNotRecognized(unit, t)
	}
	notSupported := func() (fieldValue, error) {
		return fieldValue{}, pgerr.New(pgerr.FeatureNotSupported, "unit \"%s\" not supported for type %s", unit, t.Name())
	}
	if v.K == kTime {
		us := v.I
		switch canon {
		case "microseconds":
			return fieldValue{v: us % 60e6}, nil
		case "milliseconds":
			return fieldValue{v: us % 60e6, scale: 3}, nil
		case "second":
			return fieldValue{v: us % 60e6, scale: 6}, nil
		case "minute":
			return fieldValue{v: us / 60e6 % 60}, nil
		case "hour":
			return fieldValue{v: us / 3600e6}, nil
		case "epoch":
			return fieldValue{v: us, scale: 6}, nil
		}
		return notSupported()
	}
	if isInfinite(v.I) {
		switch canon {
		case "epoch", "year", "decade", "century", "millennium", "julian", "isoyear":
			sign := 1
			if v.I == types.NegInfinity {
				sign = -1
			}
			return fieldValue{inf: sign}, nil
		}
		return fieldValue{null: true}, nil
	}
	isDate := v.K == kDate
	us := v.I
	if isDate {
		us = v.I * microsPerDay
	}
	tm := toTime(us)
	// PostgreSQL's tm_year is astronomical (0 is 1 BC); the year field
	// skips year 0, decade/century/millennium count from the astronomical year.
	ay := int64(tm.Year())
	y := pgYear(tm.Year())
	intField := func(n int64) (fieldValue, error) { return fieldValue{v: n}, nil }
	secUs := int64(tm.Second())*1e6 + int64(tm.Nanosecond()/1000)
	switch canon {
	case "microseconds", "milliseconds", "second", "minute", "hour":
		if isDate {
			return notSupported()
		}
		switch canon {
		case "microseconds":
			return intField(secUs)
		case "milliseconds":
			return fieldValue{v: secUs, scale: 3}, nil
		case "second":
			return fieldValue{v: secUs, scale: 6}, nil
		case "minute":
			return intField(int64(tm.Minute()))
		}
		return intField(int64(tm.Hour()))
	case "day":
		return intField(int64(tm.Day()))
	case "month":
		return intField(int64(tm.Month()))
	case "year":
		return intField(y)
	case "quarter":
		return intField(int64(tm.Month()-1)/3 + 1)
	case "week":
		_, w := tm.ISOWeek()
		return intField(int64(w))
	case "isoyear":
		iy, _ := tm.ISOWeek()
		return intField(pgYear(iy))
	case "dow":
		return intField(int64(tm.Weekday()))
	case "isodow":
		if tm.Weekday() == time.Sunday {
			return intField(7)
		}
		return intField(int64(tm.Weekday()))
	case "doy":
		return intField(int64(tm.YearDay()))
	case "decade":
		if ay >= 0 {
			return intField(ay / 10)
		}
		return intField(-((8 - (ay - 1)) / 10))
	case "century":
		if ay > 0 {
			return intField((ay + 99) / 100)
		}
		return intField(-((99 - (ay - 1)) / 100))
	case "millennium":
		if ay > 0 {
			return intField((ay + 999) / 1000)
		}
		return intField(-((999 - (ay - 1)) / 1000))
	case "julian":
		days := floorDiv(us, microsPerDay)
		if !isDate && us != days*microsPerDay {
			return notSupported()
		}
		return intField(days + unixEpochJD)
	case "epoch":
		if isDate {
			return intField(v.I * 86400)
		}
		return fieldValue{v: us, scale: 6}, nil
	}
	return notSupported()
}
