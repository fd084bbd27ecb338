package expr

import (
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
)

// ExprName is the output column name PostgreSQL gives an unaliased select
// item (FigureColname): a column's name, a function's name, "case",
// a cast's type name when its operand has no name of its own, and
// "?column?" for everything else.
func ExprName(e ast.Expr) string {
	name, _ := figureName(e)
	if name == "" {
		return "?column?"
	}
	return name
}

// figureName returns a name and its strength: 2 for names that beat a
// cast's type name (columns, functions), 1 for weak ones (case, casts).
func figureName(e ast.Expr) (string, int) {
	switch n := e.(type) {
	case *ast.ColumnRef:
		return n.Column, 2
	case *ast.FuncCall:
		return n.Name, 2
	case *ast.Coalesce:
		return "coalesce", 2
	case *ast.NullIf:
		return "nullif", 2
	case *ast.SQLValueFunction:
		return n.Name, 2
	case *ast.Case:
		return "case", 1
	case *ast.ArrayExpr:
		return "array", 2
	case *ast.RowExpr:
		return "row", 2
	case *ast.Subscript:
		return figureName(n.Operand)
	case *ast.FieldSelect:
		return n.Field, 2
	case *ast.SubLink:
		return subLinkName(n)
	case *ast.Cast:
		if name, strength := figureName(n.Operand); strength > 1 {
			return name, strength
		}
		return internalTypeName(n.Type.Name), 1
	}
	return "", 0
}

// subLinkName names EXISTS and ARRAY subqueries after their keyword and a
// scalar subquery after its single output column.
func subLinkName(n *ast.SubLink) (string, int) {
	switch n.Kind {
	case "exists":
		return "exists", 2
	case "array":
		return "array", 2
	case "scalar":
		if sel, ok := n.Query.(*ast.Select); ok && len(sel.Targets) > 0 {
			if tg := sel.Targets[0]; tg.Alias != "" {
				return tg.Alias, 2
			}
			return ExprName(sel.Targets[0].Expr), 2
		}
	}
	return "", 0
}

// internalTypeName maps SQL spellings of a type to PostgreSQL's internal
// pg_type name, which is what a cast's column is called (int → int4).
func internalTypeName(name string) string {
	name = strings.ToLower(strings.TrimPrefix(name, "pg_catalog."))
	switch name {
	case "int", "integer":
		return "int4"
	case "smallint":
		return "int2"
	case "bigint":
		return "int8"
	case "real":
		return "float4"
	case "double precision", "float", "double":
		return "float8"
	case "decimal", "dec":
		return "numeric"
	case "boolean":
		return "bool"
	case "character varying":
		return "varchar"
	case "char", "character":
		return "bpchar"
	case "timestamp without time zone":
		return "timestamp"
	case "timestamp with time zone":
		return "timestamptz"
	case "time without time zone":
		return "time"
	}
	return name
}
