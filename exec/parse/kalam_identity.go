package parse

import (
	"strings"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// executeAs parses the rest of EXECUTE AS USER 'u' (statement), the
// current token being the word after EXECUTE. It returns nil for anything
// else (EXECUTE name is PostgreSQL's). The user may be a string constant or
// a name; the statement is any one statement, parsed like a query string of
// its own, with error positions given in the whole string.
func (k *kalamParser) executeAs() ast.Statement {
	if k.word() != "as" {
		return nil
	}
	st := &ast.ExecuteAs{}
	k.advance()
	if k.word() != "user" {
		k.syntaxError()
		return st
	}
	k.advance()
	switch {
	case k.err != nil:
		return st
	case k.tok.kind == tokOther && strings.HasPrefix(k.tok.val, "'"):
		v := k.tok.val
		if len(v) < 2 || v[len(v)-1] != '\'' {
			k.syntaxError()
			return st
		}
		st.User = strings.ReplaceAll(v[1:len(v)-1], "''", "'")
		k.advance()
	default:
		st.User = k.ident()
	}
	if k.err != nil {
		return st
	}
	if k.tok.kind != tokOther || k.tok.val != "(" {
		k.syntaxError()
		return st
	}
	open := k.tok.pos
	end := k.p.end
	for end > open && isSpace(k.sql[end-1]) {
		end--
	}
	if end-1 <= open || k.sql[end-1] != ')' {
		k.lex.pos = end
		k.tok = token{kind: tokEOF, pos: k.p.end}
		k.syntaxError()
		return st
	}
	inner := k.sql[open+1 : end-1]
	parsed, err := Parse(inner)
	switch {
	case err != nil:
		pe := pgerr.From(err)
		if pe.Position > 0 {
			pe = pe.WithPosition(pe.Position + utf8.RuneCountInString(k.sql[:open+1]))
		}
		k.err = pe
		return st
	case len(parsed) != 1:
		k.err = syntaxError(k.sql, open, "EXECUTE AS USER takes exactly one statement in parentheses")
		return st
	}
	st.Stmt, st.SQL = parsed[0].AST, parsed[0].SQL
	k.lex.pos = k.p.end
	k.advance()
	return st
}
