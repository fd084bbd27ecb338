package expr

import (
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Scalar function registry. Each name maps to overloads tried in order of
// preference; resolution follows PostgreSQL's func_select_candidate in
// spirit: exact argument matches first, then PostgreSQL's preferred types
// (double precision, text, timestamptz), then registration order.
//
// Implementations are arity-specialised so calls do not allocate an
// argument slice: fn0 … fn3 are strict (a NULL argument yields NULL without
// calling them); fnN receives every argument, NULLs included.
type (
	fn0 func(env *Env) (types.Value, error)
	fn1 func(a types.Value) (types.Value, error)
	fn2 func(a, b types.Value) (types.Value, error)
	fn3 func(a, b, c types.Value) (types.Value, error)
	fnN func(env *Env, args []types.Value) (types.Value, error)
)

// Pseudo-kinds of parameters: kindAny accepts any argument (PostgreSQL's
// "any"); kindAnyArray any array or vector (anyarray; types.KindArray
// means the same) and kindAnyElement any non-array value (anyelement).
// All anyarray and anyelement arguments of one call share an element
// type, which untyped arguments take.
const (
	kindAny        = types.Kind(255)
	kindAnyArray   = types.Kind(254)
	kindAnyElement = types.Kind(253)
)

func isAnyArray(k types.Kind) bool { return k == kindAnyArray || k == types.KindArray }

type overload struct {
	args     []types.Kind
	variadic bool // the last parameter repeats (zero or more times)
	ret      types.Type
	// retFn, when set, computes the result type from the coerced
	// arguments (polymorphic functions such as array_agg or unnest).
	retFn func(args []*Expr) types.Type
	impl  any // fn0, fn1, fn2, fn3 or fnN
	// volatile marks functions that read Env or are non-deterministic;
	// they are never folded at compile time.
	volatile bool
}

var functions = map[string][]overload{}

func register(name string, ovs ...overload) {
	functions[name] = append(functions[name], ovs...)
}

// sig builds an overload's parameter list.
func sig(ks ...types.Kind) []types.Kind { return ks }

// IsFunction reports whether name is a known scalar function.
func IsFunction(name string) bool {
	_, ok := functions[name]
	return ok || specialFunctions[name]
}

// specialFunctions are compiled by dedicated code, not the registry.
var specialFunctions = map[string]bool{"greatest": true, "least": true, "coalesce": true, "nullif": true, "pg_typeof": true}

func errNoFunction(name string, args []*Expr, loc int) error {
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = typeName(a.Type)
	}
	return at(pgerr.New(pgerr.UndefinedFunction, "function %s(%s) does not exist",
		name, strings.Join(names, ", ")).WithHint(hintNoFunction), loc)
}

// call compiles a function call.
func (c *compiler) call(n *ast.FuncCall) (*Expr, error) {
	name := n.Name
	if IsAggregate(name) {
		if c.inAgg {
			return nil, at(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), n.Location)
		}
		return nil, at(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in this context"), n.Location)
	}
	if n.Star || n.Distinct {
		what := "*"
		if n.Distinct {
			what = "DISTINCT"
		}
		return nil, at(pgerr.New(codeWrongObjectType, "%s specified, but %s is not an aggregate function", what, name), n.Location)
	}
	switch name {
	case "greatest", "least":
		return c.greatestLeast(n)
	case "coalesce":
		return c.coalesce(&ast.Coalesce{Args: n.Args, Location: n.Location})
	case "nullif":
		if len(n.Args) == 2 {
			return c.nullIf(&ast.NullIf{Left: n.Args[0], Right: n.Args[1], Location: n.Location})
		}
	case "extract", "date_part":
		return c.extract(n)
	case "pg_typeof":
		if len(n.Args) == 1 {
			return c.pgTypeof(n)
		}
	}
	args, err := c.compileAll(n.Args)
	if err != nil {
		return nil, err
	}
	ov := resolveOverload(functions[name], args)
	if ov == nil {
		return nil, errNoFunction(name, args, n.Location)
	}
	if err := c.coerceArgs(ov, args); err != nil {
		return nil, err
	}
	return buildCall(ov, args, n.Location)
}

