package expr

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// SubqueryPlanner plans a subquery found inside an expression. exec
// implements it; outer is the scope of the query containing the expression.
type SubqueryPlanner interface {
	PlanSubquery(q ast.Query, outer *Scope, params *Params) (Subquery, error)
}

// Subquery is a planned subquery.
type Subquery interface {
	// Types are the subquery's output column types.
	Types() []types.Type
	// Run executes it for the current row; the caller has pushed that row
	// onto env.Outer. emit returns false to stop early (EXISTS, scalar).
	Run(env *Env, emit func(row []types.Value) (bool, error)) error
}

// Func is a scalar function registered from outside this package (for
// example exec's catalog functions, which reach the session via Env.Host).
// It receives every argument, NULLs included, unless Strict is set.
type Func struct {
	Args     []types.Kind // types.Kind(255) accepts any argument
	Variadic bool         // the last argument repeats
	Ret      types.Type
	Strict   bool // a NULL argument yields NULL without calling Impl
	Volatile bool // never folded at compile time
	Impl     func(env *Env, args []types.Value) (types.Value, error)
}

// AnyKind is the argument kind that accepts any type.
const AnyKind = kindAny

// UsesRow reports whether the expression reads columns of the current row.
func (e *Expr) UsesRow() bool { return e.usesRow }
