package ast

// SubLink is a subquery used as an expression.
//
//	Kind "exists":  EXISTS (q)
//	Kind "scalar":  (q) returning one column and at most one row
//	Kind "array":   ARRAY(q)
//	Kind "any":     Operand Op ANY (q); x IN (q) is Op "="
//	Kind "all":     Operand Op ALL (q)
type SubLink struct {
	Kind     string
	Operand  Expr
	Op       string
	Query    Query
	Location int
}

// AnyAll is Left Op ANY|ALL (array expression), e.g. id = ANY($1).
type AnyAll struct {
	Op       string
	Left     Expr
	Right    Expr
	All      bool
	Location int
}

// ArrayExpr is ARRAY[e1, e2, …].
type ArrayExpr struct {
	Elems    []Expr
	Location int
}

// Subscript is Operand[Index] or, when Slice is set, Operand[Lower:Upper]
// (Lower/Upper nil when omitted).
type Subscript struct {
	Operand      Expr
	Index        Expr
	Slice        bool
	Lower, Upper Expr
	Location     int
}

// FieldSelect is (Operand).Field, e.g. (information_schema._pg_expandarray(x)).n.
type FieldSelect struct {
	Operand  Expr
	Field    string
	Location int
}

// IsDistinct is Left IS [NOT] DISTINCT FROM Right.
type IsDistinct struct {
	Left, Right Expr
	Not         bool
	Location    int
}

// RowExpr is ROW(a, b) or (a, b).
type RowExpr struct {
	Elems    []Expr
	Location int
}

// WindowSpec is the OVER (PARTITION BY … ORDER BY …) of a window function.
// Frames other than the default are not supported.
type WindowSpec struct {
	PartitionBy []Expr
	OrderBy     []OrderItem
}

func (*SubLink) exprNode()     {}
func (*AnyAll) exprNode()      {}
func (*ArrayExpr) exprNode()   {}
func (*Subscript) exprNode()   {}
func (*FieldSelect) exprNode() {}
func (*IsDistinct) exprNode()  {}
func (*RowExpr) exprNode()     {}
