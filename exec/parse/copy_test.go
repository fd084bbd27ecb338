package parse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
)

func TestCopyStatements(t *testing.T) {
	text := ast.CopyOptions{Delimiter: '\t', Null: `\N`}
	csv := ast.CopyOptions{Format: ast.CopyCSV, Delimiter: ',', Quote: '"', Escape: '"'}
	with := func(o ast.CopyOptions, f func(*ast.CopyOptions)) ast.CopyOptions { f(&o); return o }
	table := ast.TableName{Name: "t"}
	cases := []struct {
		sql  string
		want *ast.Copy
	}{
		{"copy pgbench_accounts from stdin with (freeze on)", &ast.Copy{Table: ast.TableName{Name: "pgbench_accounts"}, From: true,
			Options: with(text, func(o *ast.CopyOptions) { o.Freeze = true })}},
		{"COPY ns.t (a, b) FROM STDIN", &ast.Copy{Table: ast.TableName{Namespace: "ns", Name: "t"}, Columns: []string{"a", "b"}, From: true, Options: text}},
		{"COPY t TO STDOUT", &ast.Copy{Table: table, Options: text}},
		{"COPY t FROM STDIN WITH CSV HEADER DELIMITER ';' NULL 'x' FORCE NOT NULL a", &ast.Copy{Table: table, From: true,
			Options: with(csv, func(o *ast.CopyOptions) {
				o.Header, o.Delimiter, o.Null, o.ForceNotNull = true, ';', "x", []string{"a"}
			})}},
		{`COPY t FROM STDIN WITH (FORMAT csv, HEADER match, QUOTE '''', ESCAPE '\', FORCE_NULL (b))`, &ast.Copy{Table: table, From: true,
			Options: with(csv, func(o *ast.CopyOptions) {
				o.Header, o.HeaderMatch, o.Quote, o.Escape, o.ForceNull = true, true, '\'', '\\', []string{"b"}
			})}},
		{"COPY t TO STDOUT (FORMAT csv, HEADER 0, FORCE_QUOTE *, ENCODING 'UTF8')", &ast.Copy{Table: table,
			Options: with(csv, func(o *ast.CopyOptions) { o.ForceQuoteAll = true })}},
		{"COPY t TO STDOUT WITH CSV FORCE QUOTE a, b", &ast.Copy{Table: table,
			Options: with(csv, func(o *ast.CopyOptions) { o.ForceQuote = []string{"a", "b"} })}},
		{"COPY (SELECT 1) TO STDOUT WITH (DELIMITER '|', NULL '')", &ast.Copy{
			Query:   &ast.Select{Targets: []ast.Target{{Expr: i4(1)}}},
			Options: with(text, func(o *ast.CopyOptions) { o.Delimiter, o.Null = '|', "" })}},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			assert.Equal(t, tc.want, parseOne(t, tc.sql))
		})
	}
	where, ok := parseOne(t, "COPY t FROM STDIN WHERE a > 1").(*ast.Copy)
	require.True(t, ok)
	assert.NotNil(t, where.Where)
}

func TestCopyStatementErrors(t *testing.T) {
	cases := []struct{ sql, code, msg string }{
		{"COPY t FROM '/etc/passwd'", "0A000", `COPY to or from a file is not supported; use STDIN/STDOUT (psql \copy)`},
		{"COPY t TO PROGRAM 'gzip'", "0A000", `COPY to or from a program is not supported; use STDIN/STDOUT (psql \copy)`},
		{"COPY t FROM STDIN (FORMAT binary)", "0A000", "COPY BINARY is not supported; use FORMAT text or csv"},
		{"COPY t FROM STDIN (DELIMITER 'a')", "22023", `COPY delimiter cannot be "a"`},
		{"COPY t FROM STDIN (DELIMITER E'\\n')", "0A000", "COPY delimiter cannot be newline or carriage return"},
		{"COPY t FROM STDIN (NULL E'\\r')", "0A000", "COPY null representation cannot use newline or carriage return"},
		{"COPY t FROM STDIN (ESCAPE 'x')", "0A000", "COPY escape available only in CSV mode"},
		{"COPY t FROM STDIN (FORMAT csv, ESCAPE 'xy')", "0A000", "COPY escape must be a single one-byte character"},
		{"COPY t FROM STDIN (FORMAT csv, NULL '\"')", "0A000", "CSV quote character must not appear in the NULL specification"},
		{"COPY t FROM STDIN (FORMAT)", "42601", "format requires a parameter"},
		{"COPY t FROM STDIN (DELIMITER ',', DELIMITER ',')", "42601", "conflicting or redundant options"},
		{"COPY t FROM STDIN (FORCE_NOT_NULL *)", "22023", `argument to option "force_not_null" must be a list of column names`},
		{"COPY t FROM STDIN (ENCODING 'LATIN1')", "0A000", `COPY ENCODING "LATIN1" is not supported; only UTF8 is`},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			e := parseErr(t, tc.sql)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.msg, e.Message)
		})
	}
}
