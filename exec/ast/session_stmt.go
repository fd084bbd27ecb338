package ast

// Prepare is PREPARE name [(types)] AS statement.
type Prepare struct {
	Name       string
	ParamTypes []TypeName
	Stmt       Statement
	SQL        string // the text of Stmt
	Text       string // the whole PREPARE statement, for pg_prepared_statements
}

// Execute is EXECUTE name [(args)].
type Execute struct {
	Name   string
	Params []Expr
}

// Deallocate is DEALLOCATE [PREPARE] name | ALL.
type Deallocate struct {
	Name string // "" with All
	All  bool
}

// Discard is DISCARD ALL | PLANS | SEQUENCES | TEMP.
type Discard struct {
	What string // lower case
}

func (*Prepare) stmtNode()    {}
func (*Execute) stmtNode()    {}
func (*Deallocate) stmtNode() {}
func (*Discard) stmtNode()    {}
