package parse

import (
	"strconv"
	"strings"

	"github.com/kalamdb/kalamdb/types"
)

// Literal normalisation for the plan cache: a simple-protocol query such as
// `SELECT name FROM users WHERE id = 42` becomes, in one lexical pass with
// no parse, `SELECT name FROM users WHERE id = $1` plus the literal "42",
// so statements that differ only in literals share one plan.
//
// Only literals PostgreSQL would type exactly like a parameter of the
// literal's own type are replaced: plain numbers and standard '…' strings
// in operand positions. Left alone: ORDER BY / GROUP BY ordinals, literals
// after a type name (DATE '…'), type modifiers (::varchar(10), AS
// numeric(5,2)), prefixed strings (E'…', B'…', X'…', U&'…') and dollar
// quoting. Statements that already hold $n, and statements other than
// queries and DML, are not normalised.

// Normalized is one statement of a query string.
type Normalized struct {
	Original string // the statement as written, without its semicolon
	Offset   int    // where Original starts in the query string
	// Text has literals replaced by $1…$n; "" when the statement was not
	// normalised (then Literals is empty too).
	Text     string
	Literals []Literal
}

// Literal is a replaced literal: its value as text (strings unescaped) and
// the type PostgreSQL gives it (Unknown for strings, as for literals).
type Literal struct {
	Text string
	Type types.Type
}

// Shape identifies the normalised statement for a cache: its text and the
// types of its literals.
func (n *Normalized) Shape() string {
	var b strings.Builder
	b.WriteString(n.Text)
	b.WriteByte(0)
	for _, l := range n.Literals {
		b.WriteString(strconv.Itoa(int(l.Type.Kind)))
		b.WriteByte(',')
	}
	return b.String()
}

// Normalize splits sql into statements (like Parse) and normalises each.
// Statements holding only blanks and comments are dropped.
func Normalize(sql string) []Normalized {
	var out []Normalized
	for _, p := range splitStatements(sql) {
		text := sql[p.start:p.end]
		if isBlank(text) {
			continue
		}
		n := Normalized{Original: text, Offset: p.start}
		n.Text, n.Literals = normalizeStatement(text)
		out = append(out, n)
	}
	return out
}

// isBlank reports whether s holds nothing but blanks and comments.
func isBlank(s string) bool {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case isSpace(c):
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			i = skipLineComment(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		default:
			return false
		}
	}
	return true
}

// operandKeywords may directly precede a literal operand.
var operandKeywords = map[string]bool{
	"select": true, "where": true, "and": true, "or": true, "not": true, "when": true, "then": true,
	"else": true, "like": true, "ilike": true, "between": true, "in": true, "is": true, "returning": true,
	"on": true, "having": true, "limit": true, "offset": true, "escape": true, "distinct": true,
	"case": true, "any": true, "all": true, "some": true, "values": true, "set": true,
}

// cachedKinds are the statements whose literals are normalised.
var cachedKinds = map[string]bool{
	"select": true, "insert": true, "update": true, "delete": true, "with": true, "values": true,
}

// prevToken classifies the last significant token before a literal.
type prevToken int

const (
	prevNone prevToken = iota
	prevWord           // an identifier or a keyword that is not an operand keyword
	prevOperandKeyword
	prevOpen  // (
	prevComma // ,
	prevOperator
	prevValue // a literal, ), ], .
)

func (p prevToken) startsOperand() bool {
	return p == prevOperandKeyword || p == prevOpen || p == prevComma || p == prevOperator
}

