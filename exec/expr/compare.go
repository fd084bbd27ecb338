package expr

import (
	"math"
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// cmpOp is a comparison operator decided at compile time.
type cmpOp uint8

const (
	opEQ cmpOp = iota
	opNE
	opLT
	opLE
	opGT
	opGE
)

func parseCmpOp(op string) cmpOp {
	switch op {
	case "=":
		return opEQ
	case "<>", "!=":
		return opNE
	case "<":
		return opLT
	case "<=":
		return opLE
	case ">":
		return opGT
	}
	return opGE
}

// holds reports whether a three-way comparison result satisfies op.
func (op cmpOp) holds(c int) bool {
	switch op {
	case opEQ:
		return c == 0
	case opNE:
		return c != 0
	case opLT:
		return c < 0
	case opLE:
		return c <= 0
	case opGT:
		return c > 0
	}
	return c >= 0
}

var textType = types.Text

// comparison compiles = <> < <= > >=.
func (c *compiler) comparison(op string, l, r *Expr, loc int) (*Expr, error) {
	l, r, err := c.unifyUnknown(op, l, r, &textType, loc)
	if err != nil {
		return nil, err
	}
	l, r, cmp, err := c.comparator(op, l, r, loc)
	if err != nil {
		return nil, err
	}
	o := parseCmpOp(op)
	lf, rf := l.fn, r.fn
	x := &Expr{Type: types.Bool, loc: loc}
	if isIntCmp(l, r) && r.konst && !r.val.IsNull() {
		// col = 5, col < 10 …: the commonest filter, with one call.
		k := r.val.I
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			a, err := lf(env, row)
			if err != nil || a.K == types.KindNull {
				return a, err
			}
			return types.NewBool(o.holds(cmp3(a.I, k))), nil
		}
	} else if isIntCmp(l, r) {
		// The hot path: integer columns against integers, no indirection.
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
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
			return types.NewBool(o.holds(cmp3(a.I, b.I))), nil
		}
	} else {
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
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
			return types.NewBool(o.holds(cmp(a, b))), nil
		}
	}
	return finish(x, l, r)
}

func isIntCmp(l, r *Expr) bool { return isOIDLike(l.Type.Kind) && isOIDLike(r.Type.Kind) }

// isOIDLike reports kinds compared by Value.I as integers: the integer
// kinds, oid and the reg* oid aliases.
func isOIDLike(k types.Kind) bool { return k.IsInteger() || k.IsReg() }

