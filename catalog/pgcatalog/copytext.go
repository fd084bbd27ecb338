package pgcatalog

import (
	"bufio"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strings"
)

// data holds the files written by ./gen: one per static relation
// ("pg_catalog.pg_type.tsv.gz"), plus relations, keywords and settings.
//
//go:embed data/*.tsv.gz
var data embed.FS

// textTable is a generated file: a header of column names and rows of
// COPY text cells. A NULL cell is reported by null[i].
type textTable struct {
	header []string
	rows   []textRow
}

type textRow struct {
	cells []string
	null  []bool
}

// hasData reports whether ./gen wrote rows for file (without ".tsv.gz").
func hasData(file string) bool {
	_, err := data.Open("data/" + file + ".tsv.gz")
	return err == nil
}

// readTable reads and unescapes a generated file. The files are part of
// the binary, so an error here is a build defect; callers panic on it.
func readTable(file string) (*textTable, error) {
	f, err := data.Open("data/" + file + ".tsv.gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("pgcatalog: %s: %w", file, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("pgcatalog: %s: %w", file, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(nil, len(raw)+1)
	t := &textTable{}
	if !sc.Scan() {
		return nil, fmt.Errorf("pgcatalog: %s: no header", file)
	}
	t.header = strings.Split(sc.Text(), "\t")
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != len(t.header) {
			return nil, fmt.Errorf("pgcatalog: %s: row has %d cells, header %d", file, len(fields), len(t.header))
		}
		r := textRow{cells: fields, null: make([]bool, len(fields))}
		for i, f := range fields {
			if f == `\N` {
				r.null[i] = true
				r.cells[i] = ""
				continue
			}
			r.cells[i] = unescapeCopy(f)
		}
		t.rows = append(t.rows, r)
	}
	return t, sc.Err()
}

// unescapeCopy decodes a cell of COPY's text format: backslash escapes for
// control characters and backslash, \ooo octal and \xhh hex bytes.
func unescapeCopy(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			n, j := 0, i+1
			for ; j < len(s) && j < i+3 && isHex(s[j]); j++ {
				n = n*16 + hexVal(s[j])
			}
			if j == i+1 { // "\x" without digits is a plain x
				b.WriteByte('x')
				continue
			}
			b.WriteByte(byte(n))
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n, j := 0, i
			for ; j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}
