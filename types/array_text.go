package types

import (
	"strings"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Array text form, as PostgreSQL's array_in/array_out with the delimiter
// ',' (every type we have uses it): {1,2,NULL}; elements that are empty,
// spell NULL in any case, or contain whitespace, quotes, backslashes,
// braces or the delimiter are double-quoted with " and \ escaped.

// arrayIsSpace is array_isspace: the ASCII whitespace PostgreSQL skips
// around array elements.
func arrayIsSpace(c byte) bool { return isSpace(c) }

// appendArrayText appends array_out's text for a one-dimensional array.
func appendArrayText(buf []byte, v Value, t Type, f *TextFormat) []byte {
	buf = append(buf, '{')
	it := newElemIter(v.S)
	for i := 0; it.next(); i++ {
		if i > 0 {
			buf = append(buf, ',')
		}
		if it.v.K == KindNull {
			buf = append(buf, "NULL"...)
			continue
		}
		start := len(buf)
		buf = AppendTextFormat(buf, it.v, Type{Kind: it.v.K, Mod: t.Mod}, f)
		buf = quoteArrayElem(buf, start)
	}
	return append(buf, '}')
}

// quoteArrayElem quotes the element text buf[start:] in place if
// array_out would, growing buf by the quotes and escapes only.
func quoteArrayElem(buf []byte, start int) []byte {
	elem := buf[start:]
	need := len(elem) == 0 || len(elem) == 4 && strings.EqualFold(string(elem), "NULL")
	escapes := 0
	for _, c := range elem {
		switch {
		case c == '"' || c == '\\':
			escapes++
			need = true
		case c == '{' || c == '}' || c == ',' || arrayIsSpace(c):
			need = true
		}
	}
	if !need {
		return buf
	}
	n := len(elem)
	for i := 0; i < escapes+2; i++ {
		buf = append(buf, 0)
	}
	// Move the text right, from its end, escaping as we go.
	w := len(buf) - 1
	buf[w] = '"'
	w--
	for r := start + n - 1; r >= start; r-- {
		c := buf[r]
		buf[w] = c
		w--
		if c == '"' || c == '\\' {
			buf[w] = '\\'
			w--
		}
	}
	buf[w] = '"'
	return buf
}

// appendVectorText appends int2vectorout/oidvectorout: the elements
// separated by single spaces.
func appendVectorText(buf []byte, v Value) []byte {
	it := newElemIter(v.S)
	for i := 0; it.next(); i++ {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = AppendText(buf, it.v, Type{Kind: it.v.K, Mod: -1})
	}
	return buf
}

func malformedArray(s, detail string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, `malformed array literal: "%s"`, s).WithDetail(detail)
}

// maxArrayDims is PostgreSQL's MAXDIM.
const maxArrayDims = 6

func tooManyDims(n int) error {
	return pgerr.New("54000", "number of array dimensions (%d) exceeds the maximum allowed (%d)", n, maxArrayDims)
}

// parseArrayText implements array_in for a one-dimensional array of type
// t: optional dimension decoration ([1:n]= or [n]=, lower bound 1 only),
// then {…}. Element typmods are not applied (see Cast); r (may be nil)
// resolves reg* elements given by name.
func parseArrayText(s string, t Type, r NameResolver, f *TextFormat) (Value, error) {
	et := t.ElemType()
	if et.Kind == KindNull || et.Kind == KindUnknown {
		et = Text
	}
	p := 0
	for p < len(s) && arrayIsSpace(s[p]) {
		p++
	}
	dims, p, err := parseArrayDims(s, p)
	if err != nil {
		return NullValue, err
	}
	if p >= len(s) || s[p] != '{' {
		detail := `Array value must start with "{" or dimension information.`
		if dims >= 0 {
			detail = `Array contents must start with "{".`
		}
		return NullValue, malformedArray(s, detail)
	}
	ndim, count, err := countArray(s, p)
	if err != nil {
		return NullValue, err
	}
	switch {
	case dims >= 0 && (ndim != 1 || count != dims):
		return NullValue, malformedArray(s, "Specified array dimensions do not match array contents.")
	case ndim > 1:
		return NullValue, pgerr.New(pgerr.FeatureNotSupported, "multidimensional arrays are not supported")
	case ndim == 0:
		return NewArray(et, nil), nil
	}
	elems := make([]Value, 0, count)
	var scratch []byte
	for p++; ; { // past '{'
		var item string
		var quoted, last bool
		item, quoted, last, p, scratch = readArrayItem(s, p, scratch)
		if !quoted && len(item) == 4 && strings.EqualFold(item, "NULL") {
			elems = append(elems, NullValue)
		} else {
			e, err := ParseTextIn(item, et, r, f)
			if err != nil {
				return NullValue, err
			}
			elems = append(elems, e)
		}
		if last {
			return NewArray(et, elems), nil
		}
	}
}

