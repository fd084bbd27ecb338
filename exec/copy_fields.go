package exec

import (
	"bytes"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// copyFields splits one COPY FROM record into fields. Field values are
// de-escaped (text) or de-quoted (csv) back to back into buf, so a row's
// values can share one string; ends[i] is where field i ends in buf and
// null[i] whether it is NULL. Buffers are reused from record to record.
type copyFields struct {
	opts ast.CopyOptions
	buf  []byte
	ends []int
	null []bool
}

// field returns field i's bytes in buf.
func (f *copyFields) field(i int) []byte {
	start := 0
	if i > 0 {
		start = f.ends[i-1]
	}
	return f.buf[start:f.ends[i]]
}

func (f *copyFields) reset() {
	f.buf = f.buf[:0]
	f.ends = f.ends[:0]
	f.null = f.null[:0]
}

func (f *copyFields) add(isNull bool) {
	f.ends = append(f.ends, len(f.buf))
	f.null = append(f.null, isNull)
}

// split parses rec in the stream's format.
func (f *copyFields) split(rec []byte) error {
	f.reset()
	if f.opts.Format == ast.CopyCSV {
		return f.splitCSV(rec)
	}
	return f.splitText(rec)
}

// splitText parses a text-format record: fields separated by the
// delimiter, backslash escapes (\b \f \n \r \t \v, \digits octal, \xHH,
// any other character as itself), and the NULL string compared with the
// field as written.
func (f *copyFields) splitText(rec []byte) error {
	delim, null := f.opts.Delimiter, f.opts.Null
	i := 0
	for {
		rawStart := i
		highEscape := false
		for i < len(rec) {
			// Copy the run of plain bytes in one go.
			j := i
			for j < len(rec) && rec[j] != delim && rec[j] != '\\' {
				j++
			}
			f.buf = append(f.buf, rec[i:j]...)
			i = j
			if i == len(rec) || rec[i] == delim {
				break
			}
			i++ // the backslash
			if i == len(rec) {
				break // a trailing backslash is dropped, as in PostgreSQL
			}
			c := rec[i]
			i++
			switch {
			case c >= '0' && c <= '7':
				v := c - '0'
				for k := 0; k < 2 && i < len(rec) && rec[i] >= '0' && rec[i] <= '7'; k++ {
					v = v<<3 | (rec[i] - '0')
					i++
				}
				c = v
				highEscape = highEscape || c >= 0x80 || c == 0
			case c == 'x' && i < len(rec) && isHexDigit(rec[i]):
				v := hexValue(rec[i])
				i++
				if i < len(rec) && isHexDigit(rec[i]) {
					v = v<<4 | hexValue(rec[i])
					i++
				}
				c = v
				highEscape = highEscape || c >= 0x80 || c == 0
			case c == 'b':
				c = '\b'
			case c == 'f':
				c = '\f'
			case c == 'n':
				c = '\n'
			case c == 'r':
				c = '\r'
			case c == 't':
				c = '\t'
			case c == 'v':
				c = '\v'
			}
			f.buf = append(f.buf, c)
		}
		isNull := string(rec[rawStart:i]) == null
		if isNull {
			f.buf = f.buf[:f.fieldStart()]
		}
		if highEscape && !isNull {
			if err := checkUTF8(f.buf[f.fieldStart():]); err != nil {
				return err
			}
		}
		f.add(isNull)
		if i >= len(rec) {
			return nil
		}
		i++ // the delimiter
	}
}

// fieldStart is where the field being parsed starts in buf.
func (f *copyFields) fieldStart() int {
	if len(f.ends) == 0 {
		return 0
	}
	return f.ends[len(f.ends)-1]
}

// splitCSV parses a CSV record: a quote character anywhere toggles quoting
// (so `a"b,c"d` is `ab,cd`); inside quotes the escape character before a
// quote or escape character takes it literally; an unquoted field equal
// to the NULL string is NULL, and a quoted one never is.
func (f *copyFields) splitCSV(rec []byte) error {
	delim, quote, escape, null := f.opts.Delimiter, f.opts.Quote, f.opts.Escape, f.opts.Null
	i := 0
	for {
		rawStart := i
		quoted := false
	field:
		for i < len(rec) {
			c := rec[i]
			switch c {
			case delim:
				break field
			case quote:
				quoted = true
				i++
				for {
					if i >= len(rec) {
						return pgerr.New(pgerr.BadCopyFileFormat, "unterminated CSV quoted field")
					}
					c = rec[i]
					i++
					if c == escape && i < len(rec) && (rec[i] == escape || rec[i] == quote) {
						f.buf = append(f.buf, rec[i])
						i++
						continue
					}
					if c == quote {
						break
					}
					f.buf = append(f.buf, c)
				}
			default:
				f.buf = append(f.buf, c)
				i++
			}
		}
		f.add(!quoted && string(rec[rawStart:i]) == null)
		if i >= len(rec) {
			return nil
		}
		i++ // the delimiter
	}
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexValue(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// checkUTF8 is PostgreSQL's encoding check of input text, which also
// refuses NUL bytes: the message names the bytes of the first invalid
// character.
func checkUTF8(b []byte) error {
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		return nil
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != 0 && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		n := utf8SeqLen(b[i])
		if n > len(b)-i {
			n = len(b) - i
		}
		msg := []byte(`invalid byte sequence for encoding "UTF8": `)
		for k := 0; k < n; k++ {
			if k > 0 {
				msg = append(msg, ' ')
			}
			msg = append(msg, '0', 'x', hexDigits[b[i+k]>>4], hexDigits[b[i+k]&15])
		}
		return pgerr.New(pgerr.CharacterNotInRepertoire, "%s", msg)
	}
	return nil
}

const hexDigits = "0123456789abcdef"

// utf8SeqLen is the length a UTF-8 sequence starting with b claims
// (PostgreSQL's pg_utf_mblen).
func utf8SeqLen(b byte) int {
	switch {
	case b&0x80 == 0:
		return 1
	case b&0xe0 == 0xc0:
		return 2
	case b&0xf0 == 0xe0:
		return 3
	case b&0xf8 == 0xf0:
		return 4
	}
	return 1
}
