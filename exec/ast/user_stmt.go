package ast

// CreateUser is KalamDB's CREATE USER 'name' WITH PASSWORD 'p' ROLE r
// [EMAIL 'e'] and PostgreSQL's CREATE USER|ROLE name [WITH] [LOGIN]
// PASSWORD 'p' (role user).
type CreateUser struct {
	Name     string
	Password *string // nil: no password (trusted on loopback only)
	Role     string  // as written; "" means user
	Email    string
	Metadata string // JSON text; "" means none
}

// AlterUser is ALTER USER name SET PASSWORD|ROLE|EMAIL … and
// ALTER USER|ROLE name [WITH] PASSWORD 'p'. Nil fields are unchanged.
type AlterUser struct {
	Name     string
	Password *string
	Role     *string
	Email    *string
	Metadata *string
}

// DropUser is DROP USER|ROLE [IF EXISTS] name [, …]: a soft delete.
type DropUser struct {
	Names    []string
	IfExists bool
}

func (*CreateUser) stmtNode() {}
func (*AlterUser) stmtNode()  {}
func (*DropUser) stmtNode()   {}
