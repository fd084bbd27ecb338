package exec

import (
	"context"
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// utilityPlan runs a statement that is not planned row by row: DDL,
// settings and transaction control. Its work happens at execution, against
// the catalog current then.
type utilityPlan struct {
	stmt ast.Statement
	cols []Column
}

func (p *planner) planUtility(stmt ast.Statement) (plan, error) {
	if ip, ok := p.planIntrospect(stmt); ok { // introspect.go
		return ip, nil
	}
	u := &utilityPlan{stmt: stmt}
	switch n := stmt.(type) {
	case *ast.CreateTable:
		// Validate now so Parse reports errors; the definition is rebuilt at run.
		if _, err := buildTable(n, p.sess.settings.currentSchema()); err != nil {
			return nil, err
		}
	case *ast.Show:
		if n.Name == "all" {
			u.cols = []Column{{Name: "name", Type: types.Text}, {Name: "setting", Type: types.Text}, {Name: "description", Type: types.Text}}
		} else {
			if _, ok := p.sess.settings.get(n.Name); !ok && !strings.Contains(n.Name, ".") && !isTransactionShow(n.Name) {
				return nil, pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", n.Name)
			}
			u.cols = []Column{{Name: showColumnName(n.Name), Type: types.Text}}
		}
	case *ast.ShowNamespaces:
		u.cols = []Column{{Name: "namespace_name", Type: types.Text}}
	case *ast.Execute:
		return p.planExecute(n)
	case *ast.ExecuteAs:
		return p.planExecuteAs(n) // execute_as.go
	case *ast.DeclareCursor: // cursor.go
		return p.planDeclare(n)
	case *ast.Fetch:
		return p.planFetch(n), nil
	case *ast.ClosePortal:
		return &closePlan{stmt: n}, nil
	case *ast.AlterTable, *ast.Vacuum: // alter.go, vacuum.go
	case *ast.DropTable, *ast.Truncate, *ast.CreateNamespace, *ast.DropNamespace, *ast.Use, *ast.Set, *ast.Transaction,
		*ast.Prepare, *ast.Deallocate, *ast.Discard, *ast.ClearCache,
		*ast.CreateUser, *ast.AlterUser, *ast.DropUser: // users.go
	default:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "statement %T is not supported", stmt)
	}
	return u, nil
}

func isTransactionShow(name string) bool {
	return name == "transaction isolation level" || name == "transaction_isolation"
}

func (u *utilityPlan) columns() []Column { return u.cols }

