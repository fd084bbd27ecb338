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

// Date/time functions. Timestamps are microseconds since 1970 (timestamptz
// in UTC; functions that look at its calendar fields do so in the session
// time zone, Env.Format), dates are days since 1970; infinities are
// math.MaxInt64 / math.MinInt64.

const (
	kDate        = types.KindDate
	kTimestamp   = types.KindTimestamp
	kTimestamptz = types.KindTimestamptz
	kTime        = types.KindTime

	// PostgreSQL's valid date range, in days since 1970: Julian day 0 up to
	// (not including) Julian day 2147483494.
	unixEpochJD = 2440588
	minDate     = -unixEpochJD
	endDate     = 2147483494 - unixEpochJD
)

var errDateRange = pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range")

func isInfinite(n int64) bool { return n == types.PosInfinity || n == types.NegInfinity }

// toTime converts finite microseconds since 1970 to a UTC time.
func toTime(us int64) time.Time { return time.UnixMicro(us).UTC() }

func fromTime(t time.Time) int64 { return t.UnixMicro() }

func statementMicros(env *Env) int64 {
	if env.StatementTime.IsZero() {
		return fromTime(time.Now())
	}
	return fromTime(env.StatementTime)
}

// localStatementMicros is the statement time on the session zone's clock.
func localStatementMicros(env *Env) int64 {
	return types.LocalMicros(statementMicros(env), env.location())
}

func init() {
	now := func(env *Env) (types.Value, error) { return types.NewTimestamptz(statementMicros(env)), nil }
	for _, name := range []string{"now", "transaction_timestamp", "statement_timestamp"} {
		register(name, nullary(types.Timestamptz, true, now))
	}
	register("clock_timestamp", nullary(types.Timestamptz, true, func(*Env) (types.Value, error) {
		return types.NewTimestamptz(fromTime(time.Now())), nil
	}))
	register("date_trunc",
		overload{args: sig(kText, kTimestamptz), ret: types.Timestamptz, impl: fnN(dateTruncZoned), volatile: true},
		overload{args: sig(kText, kTimestamp), ret: types.Timestamp, impl: fn2(dateTrunc)})
	register("to_timestamp", overload{args: sig(kFloat8), ret: types.Timestamptz, impl: fn1(func(a types.Value) (types.Value, error) {
		switch {
		case math.IsInf(a.F, 1):
			return types.NewTimestamptz(types.PosInfinity), nil
		case math.IsInf(a.F, -1):
			return types.NewTimestamptz(types.NegInfinity), nil
		case math.IsNaN(a.F) || math.Abs(a.F) > 9.2e12:
			return types.NullValue, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", strconv.FormatFloat(a.F, 'g', -1, 64))
		}
		return types.NewTimestamptz(int64(math.Round(a.F * 1e6))), nil
	})})
}

// sqlValueFunction compiles CURRENT_TIMESTAMP, CURRENT_USER and friends.
func (c *compiler) sqlValueFunction(n *ast.SQLValueFunction) (*Expr, error) {
	var t types.Type
	var f fn0
	switch n.Name {
	case "current_timestamp":
		t, f = types.Timestamptz, func(env *Env) (types.Value, error) { return types.NewTimestamptz(statementMicros(env)), nil }
	case "localtimestamp":
		t, f = types.Timestamp, func(env *Env) (types.Value, error) { return types.NewTimestamp(localStatementMicros(env)), nil }
	case "current_date":
		t, f = types.Date, func(env *Env) (types.Value, error) {
			return types.NewDate(floorDiv(localStatementMicros(env), microsPerDay)), nil
		}
	case "localtime":
		t, f = types.Time, func(env *Env) (types.Value, error) {
			us := localStatementMicros(env)
			return types.NewTime(us - floorDiv(us, microsPerDay)*microsPerDay), nil
		}
	case "current_user", "session_user", "user", "current_role":
		t, f = types.Name, func(env *Env) (types.Value, error) { return types.NewName(env.User), nil }
	case "current_schema":
		t, f = types.Name, currentSchema
	case "current_catalog":
		t, f = types.Name, func(env *Env) (types.Value, error) { return types.NewName(env.Database), nil }
	default:
		return nil, at(pgerr.New(pgerr.FeatureNotSupported, "%s is not supported", strings.ToUpper(n.Name)), n.Location)
	}
	return buildCall(&overload{ret: t, impl: f, volatile: true}, nil, n.Location)
}