// coerceArgs converts args in place to the parameter types of ov.
func (c *compiler) coerceArgs(ov *overload, args []*Expr) error {
	arrT, elemT := polymorphicTypes(ov, args)
	var err error
	for i, a := range args {
		switch k := ov.param(i); {
		case k == kindAny:
			if a.isUnknown() {
				args[i], err = c.coerce(a, types.Text)
			}
		case isAnyArray(k):
			if a.isUnknown() {
				args[i], err = c.coerce(a, arrT)
			}
		case k == kindAnyElement:
			args[i], err = c.coerce(a, elemT)
		default:
			args[i], err = c.coerce(a, types.Type{Kind: k, Mod: -1})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// polymorphicTypes settles the anyarray and anyelement types of a call
// from its first typed polymorphic argument (text[] and text when all are
// untyped).
func polymorphicTypes(ov *overload, args []*Expr) (arrT, elemT types.Type) {
	for i, a := range args {
		if a.isUnknown() {
			continue
		}
		switch k := ov.param(i); {
		case isAnyArray(k):
			return baseType(a.Type), a.Type.ElemType()
		case k == kindAnyElement:
			return types.ArrayOf(baseType(a.Type)), baseType(a.Type)
		}
	}
	return types.ArrayOf(types.Text), types.Text
}

// pgTypeof is pg_typeof(x): the regtype of x's compile-time type.
func (c *compiler) pgTypeof(n *ast.FuncCall) (*Expr, error) {
	x, err := c.compile(n.Args[0])
	if err != nil {
		return nil, err
	}
	oid, name := uint32(types.OIDUnknown), "unknown"
	if !x.isUnknown() {
		oid, name = x.Type.OID(), baseType(x.Type).Name()
	}
	return constExpr(types.NewReg(types.KindRegtype, oid, name), types.Regtype, n.Location), nil
}

// param is the kind of parameter i (repeating the last one when variadic).
func (ov *overload) param(i int) types.Kind {
	if i >= len(ov.args) {
		return ov.args[len(ov.args)-1]
	}
	return ov.args[i]
}

func (ov *overload) accepts(n int) bool {
	if ov.variadic {
		return n >= len(ov.args) // VARIADIC needs at least one argument
	}
	return n == len(ov.args)
}

func isPreferred(k types.Kind) bool {
	switch k {
	case types.KindFloat8, types.KindText, types.KindTimestamptz, types.KindBool:
		return true
	}
	return false
}

// resolveOverload picks the best candidate for the argument types, or nil.
func resolveOverload(ovs []overload, args []*Expr) *overload {
	var best *overload
	bestExact, bestPref := -1, -1
	for i := range ovs {
		ov := &ovs[i]
		if !ov.accepts(len(args)) {
			continue
		}
		exact, pref, ok := 0, 0, true
		for j, a := range args {
			k := ov.param(j)
			switch {
			case k == kindAny || a.Type.Kind == k:
				exact++
			case isAnyArray(k):
				if a.Type.IsArray() {
					exact++
				} else if !a.isUnknown() {
					ok = false
				}
			case k == kindAnyElement:
				if a.Type.IsArray() {
					ok = false
				} else if !a.isUnknown() {
					exact++
				}
			case a.isUnknown():
				if isPreferred(k) {
					pref++
				}
			case implicitOK(a.Type.Kind, k):
				if isPreferred(k) {
					pref++
				}
			default:
				ok = false
			}
		}
		if ok && (exact > bestExact || exact == bestExact && pref > bestPref) {
			best, bestExact, bestPref = ov, exact, pref
		}
	}
	return best
}

// buildCall wraps the implementation in an evaluation closure.
func buildCall(ov *overload, args []*Expr, loc int) (*Expr, error) {
	x := &Expr{Type: ov.ret, loc: loc, volatile: ov.volatile}
	if ov.retFn != nil {
		x.Type = ov.retFn(args)
	}
	switch f := ov.impl.(type) {
	case fn0:
		x.fn = func(env *Env, _ []types.Value) (types.Value, error) { return f(env) }
	case fn1:
		af := args[0].fn
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			a, err := af(env, row)
			if err != nil || a.K == types.KindNull {
				return a, err
			}
			return f(a)
		}
	case fn2:
		x.fn = strict2(args[0], args[1], f)
	case fn3:
		af, bf, cf := args[0].fn, args[1].fn, args[2].fn
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			a, err := af(env, row)
			if err != nil {
				return a, err
			}
			b, err := bf(env, row)
			if err != nil {
				return b, err
			}
			c, err := cf(env, row)
			if err != nil {
				return c, err
			}
			if a.K == types.KindNull || b.K == types.KindNull || c.K == types.KindNull {
				return types.NullValue, nil
			}
			return f(a, b, c)
		}
	case fnN:
		fns := fnsOf(args)
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			vals := make([]types.Value, len(fns))
			for i, af := range fns {
				v, err := af(env, row)
				if err != nil {
					return v, err
				}
				vals[i] = v
			}
			return f(env, vals)
		}
	default:
		return nil, pgerr.New(pgerr.InternalError, "bad function implementation %T", ov.impl)
	}
	return finish(x, args...)
}

// fixed wraps an overload list for a zero-argument function.
func nullary(ret types.Type, volatile bool, f fn0) overload {
	return overload{args: nil, ret: ret, impl: f, volatile: volatile}
}
