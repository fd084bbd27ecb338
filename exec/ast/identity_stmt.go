package ast

// ExecuteAs is EXECUTE AS USER 'u' (statement): the inner statement runs
// with u as its subject, within the impersonation rules.
type ExecuteAs struct {
	User string
	Stmt Statement
	SQL  string // the text of Stmt
}

func (*ExecuteAs) stmtNode() {}
