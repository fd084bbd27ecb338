package ast

// AlterTable is ALTER TABLE [IF EXISTS] t cmd [, cmd …] and the rename
// forms ALTER TABLE t RENAME [COLUMN] a TO b / RENAME TO u. Commands apply
// in order to one working copy of the table, as in PostgreSQL, and take
// effect together or not at all.
type AlterTable struct {
	Table    TableName
	IfExists bool
	Cmds     []AlterCmd
}

// AlterKind says what one ALTER TABLE command does.
type AlterKind uint8

// ALTER TABLE commands.
const (
	AlterAddColumn     AlterKind = iota + 1 // ADD [COLUMN] [IF NOT EXISTS] Def
	AlterDropColumn                         // DROP [COLUMN] [IF EXISTS] Column [CASCADE]
	AlterRenameColumn                       // RENAME [COLUMN] Column TO NewName
	AlterRenameTable                        // RENAME TO NewName
	AlterSetDefault                         // ALTER [COLUMN] Column SET DEFAULT Default
	AlterDropDefault                        // ALTER [COLUMN] Column DROP DEFAULT
	AlterSetNotNull                         // ALTER [COLUMN] Column SET NOT NULL
	AlterDropNotNull                        // ALTER [COLUMN] Column DROP NOT NULL
	AlterAddPrimaryKey                      // ADD [CONSTRAINT NewName] PRIMARY KEY (Keys)
	AlterSetOptions                         // SET (Options)
	AlterResetOptions                       // RESET (keys of Options)
)

// AlterCmd is one command of ALTER TABLE; only the fields its Kind names
// are set.
type AlterCmd struct {
	Kind    AlterKind
	Column  string     // the column acted on
	NewName string     // RENAME's target; ADD CONSTRAINT's name ("" when not written)
	Def     *ColumnDef // ADD COLUMN
	Default Expr       // SET DEFAULT
	Keys    []string   // ADD PRIMARY KEY
	// Options are SET (…)'s lower-case keys and text values; for RESET the
	// keys with empty values.
	Options map[string]string
	// Missing is IF EXISTS (DROP COLUMN) or IF NOT EXISTS (ADD COLUMN):
	// skip the command with a notice instead of failing.
	Missing  bool
	Location int
}

// Vacuum is VACUUM [options] [t, …] or ANALYZE [t, …]. KalamDB keeps no
// dead tuples or planner statistics, so both only check their tables exist.
type Vacuum struct {
	Analyze bool // spelled ANALYZE (command tag ANALYZE), not VACUUM
	Tables  []TableName
}

func (*AlterTable) stmtNode() {}
func (*Vacuum) stmtNode()     {}
