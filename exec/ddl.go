package exec

import (
	"context"
	"strings"

	"github.com/kalamdb/kalamdb/catalog"
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/exec/expr"
	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// tableOptions are the WITH (…) keys CREATE TABLE accepts: KalamDB's own and
// the PostgreSQL storage parameters tools emit (accepted and ignored).
var tableOptions = map[string]bool{
	"type": true, "storage_id": true, "use_user_storage": true, "flush_policy": true,
	"deleted_retention_hours": true, "ttl_seconds": true, "access_level": true,
	"fillfactor": true, "autovacuum_enabled": true, "toast_tuple_target": true,
}

// buildTable validates a CREATE TABLE and turns it into a catalog table
// (without its ID and OID, which the catalog assigns).
func buildTable(n *ast.CreateTable, currentSchema string) (*catalog.Table, error) {
	t := &catalog.Table{Namespace: n.Table.Namespace, Name: n.Table.Name, Kind: catalog.KindShared}
	if t.Namespace == "" {
		t.Namespace = currentSchema
	}
	if t.Namespace == "" {
		return nil, pgerr.New(pgerr.UndefinedSchema, "no schema has been selected to create in")
	}
	kind, err := tableKind(n)
	if err != nil {
		return nil, err
	}
	t.Kind = kind
	for key, val := range n.Options {
		if key == "table_type" { // KalamDB's retired spelling (see parse/kalam_show.go)
			return nil, pgerr.New(pgerr.FeatureNotSupported, "table option TABLE_TYPE is no longer supported").
				WithHint("Use CREATE SHARED|USER|STREAM TABLE, or WITH (type = 'shared'|'user'|'stream').")
		}
		if !tableOptions[key] {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized table option %q", key)
		}
		if key != "type" {
			if t.Options == nil {
				t.Options = map[string]string{}
			}
			t.Options[key] = val
		}
	}
	seen := map[string]bool{}
	for _, cd := range n.Columns {
		if seen[cd.Name] {
			return nil, pgerr.New(pgerr.DuplicateColumn, "column %q specified more than once", cd.Name)
		}
		seen[cd.Name] = true
		if cd.Type.Array {
			return nil, unsupportedType(cd.Type.Name + "[]")
		}
		typName, serial := columnTypeName(cd.Type.Name) // sequences.go
		typ, err := types.LookupTypeName(typName, cd.Type.Mods)
		if err != nil {
			if pe := pgerr.From(err); pe.Position == 0 && cd.Type.Location >= 0 {
				return nil, pe.WithPosition(cd.Type.Location + 1)
			}
			return nil, err
		}
		col := catalog.Column{Name: cd.Name, Type: typ, NotNull: cd.NotNull}
		if err := applySequence(&col, &cd, serial, t.Name); err != nil {
			return nil, err
		}
		if cd.Default != nil {
			if err := checkDefault(cd.Default, typ); err != nil {
				return nil, err
			}
			col.Default = ast.Format(cd.Default)
		}
		t.Columns = append(t.Columns, col)
	}
	if len(t.Columns) == 0 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "a table needs at least one column")
	}
	// The parser folds inline PRIMARY KEY into n.PrimaryKey and rejects a second key.
	for _, name := range n.PrimaryKey {
		idx := t.ColumnIndex(name)
		if idx < 0 {
			return nil, pgerr.New(pgerr.UndefinedColumn, "column %q named in key does not exist", name)
		}
		t.PrimaryKey = append(t.PrimaryKey, idx)
		t.Columns[idx].NotNull = true
	}
	if n.KalamForm && len(t.PrimaryKey) == 0 {
		return nil, pgerr.New(pgerr.InvalidTableDefinition, "%s tables need a PRIMARY KEY", strings.ToUpper(kind)).
			WithHint("Declare one, e.g. id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID().")
	}
	if err := checkKindOptions(t); err != nil {
		return nil, err
	}
	return t, nil
}

// checkKindOptions enforces the options that depend on the table kind:
// TTL_SECONDS is required for STREAM tables and rejected for the others;
// ACCESS_LEVEL applies to SHARED tables only (identity.go has both rules'
// value checks).
func checkKindOptions(t *catalog.Table) error {
	ttl, hasTTL := t.Options["ttl_seconds"]
	switch {
	case t.Kind == catalog.KindStream && !hasTTL:
		return pgerr.New(pgerr.InvalidTableDefinition, "STREAM tables need WITH (TTL_SECONDS = n)").
			WithHint("Rows of a STREAM table expire after TTL_SECONDS, e.g. WITH (TTL_SECONDS = 3600).")
	case t.Kind != catalog.KindStream && hasTTL:
		return pgerr.New(pgerr.InvalidTableDefinition, "TTL_SECONDS is only allowed on STREAM tables")
	case hasTTL:
		if err := checkTTL(ttl); err != nil {
			return err
		}
	}
	if level, ok := t.Options["access_level"]; ok {
		if t.Kind != catalog.KindShared {
			return pgerr.New(pgerr.InvalidTableDefinition, "ACCESS_LEVEL is only allowed on SHARED tables")
		}
		return checkAccessLevel(level)
	}
	return nil
}

// tableKind reconciles CREATE SHARED|USER|STREAM TABLE with WITH (type = …).
func tableKind(n *ast.CreateTable) (string, error) {
	kind := strings.ToLower(n.Kind)
	if kind == "" {
		kind = catalog.KindShared
	}
	if opt, ok := n.Options["type"]; ok {
		opt = strings.ToLower(opt)
		if n.KalamForm && opt != kind {
			return "", pgerr.New(pgerr.InvalidTableDefinition, "table type %s conflicts with WITH (type = '%s')", strings.ToUpper(kind), opt)
		}
		kind = opt
	}
	switch kind {
	case catalog.KindShared, catalog.KindUser, catalog.KindStream:
		return kind, nil
	}
	return "", pgerr.New(pgerr.InvalidParameterValue, "unknown table type %q (use shared, user or stream)", kind)
}

// checkDefault makes sure a DEFAULT compiles to the column's type and does
// not reference columns.
func checkDefault(e ast.Expr, t types.Type) error {
	_, err := expr.CompileAs(e, t, &expr.Scope{}, &expr.Params{})
	if err != nil && pgerr.From(err).Code == pgerr.UndefinedColumn {
		return pgerr.New("0A000", "cannot use column reference in DEFAULT expression")
	}
	return err
}

func unsupportedType(name string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "type %q is not supported", name)
}

func (s *Session) createTable(ctx context.Context, n *ast.CreateTable) error {
	t, err := buildTable(n, s.settings.currentSchema())
	if err != nil {
		return err
	}
	if err := s.checkCreateTable(t); err != nil { // permissions.go
		return err
	}
	skipped := false
	err = s.eng.catalog.Change(ctx, func(ch *catalog.Change) error {
		_, exists := ch.Table(t.Namespace, t.Name)
		if skipped = exists && n.IfNotExists; skipped {
			return nil
		}
		return ch.CreateTable(t)
	})
	if err == nil && skipped {
		return s.notice(severityNotice, pgerr.New(pgerr.DuplicateTable, "relation \"%s\" already exists, skipping", t.Name))
	}
	return err
}
