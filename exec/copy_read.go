package exec

import (
	"bytes"
	"io"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// eolStyle is the line ending of a COPY FROM stream, fixed by its first
// line as in PostgreSQL; a different ending later is an error.
type eolStyle uint8

const (
	eolUnknown eolStyle = iota
	eolNL
	eolCR
	eolCRNL
)

// copyReader splits COPY FROM STDIN's byte stream into records, which
// PostgreSQL's messages call lines (a CSV record with quoted newlines is
// one record). CopyData messages may split a record anywhere: a record
// inside one payload is returned in place, one spanning payloads is
// assembled in carry. Memory is bounded by the longest record.
//
// Text format: a backslash escapes the next byte (so `\` + newline is
// data), and `\.` followed by a line end ends the data; bytes before it on
// its line form a last record, as in PostgreSQL 15. CSV: line ends inside
// quotes are data, and a line that is exactly `\.` ends the data.
type copyReader struct {
	src     CopySource
	chunk   []byte // unread part of the current payload
	carry   []byte // the record so far, when it spans payloads
	ended   bool   // the end of the data was reached (CopyDone or \.)
	srcDone bool   // CopyDone was received

	csv           bool
	quote, escape byte
	eol           eolStyle
	crPending     bool  // the last record ended with \r at a payload's end: a \n may follow
	line          int64 // the current record's (last) line number, 1-based
}

// copyLineError is an error about the stream itself, reported with the
// line number only (PostgreSQL's "COPY t, line 3").
type copyLineError struct{ err *pgerr.Error }

func (e *copyLineError) Error() string { return e.err.Message }

func lineError(msg, hint string) error {
	return &copyLineError{pgerr.New(pgerr.BadCopyFileFormat, "%s", msg).WithHint(hint)}
}

// fill makes r.chunk the next non-empty payload; false at CopyDone (and
// every time after it, without asking the source again).
func (r *copyReader) fill() (bool, error) {
	for {
		if r.srcDone {
			r.chunk = nil
			return false, nil
		}
		p, err := r.src.Next()
		if err == io.EOF {
			r.srcDone = true
			r.chunk = nil
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if len(p) > 0 {
			r.chunk = p
			return true, nil
		}
	}
}

// next returns the next record without its line end, valid until the next
// call, or io.EOF after the last one.
func (r *copyReader) next() ([]byte, error) {
	if r.ended {
		return nil, io.EOF
	}
	if err := r.finishCR(); err != nil {
		return nil, err
	}
	r.line++
	r.carry = r.carry[:0]
	var (
		esc      bool // text: the previous byte was an escaping backslash
		inQuote  bool // csv
		lastEsc  bool // csv: the previous byte was an escape inside quotes
		first    = true
		consumed bool // any byte of this record was seen
	)
	i := 0
	for {
		if i == len(r.chunk) {
			r.carry = append(r.carry, r.chunk...)
			more, err := r.fill()
			if err != nil {
				return nil, err
			}
			i = 0
			if !more {
				r.ended = true
				if !consumed {
					return nil, io.EOF
				}
				return r.carry, nil
			}
			continue
		}
		// Fast path: a plain line wholly inside the payload.
		if first && !r.csv && len(r.carry) == 0 && i == 0 {
			if n := bytes.IndexByte(r.chunk, '\n'); n >= 0 && r.eol != eolCR && r.eol != eolCRNL {
				line := r.chunk[:n]
				if bytes.IndexByte(line, '\\') < 0 && bytes.IndexByte(line, '\r') < 0 {
					r.eol = eolNL
					r.chunk = r.chunk[n+1:]
					return line, nil
				}
			}
		}
		b := r.chunk[i]
		consumed = true
		wasFirst := first
		first = false
		if !r.csv {
			if esc {
				esc = false
				if b == '.' {
					return r.endMarker(i)
				}
				i++
				continue
			}
			if b == '\\' {
				esc = true
				i++
				continue
			}
		} else {
			if wasFirst && b == '\\' {
				if done, err := r.csvMarker(i); err != nil {
					return nil, err
				} else if done {
					return nil, io.EOF
				}
			}
			// As in PostgreSQL, an escape that is also the quote is
			// just a toggle; a distinct one counts only before a quote.
			isEsc := b == r.escape && r.escape != r.quote
			if inQuote && isEsc {
				lastEsc = !lastEsc
			}
			if b == r.quote && !lastEsc {
				inQuote = !inQuote
			}
			if !isEsc {
				lastEsc = false
			}
			if inQuote {
				// PostgreSQL counts the lines of a quoted field this way.
				if b == '\n' && r.eol == eolNL || b == '\r' && r.eol != eolNL {
					r.line++
				}
				i++
				continue
			}
		}
		if b != '\n' && b != '\r' {
			i++
			continue
		}
		rec := r.chunk[:i]
		if len(r.carry) > 0 {
			r.carry = append(r.carry, rec...)
			rec = r.carry
		}
		r.chunk = r.chunk[i+1:]
		if err := r.lineEnd(b); err != nil {
			return nil, err
		}
		return rec, nil
	}
}

// lineEnd checks a record's line end against the stream's style; a \r
// whose \n may be in the next payload is settled by finishCR.
func (r *copyReader) lineEnd(b byte) error {
	if b == '\n' {
		switch r.eol {
		case eolUnknown:
			r.eol = eolNL
		case eolCR, eolCRNL:
			return r.strayNewline()
		}
		return nil
	}
	if r.eol == eolNL {
		return r.strayCR()
	}
	if r.eol == eolCR {
		return nil
	}
	if len(r.chunk) == 0 {
		r.crPending = true
		return nil
	}
	return r.afterCR()
}

// finishCR settles a \r that ended the previous record at a payload's end.
func (r *copyReader) finishCR() error {
	if !r.crPending {
		return nil
	}
	r.crPending = false
	if len(r.chunk) == 0 {
		more, err := r.fill()
		if err != nil || !more {
			return err
		}
	}
	return r.afterCR()
}

// afterCR looks at the byte after a record-ending \r.
func (r *copyReader) afterCR() error {
	if r.chunk[0] == '\n' {
		if r.eol == eolUnknown {
			r.eol = eolCRNL
		}
		r.chunk = r.chunk[1:]
		return nil
	}
	switch r.eol {
	case eolUnknown:
		r.eol = eolCR
	case eolCRNL:
		return r.strayCR()
	}
	return nil
}

func (r *copyReader) strayCR() error {
	if r.csv {
		return lineError("unquoted carriage return found in data", "Use quoted CSV field to represent carriage return.")
	}
	return lineError("literal carriage return found in data", `Use "\r" to represent carriage return.`)
}

func (r *copyReader) strayNewline() error {
	if r.csv {
		return lineError("unquoted newline found in data", "Use quoted CSV field to represent newline.")
	}
	return lineError("literal newline found in data", `Use "\n" to represent newline.`)
}

// peek returns the first unread byte, fetching the next payload when
// r.chunk is used up; ok is false at the end of the data.
func (r *copyReader) peek() (b byte, ok bool, err error) {
	if len(r.chunk) == 0 {
		more, err := r.fill()
		if err != nil || !more {
			return 0, false, err
		}
	}
	return r.chunk[0], true, nil
}

// endMarker handles text format's `\.` (dot at r.chunk[dot]): a line end
// or the end of the data must follow. The bytes before the backslash on
// this line are the last record, as in PostgreSQL 15.
func (r *copyReader) endMarker(dot int) ([]byte, error) {
	// The record so far is carry + chunk[:dot], ending in the backslash.
	r.carry = append(r.carry, r.chunk[:dot]...)
	rec := r.carry[:len(r.carry)-1]
	r.chunk = r.chunk[dot+1:]
	b, ok, err := r.peek()
	switch {
	case err != nil:
		return nil, err
	case ok && b == '\r':
		r.chunk = r.chunk[1:]
		if b, ok, err = r.peek(); err != nil {
			return nil, err
		} else if ok && b == '\n' {
			r.chunk = r.chunk[1:]
		}
	case ok && b == '\n':
		r.chunk = r.chunk[1:]
	case ok:
		return nil, lineError("end-of-copy marker corrupt", "")
	}
	r.ended = true
	if len(rec) == 0 {
		return nil, io.EOF
	}
	return rec, nil
}

// csvMarker reports whether the record starting with the backslash at
// r.chunk[i] is exactly `\.`, which ends CSV data; otherwise the backslash
// is ordinary data.
func (r *copyReader) csvMarker(i int) (bool, error) {
	var ahead [2]byte
	n, err := r.lookahead(i+1, ahead[:])
	if err != nil || n == 0 || ahead[0] != '.' {
		return false, err
	}
	if n == 1 || ahead[1] == '\n' || ahead[1] == '\r' {
		r.ended = true
		return true, nil
	}
	return false, nil
}

// lookahead copies up to len(dst) bytes from r.chunk[from:] into dst,
// joining the next payloads onto r.chunk as needed so that index from
// still names the same byte. n < len(dst) means the data ended. Only a
// `\.` split across payloads gets here, so the joined copy is tiny.
func (r *copyReader) lookahead(from int, dst []byte) (n int, err error) {
	for n < len(dst) {
		if from+n < len(r.chunk) {
			dst[n] = r.chunk[from+n]
			n++
			continue
		}
		rest := append([]byte(nil), r.chunk...) // the payload dies at the next fill
		more, err := r.fill()
		if !more {
			r.chunk = rest
			return n, err
		}
		r.chunk = append(rest, r.chunk...)
	}
	return n, nil
}

// drain reads and discards the rest of the stream up to CopyDone: after
// `\.` PostgreSQL ignores whatever the client still sends.
func (r *copyReader) drain() error {
	r.chunk = nil
	for {
		more, err := r.fill()
		if err != nil || !more {
			return err
		}
	}
}
