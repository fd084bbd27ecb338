package expr

import (
	"math"
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// binary compiles an infix operator.
func (c *compiler) binary(n *ast.BinaryOp) (*Expr, error) {
	switch strings.ToUpper(n.Op) {
	case "AND", "OR":
		return c.logic(n)
	}
	if isRow(n.Left) || isRow(n.Right) {
		return c.rowBinary(n)
	}
	l, err := c.compile(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := c.compile(n.Right)
	if err != nil {
		return nil, err
	}
	return c.binaryOp(n.Op, l, r, n.Location)
}

// binaryOp resolves and builds operator op over compiled operands; IN,
// BETWEEN, simple CASE and NULLIF reuse it for their comparisons.
func (c *compiler) binaryOp(op string, l, r *Expr, loc int) (*Expr, error) {
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
		return c.comparison(op, l, r, loc)
	case "+", "-", "*", "/", "%", "^":
		return c.arith(op, l, r, loc)
	case "||":
		return c.concat(l, r, loc)
	case "~~", "!~~", "~~*", "!~~*":
		return c.like(op, l, r, loc)
	case "~", "!~", "~*", "!~*":
		return c.regexMatch(op, l, r, loc)
	case "&", "|", "#", "<<", ">>":
		return c.bitwise(op, l, r, loc)
	}
	return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
}

func isRow(e ast.Expr) bool {
	_, ok := e.(*ast.RowExpr)
	return ok
}

// unifyUnknown gives an untyped operand the other operand's type, as
// PostgreSQL's operator resolution does; two untyped operands become
// bothAs (text for comparisons), or fail as ambiguous when bothAs is unset.
func (c *compiler) unifyUnknown(op string, l, r *Expr, bothAs *types.Type, loc int) (*Expr, *Expr, error) {
	var err error
	switch {
	case l.isUnknown() && r.isUnknown():
		if bothAs == nil {
			return nil, nil, errAmbiguousOp(op, &l.Type, &r.Type, loc)
		}
		if l, err = c.coerce(l, *bothAs); err != nil {
			return nil, nil, err
		}
		r, err = c.coerce(r, *bothAs)
	case l.isUnknown():
		l, err = c.coerce(l, operandType(r.Type))
	case r.isUnknown():
		r, err = c.coerce(r, operandType(l.Type))
	}
	return l, r, err
}

// operandType drops the typmod: operators work on the base type.
func operandType(t types.Type) types.Type { return baseType(t) }

// strict2 builds a strict binary evaluation: both operands are evaluated
// (so errors surface as in PostgreSQL) and NULL in either yields NULL.
func strict2(l, r *Expr, f func(a, b types.Value) (types.Value, error)) evalFn {
	lf, rf := l.fn, r.fn
	if r.konst {
		// A constant right operand (col + 1, col = $const) skips a call.
		b := r.val
		if b.K == types.KindNull {
			return func(env *Env, row []types.Value) (types.Value, error) {
				a, err := lf(env, row)
				if err != nil {
					return a, err
				}
				return types.NullValue, nil
			}
		}
		return func(env *Env, row []types.Value) (types.Value, error) {
			a, err := lf(env, row)
			if err != nil || a.K == types.KindNull {
				return a, err
			}
			return f(a, b)
		}
	}
	return func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil {
			return a, err
		}
		b, err := rf(env, row)
		if err != nil {
			return b, err
		}
		if a.K == types.KindNull || b.K == types.KindNull {
			return types.NullValue, nil
		}
		return f(a, b)
	}
}