func cmp3[T int64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// floatCmp orders floats as PostgreSQL does: NaN equals NaN and sorts last.
func floatCmp(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// comparator resolves a comparison between typed operands into a three-way
// function over non-NULL values, converting operands where PostgreSQL
// would (int vs numeric → numeric, numeric vs float → float8, date vs
// timestamp → timestamp, char(n) vs text → text).
func (c *compiler) comparator(op string, l, r *Expr, loc int) (*Expr, *Expr, func(a, b types.Value) int, error) {
	lk, rk := l.Type.Kind, r.Type.Kind
	lc, rc := categoryOf(lk), categoryOf(rk)
	noOp := func() (*Expr, *Expr, func(a, b types.Value) int, error) {
		return nil, nil, nil, errNoBinaryOp(op, l.Type, r.Type, loc)
	}
	if lc != rc && !(lk == rk) {
		return noOp()
	}
	switch lc {
	case catNumeric:
		switch {
		case isOIDLike(lk) && isOIDLike(rk):
			return l, r, func(a, b types.Value) int { return cmp3(a.I, b.I) }, nil
		case lk.IsReg() || rk.IsReg():
			return noOp()
		case isFloat(lk) || isFloat(rk):
			var err error
			if lk == types.KindNumeric {
				l, err = c.convert(l, types.Float8, false)
			}
			if rk == types.KindNumeric {
				r, err = c.convert(r, types.Float8, false)
			}
			li, ri := lk.IsInteger(), rk.IsInteger()
			return l, r, func(a, b types.Value) int {
				x, y := a.F, b.F
				if li {
					x = float64(a.I)
				}
				if ri {
					y = float64(b.I)
				}
				return floatCmp(x, y)
			}, err
		default:
			var err error
			if lk != types.KindNumeric {
				l, err = c.convert(l, types.Numeric, false)
			}
			if rk != types.KindNumeric {
				r, err = c.convert(r, types.Numeric, false)
			}
			return l, r, types.Compare, err
		}
	case catString:
		lt, rt := lk == types.KindBpchar, rk == types.KindBpchar
		if !lt && !rt {
			return l, r, func(a, b types.Value) int { return strings.Compare(a.S, b.S) }, nil
		}
		return l, r, func(a, b types.Value) int {
			x, y := a.S, b.S
			if lt {
				x = strings.TrimRight(x, " ")
			}
			if rt {
				y = strings.TrimRight(y, " ")
			}
			return strings.Compare(x, y)
		}, nil
	case catDatetime:
		ld, rd := lk == types.KindDate && rk != types.KindDate, rk == types.KindDate && lk != types.KindDate
		return l, r, func(a, b types.Value) int {
			x, y := a.I, b.I
			if ld {
				x = dateToMicros(x)
			}
			if rd {
				y = dateToMicros(y)
			}
			return cmp3(x, y)
		}, nil
	case catBool:
		return l, r, func(a, b types.Value) int { return cmp3(a.I, b.I) }, nil
	}
	if lk != rk && !(lk.IsArray() && rk.IsArray()) {
		return noOp()
	}
	switch lk {
	case types.KindTime, types.KindOID, types.KindChar:
		return l, r, func(a, b types.Value) int { return cmp3(a.I, b.I) }, nil
	case types.KindArray, types.KindInt2Vector, types.KindOIDVector:
		if !sameElements(l.Type, r.Type) {
			return noOp()
		}
		return l, r, types.Compare, nil
	case types.KindUUID, types.KindBytea:
		return l, r, func(a, b types.Value) int { return strings.Compare(a.S, b.S) }, nil
	case types.KindJSONB:
		return l, r, types.Compare, nil
	}
	return noOp()
}

// sameElements reports whether two array types compare element-wise
// without conversion (PostgreSQL's array operators need one element type;
// the vectors compare as int2[] and oid[]).
func sameElements(a, b types.Type) bool {
	ae, be := a.ElemType().Kind, b.ElemType().Kind
	return ae == be || ae.IsString() && be.IsString()
}

// in compiles x [NOT] IN (list): x = any element, with NULL when no element
// matches and some comparison was NULL.
func (c *compiler) in(n *ast.In) (*Expr, error) {
	if row, ok := n.Operand.(*ast.RowExpr); ok {
		return c.rowIn(n, row)
	}
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	list, err := c.compileAll(n.List)
	if err != nil {
		return nil, err
	}
	// PostgreSQL unifies the operand and the list to a common type (so
	// 1 IN (1, 2.5) compares as numeric). When they do not unify, it
	// reports the first element whose = operator does not exist.
	all := append([]*Expr{x}, list...)
	t, err := commonType("IN", all)
	if err != nil {
		for _, e := range list {
			if _, cerr := c.comparison("=", x, e, n.Location); cerr != nil {
				return nil, cerr
			}
		}
		return nil, err
	}
	for i, e := range all {
		if all[i], err = c.coerce(e, t); err != nil {
			return nil, err
		}
	}
	return c.inList(all[0], all[1:], n.Not, n.Location)
}

// inList is IN over operands of one common type: the operand is evaluated
// once and compared with each element in turn.
func (c *compiler) inList(x *Expr, list []*Expr, not bool, loc int) (*Expr, error) {
	_, _, cmp, err := c.comparator("=", x, x, loc)
	if err != nil {
		return nil, err
	}
	xf, fns := x.fn, fnsOf(list)
	out := &Expr{Type: types.Bool, loc: loc, fn: func(env *Env, row []types.Value) (types.Value, error) {
		a, err := xf(env, row)
		if err != nil || a.K == types.KindNull {
			return types.NullValue, err
		}
		sawNull := false
		for _, f := range fns {
			v, err := f(env, row)
			if err != nil {
				return v, err
			}
			if v.K == types.KindNull {
				sawNull = true
			} else if cmp(a, v) == 0 {
				return types.NewBool(!not), nil
			}
		}
		if sawNull {
			return types.NullValue, nil
		}
		return types.NewBool(not), nil
	}}
	return finish(out, append([]*Expr{x}, list...)...)
}

// between compiles x [NOT] BETWEEN lo AND hi as x >= lo AND x <= hi.
func (c *compiler) between(n *ast.Between) (*Expr, error) {
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	lo, err := c.compile(n.Low)
	if err != nil {
		return nil, err
	}
	hi, err := c.compile(n.High)
	if err != nil {
		return nil, err
	}
	ge, err := c.comparison(">=", x, lo, n.Location)
	if err != nil {
		return nil, err
	}
	le, err := c.comparison("<=", x, hi, n.Location)
	if err != nil {
		return nil, err
	}
	both, err := and3(ge, le, n.Location)
	if err != nil || !n.Not {
		return both, err
	}
	return negate(both), nil
}
