package parse

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// tableKinds are the values of the table kind, spelled
// CREATE <kind> TABLE or WITH (type = '<kind>').
var tableKinds = map[string]bool{"shared": true, "user": true, "stream": true}

func (t *translator) createStmt(s *pg_query.CreateStmt) ast.Statement {
	switch {
	case s.Relation.GetRelpersistence() == "t":
		t.unsupported(s.Relation.GetLocation(), "temporary tables")
	case len(s.InhRelations) > 0:
		t.unsupported(location(s.InhRelations[0]), "INHERITS")
	case s.Partspec != nil || s.Partbound != nil:
		t.unsupported(-1, "partitioned tables")
	case s.OfTypename != nil:
		t.unsupported(s.OfTypename.Location, "CREATE TABLE … OF type")
	}
	if t.err != nil {
		return nil
	}
	out := &ast.CreateTable{IfNotExists: s.IfNotExists, Kind: "shared"}
	if t.kalamKind != "" {
		out.Kind, out.KalamForm = t.kalamKind, true
	}
	out.Table, _ = t.rangeVar(s.Relation)
	// Columns first, then table constraints, whatever the order written:
	// that is the order PostgreSQL checks them in, and table-level keys may
	// name columns defined after them.
	for _, e := range s.TableElts {
		if c := e.GetColumnDef(); c != nil {
			out.Columns = append(out.Columns, t.columnDef(out, c))
		}
	}
	for _, e := range s.TableElts {
		switch v := e.Node.(type) {
		case *pg_query.Node_ColumnDef:
		case *pg_query.Node_Constraint:
			t.tableConstraint(out, v.Constraint)
		case *pg_query.Node_TableLikeClause:
			t.unsupported(v.TableLikeClause.Relation.GetLocation(), "CREATE TABLE … LIKE")
		default:
			t.unsupported(location(e), nodeName(e)+" in CREATE TABLE")
		}
	}
	t.tableOptions(out, s.Options)
	if t.err != nil {
		return nil
	}
	return out
}

// columnDef translates a column and its inline constraints, with
// PostgreSQL's checks for contradictory declarations.
func (t *translator) columnDef(ct *ast.CreateTable, c *pg_query.ColumnDef) ast.ColumnDef {
	out := ast.ColumnDef{Name: c.Colname, Type: t.typeName(c.TypeName), Location: int(c.Location)}
	sawNull, sawNotNull, sawDefault := false, false, false
	for _, n := range c.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_NULL, pg_query.ConstrType_CONSTR_NOTNULL:
			isNotNull := con.Contype == pg_query.ConstrType_CONSTR_NOTNULL
			if (isNotNull && sawNull) || (!isNotNull && sawNotNull) {
				t.fail(syntaxError(t.sql, int(con.Location),
					`conflicting NULL/NOT NULL declarations for column "%s" of table "%s"`, c.Colname, ct.Table.Name))
			}
			sawNull, sawNotNull = sawNull || !isNotNull, sawNotNull || isNotNull
			out.NotNull = isNotNull
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if sawDefault {
				t.fail(syntaxError(t.sql, int(con.Location),
					`multiple default values specified for column "%s" of table "%s"`, c.Colname, ct.Table.Name))
			}
			sawDefault = true
			out.Default = t.defaultExpr(con.RawExpr)
		case pg_query.ConstrType_CONSTR_PRIMARY:
			t.primaryKey(ct, con, []string{c.Colname}, true)
			out.PrimaryKey = true
		case pg_query.ConstrType_CONSTR_UNIQUE:
			out.Unique = true
		case pg_query.ConstrType_CONSTR_IDENTITY:
			if len(con.Options) > 0 {
				t.unsupported(con.Location, "identity sequence options")
			}
			out.Identity = "by default"
			if con.GeneratedWhen == "a" {
				out.Identity = "always"
			}
		default:
			t.unsupportedConstraint(con)
		}
	}
	return out
}

// tableConstraint translates a table-level constraint: PRIMARY KEY (…) and
// single-column UNIQUE (…).
func (t *translator) tableConstraint(ct *ast.CreateTable, con *pg_query.Constraint) {
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		t.primaryKey(ct, con, stringList(con.Keys), false)
	case pg_query.ConstrType_CONSTR_UNIQUE:
		keys := stringList(con.Keys)
		if len(keys) != 1 {
			t.unsupported(con.Location, "multi-column UNIQUE constraints")
			return
		}
		if col := findColumn(ct, keys[0]); col != nil {
			col.Unique = true
		} else {
			t.missingKeyColumn(con, keys[0])
		}
	default:
		t.unsupportedConstraint(con)
	}
}

