package exec

import (
	"maps"
	"slices"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// ALTER TABLE. The commands of one statement edit a working copy of the
// table definition in order; then, in the same catalog change, existing
// rows are checked (new NOT NULL, new primary key) and, when their layout
// or key changes, rewritten into a fresh storage table (catalog.AlterTable,
// alter_rewrite.go). Either the whole statement takes effect, definition
// and rows in one storage commit, or nothing does.

// alteration is the working state of one ALTER TABLE.
type alteration struct {
	old, next *catalog.Table
	// source[i] is the column of old that column i of next takes its
	// values from, or -1 for a column this statement added.
	source []int
	// fill[i] is the DEFAULT that existing rows get for an added column i
	// (empty for NULL).
	fill []string
	// verify lists columns of next whose NOT NULL existing rows must
	// satisfy (SET NOT NULL, ADD COLUMN … NOT NULL, new key columns).
	verify []int
	// relayout: stored rows no longer match next's columns (a column was
	// dropped, or added with a default existing rows must get).
	relayout bool
	// rekey: the primary key was added or dropped, so every row moves to a
	// new storage key (and a new key must be unique).
	rekey   bool
	changed bool
	notes   []*pgerr.Error
}

func newAlteration(old *catalog.Table) *alteration {
	next := *old
	next.Columns = slices.Clone(old.Columns)
	next.PrimaryKey = slices.Clone(old.PrimaryKey)
	next.Options = maps.Clone(old.Options)
	a := &alteration{old: old, next: &next, source: make([]int, len(old.Columns)), fill: make([]string, len(old.Columns))}
	for i := range a.source {
		a.source[i] = i
	}
	return a
}

func (s *Session) alterTable(x *execution, n *ast.AlterTable) error {
	p := &planner{sess: s}
	var notes []*pgerr.Error
	err := s.eng.catalog.Change(x.ctx, func(ch *catalog.Change) error {
		p.catalog = ch.Snapshot
		notes = notes[:0]
		old, err := p.resolveTable(n.Table)
		if err != nil {
			if n.IfExists && pgerr.From(err).Code == pgerr.UndefinedTable {
				notes = append(notes, pgerr.New(pgerr.SuccessfulCompletion, "relation \"%s\" does not exist, skipping", n.Table.Name))
				return nil
			}
			return err
		}
		if err := s.checkTableDDL(ddlAlter, old); err != nil { // permissions.go
			return err
		}
		a := newAlteration(old)
		for i := range n.Cmds {
			if err := a.apply(&n.Cmds[i]); err != nil {
				return err
			}
		}
		notes = append(notes, a.notes...)
		if !a.changed {
			return nil
		}
		return a.commit(x, ch)
	})
	return s.noticesAfter(err, notes)
}

// column finds a column of the working definition by name, or fails as
// PostgreSQL does: `column "x" of relation "t" does not exist`.
func (a *alteration) column(name string) (int, error) {
	if i := a.next.ColumnIndex(name); i >= 0 {
		return i, nil
	}
	return -1, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, a.next.Name)
}

