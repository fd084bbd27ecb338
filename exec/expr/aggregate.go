package expr

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// aggregates lists the aggregate functions CompileAggregate knows.
var aggregates = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true,
	"bool_and": true, "bool_or": true, "every": true, "string_agg": true,
	"array_agg": true,
}

// IsAggregate reports whether name is an aggregate function.
func IsAggregate(name string) bool { return aggregates[name] }

// Aggregate is a compiled aggregate call. It is immutable; each group's
// running state lives in an AggState from NewState.
type Aggregate struct {
	Type types.Type // result type

	name     string
	star     bool
	distinct bool
	args     []*Expr
	filter   *Expr      // FILTER (WHERE …), nil when absent
	order    []orderKey // aggregate ORDER BY, nil when absent
	// keepNulls marks aggregates that are not strict in their first
	// argument (array_agg collects NULLs).
	keepNulls bool
	cmp       func(a, b types.Value) int // min / max ordering
	newState  func(a *Aggregate) aggStep
}

// AggState accumulates one group's values.
type AggState interface {
	Step(env *Env, row []types.Value) error
	Result() (types.Value, error)
}

// aggStep is the per-function part of a state: it sees argument values.
type aggStep interface {
	add(vals []types.Value) error
	result() (types.Value, error)
}

// CompileAggregate compiles an aggregate call (its arguments against scope).
// Aggregates inside the arguments fail with 42803.
func CompileAggregate(call *ast.FuncCall, scope *Scope, params *Params) (*Aggregate, error) {
	if !IsAggregate(call.Name) {
		return nil, errNoFunction(call.Name, nil, call.Location)
	}
	c := newCompiler(scope, params)
	c.inAgg = true
	args, err := c.compileAll(call.Args)
	if err != nil {
		return nil, err
	}
	a := &Aggregate{name: call.Name, star: call.Star, distinct: call.Distinct, args: args}
	if call.Star && call.Name != "count" {
		return nil, errNoFunction(call.Name, nil, call.Location)
	}
	if call.Filter != nil {
		f, err := c.compile(call.Filter)
		if err != nil {
			return nil, err
		}
		if a.filter, err = c.toBool(f, "FILTER"); err != nil {
			return nil, err
		}
	}
	if a.order, err = c.orderKeys(call.OrderBy); err != nil {
		return nil, err
	}
	noFunc := func() (*Aggregate, error) { return nil, errNoFunction(call.Name, args, call.Location) }
	if call.Star {
		a.Type, a.newState = types.Int8, func(*Aggregate) aggStep { return &countStep{} }
		return a, nil
	}
	wantArgs := 1
	if call.Name == "string_agg" {
		wantArgs = 2
	}
	if len(args) != wantArgs {
		return noFunc()
	}
	arg := args[0]
	if arg.isUnknown() && call.Name != "sum" && call.Name != "avg" {
		if args[0], err = c.coerce(arg, types.Text); err != nil {
			return nil, err
		}
		arg = args[0]
	}
	k := arg.Type.Kind
	switch call.Name {
	case "count":
		a.Type, a.newState = types.Int8, func(*Aggregate) aggStep { return &countStep{} }
	case "sum":
		switch {
		case k == types.KindInt2 || k == types.KindInt4:
			a.Type = types.Int8
			a.newState = func(*Aggregate) aggStep { return &sumStep{out: types.KindInt8} }
		case k == types.KindInt8 || k == types.KindNumeric:
			a.Type = types.Numeric
			a.newState = func(*Aggregate) aggStep { return &sumStep{out: types.KindNumeric} }
		case isFloat(k):
			a.Type = types.Type{Kind: k, Mod: -1}
			a.newState = func(*Aggregate) aggStep { return &floatSumStep{out: k} }
		default:
			return noFunc()
		}
	case "avg":
		switch {
		case k.IsInteger() && k != types.KindOID, k == types.KindNumeric:
			a.Type = types.Numeric
			a.newState = func(*Aggregate) aggStep { return &avgStep{} }
		case isFloat(k):
			a.Type = types.Float8
			a.newState = func(*Aggregate) aggStep { return &floatSumStep{out: types.KindFloat8, avg: true} }
		default:
			return noFunc()
		}
	case "min", "max":
		_, _, cmp, err := c.comparator("<", arg, arg, call.Location)
		if err != nil {
			return noFunc()
		}
		a.Type, a.cmp = arg.Type, cmp
		want := -1
		if call.Name == "max" {
			want = 1
		}
		a.newState = func(a *Aggregate) aggStep { return &extremeStep{cmp: a.cmp, want: want} }
	case "bool_and", "bool_or", "every":
		if k != types.KindBool {
			return noFunc()
		}
		isAnd := call.Name != "bool_or"
		a.Type = types.Bool
		a.newState = func(*Aggregate) aggStep { return &boolStep{and: isAnd} }
	case "array_agg":
		if arg.Type.IsArray() {
			return nil, errMultiDim(call.Location)
		}
		a.Type, a.keepNulls = types.ArrayOf(arg.Type), true
		et := arg.Type
		a.newState = func(*Aggregate) aggStep { return &arrayAggStep{elem: et} }
	case "string_agg":
		sep := args[1]
		switch {
		case (k.IsString()) && (sep.Type.Kind.IsString() || sep.isUnknown()):
			if args[1], err = c.coerce(sep, types.Text); err != nil {
				return nil, err
			}
			a.Type = types.Text
		case k == types.KindBytea && (sep.Type.Kind == types.KindBytea || sep.isUnknown()):
			if args[1], err = c.coerce(sep, types.Bytea); err != nil {
				return nil, err
			}
			a.Type = types.Bytea
		default:
			return noFunc()
		}
		out := a.Type.Kind
		a.newState = func(*Aggregate) aggStep { return &stringAggStep{out: out} }
	}
	return a, nil
}