// primaryKey records a PRIMARY KEY, inline or table-level: PostgreSQL allows
// one per table and checks that a table-level key's columns exist.
func (t *translator) primaryKey(ct *ast.CreateTable, con *pg_query.Constraint, keys []string, inline bool) {
	if len(ct.PrimaryKey) > 0 {
		t.fail(pgerr.New(pgerr.InvalidTableDefinition, `multiple primary keys for table "%s" are not allowed`,
			ct.Table.Name).WithPosition(charPosition(t.sql, int(con.Location))))
		return
	}
	if len(con.Including) > 0 || len(con.Options) > 0 || con.Indexspace != "" {
		t.unsupported(con.Location, "PRIMARY KEY index options")
		return
	}
	for i, k := range keys {
		if !inline && findColumn(ct, k) == nil {
			t.missingKeyColumn(con, k)
			return
		}
		if slices.Contains(keys[:i], k) {
			t.fail(pgerr.New(pgerr.DuplicateColumn, `column "%s" appears twice in primary key constraint`, k).
				WithPosition(charPosition(t.sql, int(con.Location))))
			return
		}
	}
	ct.PrimaryKey = keys
}

func (t *translator) missingKeyColumn(con *pg_query.Constraint, name string) {
	t.fail(pgerr.New(pgerr.UndefinedColumn, `column "%s" named in key does not exist`, name).
		WithPosition(charPosition(t.sql, int(con.Location))))
}

func findColumn(ct *ast.CreateTable, name string) *ast.ColumnDef {
	for i := range ct.Columns {
		if ct.Columns[i].Name == name {
			return &ct.Columns[i]
		}
	}
	return nil
}

var constraintNames = map[pg_query.ConstrType]string{
	pg_query.ConstrType_CONSTR_CHECK:     "CHECK constraints",
	pg_query.ConstrType_CONSTR_FOREIGN:   "FOREIGN KEY constraints",
	pg_query.ConstrType_CONSTR_GENERATED: "generated columns",
	pg_query.ConstrType_CONSTR_EXCLUSION: "EXCLUDE constraints",
}

func (t *translator) unsupportedConstraint(con *pg_query.Constraint) {
	what, ok := constraintNames[con.Contype]
	if !ok {
		what = "constraint attributes (DEFERRABLE, …)"
	}
	t.unsupported(con.Location, what)
}

// tableOptions translates WITH (…) into lower-case keys and text values,
// folding the PostgreSQL-form table kind, type = 'user', into Kind.
func (t *translator) tableOptions(ct *ast.CreateTable, opts []*pg_query.Node) {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		key := strings.ToLower(d.Defname)
		if d.Defnamespace != "" {
			key = strings.ToLower(d.Defnamespace) + "." + key
		}
		if _, dup := ct.Options[key]; dup {
			t.fail(pgerr.New(pgerr.InvalidParameterValue, `parameter "%s" specified more than once`, key))
			return
		}
		if ct.Options == nil {
			ct.Options = make(map[string]string, len(opts))
		}
		ct.Options[key] = t.optionValue(d)
	}
	if kind, ok := ct.Options["type"]; ok {
		delete(ct.Options, "type")
		kind = strings.ToLower(kind)
		if !tableKinds[kind] {
			t.fail(pgerr.New(pgerr.InvalidParameterValue, `invalid table type "%s"`, kind).
				WithHint("Valid table types are shared, user and stream."))
			return
		}
		if t.kalamKind != "" && t.kalamKind != kind {
			t.fail(pgerr.New(pgerr.InvalidParameterValue,
				`table type "%s" conflicts with CREATE %s TABLE`, kind, strings.ToUpper(t.kalamKind)))
			return
		}
		ct.Kind = kind
	}
	if len(ct.Options) == 0 {
		ct.Options = nil
	}
}