func (u *utilityPlan) run(x *execution, emit func([]types.Value) error) (string, error) {
	s := x.sess
	cat := s.eng.catalog
	switch n := u.stmt.(type) {
	case *ast.CreateTable:
		return "CREATE TABLE", s.createTable(x.ctx, n)
	case *ast.DropTable:
		return "DROP TABLE", s.dropTables(x.ctx, n)
	case *ast.Truncate:
		return "TRUNCATE TABLE", s.truncate(x.ctx, n)
	case *ast.AlterTable:
		return "ALTER TABLE", s.alterTable(x, n) // alter.go
	case *ast.Vacuum:
		return s.vacuum(n) // vacuum.go
	case *ast.CreateUser, *ast.AlterUser, *ast.DropUser:
		return s.runUserStmt(x.ctx, n) // users.go
	case *ast.CreateNamespace:
		if err := s.checkNamespaceDDL(true, n.Name); err != nil { // permissions.go
			return "", err
		}
		var notes []*pgerr.Error
		err := cat.Change(x.ctx, func(ch *catalog.Change) error {
			notes = notes[:0]
			if _, exists := ch.Namespace(n.Name); exists && n.IfNotExists {
				notes = append(notes, pgerr.New(pgerr.DuplicateSchema, "schema \"%s\" already exists, skipping", n.Name))
				return nil
			}
			if err := checkNamespaceName(n.Name); err != nil {
				return err
			}
			return ch.CreateNamespace(n.Name)
		})
		return namespaceTag("CREATE", n.SchemaWord), s.noticesAfter(err, notes)
	case *ast.DropNamespace:
		for _, name := range n.Names {
			if err := s.checkNamespaceDDL(false, name); err != nil { // permissions.go
				return "", err
			}
		}
		var notes []*pgerr.Error
		err := cat.Change(x.ctx, func(ch *catalog.Change) error {
			notes = notes[:0]
			var dropped []*catalog.Table
			for _, name := range n.Names {
				if _, exists := ch.Namespace(name); !exists && n.IfExists {
					notes = append(notes, pgerr.New(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", name))
					continue
				}
				if n.Cascade {
					dropped = append(dropped, ch.Tables(name)...)
				}
				if err := ch.DropNamespace(name, n.Cascade); err != nil {
					return err
				}
			}
			if note := cascadeNotice(dropped); note != nil {
				notes = append(notes, note)
			}
			return nil
		})
		return namespaceTag("DROP", n.SchemaWord), s.noticesAfter(err, notes)
	case *ast.ShowNamespaces:
		for _, ns := range cat.Current().Namespaces() {
			if err := emit([]types.Value{types.NewText(ns.Name)}); err != nil {
				return "", err
			}
		}
		return "SELECT " + itoa(len(cat.Current().Namespaces())), nil
	case *ast.Use:
		if _, ok := cat.Current().Namespace(n.Namespace); !ok {
			return "", pgerr.New(pgerr.UndefinedSchema, "namespace %q does not exist", n.Namespace)
		}
		return "USE", s.settings.set(cat.Current(), "search_path", []string{n.Namespace}, false)
	case *ast.Set:
		return s.setStmt(cat.Current(), n) // session_settings.go
	case *ast.Show:
		return u.show(s, n, emit)
	case *ast.Transaction:
		return s.transactionStmt(x, n) // session_settings.go: notices and settings around transaction
	case *ast.Prepare:
		return "PREPARE", s.prepareSQL(n)
	case *ast.Deallocate:
		return s.deallocate(n)
	case *ast.Discard:
		return s.discard(n)
	case *ast.ClearCache:
		if err := s.checkClearCache(); err != nil { // permissions.go
			return "", err
		}
		s.eng.ClearPlanCache()
		return "CLEAR CACHE", nil
	}
	return "", pgerr.New(pgerr.InternalError, "unhandled utility statement %T", u.stmt)
}

func namespaceTag(verb string, schemaWord bool) string {
	if schemaWord {
		return verb + " SCHEMA"
	}
	return verb + " NAMESPACE"
}

func (u *utilityPlan) show(s *Session, n *ast.Show, emit func([]types.Value) error) (string, error) {
	if n.Name == "all" {
		all := s.settings.all()
		for _, kv := range all {
			if err := emit([]types.Value{types.NewText(kv[0]), types.NewText(kv[1]), types.NewText("")}); err != nil {
				return "", err
			}
		}
		return "SHOW", nil
	}
	name := n.Name
	if isTransactionShow(name) {
		name = "transaction_isolation"
	}
	v, _ := s.settings.get(name)
	return "SHOW", emit([]types.Value{types.NewText(v)})
}

func checkNamespaceName(name string) error {
	if strings.HasPrefix(name, "pg_") {
		return pgerr.New("42939", "unacceptable schema name %q", name).
			WithDetail(`The prefix "pg_" is reserved for system schemas.`)
	}
	switch name {
	case "system", "information_schema", "pg_catalog":
		return pgerr.New("42939", "unacceptable namespace name %q", name).
			WithDetail("The name is reserved for KalamDB's system namespaces.")
	}
	return nil
}

func (s *Session) dropTables(ctx context.Context, n *ast.DropTable) error {
	p := &planner{sess: s, catalog: s.eng.catalog.Current()}
	var notes []*pgerr.Error
	err := s.eng.catalog.Change(ctx, func(ch *catalog.Change) error {
		p.catalog = ch.Snapshot
		notes = notes[:0]
		for _, name := range n.Tables {
			t, err := p.resolveTable(name)
			if err != nil {
				if pgerr.From(err).Code != pgerr.UndefinedTable {
					return err
				}
				if n.IfExists {
					notes = append(notes, missingTableNotice(ch.Snapshot, name))
					continue
				}
				return pgerr.New(pgerr.UndefinedTable, "table %q does not exist", qualified(name))
			}
			if err := s.checkTableDDL(ddlDrop, t); err != nil { // permissions.go
				return err
			}
			ch.DropTable(t)
		}
		return nil
	})
	return s.noticesAfter(err, notes)
}

func (s *Session) truncate(ctx context.Context, n *ast.Truncate) error {
	p := &planner{sess: s, catalog: s.eng.catalog.Current()}
	return s.eng.catalog.Change(ctx, func(ch *catalog.Change) error {
		p.catalog = ch.Snapshot
		for _, name := range n.Tables {
			t, err := p.resolveTable(name)
			if err != nil {
				return err
			}
			if err := s.checkTableDDL(ddlTruncate, t); err != nil { // permissions.go
				return err
			}
			ch.Batch.ClearTable(t.ID)
		}
		return nil
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func qualified(n ast.TableName) string {
	if n.Namespace == "" {
		return n.Name
	}
	return n.Namespace + "." + n.Name
}
