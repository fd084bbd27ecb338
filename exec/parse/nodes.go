package parse

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// inner is the message a Node wraps (its one set oneof field), or nil.
func inner(n *pg_query.Node) protoreflect.Message {
	if n == nil || n.Node == nil {
		return nil
	}
	m := n.ProtoReflect()
	fd := m.WhichOneof(m.Descriptor().Oneofs().ByName("node"))
	if fd == nil || fd.Message() == nil {
		return nil
	}
	return m.Get(fd).Message()
}

// location is a node's location field (a byte offset), -1 when it has none.
// It serves the error paths, where one generic lookup beats a type switch
// over every node kind.
func location(n *pg_query.Node) int32 {
	m := inner(n)
	if m == nil {
		return -1
	}
	f := m.Descriptor().Fields().ByName("location")
	if f == nil || f.Kind() != protoreflect.Int32Kind {
		return -1
	}
	return int32(m.Get(f).Int())
}

// nodeName is the pg_query message name of a node, e.g. "AlterTableStmt".
func nodeName(n *pg_query.Node) string {
	m := inner(n)
	if m == nil {
		return "empty"
	}
	return string(m.Descriptor().Name())
}

// statementNames spells the statements whose message names do not read as
// SQL once split into words.
var statementNames = map[string]string{
	"IndexStmt":                  "CREATE INDEX",
	"ViewStmt":                   "CREATE VIEW",
	"RenameStmt":                 "ALTER … RENAME",
	"CreateSeqStmt":              "CREATE SEQUENCE",
	"AlterSeqStmt":               "ALTER SEQUENCE",
	"CheckPointStmt":             "CHECKPOINT",
	"ClosePortalStmt":            "CLOSE",
	"DeclareCursorStmt":          "DECLARE",
	"CreatedbStmt":               "CREATE DATABASE",
	"DropdbStmt":                 "DROP DATABASE",
	"CreateTrigStmt":             "CREATE TRIGGER",
	"RuleStmt":                   "CREATE RULE",
	"AlterObjectSchemaStmt":      "ALTER … SET SCHEMA",
	"CompositeTypeStmt":          "CREATE TYPE",
	"CreateEnumStmt":             "CREATE TYPE … AS ENUM",
	"DefineStmt":                 "CREATE AGGREGATE/OPERATOR/TYPE",
	"ConstraintsSetStmt":         "SET CONSTRAINTS",
	"RefreshMatViewStmt":         "REFRESH MATERIALIZED VIEW",
	"VacuumStmt":                 "VACUUM/ANALYZE",
	"AlterRoleSetStmt":           "ALTER ROLE … SET",
	"CreateTableAsStmt":          "CREATE TABLE AS",
	"AlterDefaultPrivilegesStmt": "ALTER DEFAULT PRIVILEGES",
}

// statementName names a statement node the way a user wrote it:
// AlterTableStmt → "ALTER TABLE".
func statementName(n *pg_query.Node) string {
	name := nodeName(n)
	if s, ok := statementNames[name]; ok {
		return s
	}
	name = strings.TrimSuffix(name, "Stmt")
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' && name[i-1] >= 'a' && name[i-1] <= 'z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}