// parseArrayDims reads PostgreSQL's optional dimension decoration
// "[lb:ub]=" or "[ub]=" before the braces. dims is -1 when there is none,
// else the declared length. Only one dimension with lower bound 1 is
// representable.
func parseArrayDims(s string, p int) (dims, next int, err error) {
	dims = -1
	ndim := 0
	for {
		for p < len(s) && arrayIsSpace(s[p]) {
			p++
		}
		if p >= len(s) || s[p] != '[' {
			break
		}
		p++
		if ndim >= maxArrayDims {
			return 0, 0, tooManyDims(ndim + 1)
		}
		lb, ub := 1, 0
		q := scanDimNumber(s, p)
		if q == p {
			return 0, 0, malformedArray(s, `"[" must introduce explicitly-specified array dimensions.`)
		}
		if q < len(s) && s[q] == ':' {
			lb = atoiC(s[p:q])
			p = q + 1
			if q = scanDimNumber(s, p); q == p {
				return 0, 0, malformedArray(s, `"[" must introduce explicitly-specified array dimensions.`)
			}
		}
		if q >= len(s) || s[q] != ']' {
			return 0, 0, malformedArray(s, `Missing "]" after array dimensions.`)
		}
		ub = atoiC(s[p:q])
		p = q + 1
		if ub < lb {
			return 0, 0, pgerr.New("2202E", "upper bound cannot be less than lower bound")
		}
		if lb != 1 {
			return 0, 0, pgerr.New(pgerr.FeatureNotSupported, "array lower bounds other than 1 are not supported")
		}
		dims = ub
		ndim++
	}
	if ndim == 0 {
		return -1, p, nil
	}
	if ndim > 1 {
		return 0, 0, pgerr.New(pgerr.FeatureNotSupported, "multidimensional arrays are not supported")
	}
	if !strings.HasPrefix(s[p:], "=") {
		return 0, 0, malformedArray(s, `Missing "=" after array dimensions.`)
	}
	p++
	for p < len(s) && arrayIsSpace(s[p]) {
		p++
	}
	return dims, p, nil
}

// scanDimNumber skips the characters atoi-style dimension numbers may
// contain (digits and signs), as array_in does before calling atoi.
func scanDimNumber(s string, p int) int {
	for p < len(s) && (isDigit(s[p]) || s[p] == '-' || s[p] == '+') {
		p++
	}
	return p
}

// atoiC is C's atoi: an optional sign and leading digits, 0 otherwise,
// saturating instead of overflowing.
func atoiC(s string) int {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		if n < 1<<31 {
			n = n*10 + int(s[i]-'0')
		}
	}
	if neg {
		return -n
	}
	return n
}

// Parser states of array_in's ArrayCount.
const (
	apNoLevel = iota
	apLevelStarted
	apElemStarted
	apElemCompleted
	apQuotedElemStarted
	apQuotedElemCompleted
	apElemDelimited
	apLevelCompleted
	apLevelDelimited
)

// countArray validates the brace structure starting at s[p] == '{' with
// ArrayCount's state machine (so errors carry PostgreSQL's details) and
// returns the number of dimensions (0 for an empty array) and, for one
// dimension, the number of elements.
func countArray(s string, p int) (ndim, count int, err error) {
	unexpected := func(c byte) error { return malformedArray(s, `Unexpected "`+string(c)+`" character.`) }
	state, level, inQuotes, empty := apNoLevel, 0, false, true
	ndim, count = 1, 1
	for ; ; p++ {
		if state == apElemStarted || state == apQuotedElemStarted {
			empty = false
		}
		if p >= len(s) {
			return 0, 0, malformedArray(s, "Unexpected end of input.")
		}
		c := s[p]
		switch {
		case c == '\\':
			if state != apLevelStarted && state != apElemStarted && state != apQuotedElemStarted && state != apElemDelimited {
				return 0, 0, unexpected(c)
			}
			if state != apQuotedElemStarted {
				state = apElemStarted
			}
			if p+1 >= len(s) {
				return 0, 0, malformedArray(s, "Unexpected end of input.")
			}
			p++
		case c == '"':
			if state != apLevelStarted && state != apQuotedElemStarted && state != apElemDelimited {
				return 0, 0, malformedArray(s, "Unexpected array element.")
			}
			inQuotes = !inQuotes
			state = apQuotedElemCompleted
			if inQuotes {
				state = apQuotedElemStarted
			}
		case inQuotes:
		case c == '{':
			if state != apNoLevel && state != apLevelStarted && state != apLevelDelimited {
				return 0, 0, unexpected(c)
			}
			state = apLevelStarted
			if level >= maxArrayDims {
				return 0, 0, tooManyDims(level + 1)
			}
			level++
			ndim = max(ndim, level)
		case c == '}':
			if state != apElemStarted && state != apElemCompleted && state != apQuotedElemCompleted &&
				state != apLevelCompleted && !(level == 1 && state == apLevelStarted) {
				return 0, 0, unexpected(c)
			}
			state = apLevelCompleted
			level--
			if level == 0 {
				for p++; p < len(s); p++ {
					if !arrayIsSpace(s[p]) {
						return 0, 0, malformedArray(s, "Junk after closing right brace.")
					}
				}
				if empty {
					return 0, 0, nil
				}
				// Sub-array shape checks are moot: ndim > 1 is rejected.
				return ndim, count, nil
			}
		case c == ',':
			if state != apElemStarted && state != apElemCompleted && state != apQuotedElemCompleted && state != apLevelCompleted {
				return 0, 0, unexpected(c)
			}
			if state == apLevelCompleted {
				state = apLevelDelimited
			} else {
				state = apElemDelimited
			}
			if level == 1 {
				count++
			}
		case !arrayIsSpace(c):
			if state != apLevelStarted && state != apElemStarted && state != apElemDelimited {
				return 0, 0, malformedArray(s, "Unexpected array element.")
			}
			state = apElemStarted
		}
	}
}

