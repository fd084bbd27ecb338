package parse

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// alterTableStmt translates ALTER TABLE's command list. Commands the
// executor cannot run (ALTER COLUMN TYPE, constraints other than PRIMARY
// KEY, owners, triggers …) fail here with 0A000 naming the command.
func (t *translator) alterTableStmt(s *pg_query.AlterTableStmt) ast.Statement {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		t.unsupported(-1, "ALTER "+objectName(s.Objtype))
		return nil
	}
	out := &ast.AlterTable{IfExists: s.MissingOk}
	out.Table, _ = t.rangeVar(s.Relation)
	for _, n := range s.Cmds {
		c := n.GetAlterTableCmd()
		if c == nil {
			continue
		}
		t.alterTableCmd(out, c)
	}
	if t.err != nil {
		return nil
	}
	return out
}

// alterCmdNames name the ALTER TABLE commands we refuse, for the 0A000
// message.
var alterCmdNames = map[pg_query.AlterTableType]string{
	pg_query.AlterTableType_AT_AlterColumnType: "ALTER TABLE … ALTER COLUMN … TYPE",
	pg_query.AlterTableType_AT_ChangeOwner:     "ALTER TABLE … OWNER TO",
	pg_query.AlterTableType_AT_DropConstraint:  "ALTER TABLE … DROP CONSTRAINT",
	pg_query.AlterTableType_AT_AddIdentity:     "ALTER TABLE … ADD GENERATED AS IDENTITY",
	pg_query.AlterTableType_AT_SetStatistics:   "ALTER TABLE … SET STATISTICS",
	pg_query.AlterTableType_AT_SetStorage:      "ALTER TABLE … SET STORAGE",
}

func (t *translator) alterTableCmd(out *ast.AlterTable, c *pg_query.AlterTableCmd) {
	cmd := ast.AlterCmd{Column: c.Name, Missing: c.MissingOk, Location: -1}
	switch c.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		t.addColumnCmd(out, c)
		return
	case pg_query.AlterTableType_AT_DropColumn:
		cmd.Kind = ast.AlterDropColumn
	case pg_query.AlterTableType_AT_ColumnDefault:
		cmd.Kind = ast.AlterDropDefault
		if c.Def != nil {
			cmd.Kind, cmd.Default = ast.AlterSetDefault, t.defaultExpr(c.Def)
		}
	case pg_query.AlterTableType_AT_SetNotNull:
		cmd.Kind = ast.AlterSetNotNull
	case pg_query.AlterTableType_AT_DropNotNull:
		cmd.Kind = ast.AlterDropNotNull
	case pg_query.AlterTableType_AT_AddConstraint:
		t.addConstraintCmd(out, c.Def.GetConstraint())
		return
	case pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
		cmd.Column, cmd.Kind = "", ast.AlterSetOptions
		reset := c.Subtype == pg_query.AlterTableType_AT_ResetRelOptions
		if reset {
			cmd.Kind = ast.AlterResetOptions
		}
		cmd.Options = t.relOptions(c.Def.GetList().GetItems(), reset)
	default:
		what, ok := alterCmdNames[c.Subtype]
		if !ok {
			what = "ALTER TABLE " + strings.ReplaceAll(strings.TrimPrefix(c.Subtype.String(), "AT_"), "_", " ")
		}
		t.unsupported(-1, what)
		return
	}
	out.Cmds = append(out.Cmds, cmd)
}

// addColumnCmd translates ADD [COLUMN] [IF NOT EXISTS] def. An inline
// PRIMARY KEY becomes a following ADD PRIMARY KEY command, which is how
// PostgreSQL runs it too.
func (t *translator) addColumnCmd(out *ast.AlterTable, c *pg_query.AlterTableCmd) {
	cd := c.Def.GetColumnDef()
	if cd == nil {
		t.unsupported(-1, "this ADD COLUMN form")
		return
	}
	// columnDef reports errors in terms of a CREATE TABLE; a scratch one
	// carries the table name and collects an inline key.
	scratch := &ast.CreateTable{Table: out.Table}
	def := t.columnDef(scratch, cd)
	out.Cmds = append(out.Cmds, ast.AlterCmd{
		Kind: ast.AlterAddColumn, Column: def.Name, Def: &def, Missing: c.MissingOk, Location: int(cd.Location),
	})
	if def.PrimaryKey {
		out.Cmds = append(out.Cmds, ast.AlterCmd{Kind: ast.AlterAddPrimaryKey, Keys: []string{def.Name}, Location: int(cd.Location)})
	}
}

