package expr

// STUB FILE — owned by the expression helper, who deletes it once the real
// files implement these signatures.

import (
	"context"
	"time"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// Column is one column visible to expressions: rows passed to Eval hold
// the values of Scope.Columns at the same indexes.
type Column struct {
	Table string // table name or alias that qualifies it ("" for none)
	Name  string
	Type  types.Type
}

// Scope is the set of columns an expression may reference.
type Scope struct {
	Columns []Column
}

// Params collects parameter types while compiling. Types[i] is $i+1's type;
// KindUnknown entries are not yet inferred and are filled in by context
// (comparison with a column, assignment target, arithmetic …). After
// planning, remaining unknowns become text. Compile grows Types when it
// sees a higher $n.
type Params struct {
	Types []types.Type
}

// Env is the per-execution environment.
type Env struct {
	Ctx           context.Context
	Params        []types.Value
	StatementTime time.Time // now(), CURRENT_TIMESTAMP: fixed per statement
	User          string
	Database      string
	Schema        string // current_schema()
	ServerVersion string // for version()
}

// Expr is a compiled scalar expression.
type Expr struct {
	Type types.Type
}

// Eval evaluates the expression against one row.
func (e *Expr) Eval(env *Env, row []types.Value) (types.Value, error) { panic("unimplemented") }

// Compile type-checks e against scope and returns a compiled expression.
func Compile(e ast.Expr, scope *Scope, params *Params) (*Expr, error) { panic("unimplemented") }

// CompileAs compiles e and coerces it to target with assignment-cast rules
// (INSERT values, UPDATE SET, DEFAULT expressions); unknown literals and
// parameters take the target type.
func CompileAs(e ast.Expr, target types.Type, scope *Scope, params *Params) (*Expr, error) {
	panic("unimplemented")
}

// IsAggregate reports whether name is an aggregate function (count, sum, avg, min, max).
func IsAggregate(name string) bool { panic("unimplemented") }

// Aggregate is a compiled aggregate call.
type Aggregate struct {
	Type types.Type // result type
}

// CompileAggregate compiles an aggregate call (its arguments against scope).
func CompileAggregate(call *ast.FuncCall, scope *Scope, params *Params) (*Aggregate, error) {
	panic("unimplemented")
}

// AggState accumulates one group's values.
type AggState interface {
	Step(env *Env, row []types.Value) error
	Result() (types.Value, error)
}

// NewState starts a new group.
func (a *Aggregate) NewState() AggState { panic("unimplemented") }
