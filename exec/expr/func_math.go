package expr

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

const (
	kInt2    = types.KindInt2
	kInt8    = types.KindInt8
	kFloat4  = types.KindFloat4
	kFloat8  = types.KindFloat8
	kNumeric = types.KindNumeric
)

func f8(f float64) types.Value { return types.Value{K: types.KindFloat8, F: f} }
func num(s string) types.Value { return types.Value{K: types.KindNumeric, S: s} }
func numOK(s string, err error) (types.Value, error) {
	if err != nil {
		return types.NullValue, err
	}
	return num(s), nil
}

// floatFn lifts a float8 → float8 function with PostgreSQL's overflow check.
func floatFn(f func(float64) float64) fn1 {
	return func(a types.Value) (types.Value, error) {
		r := f(a.F)
		if math.IsInf(r, 0) && !math.IsInf(a.F, 0) {
			return types.NullValue, errOverflow
		}
		return f8(r), nil
	}
}

func init() {
	absInt := func(k types.Kind) overload {
		lo, _ := intBounds(k)
		return overload{args: sig(k), ret: types.Type{Kind: k, Mod: -1}, impl: fn1(func(a types.Value) (types.Value, error) {
			if a.I == lo {
				return types.NullValue, errIntOutOfRange(k)
			}
			if a.I < 0 {
				a.I = -a.I
			}
			return a, nil
		})}
	}
	absFloat := fn1(func(a types.Value) (types.Value, error) { a.F = math.Abs(a.F); return a, nil })
	register("abs", absInt(kInt2), absInt(kInt4), absInt(kInt8),
		overload{args: sig(kFloat4), ret: types.Float4, impl: absFloat},
		overload{args: sig(kFloat8), ret: types.Float8, impl: absFloat},
		overload{args: sig(kNumeric), ret: types.Numeric, impl: fn1(func(a types.Value) (types.Value, error) {
			return numOK(types.NumericAbs(a.S))
		})})

	roundLike := func(name string, ff func(float64) float64, rescale func(string, int32) (string, error)) {
		register(name,
			overload{args: sig(kFloat8), ret: types.Float8, impl: floatFn(ff)},
			overload{args: sig(kNumeric), ret: types.Numeric, impl: fn1(func(a types.Value) (types.Value, error) {
				return numOK(rescale(a.S, 0))
			})},
			overload{args: sig(kNumeric, kInt4), ret: types.Numeric, impl: fn2(func(a, b types.Value) (types.Value, error) {
				return numOK(rescale(a.S, int32(max(min(b.I, 2000), -2000))))
			})})
	}
	roundLike("round", math.RoundToEven, types.NumericRound)
	roundLike("trunc", math.Trunc, types.NumericTrunc)

	for _, name := range []string{"floor", "ceil", "ceiling"} {
		ceil := name != "floor"
		ff, nf := math.Floor, types.NumericFloor
		if ceil {
			ff, nf = math.Ceil, types.NumericCeil
		}
		register(name,
			overload{args: sig(kFloat8), ret: types.Float8, impl: floatFn(ff)},
			overload{args: sig(kNumeric), ret: types.Numeric, impl: fn1(func(a types.Value) (types.Value, error) {
				return numOK(nf(a.S))
			})})
	}
	register("sqrt",
		overload{args: sig(kFloat8), ret: types.Float8, impl: fn1(func(a types.Value) (types.Value, error) {
			if a.F < 0 {
				return types.NullValue, errNegSqrt
			}
			return f8(math.Sqrt(a.F)), nil
		})},
		overload{args: sig(kNumeric), ret: types.Numeric, impl: fn1(func(a types.Value) (types.Value, error) {
			return numOK(numericSqrt(a.S))
		})})
	register("cbrt", overload{args: sig(kFloat8), ret: types.Float8, impl: floatFn(math.Cbrt)})
	for _, name := range []string{"power", "pow"} {
		register(name,
			overload{args: sig(kFloat8, kFloat8), ret: types.Float8, impl: fn2(func(a, b types.Value) (types.Value, error) {
				return floatPow(a.F, b.F)
			})},
			overload{args: sig(kNumeric, kNumeric), ret: types.Numeric, impl: fn2(func(a, b types.Value) (types.Value, error) {
				return numOK(numericPower(a.S, b.S))
			})})
	}
	modInt := func(k types.Kind) overload {
		return overload{args: sig(k, k), ret: types.Type{Kind: k, Mod: -1}, impl: fn2(intOp("%", k))}
	}
	register("mod", modInt(kInt2), modInt(kInt4), modInt(kInt8),
		overload{args: sig(kNumeric, kNumeric), ret: types.Numeric, impl: fn2(numericOp("%"))})
	register("sign",
		overload{args: sig(kFloat8), ret: types.Float8, impl: fn1(func(a types.Value) (types.Value, error) {
			switch {
			case a.F > 0:
				return f8(1), nil
			case a.F < 0:
				return f8(-1), nil
			}
			return f8(0), nil
		})},
		overload{args: sig(kNumeric), ret: types.Numeric, impl: fn1(func(a types.Value) (types.Value, error) {
			if a.S == "NaN" {
				return a, nil
			}
			return num(strconv.Itoa(types.NumericSign(a.S))), nil
		})})
	register("random", nullary(types.Float8, true, func(*Env) (types.Value, error) { return f8(rand.Float64()), nil }))
	register("pi", nullary(types.Float8, false, func(*Env) (types.Value, error) { return f8(math.Pi), nil }))
	register("exp", overload{args: sig(kFloat8), ret: types.Float8, impl: fn1(func(a types.Value) (types.Value, error) {
		r := math.Exp(a.F)
		switch {
		case math.IsInf(r, 0) && !math.IsInf(a.F, 0):
			return types.NullValue, errOverflow
		case r == 0 && !math.IsInf(a.F, 0):
			return types.NullValue, errUnderflow
		}
		return f8(r), nil
	})})
	logFn := func(f func(float64) float64) fn1 {
		return func(a types.Value) (types.Value, error) {
			switch {
			case a.F == 0:
				return types.NullValue, pgerr.New("2201E", "cannot take logarithm of zero")
			case a.F < 0:
				return types.NullValue, pgerr.New("2201E", "cannot take logarithm of a negative number")
			}
			return f8(f(a.F)), nil
		}
	}
	register("ln", overload{args: sig(kFloat8), ret: types.Float8, impl: logFn(math.Log)})
	register("log", overload{args: sig(kFloat8), ret: types.Float8, impl: logFn(math.Log10)})
	register("degrees", overload{args: sig(kFloat8), ret: types.Float8, impl: floatFn(func(f float64) float64 { return f * 180 / math.Pi })})
	register("radians", overload{args: sig(kFloat8), ret: types.Float8, impl: floatFn(func(f float64) float64 { return f * math.Pi / 180 })})
}