func (a *alteration) apply(c *ast.AlterCmd) error {
	t := a.next
	switch c.Kind {
	case ast.AlterAddColumn:
		return a.addColumn(c)
	case ast.AlterDropColumn:
		return a.dropColumn(c)
	case ast.AlterRenameColumn:
		i := t.ColumnIndex(c.Column)
		if i < 0 {
			return pgerr.New(pgerr.UndefinedColumn, "column \"%s\" does not exist", c.Column)
		}
		if t.ColumnIndex(c.NewName) >= 0 {
			return pgerr.New(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", c.NewName, t.Name)
		}
		t.Columns[i].Name = c.NewName
	case ast.AlterRenameTable:
		t.Name = c.NewName
	case ast.AlterSetDefault, ast.AlterDropDefault:
		i, err := a.column(c.Column)
		if err != nil {
			return err
		}
		t.Columns[i].Default = ""
		if c.Kind == ast.AlterSetDefault {
			if err := checkDefault(c.Default, t.Columns[i].Type); err != nil {
				return err
			}
			t.Columns[i].Default = ast.Format(c.Default)
		}
	case ast.AlterSetNotNull:
		i, err := a.column(c.Column)
		if err != nil {
			return err
		}
		if !t.Columns[i].NotNull {
			t.Columns[i].NotNull = true
			a.verify = append(a.verify, i)
		}
	case ast.AlterDropNotNull:
		i, err := a.column(c.Column)
		if err != nil {
			return err
		}
		if t.IsKeyColumn(i) {
			return pgerr.New(pgerr.InvalidTableDefinition, "column \"%s\" is in a primary key", c.Column)
		}
		t.Columns[i].NotNull = false
	case ast.AlterAddPrimaryKey:
		return a.addPrimaryKey(c)
	case ast.AlterSetOptions, ast.AlterResetOptions:
		return a.setOptions(c)
	default:
		return pgerr.New(pgerr.InternalError, "unknown ALTER TABLE command %d", c.Kind)
	}
	a.changed = true
	return nil
}

func (a *alteration) addColumn(c *ast.AlterCmd) error {
	t := a.next
	if t.ColumnIndex(c.Def.Name) >= 0 {
		e := pgerr.New(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", c.Def.Name, t.Name)
		if c.Missing {
			a.notes = append(a.notes, pgerr.New(pgerr.DuplicateColumn, "%s, skipping", e.Message))
			return nil
		}
		return e
	}
	// buildTable validates a column exactly as CREATE TABLE does.
	built, err := buildTable(&ast.CreateTable{Table: ast.TableName{Namespace: t.Namespace, Name: t.Name},
		Columns: []ast.ColumnDef{*c.Def}}, t.Namespace)
	if err != nil {
		return err
	}
	col := built.Columns[0]
	t.Columns = append(t.Columns, col)
	a.source = append(a.source, -1)
	a.fill = append(a.fill, col.Default)
	if col.Default != "" && !isNullDefault(col.Default) {
		a.relayout = true // existing rows get the default, as in PostgreSQL
	}
	if col.NotNull {
		a.verify = append(a.verify, len(t.Columns)-1)
	}
	a.changed = true
	return nil
}

// isNullDefault reports whether a stored DEFAULT is the NULL constant,
// which existing rows already read as.
func isNullDefault(def string) bool { return def == "NULL" }

func (a *alteration) dropColumn(c *ast.AlterCmd) error {
	t := a.next
	i := t.ColumnIndex(c.Column)
	if i < 0 {
		e := pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", c.Column, t.Name)
		if c.Missing {
			a.notes = append(a.notes, pgerr.New(pgerr.SuccessfulCompletion, "%s, skipping", e.Message))
			return nil
		}
		return e
	}
	if len(t.Columns) == 1 {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot drop the only column of table \"%s\"", t.Name).
			WithHint("KalamDB tables need at least one column.")
	}
	// Dropping a key column drops the key with it, as PostgreSQL drops the
	// index that depends on the column; rows go back to hidden row ids.
	if t.IsKeyColumn(i) {
		t.PrimaryKey = nil
		a.rekey = true
	}
	for k, col := range t.PrimaryKey {
		if col > i {
			t.PrimaryKey[k] = col - 1
		}
	}
	a.verify = slices.DeleteFunc(a.verify, func(v int) bool { return v == i })
	for k, v := range a.verify {
		if v > i {
			a.verify[k] = v - 1
		}
	}
	t.Columns = slices.Delete(t.Columns, i, i+1)
	a.source = slices.Delete(a.source, i, i+1)
	a.fill = slices.Delete(a.fill, i, i+1)
	a.relayout = true
	a.changed = true
	return nil
}

func (a *alteration) addPrimaryKey(c *ast.AlterCmd) error {
	t := a.next
	if t.HasPrimaryKey() {
		return pgerr.New(pgerr.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", t.Name)
	}
	if c.NewName != "" && c.NewName != t.PrimaryKeyName() {
		return pgerr.New(pgerr.FeatureNotSupported, "a primary key named other than \"%s\" is not supported", t.PrimaryKeyName()).
			WithHint("Omit CONSTRAINT name; KalamDB names the key <table>_pkey.")
	}
	key := make([]int, len(c.Keys))
	for k, name := range c.Keys {
		i, err := a.column(name)
		if err != nil {
			return err
		}
		key[k] = i
		if !t.Columns[i].NotNull {
			t.Columns[i].NotNull = true
			a.verify = append(a.verify, i)
		}
	}
	t.PrimaryKey = key
	a.rekey = true
	a.changed = true
	return nil
}

// setOptions runs SET (…) / RESET (…) on the table's storage options:
// the ones CREATE TABLE … WITH accepts, except the table kind.
func (a *alteration) setOptions(c *ast.AlterCmd) error {
	t := a.next
	for _, key := range slices.Sorted(maps.Keys(c.Options)) {
		if key == "type" {
			return pgerr.New(pgerr.FeatureNotSupported, "cannot change the type of table \"%s\"", t.Name)
		}
		if !tableOptions[key] {
			return pgerr.New(pgerr.InvalidParameterValue, "unrecognized parameter \"%s\"", key)
		}
		if c.Kind == ast.AlterResetOptions {
			delete(t.Options, key)
			continue
		}
		if t.Options == nil {
			t.Options = map[string]string{}
		}
		t.Options[key] = c.Options[key]
	}
	if len(t.Options) == 0 {
		t.Options = nil
	}
	a.changed = true
	return nil
}
