// Package expr compiles exec/ast expressions into Go closures that evaluate
// one row at a time, following PostgreSQL 15's typing rules: untyped
// literals and parameters take their type from context, integer arithmetic
// is overflow-checked, comparisons and logic are three-valued, and errors
// carry PostgreSQL's SQLSTATEs and messages (*pgerr.Error).
//
// Compilation resolves every type, column index and function overload once;
// Eval then only runs closures over types.Value, so integer, float and
// boolean arithmetic and comparisons on column values do not allocate.
// Compiled expressions hold no per-execution state and are safe for
// concurrent use: parameters, the current user and the statement time arrive
// in an Env, which lives for one execution.
//
// Beyond scalars the package compiles what clients' catalog queries use:
// correlated column references (Scope.Outer, read from Env.Outer),
// subqueries (EXISTS, scalar, ARRAY, IN/ANY/ALL) planned through
// Params.Subqueries, one-dimensional arrays (constructors, subscripts and
// slices, op ANY/ALL (array), array functions), row comparisons, POSIX
// regular expressions, reg* casts resolved through Env.Host, and the
// (x, n) records of information_schema._pg_expandarray.
//
// Aggregates (count, sum, avg, min, max, bool_and, bool_or, string_agg,
// array_agg, with DISTINCT, FILTER and ORDER BY) are compiled separately by
// CompileAggregate; the planner evaluates them per group through AggState.
// Window functions are computed by the planner too: CompileWindow and
// Window.EvalPartition over each sorted partition.
//
// Entry points: Compile (select lists, ORDER BY …), CompileBool (WHERE,
// HAVING: the result must be boolean), CompileAs / CompileAssign (INSERT
// and UPDATE targets, LIMIT with Int8), CompileAggregate, CompileWindow.
// Helpers for the planner: Expr.IsConst/ConstValue, Expr.ColumnIndex,
// Expr.ParamIndex, Expr.OuterDepth, Scope.Lookup, ExprName (PostgreSQL's
// default output column name), IsAggregate, IsWindowFunction, IsFunction,
// ExpandArray; Register adds functions implemented elsewhere.
//
// expr imports exec/ast, types and types/pgerr only.
package expr