// NewState starts a new group.
func (a *Aggregate) NewState() AggState {
	s := &aggState{agg: a, step: a.newState(a), vals: make([]types.Value, len(a.args))}
	if a.distinct {
		s.seen = map[string]struct{}{}
	}
	return s
}

// aggState evaluates FILTER and the arguments, applies DISTINCT and skips
// rows whose first argument is NULL (unless the aggregate keeps NULLs),
// then feeds the per-function step. With an aggregate ORDER BY it buffers
// the rows instead and feeds them sorted when the result is asked for.
// Result may be called repeatedly as rows keep arriving (window frames).
type aggState struct {
	agg    *Aggregate
	step   aggStep
	vals   []types.Value
	seen   map[string]struct{}
	key    []byte
	sorted sortBuffer
}

func (s *aggState) Step(env *Env, row []types.Value) error {
	if f := s.agg.filter; f != nil {
		v, err := f.fn(env, row)
		if err != nil || v.K == types.KindNull || v.I == 0 {
			return err
		}
	}
	if s.agg.star {
		return s.step.add(nil)
	}
	for i, arg := range s.agg.args {
		v, err := arg.fn(env, row)
		if err != nil {
			return err
		}
		s.vals[i] = v
	}
	if s.agg.order != nil {
		return s.sorted.add(env, row, s.agg.order, s.vals)
	}
	return s.feed(s.step, s.seen, s.vals)
}

// feed applies NULL skipping and DISTINCT, then adds vals to step.
func (s *aggState) feed(step aggStep, seen map[string]struct{}, vals []types.Value) error {
	if vals[0].K == types.KindNull && !s.agg.keepNulls {
		return nil
	}
	if seen != nil {
		s.key = distinctKey(s.key[:0], vals[0])
		if _, dup := seen[string(s.key)]; dup {
			return nil
		}
		seen[string(s.key)] = struct{}{}
	}
	return step.add(vals)
}

func (s *aggState) Result() (types.Value, error) {
	if s.agg.order == nil {
		return s.step.result()
	}
	// A fresh step over the rows in order keeps Result repeatable.
	step := s.agg.newState(s.agg)
	var seen map[string]struct{}
	if s.agg.distinct {
		seen = map[string]struct{}{}
	}
	s.sorted.sort(s.agg.order)
	for _, r := range s.sorted.rows {
		if err := s.feed(step, seen, r.vals); err != nil {
			return types.NullValue, err
		}
	}
	return step.result()
}

// distinctKey encodes a value so that values PostgreSQL's equality treats
// as equal (1.0 and 1.00, 'a ' and 'a' as char(n)) share a key.
func distinctKey(b []byte, v types.Value) []byte {
	b = append(b, byte(v.K))
	switch {
	case v.K == types.KindNumeric:
		if d, _, err := apd.NewFromString(v.S); err == nil {
			var r apd.Decimal
			r.Reduce(d)
			return append(b, r.String()...)
		}
		return append(b, v.S...)
	case v.K == types.KindBpchar:
		return append(b, strings.TrimRight(v.S, " ")...)
	case isFloat(v.K):
		f := v.F
		if f == 0 {
			f = 0 // -0 equals 0
		}
		return strconv.AppendUint(b, math.Float64bits(f), 16)
	case v.K.IsString() || v.K == types.KindBytea || v.K == types.KindUUID || v.K == types.KindJSON || v.K == types.KindJSONB:
		return append(b, v.S...)
	}
	return strconv.AppendInt(b, v.I, 10)
}

// arrayAggStep collects values, NULLs included, into an array.
type arrayAggStep struct {
	elem types.Type
	vals []types.Value
}

func (s *arrayAggStep) add(vals []types.Value) error {
	s.vals = append(s.vals, vals[0])
	return nil
}

