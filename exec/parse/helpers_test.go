package parse

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// parseOne parses sql, requires exactly one statement and returns its AST
// with every Location zeroed, so table tests can spell trees compactly.
// Tests that care about locations use Parse directly.
func parseOne(t *testing.T, sql string) ast.Statement {
	t.Helper()
	stmts, err := Parse(sql)
	require.NoError(t, err, sql)
	require.Len(t, stmts, 1, sql)
	requireComplete(t, stmts[0].AST, sql)
	return stripLocations(stmts[0].AST)
}

// parseExpr parses `SELECT <expr>` and returns the expression,
// locations zeroed.
func parseExpr(t *testing.T, expr string) ast.Expr {
	t.Helper()
	sel, ok := parseOne(t, "SELECT "+expr).(*ast.Select)
	require.True(t, ok)
	require.Len(t, sel.Targets, 1)
	return sel.Targets[0].Expr
}

// parseErr parses sql and requires a *pgerr.Error.
func parseErr(t *testing.T, sql string) *pgerr.Error {
	t.Helper()
	_, err := Parse(sql)
	require.Error(t, err, sql)
	var pe *pgerr.Error
	require.ErrorAs(t, err, &pe)
	return pe
}

// stripLocations zeroes every int field named Location, in place.
func stripLocations[T any](v T) T {
	zeroLocations(reflect.ValueOf(&v).Elem())
	return v
}

func zeroLocations(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			zeroLocations(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if v.Type().Field(i).Name == "Location" && f.Kind() == reflect.Int {
				f.SetInt(0)
				continue
			}
			zeroLocations(f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			zeroLocations(v.Index(i))
		}
	}
}

// Shorthands for building expected trees.

func col(name string) *ast.ColumnRef         { return &ast.ColumnRef{Column: name} }
func tcol(table, name string) *ast.ColumnRef { return &ast.ColumnRef{Table: table, Column: name} }
func i4(n int32) *ast.Const                  { return &ast.Const{Value: types.NewInt4(n)} }
func i8(n int64) *ast.Const                  { return &ast.Const{Value: types.NewInt8(n)} }
func num(s string) *ast.Const                { return &ast.Const{Value: types.Value{K: types.KindNumeric, S: s}} }
func str(s string) *ast.Const                { return &ast.Const{Value: types.Value{K: types.KindUnknown, S: s}} }
func boolc(b bool) *ast.Const                { return &ast.Const{Value: types.NewBool(b)} }
func null() *ast.Const                       { return &ast.Const{} }
func param(i int) *ast.Param                 { return &ast.Param{Index: i} }
func bin(op string, l, r ast.Expr) *ast.BinaryOp {
	return &ast.BinaryOp{Op: op, Left: l, Right: r}
}
func fn(name string, args ...ast.Expr) *ast.FuncCall { return &ast.FuncCall{Name: name, Args: args} }
func typ(name string, mods ...int32) ast.TypeName    { return ast.TypeName{Name: name, Mods: mods} }
func boolp(b bool) *bool                             { return &b }

// tbl is an unaliased, unqualified table in FROM.
func tbl(name string) *ast.TableRef { return &ast.TableRef{Name: ast.TableName{Name: name}} }

// from builds a FROM list.
func from(items ...ast.FromItem) []ast.FromItem { return items }

// requiredFields are the node fields no complete tree leaves nil.
var requiredFields = map[string]bool{
	"SetOp.Left": true, "SetOp.Right": true, "JoinRef.Left": true, "JoinRef.Right": true,
	"BinaryOp.Left": true, "BinaryOp.Right": true, "AnyAll.Left": true, "AnyAll.Right": true,
	"IsDistinct.Left": true, "IsDistinct.Right": true, "UnaryOp.Operand": true, "Cast.Operand": true,
	"Subscript.Operand": true, "FieldSelect.Operand": true, "SubLink.Query": true,
	"SubqueryRef.Query": true, "CTE.Query": true, "FunctionRef.Call": true,
	"Target.Expr": true, "OrderItem.Expr": true, "Prepare.Stmt": true,
}

// requireComplete checks that a translated tree has no holes: no nil
// entry in a list of nodes and no nil operand, subquery, join side or
// target, which is how a translation bug that forgot to report an error
// would show.
func requireComplete(t *testing.T, v any, sql string) {
	t.Helper()
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f, name := v.Field(i), v.Type().Field(i).Name
				if requiredFields[v.Type().Name()+"."+name] && (f.Kind() == reflect.Interface || f.Kind() == reflect.Pointer) {
					require.False(t, f.IsNil(), "%s: nil %s.%s", sql, path, name)
				}
				walk(f, path+"."+name)
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				e := v.Index(i)
				if e.Kind() == reflect.Interface || e.Kind() == reflect.Pointer {
					require.False(t, e.IsNil(), "%s: nil %s[%d]", sql, path, i)
				}
				walk(e, path)
			}
		}
	}
	walk(reflect.ValueOf(v), "")
}