// arith compiles + - * / % ^.
func (c *compiler) arith(op string, l, r *Expr, loc int) (*Expr, error) {
	l, r, err := c.unifyUnknown(op, l, r, nil, loc)
	if err != nil {
		return nil, err
	}
	lk, rk := l.Type.Kind, r.Type.Kind
	if lk == types.KindDate || rk == types.KindDate {
		return c.dateArith(op, l, r, loc)
	}
	if numRank(lk) == 0 || numRank(rk) == 0 || lk.IsReg() || rk.IsReg() || (op == "%" && (isFloat(lk) || isFloat(rk))) {
		return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
	}
	var k types.Kind
	switch {
	case op == "^":
		k = types.KindFloat8
		if !isFloat(lk) && !isFloat(rk) && (lk == types.KindNumeric || rk == types.KindNumeric) {
			k = types.KindNumeric
		}
	case lk.IsInteger() && rk.IsInteger():
		k = lk
		if numRank(rk) > numRank(lk) {
			k = rk
		}
		if k == types.KindOID {
			k = types.KindInt8
		}
	case lk == types.KindFloat4 && rk == types.KindFloat4:
		k = types.KindFloat4
	case isFloat(lk) || isFloat(rk):
		k = types.KindFloat8
	default:
		k = types.KindNumeric
	}
	x := &Expr{Type: types.Type{Kind: k, Mod: -1}, loc: loc}
	switch {
	case k.IsInteger():
		x.fn = strict2(l, r, intOp(op, k))
	case isFloat(k):
		// Integer operands are read as floats inline; numeric ones convert.
		if lk == types.KindNumeric {
			l, _ = c.convert(l, types.Float8, false)
		}
		if rk == types.KindNumeric {
			r, _ = c.convert(r, types.Float8, false)
		}
		x.fn = strict2(l, r, floatOp(op, k, lk.IsInteger(), rk.IsInteger()))
	default:
		if l, err = c.convert(l, types.Numeric, false); err != nil {
			return nil, err
		}
		if r, err = c.convert(r, types.Numeric, false); err != nil {
			return nil, err
		}
		x.fn = strict2(l, r, numericOp(op))
	}
	return finish(x, l, r)
}