// normalizeStatement returns the normalised text and its literals, or ""
// and nil when the statement is left as written.
func normalizeStatement(s string) (string, []Literal) {
	var b strings.Builder
	var lits []Literal
	first, word := "", ""
	prev := prevNone
	byClause := false // inside ORDER BY / GROUP BY: bare integers are ordinals
	typeNext := false // after :: or AS: a type name may follow
	modsDepth := -1   // parenthesis depth of a type modifier list being copied
	depth := 0
	for i := 0; i < len(s); {
		c := s[i]
		start := i
		switch {
		case isSpace(c):
			i++
			b.WriteByte(c)
			continue
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			i = skipLineComment(s, i)
			b.WriteString(s[start:i])
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
			b.WriteString(s[start:i])
			continue
		case c == '$':
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				return "", nil // already parameterised
			}
			i = skipDollar(s, i)
			b.WriteString(s[start:i])
			prev = prevValue
		case c == '"':
			i = skipQuoted(s, i, '"')
			b.WriteString(s[start:i])
			prev = prevWord
		case c == '\'':
			i = skipQuoted(s, i, '\'')
			raw := s[start:i]
			terminated := len(raw) >= 2 && raw[len(raw)-1] == '\''
			if terminated && modsDepth < 0 && prev.startsOperand() {
				value := strings.ReplaceAll(raw[1:len(raw)-1], "''", "'")
				lits = append(lits, Literal{Text: value, Type: types.Unknown})
				b.WriteString("$" + strconv.Itoa(len(lits)))
			} else {
				b.WriteString(raw)
			}
			prev = prevValue
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			var typ types.Type
			i, typ = scanNumber(s, i)
			ordinal := byClause && (word == "by" || prev == prevComma)
			if modsDepth < 0 && !ordinal && prev.startsOperand() {
				lits = append(lits, Literal{Text: s[start:i], Type: typ})
				b.WriteString("$" + strconv.Itoa(len(lits)))
			} else {
				b.WriteString(s[start:i])
			}
			prev = prevValue
		case isIdentStart(c):
			for i++; i < len(s) && isIdentChar(s[i]); i++ {
			}
			b.WriteString(s[start:i])
			w := strings.ToLower(s[start:i])
			if first == "" {
				first = w
			}
			if i < len(s) && (s[i] == '\'' || s[i] == '&') {
				// E'…', B'…', X'…', N'…', U&'…': not a plain string.
				if i-start <= 2 {
					if s[i] == '\'' {
						end := skipQuoted(s, i, '\'')
						if w == "e" {
							end = skipEscapeString(s, i)
						}
						b.WriteString(s[i:end])
						i = end
						prev, word = prevValue, ""
						continue
					}
				}
			}
			switch w {
			case "by":
				byClause = word == "order" || word == "group"
			case "limit", "offset", "having", "fetch", "for", "window", "union", "intersect", "except", "from", "where":
				byClause = false
			}
			switch {
			case w == "as":
				typeNext = true
				prev = prevWord
			case operandKeywords[w]:
				prev = prevOperandKeyword
			default:
				if typeNext && nextNonSpace(s, i) == '(' {
					modsDepth = depth + 1 // a type name followed by its modifiers
				}
				typeNext = false
				prev = prevWord
			}
			word = w
			continue
		default:
			i++
			switch c {
			case '(':
				depth++
				prev = prevOpen
			case ')':
				if modsDepth == depth {
					modsDepth = -1
				}
				depth--
				prev = prevValue
			case ',':
				prev = prevComma
			case ':':
				prev = prevOperator
				if i < len(s) && s[i] == ':' {
					i++
					typeNext = true
				}
			case '[', ']', '.':
				prev = prevValue
			default:
				prev = prevOperator
			}
			b.WriteString(s[start:i])
		}
		word = ""
	}
	if !cachedKinds[first] || len(lits) == 0 {
		return "", nil
	}
	return b.String(), lits
}

func nextNonSpace(s string, i int) byte {
	for ; i < len(s); i++ {
		if !isSpace(s[i]) {
			return s[i]
		}
	}
	return 0
}

// scanNumber scans a numeric literal at i and returns its end and the type
// PostgreSQL gives it: int4, int8, or numeric for decimals and larger.
func scanNumber(s string, i int) (int, types.Type) {
	start := i
	decimal := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < len(s) && s[i] == '.' {
		decimal = true
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			decimal = true
			for i = j; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			}
		}
	}
	if decimal {
		return i, types.Numeric
	}
	n, err := strconv.ParseInt(s[start:i], 10, 64)
	switch {
	case err != nil:
		return i, types.Numeric
	case n <= 1<<31-1:
		return i, types.Int4
	}
	return i, types.Int8
}
