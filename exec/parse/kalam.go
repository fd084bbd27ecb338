package parse

import (
	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// pieceKind is what the KalamDB parser made of one piece of a query string.
type pieceKind uint8

const (
	pieceEmpty      pieceKind = iota // only whitespace and comments
	piecePG                          // not ours: pg_query parses it
	pieceKalam                       // a KalamDB statement, fully parsed here
	pieceKalamTable                  // CREATE SHARED|USER|STREAM TABLE: pg_query parses the rest
	pieceError                       // a KalamDB statement with a syntax error
)

// kalamResult is the outcome of parseKalam.
type kalamResult struct {
	kind pieceKind
	stmt ast.Statement // pieceKalam
	err  *pgerr.Error  // pieceError
	// For pieceKalamTable: the table kind and the span of its word, which
	// is blanked so pg_query sees a plain CREATE TABLE with every other
	// byte — and so every location and error position — unchanged.
	tableKind            string
	blankStart, blankEnd int
}

// kalamParser is a tiny recursive-descent parser over one piece. Once the
// leading keywords identify a KalamDB statement it owns the piece, and any
// later mistake is its own syntax error (PostgreSQL's grammar would only
// say something less helpful about the first keyword).
type kalamParser struct {
	sql string
	p   piece
	lex lexer
	tok token
	err *pgerr.Error
}

// parseKalam recognises the statements PostgreSQL's grammar lacks:
//
//	CREATE NAMESPACE [IF NOT EXISTS] n
//	DROP NAMESPACE [IF EXISTS] n [, …] [CASCADE | RESTRICT]
//	SHOW NAMESPACES
//	USE [NAMESPACE] n
//	CLEAR CACHE
//	EXECUTE AS USER 'u' (statement)      (kalam_identity.go)
//	CREATE|ALTER|DROP USER|ROLE …        (kalam_user.go)
//	SHOW TABLES …, SHOW STATS …, DESCRIBE …  (kalam_show.go)
//	CREATE SHARED|USER|STREAM TABLE …   (the rest is PostgreSQL's CREATE TABLE)
//
// Keywords are case-insensitive and names may be quoted.
func parseKalam(sql string, p piece) kalamResult {
	k := &kalamParser{sql: sql, p: p, lex: lexer{sql: sql, pos: p.start, end: p.end}}
	k.advance()
	if k.err != nil {
		// A lexical error in the first token: let pg_query report it, in
		// the same words PostgreSQL would use.
		return kalamResult{kind: piecePG}
	}
	if k.tok.kind == tokEOF {
		return kalamResult{kind: pieceEmpty}
	}
	var stmt ast.Statement
	switch k.word() {
	case "create":
		if err := deprecatedTableType(sql, p); err != nil { // kalam_show.go
			return kalamResult{kind: pieceError, err: err}
		}
		k.advance()
		switch k.word() {
		case "namespace":
			k.advance()
			stmt = k.createNamespace()
		case "role":
			k.advance()
			stmt = k.createUser()
		case "shared", "user", "stream":
			kindTok := k.tok
			k.advance()
			if k.word() != "table" {
				if kindTok.val == "user" { // kalam_user.go
					stmt = k.createUser()
					break
				}
				return kalamResult{kind: piecePG}
			}
			return kalamResult{
				kind:       pieceKalamTable,
				tableKind:  kindTok.val,
				blankStart: kindTok.pos,
				blankEnd:   kindTok.pos + len(kindTok.raw),
			}
		}
	case "drop":
		k.advance()
		switch k.word() {
		case "namespace":
			k.advance()
			stmt = k.dropNamespace()
		case "user", "role":
			k.advance()
			stmt = k.dropUser()
		}
	case "alter":
		k.advance()
		if w := k.word(); w == "user" || w == "role" {
			k.advance()
			stmt = k.alterUser()
		}
	case "show":
		k.advance()
		if k.word() == "namespaces" {
			k.advance()
			stmt = &ast.ShowNamespaces{}
		} else {
			stmt = k.show() // kalam_show.go
		}
	case "describe", "desc":
		k.advance()
		stmt = k.describe() // kalam_show.go
	case "execute":
		k.advance()
		if st := k.executeAs(); st != nil { // kalam_identity.go
			stmt = st
		}
	case "use":
		k.advance()
		stmt = k.use()
	case "clear":
		k.advance()
		if k.word() == "cache" {
			k.advance()
			stmt = &ast.ClearCache{}
		}
	}
	if stmt == nil {
		return kalamResult{kind: piecePG}
	}
	if k.tok.kind != tokEOF {
		k.syntaxError()
	}
	if k.err != nil {
		return kalamResult{kind: pieceError, err: k.err}
	}
	return kalamResult{kind: pieceKalam, stmt: stmt}
}

func (k *kalamParser) createNamespace() ast.Statement {
	ifNotExists := k.optional("if", "not", "exists")
	name := k.ident()
	return &ast.CreateNamespace{Name: name, IfNotExists: ifNotExists}
}

func (k *kalamParser) dropNamespace() ast.Statement {
	st := &ast.DropNamespace{IfExists: k.optional("if", "exists")}
	st.Names = append(st.Names, k.ident())
	for k.err == nil && k.tok.kind == tokOther && k.tok.val == "," {
		k.advance()
		st.Names = append(st.Names, k.ident())
	}
	switch k.word() {
	case "cascade":
		st.Cascade = true
		k.advance()
	case "restrict":
		k.advance()
	}
	return st
}

// use parses the rest of USE [NAMESPACE] n. `USE namespace` alone names a
// namespace called "namespace".
func (k *kalamParser) use() ast.Statement {
	if k.word() == "namespace" {
		word := k.tok
		k.advance()
		if k.tok.kind == tokEOF {
			return &ast.Use{Namespace: word.val}
		}
	}
	return &ast.Use{Namespace: k.ident()}
}

// advance reads the next token unless an error already stopped the parse.
func (k *kalamParser) advance() {
	if k.err != nil {
		return
	}
	tok, err := k.lex.next()
	if err != nil {
		k.err = err
		tok = token{kind: tokEOF, pos: k.p.end}
	}
	k.tok = tok
}

// word is the current token as a keyword, "" when it is not a bare word.
func (k *kalamParser) word() string {
	if k.err != nil || k.tok.kind != tokWord {
		return ""
	}
	return k.tok.val
}

// optional consumes the keyword sequence kws when its first word is
// present; the rest are then required.
func (k *kalamParser) optional(kws ...string) bool {
	if k.word() != kws[0] {
		return false
	}
	for _, kw := range kws {
		if k.word() != kw {
			k.syntaxError()
			return false
		}
		k.advance()
	}
	return true
}

// ident consumes a name: a bare word or a quoted identifier.
func (k *kalamParser) ident() string {
	if k.err != nil {
		return ""
	}
	if k.tok.kind != tokWord && k.tok.kind != tokQuoted {
		k.syntaxError()
		return ""
	}
	name := k.tok.val
	k.advance()
	return name
}

// syntaxError records PostgreSQL's error for an unexpected current token.
// The end of a piece that a semicolon closes is reported at that semicolon,
// as PostgreSQL does for a statement cut short inside a longer string.
func (k *kalamParser) syntaxError() {
	if k.err != nil {
		return
	}
	switch {
	case k.tok.kind != tokEOF:
		k.err = syntaxError(k.sql, k.tok.pos, `syntax error at or near "%s"`, k.tok.raw)
	case k.p.end < len(k.sql):
		k.err = syntaxError(k.sql, k.p.end, `syntax error at or near ";"`)
	default:
		k.err = syntaxError(k.sql, len(k.sql), "syntax error at end of input")
	}
}