func (s *arrayAggStep) result() (types.Value, error) {
	if s.vals == nil {
		return types.NullValue, nil
	}
	return types.NewArray(s.elem, s.vals), nil
}

type countStep struct{ n int64 }

func (s *countStep) add([]types.Value) error      { s.n++; return nil }
func (s *countStep) result() (types.Value, error) { return types.NewInt8(s.n), nil }

// sumStep sums integers in an int64 and moves to exact decimal arithmetic
// when that would overflow or the input is numeric.
type sumStep struct {
	out  types.Kind // KindInt8 or KindNumeric
	n    int64
	i    int64
	dec  *apd.Decimal
	some bool
}

func (s *sumStep) add(vals []types.Value) error {
	v := vals[0]
	s.some = true
	s.n++
	if v.K != types.KindNumeric && s.dec == nil {
		sum := s.i + v.I
		if (s.i^sum)&(v.I^sum) >= 0 {
			s.i = sum
			return nil
		}
		if s.out == types.KindInt8 {
			return errInt8Range
		}
	}
	if s.dec == nil {
		s.dec = apd.New(s.i, 0)
	}
	var d *apd.Decimal
	if v.K == types.KindNumeric {
		var err error
		if d, err = parseDec(v.S); err != nil {
			return err
		}
	} else {
		d = apd.New(v.I, 0)
	}
	_, err := apd.BaseContext.Add(s.dec, s.dec, d)
	return err
}

func (s *sumStep) sumText() string {
	if s.dec == nil {
		return strconv.FormatInt(s.i, 10)
	}
	return formatDec(s.dec)
}

func (s *sumStep) result() (types.Value, error) {
	switch {
	case !s.some:
		return types.NullValue, nil
	case s.out == types.KindInt8:
		return types.NewInt8(s.i), nil
	}
	return num(s.sumText()), nil
}

// avgStep is avg over integers and numerics: the exact sum divided by the
// count with numeric division's scale rules.
type avgStep struct{ sumStep }

func (s *avgStep) add(vals []types.Value) error {
	s.out = types.KindNumeric
	return s.sumStep.add(vals)
}

func (s *avgStep) result() (types.Value, error) {
	if !s.some {
		return types.NullValue, nil
	}
	q, err := types.NumericDiv(s.sumText(), strconv.FormatInt(s.n, 10))
	return numOK(q, err)
}

// floatSumStep is sum/avg over floats; float4 sums round like float4 adds.
type floatSumStep struct {
	out  types.Kind
	avg  bool
	sum  float64
	n    int64
	some bool
}

func (s *floatSumStep) add(vals []types.Value) error {
	s.some = true
	s.n++
	s.sum += vals[0].F
	if s.out == types.KindFloat4 {
		s.sum = float64(float32(s.sum))
	}
	if math.IsInf(s.sum, 0) && !math.IsInf(vals[0].F, 0) {
		return errOverflow
	}
	return nil
}

func (s *floatSumStep) result() (types.Value, error) {
	switch {
	case !s.some:
		return types.NullValue, nil
	case s.avg:
		return f8(s.sum / float64(s.n)), nil
	}
	return types.Value{K: s.out, F: s.sum}, nil
}

// extremeStep keeps the minimum (want -1) or maximum (want 1); on ties the
// later value wins, as with PostgreSQL's *_smaller/*_larger (min of 1.5
// and 1.50 is whichever came last).
type extremeStep struct {
	cmp  func(a, b types.Value) int
	want int
	best types.Value
}

func (s *extremeStep) add(vals []types.Value) error {
	if s.best.K == types.KindNull || s.cmp(vals[0], s.best)*s.want >= 0 {
		s.best = vals[0]
	}
	return nil
}

func (s *extremeStep) result() (types.Value, error) { return s.best, nil }

type boolStep struct {
	and  bool
	acc  bool
	some bool
}

func (s *boolStep) add(vals []types.Value) error {
	b := vals[0].I != 0
	if !s.some {
		s.acc, s.some = b, true
	} else if s.and {
		s.acc = s.acc && b
	} else {
		s.acc = s.acc || b
	}
	return nil
}

func (s *boolStep) result() (types.Value, error) {
	if !s.some {
		return types.NullValue, nil
	}
	return types.NewBool(s.acc), nil
}

// stringAggStep joins values; each value but the first is preceded by its
// own row's delimiter (NULL delimiter: none), as in PostgreSQL.
type stringAggStep struct {
	out  types.Kind
	b    strings.Builder
	some bool
}

func (s *stringAggStep) add(vals []types.Value) error {
	if s.some && vals[1].K != types.KindNull {
		s.b.WriteString(vals[1].S)
	}
	s.some = true
	s.b.WriteString(vals[0].S)
	return nil
}

func (s *stringAggStep) result() (types.Value, error) {
	if !s.some {
		return types.NullValue, nil
	}
	return types.Value{K: s.out, S: s.b.String()}, nil
}
