package expr

import (
	"github.com/kalamdb/kalamdb/types"
)

// Register adds an externally implemented scalar function (exec's catalog
// and settings functions) as one more overload of name, resolved together
// with the built-in overloads. Argument kinds follow overload rules:
// AnyKind accepts anything, types.KindArray any array. Register must be
// called during package initialisation (from an init function), before
// any statement compiles: the registry is not locked. A function that
// reads env (Host, User …) must set Volatile: constant arguments are
// otherwise folded at compile time with an empty Env.
func Register(name string, f Func) {
	impl := f.Impl
	if f.Strict {
		impl = func(env *Env, args []types.Value) (types.Value, error) {
			for _, a := range args {
				if a.K == types.KindNull {
					return types.NullValue, nil
				}
			}
			return f.Impl(env, args)
		}
	}
	register(name, overload{
		args: f.Args, variadic: f.Variadic, ret: f.Ret,
		impl: fnN(impl), volatile: f.Volatile,
	})
}
