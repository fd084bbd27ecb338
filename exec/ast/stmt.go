package ast

// Statement is any SQL statement.
type Statement interface{ stmtNode() }

// TableName is a possibly qualified table name.
type TableName struct {
	Namespace string // "" when unqualified: resolved through the search path
	Name      string
	Location  int
}

// Target is one select-list or RETURNING item.
type Target struct {
	Expr  Expr
	Alias string // "" when none was written
}

// OrderItem is one ORDER BY term.
type OrderItem struct {
	Expr       Expr
	Desc       bool
	NullsFirst *bool // nil: PostgreSQL's default (NULLS LAST for ASC, FIRST for DESC)
}

// Insert is INSERT INTO t [(cols)] VALUES … | SELECT … [RETURNING …].
type Insert struct {
	Table   TableName
	Columns []string // nil: all columns in creation order
	Alias   string   // INSERT INTO t AS alias; "" when none
	Values  [][]Expr // one slice per row; *Default marks DEFAULT
	Query   Query    // set instead of Values for INSERT … SELECT (or a VALUES with ORDER BY …)
	// DefaultValues is INSERT … DEFAULT VALUES (Values and Select are nil).
	DefaultValues bool
	Returning     []Target
}

// Assignment is one `col = expr` of UPDATE … SET.
type Assignment struct {
	Column string
	Value  Expr
}

// Update is UPDATE t SET … [WHERE …] [RETURNING …].
type Update struct {
	Table     TableName
	Alias     string
	Set       []Assignment
	Where     Expr
	Returning []Target
}

// Delete is DELETE FROM t [WHERE …] [RETURNING …].
type Delete struct {
	Table     TableName
	Alias     string
	Where     Expr
	Returning []Target
}

// ColumnDef is one column of CREATE TABLE.
type ColumnDef struct {
	Name       string
	Type       TypeName
	NotNull    bool
	Default    Expr // nil: no default
	PrimaryKey bool // inline PRIMARY KEY
	Unique     bool
	// Identity is "always" or "by default" for GENERATED … AS IDENTITY,
	// "" otherwise.
	Identity string
	Location int
}

// CreateTable is CREATE [SHARED|USER|STREAM] TABLE.
type CreateTable struct {
	Table       TableName
	IfNotExists bool
	Kind        string // "shared" (default), "user", "stream"
	KalamForm   bool   // written as CREATE SHARED|USER|STREAM TABLE
	Columns     []ColumnDef
	PrimaryKey  []string // table-level PRIMARY KEY (…); inline ones are folded in here too
	// Options is WITH (…), keys lower case. The PostgreSQL-form table kind,
	// WITH (type = 'user'), is folded into Kind and removed from Options.
	Options map[string]string
}

// DropTable is DROP TABLE [IF EXISTS] t, ….
type DropTable struct {
	Tables   []TableName
	IfExists bool
	Cascade  bool
}

// Truncate is TRUNCATE [TABLE] t, ….
type Truncate struct {
	Tables          []TableName
	RestartIdentity bool // RESTART IDENTITY: reset the tables' sequences
}

// CreateNamespace is CREATE NAMESPACE|SCHEMA [IF NOT EXISTS] n.
type CreateNamespace struct {
	Name        string
	IfNotExists bool
	SchemaWord  bool // spelled SCHEMA: command tag CREATE SCHEMA
}

// DropNamespace is DROP NAMESPACE|SCHEMA [IF EXISTS] n [CASCADE].
type DropNamespace struct {
	Names      []string
	IfExists   bool
	Cascade    bool
	SchemaWord bool
}

// ShowNamespaces is SHOW NAMESPACES.
type ShowNamespaces struct{}

// Use is USE n: sets the search path to n.
type Use struct {
	Namespace string
}

// Set is SET [LOCAL|SESSION] name TO|= values, or RESET name (Reset true).
type Set struct {
	Name   string // lower case
	Values []string
	Local  bool
	Reset  bool
}

// Show is SHOW name.
type Show struct {
	Name string // lower case; "all" for SHOW ALL
}

// Transaction is BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT.
type Transaction struct {
	Kind string // "begin", "commit", "rollback", "savepoint", "release", "rollback to"
	// Savepoint names the savepoint of SAVEPOINT, RELEASE and ROLLBACK TO.
	Savepoint string
	// Isolation is the level given to BEGIN/START TRANSACTION, lower case
	// ("read committed", "repeatable read", "serializable",
	// "read uncommitted"); "" when none was written.
	Isolation string
	ReadOnly  *bool // READ ONLY / READ WRITE; nil when not written
}

// ClearCache is CLEAR CACHE: empties the shared plan cache.
type ClearCache struct{}

// Empty is a statement with nothing in it (";" or a comment).
type Empty struct{}

func (*Insert) stmtNode()          {}
func (*Update) stmtNode()          {}
func (*Delete) stmtNode()          {}
func (*CreateTable) stmtNode()     {}
func (*DropTable) stmtNode()       {}
func (*Truncate) stmtNode()        {}
func (*CreateNamespace) stmtNode() {}
func (*DropNamespace) stmtNode()   {}
func (*ShowNamespaces) stmtNode()  {}
func (*Use) stmtNode()             {}
func (*Set) stmtNode()             {}
func (*Show) stmtNode()            {}
func (*Transaction) stmtNode()     {}
func (*Empty) stmtNode()           {}
func (*ClearCache) stmtNode()      {}
