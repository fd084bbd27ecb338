package ast

// KalamDB's introspection statements (parsed by exec/parse/kalam_show.go,
// run by exec/introspect.go).

// ShowTables is SHOW TABLES [IN [NAMESPACE] ns]; Namespace "" lists every
// namespace's tables.
type ShowTables struct {
	Namespace string
}

// Describe is DESCRIBE|DESC [TABLE] t [HISTORY]. HISTORY is accepted, as
// in KalamDB, and changes nothing: system.schemas holds the history.
type Describe struct {
	Table   TableName
	History bool
}

// ShowTableStats is SHOW STATS FOR TABLE t, or its older spelling SHOW
// TABLE STATS t.
type ShowTableStats struct {
	Table TableName
}

func (*ShowTables) stmtNode()     {}
func (*Describe) stmtNode()       {}
func (*ShowTableStats) stmtNode() {}
