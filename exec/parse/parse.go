package parse

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Statement is one statement of a query string.
type Statement struct {
	AST ast.Statement
	SQL string // this statement's own text, trimmed of surrounding whitespace
	// Offset is where SQL starts in the whole query string (byte offset), so
	// positions inside AST (relative to the whole string) can be reported.
	Offset int
}

// tableRewrite remembers a CREATE SHARED|USER|STREAM TABLE whose kind word
// was blanked for pg_query: at is the word's byte offset.
type tableRewrite struct {
	at   int
	kind string
}

// Parse splits and parses a query string. It recognises KalamDB's own
// statements first, then hands the rest to pg_query. An empty string or
// one holding only comments/semicolons returns no statements.
// Errors are *pgerr.Error: 42601 with Position for syntax errors, 0A000 for
// valid PostgreSQL we do not support.
//
// The string is parsed as a whole, as PostgreSQL does: no statement is
// returned when any of them has a syntax error. KalamDB statements are
// replaced by spaces of the same byte length before pg_query sees the
// string (and a CREATE USER TABLE's kind word likewise), so every location
// pg_query reports is an offset into the original string and PostgreSQL's
// own messages for the remaining statements come out unchanged.
func Parse(sql string) ([]Statement, error) {
	var (
		kalam    []Statement
		rewrites []tableRewrite
		blanked  []byte // nil until a KalamDB statement is blanked
		kalamErr *pgerr.Error
		needPG   bool
	)
	blank := func(from, to int) {
		if blanked == nil {
			blanked = []byte(sql)
		}
		for i := from; i < to; i++ {
			blanked[i] = ' '
		}
	}
	for _, p := range splitStatements(sql) {
		r := parseKalam(sql, p)
		switch r.kind {
		case piecePG:
			needPG = true
		case pieceKalam:
			kalam = append(kalam, newStatement(sql, p.start, p.end, r.stmt))
			blank(p.start, p.end)
		case pieceKalamTable:
			needPG = true
			rewrites = append(rewrites, tableRewrite{at: r.blankStart, kind: r.tableKind})
			blank(r.blankStart, r.blankEnd)
		case pieceError:
			if kalamErr == nil {
				kalamErr = r.err
			}
			blank(p.start, p.end)
		}
	}

	var raws []*pg_query.RawStmt
	if needPG {
		parsed := sql
		if blanked != nil {
			parsed = string(blanked)
		}
		tree, err := pg_query.Parse(parsed)
		if err != nil {
			// Report whichever syntax error comes first in the string.
			pe := fromPgQuery(sql, parsed, err)
			if kalamErr == nil || (pe.Position > 0 && pe.Position < kalamErr.Position) {
				return nil, pe
			}
		} else {
			raws = tree.Stmts
		}
	}
	if kalamErr != nil {
		return nil, kalamErr
	}

	out := make([]Statement, 0, len(raws)+len(kalam))
	t := translator{sql: sql}
	for _, raw := range raws {
		start := int(raw.StmtLocation)
		end := len(sql) // a zero length means "to the end of the string"
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		t.kalamKind, t.stmtStart, t.stmtEnd = "", start, end
		for _, rw := range rewrites {
			if start <= rw.at && rw.at < end {
				t.kalamKind = rw.kind
			}
		}
		st := t.statement(raw.Stmt)
		if t.err != nil {
			return nil, t.err
		}
		out = append(out, newStatement(sql, start, end, st))
	}
	if len(kalam) > 0 {
		out = append(out, kalam...)
		slices.SortStableFunc(out, func(a, b Statement) int { return a.Offset - b.Offset })
	}
	return out, nil
}

// newStatement makes a Statement of sql[start:end], trimmed.
func newStatement(sql string, start, end int, st ast.Statement) Statement {
	for start < end && isSpace(sql[start]) {
		start++
	}
	for end > start && isSpace(sql[end-1]) {
		end--
	}
	return Statement{AST: st, SQL: sql[start:end], Offset: start}
}
