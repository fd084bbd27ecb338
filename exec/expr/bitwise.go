package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// Bitwise operators on integers (& | # << >> and prefix ~), which pgjdbc
// uses on pg_index.indoption, and || on arrays.

// bitwise compiles & | # (operands promoted to the wider integer type)
// and << >> (the shift count is int4; the result has the left type).
func (c *compiler) bitwise(op string, l, r *Expr, loc int) (*Expr, error) {
	l, r, err := c.unifyUnknown(op, l, r, nil, loc)
	if err != nil {
		return nil, err
	}
	lk, rk := l.Type.Kind, r.Type.Kind
	isInt := func(k types.Kind) bool { return k == types.KindInt2 || k == types.KindInt4 || k == types.KindInt8 }
	if !isInt(lk) || !isInt(rk) {
		return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
	}
	k := lk
	if op == "<<" || op == ">>" {
		if rk == types.KindInt8 {
			return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
		}
	} else if numRank(rk) > numRank(lk) {
		k = rk
	}
	bits := map[types.Kind]int64{types.KindInt2: 16, types.KindInt4: 32, types.KindInt8: 64}[k]
	x := &Expr{Type: types.Type{Kind: k, Mod: -1}, loc: loc, fn: strict2(l, r, func(a, b types.Value) (types.Value, error) {
		var n int64
		switch op {
		case "&":
			n = a.I & b.I
		case "|":
			n = a.I | b.I
		case "#":
			n = a.I ^ b.I
		case "<<":
			n = a.I << uint64(b.I&(bits-1))
		default:
			n = a.I >> uint64(b.I&(bits-1))
		}
		return types.Value{K: k, I: truncInt(n, k)}, nil
	})}
	return finish(x, l, r)
}

// truncInt wraps n to the width of integer kind k, as C shifts do.
func truncInt(n int64, k types.Kind) int64 {
	switch k {
	case types.KindInt2:
		return int64(int16(n))
	case types.KindInt4:
		return int64(int32(n))
	}
	return n
}

// bitNot compiles prefix ~ on integers.
func (c *compiler) bitNot(n *ast.UnaryOp) (*Expr, error) {
	x, err := c.compile(n.Operand)
	if err != nil {
		return nil, err
	}
	if x.isUnknown() {
		return nil, errAmbiguousOp(n.Op, nil, &x.Type, n.Location)
	}
	k := x.Type.Kind
	if k != types.KindInt2 && k != types.KindInt4 && k != types.KindInt8 {
		return nil, errNoUnaryOp(n.Op, x.Type, n.Location)
	}
	in := x.fn
	out := &Expr{Type: baseType(x.Type), loc: n.Location, fn: func(env *Env, row []types.Value) (types.Value, error) {
		v, err := in(env, row)
		if err != nil || v.K == types.KindNull {
			return v, err
		}
		v.I = ^v.I
		return v, nil
	}}
	return finish(out, x)
}

// arrayConcat compiles || with an array operand: array || array (an
// untyped literal reads as the other array's type), array || element and
// element || array.
func (c *compiler) arrayConcat(l, r *Expr, loc int) (*Expr, error) {
	var err error
	switch {
	case l.isUnknown():
		l, err = c.coerce(l, baseType(r.Type))
	case r.isUnknown():
		r, err = c.coerce(r, baseType(l.Type))
	}
	if err != nil {
		return nil, err
	}
	lt, rt := l.Type, r.Type
	x := &Expr{loc: loc}
	switch {
	case lt.Kind == types.KindArray && rt.Kind == types.KindArray:
		if !sameElements(lt, rt) {
			return nil, errNoBinaryOp("||", lt, rt, loc)
		}
		x.Type = baseType(lt)
		x.fn = nullable2(l, r, func(a, b types.Value) (types.Value, error) { return arrayCat(nil, []types.Value{a, b}) })
	case lt.Kind == types.KindArray:
		et := baseType(lt.ElemType())
		if !elemOK(r, et) {
			return nil, errNoBinaryOp("||", lt, rt, loc)
		}
		if r, err = c.coerce(r, et); err != nil {
			return nil, err
		}
		x.Type = baseType(lt)
		x.fn = nullable2(l, r, func(a, b types.Value) (types.Value, error) {
			return arrayJoin(a, et, []types.Value{b}, false)
		})
	default:
		et := baseType(rt.ElemType())
		if !elemOK(l, et) {
			return nil, errNoBinaryOp("||", lt, rt, loc)
		}
		if l, err = c.coerce(l, et); err != nil {
			return nil, err
		}
		x.Type = baseType(rt)
		x.fn = nullable2(l, r, func(a, b types.Value) (types.Value, error) {
			return arrayJoin(b, et, []types.Value{a}, true)
		})
	}
	return finish(x, l, r)
}

// elemOK reports whether x can be an element of an array of et.
func elemOK(x *Expr, et types.Type) bool {
	return x.isUnknown() || x.Type.Kind == et.Kind || implicitOK(x.Type.Kind, et.Kind)
}

// nullable2 evaluates both operands and calls f even when one is NULL
// (array concatenation treats a NULL array as empty).
func nullable2(l, r *Expr, f func(a, b types.Value) (types.Value, error)) evalFn {
	lf, rf := l.fn, r.fn
	return func(env *Env, row []types.Value) (types.Value, error) {
		a, err := lf(env, row)
		if err != nil {
			return a, err
		}
		b, err := rf(env, row)
		if err != nil {
			return b, err
		}
		return f(a, b)
	}
}