// intBounds is the value range of an integer kind.
func intBounds(k types.Kind) (lo, hi int64) {
	switch k {
	case types.KindInt2:
		return math.MinInt16, math.MaxInt16
	case types.KindInt4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// intOp returns overflow-checked integer arithmetic producing kind k.
func intOp(op string, k types.Kind) func(a, b types.Value) (types.Value, error) {
	lo, hi := intBounds(k)
	rangeErr := errIntOutOfRange(k)
	switch op {
	case "+":
		return func(a, b types.Value) (types.Value, error) {
			s := a.I + b.I
			if (a.I^s)&(b.I^s) < 0 {
				return types.NullValue, rangeErr
			}
			return intResult(k, s, lo, hi, rangeErr)
		}
	case "-":
		return func(a, b types.Value) (types.Value, error) {
			s := a.I - b.I
			if (a.I^b.I)&(a.I^s) < 0 {
				return types.NullValue, rangeErr
			}
			return intResult(k, s, lo, hi, rangeErr)
		}
	case "*":
		return func(a, b types.Value) (types.Value, error) {
			p := a.I * b.I
			if a.I != 0 && (p/a.I != b.I || (a.I == -1 && b.I == math.MinInt64)) {
				return types.NullValue, rangeErr
			}
			return intResult(k, p, lo, hi, rangeErr)
		}
	case "/":
		return func(a, b types.Value) (types.Value, error) {
			if b.I == 0 {
				return types.NullValue, errDivZero
			}
			if b.I == -1 {
				if a.I == lo {
					return types.NullValue, rangeErr
				}
				return types.Value{K: k, I: -a.I}, nil
			}
			return types.Value{K: k, I: a.I / b.I}, nil
		}
	default: // "%"
		return func(a, b types.Value) (types.Value, error) {
			if b.I == 0 {
				return types.NullValue, errDivZero
			}
			if b.I == -1 {
				return types.Value{K: k}, nil
			}
			return types.Value{K: k, I: a.I % b.I}, nil
		}
	}
}

// intResult range-checks n for kind k (inlined into the operator closures).
func intResult(k types.Kind, n, lo, hi int64, rangeErr error) (types.Value, error) {
	if n < lo || n > hi {
		return types.NullValue, rangeErr
	}
	return types.Value{K: k, I: n}, nil
}

// floatOp returns float arithmetic producing kind k with PostgreSQL's
// overflow/underflow checks; lInt/rInt mark operands held as integers.
func floatOp(op string, k types.Kind, lInt, rInt bool) func(a, b types.Value) (types.Value, error) {
	f4 := k == types.KindFloat4
	return func(a, b types.Value) (types.Value, error) {
		x, y := a.F, b.F
		if lInt {
			x = float64(a.I)
		}
		if rInt {
			y = float64(b.I)
		}
		var z float64
		switch op {
		case "+":
			z = x + y
		case "-":
			z = x - y
		case "*":
			z = x * y
			if f4 {
				z = float64(float32(z))
			}
			if z == 0 && x != 0 && y != 0 {
				return types.NullValue, errUnderflow
			}
		case "/":
			if y == 0 && !math.IsNaN(x) {
				return types.NullValue, errDivZero
			}
			z = x / y
			if f4 {
				z = float64(float32(z))
			}
			if z == 0 && x != 0 && !math.IsInf(y, 0) {
				return types.NullValue, errUnderflow
			}
		default: // "^"
			return floatPow(x, y)
		}
		if f4 {
			z = float64(float32(z))
		}
		if math.IsInf(z, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
			return types.NullValue, errOverflow
		}
		return types.Value{K: k, F: z}, nil
	}
}

// floatPow is float8 ^ float8 (dpow) with its domain errors.
func floatPow(x, y float64) (types.Value, error) {
	switch {
	case x == 0 && y < 0:
		return types.NullValue, errZeroNegPow
	case x < 0 && y != math.Trunc(y) && !math.IsInf(y, 0):
		return types.NullValue, errNegPower
	}
	z := math.Pow(x, y)
	if math.IsInf(z, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return types.NullValue, errOverflow
	}
	if z == 0 && x != 0 && !math.IsInf(y, 0) {
		return types.NullValue, errUnderflow
	}
	return types.NewFloat8(z), nil
}

// numericOp returns numeric arithmetic over canonical decimal text.
func numericOp(op string) func(a, b types.Value) (types.Value, error) {
	var f func(a, b string) (string, error)
	switch op {
	case "+":
		f = types.NumericAdd
	case "-":
		f = types.NumericSub
	case "*":
		f = types.NumericMul
	case "/":
		f = types.NumericDiv
	case "%":
		f = types.NumericMod
	default:
		f = numericPower
	}
	return func(a, b types.Value) (types.Value, error) {
		s, err := f(a.S, b.S)
		if err != nil {
			return types.NullValue, err
		}
		return types.Value{K: types.KindNumeric, S: s}, nil
	}
}

// unary compiles prefix - and + (NOT is logic).
func (c *compiler) unary(n *ast.UnaryOp) (*Expr, error) {
	if strings.EqualFold(n.Op, "NOT") {
		return c.not(n)
	}
	if n.Op == "~" {
		return c.bitNot(n)
	}
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if x.isUnknown() {
		return nil, errAmbiguousOp(n.Op, nil, &x.Type, n.Location)
	}
	k := x.Type.Kind
	if numRank(k) == 0 || (n.Op != "-" && n.Op != "+") {
		return nil, errNoUnaryOp(n.Op, x.Type, n.Location)
	}
	if n.Op == "+" {
		return x, nil
	}
	if k == types.KindOID {
		return nil, errNoUnaryOp(n.Op, x.Type, n.Location)
	}
	in := x.fn
	out := &Expr{Type: operandType(x.Type), loc: n.Location}
	lo, _ := intBounds(k)
	rangeErr := errIntOutOfRange(k)
	out.fn = func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil || v.K == types.KindNull {
			return v, err
		}
		switch {
		case k.IsInteger():
			if v.I == lo {
				return types.NullValue, rangeErr
			}
			v.I = -v.I
		case isFloat(k):
			v.F = -v.F
		default:
			s, err := types.NumericNeg(v.S)
			if err != nil {
				return types.NullValue, err
			}
			v.S = s
		}
		return v, nil
	}
	return finish(out, x)
}