// readArrayItem reads one element of a validated one-dimensional array
// literal starting at s[p] (just after '{' or ','), as ReadArrayStr does:
// backslashes escape the next character, quotes group, unquoted leading
// and trailing whitespace is dropped. quoted reports any quoting or
// escaping (such an item is never NULL); last reports that '}' ended it.
// The item is a substring of s when nothing needed unescaping, otherwise
// it is built in scratch (returned for reuse) and copied.
func readArrayItem(s string, p int, scratch []byte) (item string, quoted, last bool, next int, _ []byte) {
	for p < len(s) && arrayIsSpace(s[p]) {
		p++
	}
	start, simple := p, true
	dst := scratch[:0]
	end := 0 // len(dst) up to the last significant byte
	inQuotes := false
	for ; p < len(s); p++ {
		c := s[p]
		switch {
		case c == '\\' && p+1 < len(s):
			p++
			dst = append(dst, s[p])
			end, quoted, simple = len(dst), true, false
		case c == '"':
			inQuotes = !inQuotes
			if !inQuotes {
				end = len(dst)
			}
			quoted, simple = true, false
		case inQuotes:
			dst = append(dst, c)
		case c == ',' || c == '}':
			if simple {
				return s[start : start+end], false, c == '}', p + 1, dst
			}
			return string(dst[:end]), quoted, c == '}', p + 1, dst
		default:
			dst = append(dst, c)
			if !arrayIsSpace(c) {
				end = len(dst)
			}
		}
	}
	// Unreachable for input countArray accepted.
	return string(dst[:end]), quoted, true, p, dst
}

// parseVectorText implements int2vectorin/oidvectorin: elements separated
// by whitespace. int2vector elements must be followed by a space or the
// end; oidvector elements need no separator at all (PostgreSQL's strtoul
// loop), so "1x" fails on "x".
func parseVectorText(s string, k Kind) (Value, error) {
	var elems []Value
	for p := 0; ; {
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		if p >= len(s) {
			break
		}
		if len(elems) >= maxVectorElems {
			return NullValue, pgerr.New(pgerr.InvalidParameterValue, "%s has too many elements", kinds[k].name)
		}
		rest := s[p:]
		q := p
		for q < len(s) && (isDigit(s[q]) || q == p && (s[q] == '-' || s[q] == '+')) {
			q++
		}
		if k == KindInt2Vector {
			if q < len(s) && s[q] != ' ' {
				return NullValue, syntaxErr("smallint", rest)
			}
			n, err := parseInt(s[p:q], -1<<15, 1<<15-1, "smallint")
			if err != nil {
				if e, ok := err.(*pgerr.Error); ok && e.Code == pgerr.NumericValueOutOfRange {
					return NullValue, pgerr.New(pgerr.NumericValueOutOfRange, `value "%s" is out of range for type smallint`, rest)
				}
				return NullValue, syntaxErr("smallint", rest)
			}
			elems = append(elems, Value{K: KindInt2, I: n})
		} else {
			if q == p || q == p+1 && (s[p] == '-' || s[p] == '+') {
				return NullValue, syntaxErr("oid", rest)
			}
			n, err := parseInt(s[p:q], -1<<31, 1<<32-1, "oid")
			if err != nil {
				return NullValue, pgerr.New(pgerr.NumericValueOutOfRange, `value "%s" is out of range for type oid`, rest)
			}
			elems = append(elems, Value{K: KindOID, I: int64(uint32(n))})
		}
		p = q
	}
	return NewVector(k, elems), nil
}

// maxVectorElems is PostgreSQL's FUNC_MAX_ARGS, the capacity of the vectors.
const maxVectorElems = 100
