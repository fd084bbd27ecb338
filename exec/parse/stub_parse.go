package parse

// STUB FILE — owned by the parser helper, who deletes it once parse.go implements it.

import "github.com/kalamdb/kalamdb/exec/ast"

// Statement is one statement of a query string.
type Statement struct {
	AST ast.Statement
	SQL string // this statement's own text, trimmed
	// Offset is where SQL starts in the whole query string (byte offset), so
	// positions inside AST (relative to the whole string) can be reported.
	Offset int
}

// Parse splits and parses a query string. It recognises KalamDB's own
// statements first, then hands the rest to pg_query. An empty string or
// one holding only comments/semicolons returns no statements.
// Errors are *pgerr.Error: 42601 with Position for syntax errors, 0A000 for
// valid PostgreSQL we do not support.
func Parse(sql string) ([]Statement, error) { panic("unimplemented") }
