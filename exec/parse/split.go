package parse

// piece is one statement's span of the query string: [start, end), where end
// excludes the terminating semicolon. Pieces cover the whole string, so the
// first starts at 0 and each later one right after a semicolon — the same
// place PostgreSQL's grammar starts a RawStmt.
type piece struct{ start, end int }

// splitStatements cuts sql at top-level semicolons, the way PostgreSQL's
// lexer sees them: semicolons inside string constants ('…', E'…'), quoted
// identifiers, dollar-quoted strings and comments (-- and nested /* */) do
// not count. Parentheses do not matter: the lexer ends a statement at any
// bare semicolon. An unterminated quote or comment runs to the end of the
// string, leaving the error for the parser to report.
func splitStatements(sql string) []piece {
	var out []piece
	start := 0
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ';':
			out = append(out, piece{start, i})
			i++
			start = i
		case c == '\'':
			i = skipQuoted(sql, i, '\'')
		case c == '"':
			i = skipQuoted(sql, i, '"')
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			i = skipLineComment(sql, i)
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			i = skipBlockComment(sql, i)
		case c == '$':
			i = skipDollar(sql, i)
		case isIdentStart(c):
			j := i + 1
			for j < len(sql) && isIdentChar(sql[j]) {
				j++
			}
			// E'…' is an escape string: a backslash can escape its quote.
			if j == i+1 && (c == 'e' || c == 'E') && j < len(sql) && sql[j] == '\'' {
				j = skipEscapeString(sql, j)
			}
			i = j
		default:
			i++
		}
	}
	return append(out, piece{start, len(sql)})
}

// isIdentStart and isIdentChar follow PostgreSQL's lexer: letters,
// underscore and any byte of a multi-byte character start an identifier;
// digits and $ may follow.
func isIdentStart(c byte) bool {
	return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skipQuoted skips a '…' string or "…" identifier starting at i, where a
// doubled quote stands for itself, and returns the offset just past it.
func skipQuoted(sql string, i int, q byte) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] == q {
			if j+1 < len(sql) && sql[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(sql)
}

// skipEscapeString skips the quoted part of an E'…' string starting at i.
func skipEscapeString(sql string, i int) int {
	for j := i + 1; j < len(sql); j++ {
		switch sql[j] {
		case '\\':
			j++
		case '\'':
			if j+1 < len(sql) && sql[j+1] == '\'' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(sql)
}

func skipLineComment(sql string, i int) int {
	for j := i + 2; j < len(sql); j++ {
		if sql[j] == '\n' {
			return j + 1
		}
	}
	return len(sql)
}

// skipBlockComment skips a /* … */ comment; they nest in PostgreSQL.
func skipBlockComment(sql string, i int) int {
	depth := 0
	for j := i; j+1 < len(sql); j++ {
		switch {
		case sql[j] == '/' && sql[j+1] == '*':
			depth++
			j++
		case sql[j] == '*' && sql[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(sql)
}

// skipDollar skips a dollar-quoted string $tag$…$tag$ starting at i, or just
// the $ when it does not open one ($1 is a parameter). A $ inside an
// identifier never gets here: identifiers are consumed whole by the caller.
func skipDollar(sql string, i int) int {
	j := i + 1
	if j < len(sql) && isIdentStart(sql[j]) {
		for j < len(sql) && isIdentChar(sql[j]) && sql[j] != '$' {
			j++
		}
	}
	if j >= len(sql) || sql[j] != '$' {
		return i + 1
	}
	tag := sql[i : j+1]
	for k := j + 1; k+len(tag) <= len(sql); k++ {
		if sql[k] == '$' && sql[k:k+len(tag)] == tag {
			return k + len(tag)
		}
	}
	return len(sql)
}