// addConstraintCmd translates ADD [CONSTRAINT name] PRIMARY KEY (cols);
// KalamDB has no other constraints to add.
func (t *translator) addConstraintCmd(out *ast.AlterTable, con *pg_query.Constraint) {
	if con == nil {
		t.unsupported(-1, "this ADD form")
		return
	}
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
	case pg_query.ConstrType_CONSTR_UNIQUE:
		t.unsupported(con.Location, "ALTER TABLE … ADD UNIQUE")
		return
	default:
		t.unsupportedConstraint(con)
		return
	}
	switch {
	case con.Indexname != "":
		t.unsupported(con.Location, "ADD PRIMARY KEY USING INDEX")
		return
	case len(con.Including) > 0 || len(con.Options) > 0 || con.Indexspace != "":
		t.unsupported(con.Location, "PRIMARY KEY index options")
		return
	}
	keys := stringList(con.Keys)
	for i, k := range keys {
		if slices.Contains(keys[:i], k) {
			t.fail(pgerr.New(pgerr.DuplicateColumn, `column "%s" appears twice in primary key constraint`, k).
				WithPosition(charPosition(t.sql, int(con.Location))))
			return
		}
	}
	out.Cmds = append(out.Cmds, ast.AlterCmd{
		Kind: ast.AlterAddPrimaryKey, Keys: keys, NewName: con.Conname, Location: int(con.Location),
	})
}

// relOptions translates SET (k = v, …) / RESET (k, …) into lower-case keys.
func (t *translator) relOptions(items []*pg_query.Node, reset bool) map[string]string {
	out := make(map[string]string, len(items))
	for _, n := range items {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		key := strings.ToLower(d.Defname)
		if d.Defnamespace != "" {
			key = strings.ToLower(d.Defnamespace) + "." + key
		}
		if reset {
			out[key] = ""
			continue
		}
		out[key] = t.optionValue(d)
	}
	return out
}

// renameStmt translates ALTER TABLE t RENAME [COLUMN] a TO b and
// ALTER TABLE t RENAME TO u; other objects cannot be renamed.
func (t *translator) renameStmt(s *pg_query.RenameStmt) ast.Statement {
	out := &ast.AlterTable{IfExists: s.MissingOk}
	switch {
	case s.RenameType == pg_query.ObjectType_OBJECT_TABLE:
		out.Cmds = []ast.AlterCmd{{Kind: ast.AlterRenameTable, NewName: s.Newname, Location: -1}}
	case s.RenameType == pg_query.ObjectType_OBJECT_COLUMN && s.RelationType == pg_query.ObjectType_OBJECT_TABLE:
		out.Cmds = []ast.AlterCmd{{Kind: ast.AlterRenameColumn, Column: s.Subname, NewName: s.Newname, Location: -1}}
	default:
		t.unsupported(-1, "ALTER "+objectName(s.RenameType)+" … RENAME")
		return nil
	}
	out.Table, _ = t.rangeVar(s.Relation)
	return out
}

// vacuumStmt translates VACUUM [(options)] [t [(cols)], …] and
// ANALYZE [t, …]. Their options change nothing here, so they are dropped.
func (t *translator) vacuumStmt(s *pg_query.VacuumStmt) ast.Statement {
	out := &ast.Vacuum{Analyze: !s.IsVacuumcmd}
	for _, n := range s.Rels {
		if r := n.GetVacuumRelation().GetRelation(); r != nil {
			tn, _ := t.rangeVar(r)
			out.Tables = append(out.Tables, tn)
		}
	}
	return out
}

// objectName spells an object type as SQL does: OBJECT_MATVIEW → MATVIEW.
func objectName(o pg_query.ObjectType) string {
	return strings.ReplaceAll(strings.TrimPrefix(o.String(), "OBJECT_"), "_", " ")
}