// dateArith compiles date ± integer and date - date.
func (c *compiler) dateArith(op string, l, r *Expr, loc int) (*Expr, error) {
	lk, rk := l.Type.Kind, r.Type.Kind
	isInt := func(k types.Kind) bool { return k == types.KindInt4 || k == types.KindInt2 }
	var f func(a, b types.Value) (types.Value, error)
	ret := types.Date
	switch {
	case op == "+" && lk == kDate && isInt(rk):
		f = func(a, b types.Value) (types.Value, error) { return addDays(a.I, b.I) }
	case op == "+" && isInt(lk) && rk == kDate:
		f = func(a, b types.Value) (types.Value, error) { return addDays(b.I, a.I) }
	case op == "-" && lk == kDate && isInt(rk):
		f = func(a, b types.Value) (types.Value, error) { return addDays(a.I, -b.I) }
	case op == "-" && lk == kDate && rk == kDate:
		ret = types.Int4
		f = func(a, b types.Value) (types.Value, error) {
			if isInfinite(a.I) || isInfinite(b.I) {
				return types.NullValue, pgerr.New(pgerr.DatetimeFieldOverflow, "cannot subtract infinite dates")
			}
			return types.NewInt4(int32(a.I - b.I)), nil
		}
	default:
		return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
	}
	return finish(&Expr{Type: ret, loc: loc, fn: strict2(l, r, f)}, l, r)
}

func addDays(d, n int64) (types.Value, error) {
	if isInfinite(d) {
		return types.NewDate(d), nil
	}
	d += n
	if d < minDate || d >= endDate {
		return types.NullValue, errDateRange
	}
	return types.NewDate(d), nil
}

// pgYear is the SQL year of a Go year (Go's year 0 is 1 BC).
func pgYear(y int) int64 {
	if y <= 0 {
		return int64(y) - 1
	}
	return int64(y)
}

func unitNotRecognized(unit string, t types.Type) error {
	return pgerr.New(pgerr.InvalidParameterValue, "unit \"%s\" not recognized for type %s", unit, t.Name())
}

// dateTruncZoned is date_trunc(unit, timestamptz): the instant is
// truncated on the session zone's calendar, as in PostgreSQL.
func dateTruncZoned(env *Env, args []types.Value) (types.Value, error) {
	unit, ts := args[0], args[1]
	if unit.IsNull() || ts.IsNull() {
		return types.NullValue, nil
	}
	loc := env.location()
	local := types.Value{K: kTimestamptz, I: types.LocalMicros(ts.I, loc)}
	out, err := dateTrunc(unit, local)
	if err != nil || isInfinite(out.I) {
		return out, err
	}
	return types.Value{K: kTimestamptz, I: types.UTCMicros(out.I, loc)}, nil
}

// dateTrunc is date_trunc(unit, timestamp[tz]) on the UTC calendar.
func dateTrunc(unit, ts types.Value) (types.Value, error) {
	if isInfinite(ts.I) {
		return ts, nil
	}
	t := toTime(ts.I)
	y, m, d := t.Date()
	var out time.Time
	switch strings.ToLower(unit.S) {
	case "microseconds":
		return ts, nil
	case "milliseconds":
		out = t.Truncate(time.Millisecond)
	case "second":
		out = t.Truncate(time.Second)
	case "minute":
		out = t.Truncate(time.Minute)
	case "hour":
		out = t.Truncate(time.Hour)
	case "day":
		out = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case "week":
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		out = time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	case "month":
		out = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		out = time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case "year":
		out = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "decade":
		out = time.Date(y-mod(y, 10), 1, 1, 0, 0, 0, 0, time.UTC)
	case "century":
		out = time.Date(y-mod(y-1, 100), 1, 1, 0, 0, 0, 0, time.UTC)
	case "millennium":
		out = time.Date(y-mod(y-1, 1000), 1, 1, 0, 0, 0, 0, time.UTC)
	default:
		return types.NullValue, unitNotRecognized(unit.S, types.Type{Kind: ts.K, Mod: -1})
	}
	return types.Value{K: ts.K, I: fromTime(out)}, nil
}

func mod(a, b int) int { return ((a % b) + b) % b }
