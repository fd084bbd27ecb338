package exec

import (
	"bytes"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types"
)

// copyEncoder formats COPY TO rows as PostgreSQL's CopyOneRowTo does:
// values in their text output form (under the session's DateStyle and
// TimeZone), text format escaping backslash, control characters and the
// delimiter, CSV quoting what needs it. Buffers are reused: a row costs no
// allocation once they have grown.
type copyEncoder struct {
	opts       ast.CopyOptions
	cols       []Column
	forceQuote []bool // nil: none
	format     *types.TextFormat
	val        []byte // one value's text, before escaping
}

// appendHeader appends the header line: the column names, escaped like values.
func (e *copyEncoder) appendHeader(dst []byte) []byte {
	for i, c := range e.cols {
		if i > 0 {
			dst = append(dst, e.opts.Delimiter)
		}
		if e.opts.Format == ast.CopyCSV {
			dst = e.appendCSV(dst, []byte(c.Name), false)
		} else {
			dst = e.appendText(dst, []byte(c.Name))
		}
	}
	return append(dst, '\n')
}

// appendRow appends one row and its newline.
func (e *copyEncoder) appendRow(dst []byte, row []types.Value) []byte {
	csv := e.opts.Format == ast.CopyCSV
	for i, v := range row {
		if i > 0 {
			dst = append(dst, e.opts.Delimiter)
		}
		if v.IsNull() {
			dst = append(dst, e.opts.Null...)
			continue
		}
		t := types.Type{Kind: v.K, Mod: -1}
		if i < len(e.cols) {
			t = e.cols[i].Type
		}
		e.val = types.AppendTextFormat(e.val[:0], v, t, e.format)
		if csv {
			dst = e.appendCSV(dst, e.val, e.forceQuote != nil && e.forceQuote[i])
		} else {
			dst = e.appendText(dst, e.val)
		}
	}
	return append(dst, '\n')
}

// appendText appends s with text format's escapes.
func (e *copyEncoder) appendText(dst, s []byte) []byte {
	delim := e.opts.Delimiter
	start := 0
	for i, c := range s {
		var esc byte
		switch {
		case c >= 0x20:
			if c != '\\' && c != delim {
				continue
			}
			esc = c
		case c == '\b':
			esc = 'b'
		case c == '\f':
			esc = 'f'
		case c == '\n':
			esc = 'n'
		case c == '\r':
			esc = 'r'
		case c == '\t':
			esc = 't'
		case c == '\v':
			esc = 'v'
		case c == delim:
			esc = c
		default:
			continue // other control characters go out as they are
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, '\\', esc)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// appendCSV appends s, quoted when forced, when it contains the delimiter,
// the quote or a line end, when it equals the NULL string (so it reads
// back as a value), or when it is `\.` alone on its line.
func (e *copyEncoder) appendCSV(dst, s []byte, force bool) []byte {
	quote, escape := e.opts.Quote, e.opts.Escape
	if !force {
		force = string(s) == e.opts.Null ||
			len(e.cols) == 1 && string(s) == `\.` ||
			bytes.IndexByte(s, e.opts.Delimiter) >= 0 || bytes.IndexByte(s, quote) >= 0 ||
			bytes.IndexByte(s, '\n') >= 0 || bytes.IndexByte(s, '\r') >= 0
	}
	if !force {
		return append(dst, s...)
	}
	dst = append(dst, quote)
	start := 0
	for i, c := range s {
		if c == quote || c == escape {
			dst = append(dst, s[start:i]...)
			dst = append(dst, escape, c)
			start = i + 1
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, quote)
}
