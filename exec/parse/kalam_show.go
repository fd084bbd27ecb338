package parse

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// The KalamDB introspection statements:
//
//	SHOW TABLES [IN [NAMESPACE] ns]
//	SHOW STATS [FOR TABLE t]      SHOW TABLE STATS t (the spec-004 spelling)
//	DESCRIBE | DESC [TABLE] t [HISTORY]
//
// show is called after SHOW; it returns nil when the words that follow
// are not one of ours (SHOW name is then PostgreSQL's).
func (k *kalamParser) show() ast.Statement {
	switch k.word() {
	case "tables":
		k.advance()
		st := &ast.ShowTables{}
		if k.word() == "in" {
			k.advance()
			if k.word() == "namespace" {
				word := k.tok
				k.advance()
				if k.tok.kind == tokEOF { // SHOW TABLES IN namespace: a namespace so named
					st.Namespace = word.val
					return st
				}
			}
			st.Namespace = k.ident()
		}
		return st
	case "stats":
		k.advance()
		st := &ast.ShowTableStats{}
		if k.optional("for", "table") {
			st.Table = k.tableName()
		}
		return st
	case "table":
		k.advance()
		if k.word() != "stats" {
			k.syntaxError()
			return &ast.ShowTableStats{}
		}
		k.advance()
		return &ast.ShowTableStats{Table: k.tableName()}
	}
	return nil
}

// describe parses the rest of DESCRIBE|DESC [TABLE] t [HISTORY]. A table
// called "table" must then be written DESCRIBE TABLE "table" or quoted.
func (k *kalamParser) describe() ast.Statement {
	if k.word() == "table" {
		k.advance()
	}
	st := &ast.Describe{Table: k.tableName()}
	if k.word() == "history" {
		st.History = true
		k.advance()
	}
	return st
}

// tableName consumes name or namespace.name.
func (k *kalamParser) tableName() ast.TableName {
	n := ast.TableName{Location: k.tok.pos}
	n.Name = k.ident()
	if k.err == nil && k.tok.kind == tokOther && k.tok.val == "." {
		k.advance()
		n.Namespace, n.Name = n.Name, k.ident()
	}
	return n
}

// deprecatedTableType catches KalamDB's retired CREATE TABLE … TABLE_TYPE
// 'shared' clause, which PostgreSQL's grammar would only call a syntax
// error, and names the statement that replaced it. It looks for the word
// TABLE_TYPE outside parentheses in a piece that starts with CREATE.
func deprecatedTableType(sql string, p piece) *pgerr.Error {
	lx := lexer{sql: sql, pos: p.start, end: p.end}
	depth := 0
	for {
		tok, err := lx.next()
		if err != nil || tok.kind == tokEOF {
			return nil
		}
		switch {
		case tok.kind == tokOther && tok.val == "(":
			depth++
		case tok.kind == tokOther && tok.val == ")":
			depth--
		case depth == 0 && tok.kind == tokWord && tok.val == "table_type":
			return pgerr.New(pgerr.FeatureNotSupported, "TABLE_TYPE is no longer supported").
				WithPosition(tok.pos + 1).
				WithHint("Use CREATE SHARED TABLE, CREATE USER TABLE or CREATE STREAM TABLE … WITH (TTL_SECONDS = n), or CREATE TABLE … WITH (type = 'shared'|'user'|'stream').")
		}
	}
}