// optionValue renders a WITH option's value as text. A bare word arrives
// as a type name (`opt = ident`) or, for reserved words, a string; a
// missing value means true, as in PostgreSQL's reloptions.
func (t *translator) optionValue(d *pg_query.DefElem) string {
	switch v := d.Arg.GetNode().(type) {
	case nil:
		return "true"
	case *pg_query.Node_String_:
		return v.String_.Sval
	case *pg_query.Node_Integer:
		return strconv.Itoa(int(v.Integer.Ival))
	case *pg_query.Node_Float:
		return v.Float.Fval
	case *pg_query.Node_Boolean:
		return strconv.FormatBool(v.Boolean.Boolval)
	case *pg_query.Node_TypeName:
		ns := v.TypeName.Names
		if len(ns) > 0 && len(v.TypeName.Typmods) == 0 && len(v.TypeName.ArrayBounds) == 0 {
			return ns[len(ns)-1].GetString_().GetSval()
		}
	case *pg_query.Node_AConst:
		if s := v.AConst.GetSval(); s != nil {
			return s.Sval
		}
	}
	t.unsupported(d.Location, "this WITH option value")
	return ""
}

func (t *translator) dropStmt(s *pg_query.DropStmt) ast.Statement {
	cascade := s.Behavior == pg_query.DropBehavior_DROP_CASCADE
	switch s.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE:
		out := &ast.DropTable{IfExists: s.MissingOk, Cascade: cascade}
		for _, o := range s.Objects {
			out.Tables = append(out.Tables, t.qualifiedTable(stringList(o.GetList().GetItems())))
		}
		return out
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return &ast.DropNamespace{Names: stringList(s.Objects), IfExists: s.MissingOk, Cascade: cascade, SchemaWord: true}
	}
	what := strings.ReplaceAll(strings.TrimPrefix(s.RemoveType.String(), "OBJECT_"), "_", " ")
	t.unsupported(-1, "DROP "+what)
	return nil
}

// qualifiedTable builds a table name from [db.][ns.]name components.
func (t *translator) qualifiedTable(names []string) ast.TableName {
	out := ast.TableName{Location: -1}
	switch len(names) {
	case 0:
	case 1:
		out.Name = names[0]
	default:
		out.Namespace, out.Name = names[len(names)-2], names[len(names)-1]
	}
	return out
}

func (t *translator) truncateStmt(s *pg_query.TruncateStmt) ast.Statement {
	out := &ast.Truncate{RestartIdentity: s.RestartSeqs}
	for _, r := range s.Relations {
		if rv := r.GetRangeVar(); rv != nil {
			tn, _ := t.rangeVar(rv)
			out.Tables = append(out.Tables, tn)
		}
	}
	return out
}

func (t *translator) createSchemaStmt(s *pg_query.CreateSchemaStmt) ast.Statement {
	switch {
	case s.Schemaname == "":
		t.unsupported(-1, "CREATE SCHEMA AUTHORIZATION without a schema name")
	case len(s.SchemaElts) > 0:
		t.unsupported(location(s.SchemaElts[0]), "CREATE SCHEMA with schema elements")
	}
	if t.err != nil {
		return nil
	}
	return &ast.CreateNamespace{Name: s.Schemaname, IfNotExists: s.IfNotExists, SchemaWord: true}
}

// stringList extracts the strings of a list of String nodes.
func stringList(ns []*pg_query.Node) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

// defaultExpr translates a column DEFAULT, first refusing what PostgreSQL
// refuses there without looking at the catalog: subqueries (0A000) and
// window functions (42P20), whichever comes first in the text. Aggregates
// need the function catalog and are left to the planner.
func (t *translator) defaultExpr(n *pg_query.Node) ast.Expr {
	var bad *pgerr.Error
	badAt := -1
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) bool {
		var e *pgerr.Error
		at := messageLocation(m)
		switch v := m.Interface().(type) {
		case *pg_query.SubLink:
			e = pgerr.New(pgerr.FeatureNotSupported, "cannot use subquery in DEFAULT expression")
		case *pg_query.FuncCall:
			if v.Over == nil {
				return true
			}
			e = pgerr.New(windowingError, "window functions are not allowed in DEFAULT expressions")
		default:
			return true
		}
		if badAt < 0 || at < badAt {
			bad, badAt = e, at
		}
		return true
	})
	if bad != nil {
		t.fail(bad.WithPosition(charPosition(t.sql, badAt)))
		return nil
	}
	return t.expr(n)
}
