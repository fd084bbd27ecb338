package ast

// Query is a statement that produces rows: *Select, *SetOp or *Values.
type Query interface {
	Statement
	queryNode()
}

// CTE is one WITH name [(columns)] AS (query).
type CTE struct {
	Name    string
	Columns []string
	Query   Query
}

// Select is SELECT … [FROM …] [WHERE …] [GROUP BY …] [HAVING …]
// [ORDER BY …] [LIMIT …] [OFFSET …]. An empty From is SELECT without FROM;
// several From items are a cross join.
type Select struct {
	With       []CTE
	Distinct   bool
	DistinctOn []Expr // DISTINCT ON (…); implies Distinct
	Targets    []Target
	From       []FromItem
	Where      Expr
	GroupBy    []Expr
	Having     Expr
	OrderBy    []OrderItem
	Limit      Expr // nil: no limit
	Offset     Expr
	ForUpdate  bool // FOR UPDATE / FOR SHARE (accepted; row locks come with transactions)
}

// SetOp is Left UNION|INTERSECT|EXCEPT [ALL] Right, with ORDER BY/LIMIT
// applying to the combined result.
type SetOp struct {
	With    []CTE
	Op      string // "union", "intersect", "except"
	All     bool
	Left    Query
	Right   Query
	OrderBy []OrderItem
	Limit   Expr
	Offset  Expr
}

// Values is a VALUES list used as a query (in FROM, in UNION, or alone).
type Values struct {
	Rows     [][]Expr
	OrderBy  []OrderItem
	Limit    Expr
	Offset   Expr
	Location int
}

// FromItem is one relation of a FROM clause.
type FromItem interface{ fromNode() }

// Alias is AS name [(column aliases)].
type Alias struct {
	Name    string
	Columns []string
}

// TableRef is a table, view or system relation named in FROM.
type TableRef struct {
	Name  TableName
	Alias *Alias
}

// SubqueryRef is (query) AS alias in FROM.
type SubqueryRef struct {
	Query   Query
	Alias   *Alias
	Lateral bool
}

// FunctionRef is a set-returning function in FROM, e.g.
// generate_series(1, 3) AS g(n) or unnest(a) WITH ORDINALITY.
type FunctionRef struct {
	Call       *FuncCall
	Alias      *Alias
	Ordinality bool
	Lateral    bool
}

// JoinRef is Left [INNER|LEFT|RIGHT|FULL|CROSS] JOIN Right [ON …|USING (…)].
type JoinRef struct {
	Type    string // "inner", "left", "right", "full", "cross"
	Left    FromItem
	Right   FromItem
	On      Expr
	Using   []string
	Natural bool
	Alias   *Alias
}

func (*TableRef) fromNode()    {}
func (*SubqueryRef) fromNode() {}
func (*FunctionRef) fromNode() {}
func (*JoinRef) fromNode()     {}

func (*Select) stmtNode()  {}
func (*SetOp) stmtNode()   {}
func (*Values) stmtNode()  {}
func (*Select) queryNode() {}
func (*SetOp) queryNode()  {}
func (*Values) queryNode() {}
