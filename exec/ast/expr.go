package ast

import "github.com/kalamdb/kalamdb/types"

// Expr is any scalar expression.
type Expr interface{ exprNode() }

// Const is a literal. String literals arrive with Kind KindUnknown and take
// their type from context, as in PostgreSQL; NULL is the zero Value.
type Const struct {
	Value    types.Value
	Location int
}

// Param is a positional parameter $Index (1-based).
type Param struct {
	Index    int
	Location int
}

// ColumnRef names a column, optionally qualified by a table name or alias.
type ColumnRef struct {
	Table    string // "" when unqualified
	Column   string
	Location int
}

// Star is `*` or `t.*` in a select list or in count(*).
type Star struct {
	Table string
}

// BinaryOp is an infix operator. Op is one of:
// + - * / % ^ = <> < <= > >= AND OR || and the pattern operators
// ~~ (LIKE), !~~ (NOT LIKE), ~~* (ILIKE), !~~* (NOT ILIKE).
type BinaryOp struct {
	Op       string
	Left     Expr
	Right    Expr
	Location int
}

// UnaryOp is a prefix operator: NOT, - or +.
type UnaryOp struct {
	Op       string
	Operand  Expr
	Location int
}

// FuncCall is a function or aggregate call. Name is lower case without a
// pg_catalog qualifier. Star marks count(*).
type FuncCall struct {
	Name     string
	Args     []Expr
	Star     bool
	Distinct bool
	OrderBy  []OrderItem // string_agg(x, ',' ORDER BY y)
	Filter   Expr        // agg(x) FILTER (WHERE …)
	Over     *WindowSpec // set for window function calls
	Location int
}

// Cast is CAST(x AS type) or x::type.
type Cast struct {
	Operand  Expr
	Type     TypeName
	Location int
}

// TypeName is a type as written in SQL, lower case, without pg_catalog.
// Mods holds the integer modifiers: varchar(10) → [10], numeric(10,2) → [10 2].
type TypeName struct {
	Name     string
	Mods     []int32
	Array    bool
	Location int
}

// Case is CASE [Operand] WHEN … THEN … [ELSE …] END.
type Case struct {
	Operand  Expr // nil for the searched form
	Whens    []When
	Else     Expr // nil means ELSE NULL
	Location int
}

// When is one WHEN cond THEN result arm.
type When struct {
	Cond   Expr
	Result Expr
}

// IsNull is x IS [NOT] NULL.
type IsNull struct {
	Operand Expr
	Not     bool
}

// IsBool is x IS [NOT] TRUE|FALSE|UNKNOWN.
type IsBool struct {
	Operand Expr
	Not     bool
	Test    string // "true", "false" or "unknown"
}

// In is x [NOT] IN (list).
type In struct {
	Operand  Expr
	List     []Expr
	Not      bool
	Location int
}

// Between is x [NOT] BETWEEN lo AND hi.
type Between struct {
	Operand  Expr
	Low      Expr
	High     Expr
	Not      bool
	Location int
}

// Coalesce is COALESCE(args…); NullIf is NULLIF(a, b); Greatest/Least are
// represented as FuncCall with those names.
type Coalesce struct {
	Args     []Expr
	Location int
}

// NullIf is NULLIF(Left, Right).
type NullIf struct {
	Left, Right Expr
	Location    int
}

// Default is the DEFAULT keyword inside INSERT … VALUES or UPDATE … SET.
type Default struct{}

// SQLValueFunction is a keyword-style function such as CURRENT_TIMESTAMP,
// CURRENT_DATE, CURRENT_USER, SESSION_USER, CURRENT_SCHEMA, LOCALTIMESTAMP.
// Name is lower case, e.g. "current_timestamp".
type SQLValueFunction struct {
	Name     string
	Location int
}

func (*Const) exprNode()            {}
func (*Param) exprNode()            {}
func (*ColumnRef) exprNode()        {}
func (*Star) exprNode()             {}
func (*BinaryOp) exprNode()         {}
func (*UnaryOp) exprNode()          {}
func (*FuncCall) exprNode()         {}
func (*Cast) exprNode()             {}
func (*Case) exprNode()             {}
func (*IsNull) exprNode()           {}
func (*IsBool) exprNode()           {}
func (*In) exprNode()               {}
func (*Between) exprNode()          {}
func (*Coalesce) exprNode()         {}
func (*NullIf) exprNode()           {}
func (*Default) exprNode()          {}
func (*SQLValueFunction) exprNode() {}
