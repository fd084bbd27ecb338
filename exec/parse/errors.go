package parse

import (
	"errors"
	"strings"
	"unicode/utf8"

	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// charPosition turns a 0-based byte offset into the whole query string into
// the 1-based character position PostgreSQL reports in an ErrorResponse.
// An offset outside the string (pg_query uses -1 for "unknown") gives 0,
// which means "no position".
func charPosition(sql string, offset int) int {
	if offset < 0 || offset > len(sql) {
		return 0
	}
	return utf8.RuneCountInString(sql[:offset]) + 1
}

// byteOffset is the inverse of charPosition: the byte offset of the 1-based
// character position pos in s (len(s) for a position past the end).
func byteOffset(s string, pos int) int {
	n := 1
	for i := range s {
		if n == pos {
			return i
		}
		n++
	}
	return len(s)
}

// syntaxError is a 42601 error pointing at a byte offset of sql.
func syntaxError(sql string, offset int, format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.SyntaxError, format, args...).WithPosition(charPosition(sql, offset))
}

// unsupported is the 0A000 error for valid PostgreSQL that KalamDB does not
// run yet. what names the construct as a user would write it ("JOIN").
func unsupported(sql string, offset int, what string) *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported yet", what).
		WithPosition(charPosition(sql, offset))
}

// fromPgQuery converts a pg_query parse error into a *pgerr.Error.
//
// pg_query parses parsed, which is the query string with KalamDB statements
// blanked out byte for byte (see Parse), so byte offsets agree with sql but
// character positions may not when a blanked statement held multi-byte
// characters; the cursor is therefore mapped back through a byte offset.
//
// libpg_query exposes neither the SQLSTATE nor the hint. Raw-parser errors
// are syntax errors (42601) except the few "… not yet implemented" ones,
// which PostgreSQL raises as 0A000; the hints the grammar attaches are
// restored from parserHints.
func fromPgQuery(sql, parsed string, err error) *pgerr.Error {
	var pe *pgparser.Error
	if !errors.As(err, &pe) {
		return pgerr.New(pgerr.SyntaxError, "%s", err.Error())
	}
	code := pgerr.SyntaxError
	if strings.Contains(pe.Message, "not yet implemented") {
		code = pgerr.FeatureNotSupported
	}
	e := pgerr.New(code, "%s", pe.Message)
	e.Hint = parserHints[pe.Message]
	if pe.Cursorpos > 0 {
		e.Position = charPosition(sql, byteOffset(parsed, pe.Cursorpos))
	}
	return e
}

// parserHints are the hints PostgreSQL's grammar gives with some errors.
var parserHints = map[string]string{
	"LIMIT #,# syntax is not supported": "Use separate LIMIT and OFFSET clauses.",
}

// duplicateAlias is SQLSTATE 42712, which types/pgerr does not name yet.
const duplicateAlias = "42712"

// windowingError is SQLSTATE 42P20, which types/pgerr does not name yet.
const windowingError = "42P20"
