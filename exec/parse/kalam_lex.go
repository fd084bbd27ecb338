package parse

import (
	"strings"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// tokenKind classifies the few token shapes the KalamDB statements need.
type tokenKind uint8

const (
	tokEOF    tokenKind = iota
	tokWord             // unquoted identifier or keyword; val folded to lower case
	tokQuoted           // "quoted identifier"; val with "" unescaped
	tokOther            // anything else; val is the raw text
)

// token is one lexeme of a piece. pos is a byte offset into the whole query
// string, so errors point at the right place in multi-statement strings.
type token struct {
	kind tokenKind
	val  string
	raw  string
	pos  int
}

// maxIdentLen is NAMEDATALEN-1: PostgreSQL truncates longer identifiers.
const maxIdentLen = 63

// lexer tokenizes sql[pos:end] for the KalamDB statement parser. It skips
// whitespace and comments like PostgreSQL's scanner; it only needs to be
// exact for identifiers, since everything else is either a keyword it
// compares or a token it quotes in an error message.
type lexer struct {
	sql      string
	pos, end int
}

func (l *lexer) next() (token, *pgerr.Error) {
	l.skipSpace()
	if l.pos >= l.end {
		return token{kind: tokEOF, pos: l.end}, nil
	}
	s, i := l.sql, l.pos
	c := s[i]
	switch {
	case c == '"':
		j := skipQuoted(s[:l.end], i, '"')
		raw := s[i:j]
		l.pos = j
		if len(raw) < 2 || raw[len(raw)-1] != '"' {
			return token{}, syntaxError(s, i, `unterminated quoted identifier at or near "%s"`, raw)
		}
		val := strings.ReplaceAll(raw[1:len(raw)-1], `""`, `"`)
		if val == "" {
			return token{}, syntaxError(s, i, `zero-length delimited identifier at or near """"`)
		}
		return token{kind: tokQuoted, val: truncateIdent(val), raw: raw, pos: i}, nil
	case isIdentStart(c):
		j := i + 1
		for j < l.end && isIdentChar(s[j]) {
			j++
		}
		l.pos = j
		raw := s[i:j]
		return token{kind: tokWord, val: truncateIdent(foldIdent(raw)), raw: raw, pos: i}, nil
	case c == '\'':
		j := skipQuoted(s[:l.end], i, '\'')
		l.pos = j
		return token{kind: tokOther, val: s[i:j], raw: s[i:j], pos: i}, nil
	case c >= '0' && c <= '9':
		j := i + 1
		for j < l.end && (isIdentChar(s[j]) || s[j] == '.') {
			j++
		}
		l.pos = j
		return token{kind: tokOther, val: s[i:j], raw: s[i:j], pos: i}, nil
	default:
		l.pos = i + 1
		return token{kind: tokOther, val: s[i : i+1], raw: s[i : i+1], pos: i}, nil
	}
}

// skipSpace skips whitespace and comments.
func (l *lexer) skipSpace() {
	s := l.sql[:l.end]
	for l.pos < l.end {
		c := s[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '-' && l.pos+1 < l.end && s[l.pos+1] == '-':
			l.pos = skipLineComment(s, l.pos)
		case c == '/' && l.pos+1 < l.end && s[l.pos+1] == '*':
			l.pos = skipBlockComment(s, l.pos)
		default:
			return
		}
	}
}

// foldIdent lower-cases ASCII letters only, as PostgreSQL does for unquoted
// identifiers in a UTF-8 database.
func foldIdent(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// truncateIdent cuts an identifier to maxIdentLen bytes without splitting a
// multi-byte character.
func truncateIdent(s string) string {
	if len(s) <= maxIdentLen {
		return s
	}
	n := maxIdentLen
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
