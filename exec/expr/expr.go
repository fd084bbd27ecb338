package expr

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

// Scope is the set of columns an expression may reference. Outer is the
// scope of the enclosing query (correlated subqueries, LATERAL); a
// reference that resolves there reads Env.Outer at run time.
type Scope struct {
	Columns []Column
	Outer   *Scope
}

// Params collects parameter types while compiling. Types[i] is $i+1's type;
// KindUnknown entries are not yet inferred and are filled in by context
// (comparison with a column, assignment target, arithmetic …). After
// planning, remaining unknowns become text. Compile grows Types when it
// sees a higher $n.
//
// Params is also the statement-wide compile context: Subqueries plans the
// subqueries an expression contains (nil: subqueries are 0A000).
type Params struct {
	Types      []types.Type
	Subqueries SubqueryPlanner
}

// Env is the per-execution environment.
type Env struct {
	Ctx           context.Context
	Params        []types.Value
	StatementTime time.Time // now(), CURRENT_TIMESTAMP: fixed per statement
	User          string
	Database      string
	Schema        string // current_schema()
	// SearchPath is the effective search path for current_schemas(): the
	// schemas of search_path that exist, in order, without the implicit
	// pg_catalog (nil: just Schema).
	SearchPath    []string
	ServerVersion string // for version()
	ProcessID     uint32 // pg_backend_pid()
	// Format is the session's TimeZone and extra_float_digits (nil: the
	// defaults). Conversions that depend on the zone (timestamptz to and
	// from text, timestamp and date; date_trunc and extract on timestamptz)
	// read it at run time, so they are never folded into a shared plan.
	Format *types.TextFormat
	// Outer holds the current rows of enclosing queries, innermost last,
	// while a correlated subquery runs (see Scope.Outer).
	Outer [][]types.Value
	// Host is the session running the statement, for functions registered
	// from outside this package (catalog and settings functions).
	Host any

	// subqueries caches the outcome of uncorrelated subqueries for the
	// rest of the execution; an Env must not outlive one execution.
	subqueries map[*subRunner]subResult
}

// location is the session time zone; nil means UTC.
func (env *Env) location() *time.Location {
	if env == nil || env.Format == nil || env.Format.Location == time.UTC {
		return nil
	}
	return env.Format.Location
}

// evalFn computes one value for a row. Implementations never retain row.
type evalFn func(env *Env, row []types.Value) (types.Value, error)

// Expr is a compiled scalar expression. It is immutable after compilation
// and safe for concurrent Eval calls.
type Expr struct {
	Type types.Type

	fn evalFn

	// konst is set when the expression folded to val at compile time.
	konst bool
	val   types.Value
	// col is the row index when the expression is a bare column reference, else -1.
	col int
	// param is n when the expression is exactly $n, else 0; while its type
	// is unknown, coercion infers the parameter's type from context.
	param int
	// usesRow marks expressions that read the row (column references).
	usesRow bool
	// outerDepth is the outermost enclosing query level the expression
	// reads through env.Outer (0: none); such expressions are not folded.
	outerDepth int
	// volatile marks expressions that must not be folded: they read Env
	// (now(), current_user, parameters) or are non-deterministic (random()).
	volatile bool
	// loc is the 0-based source offset used in error positions.
	loc int
}

// Eval evaluates the expression against one row.
func (e *Expr) Eval(env *Env, row []types.Value) (types.Value, error) {
	return e.fn(env, row)
}

// IsConst reports whether the expression folded to a constant at compile
// time; ConstValue then returns it.
func (e *Expr) IsConst() bool { return e.konst }

// ConstValue returns the folded value of a constant expression (NULL otherwise).
func (e *Expr) ConstValue() types.Value {
	if !e.konst {
		return types.NullValue
	}
	return e.val
}

// ColumnIndex returns the scope index of a bare column reference, and false
// for any other expression. The planner uses it for RowDescription table
// attributes and primary-key lookups.
func (e *Expr) ColumnIndex() (int, bool) { return e.col, e.col >= 0 }

// OuterDepth reports how many query levels out the expression reads
// columns of enclosing queries through env.Outer (0: it reads none). A
// subquery none of whose expressions has OuterDepth > 0 is uncorrelated;
// see SubqueryDepth.
func (e *Expr) OuterDepth() int { return e.outerDepth }

// ParamIndex returns n when the expression is exactly the parameter $n.
func (e *Expr) ParamIndex() (int, bool) {
	return e.param, e.param > 0
}

// isUnknown reports whether the expression's type still awaits context: an
// untyped string literal, NULL, or a parameter of unknown type.
func (e *Expr) isUnknown() bool {
	return e.Type.Kind == types.KindUnknown || e.Type.Kind == types.KindNull
}

// Compile type-checks e against scope and returns a compiled expression.
// A string literal left untyped by its context becomes text, as in
// PostgreSQL's select lists; a parameter left untyped keeps KindUnknown
// (its OID reads as text) for the planner to settle.
func Compile(e ast.Expr, scope *Scope, params *Params) (*Expr, error) {
	c := newCompiler(scope, params)
	x, err := c.compile(e)
	if err != nil {
		return nil, err
	}
	if x.param == 0 && x.isUnknown() && x.konst {
		if x.val.IsNull() {
			return constExpr(types.NullValue, types.Text, x.loc), nil
		}
		return c.coerce(x, types.Text)
	}
	return x, nil
}

// CompileAs compiles e and coerces it to target with assignment-cast rules
// (INSERT values, UPDATE SET, DEFAULT expressions); unknown literals and
// parameters take the target type.
func CompileAs(e ast.Expr, target types.Type, scope *Scope, params *Params) (*Expr, error) {
	return CompileAssign(e, target, "", scope, params)
}

// CompileAssign is CompileAs for a named target column, so that a type
// mismatch reads as PostgreSQL's `column "c" is of type integer but
// expression is of type text`.
func CompileAssign(e ast.Expr, target types.Type, column string, scope *Scope, params *Params) (*Expr, error) {
	c := newCompiler(scope, params)
	x, err := c.compile(e)
	if err != nil {
		return nil, err
	}
	return c.assign(x, target, column)
}
