package types

import (
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// JSON input follows PostgreSQL's json lexer and recursive-descent parser
// (src/common/jsonapi.c) so errors carry the same DETAIL lines. json keeps
// the text exactly as written; jsonb is rebuilt in jsonb_out's form: one
// space after ':' and ',', object keys de-duplicated (last wins) and
// ordered by (length, bytes), numbers in numeric_out form, strings with
// escapes decoded and re-escaped minimally.

// maxJSONDepth bounds nesting like PostgreSQL's stack depth check does.
const maxJSONDepth = 10000

// NormalizeJSON checks s is valid JSON (22P02 "invalid input syntax for
// type json"). For json it returns s unchanged; for jsonb it returns
// PostgreSQL's normalised text form.
func NormalizeJSON(s string, t Type) (string, error) {
	p := jsonParser{s: s, decode: t.Kind == KindJSONB}
	if err := p.next(); err != nil {
		return "", err
	}
	root, err := p.value(0)
	if err != nil {
		return "", err
	}
	if p.tok != jtEnd {
		return "", p.fail("Expected end of input, but found \"%s\".")
	}
	if !p.decode {
		return s, nil
	}
	return string(root.appendTo(make([]byte, 0, len(s)+len(s)/4))), nil
}

type jsonTok uint8

const (
	jtEnd jsonTok = iota
	jtString
	jtNumber
	jtTrue
	jtFalse
	jtNull
	jtObjectStart
	jtObjectEnd
	jtArrayStart
	jtArrayEnd
	jtComma
	jtColon
)

// jsonNode is a parsed jsonb value. Scalars keep their output text in
// text (strings decoded, numbers canonical); arrays keep elems and objects
// members.
type jsonNode struct {
	tok     jsonTok
	text    string
	elems   []jsonNode
	members []jsonMember
}

type jsonMember struct {
	key string
	val jsonNode
}

type jsonParser struct {
	s      string
	pos    int // end of the current token
	start  int // start of the current token
	tok    jsonTok
	str    string // decoded string token (decode mode only)
	decode bool   // build nodes and decode strings (jsonb)
}

func jsonSyntaxErr(detail string) error {
	return pgerr.New(pgerr.InvalidJSONText, "invalid input syntax for type json").WithDetail(detail)
}

// fail reports a parse error about the current token; format has one %s.
func (p *jsonParser) fail(format string) error {
	if p.tok == jtEnd {
		return jsonSyntaxErr("The input string ended unexpectedly.")
	}
	return jsonSyntaxErr(strings.Replace(format, "%s", p.s[p.start:p.pos], 1))
}

func (p *jsonParser) invalidToken(end int) error {
	return jsonSyntaxErr(`Token "` + p.s[p.start:end] + `" is invalid.`)
}

func isJSONAlnum(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '_' || c >= 0x80
}

// next lexes the token after the current one.
func (p *jsonParser) next() error {
	s := p.s
	i := p.pos
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	p.start = i
	if i == len(s) {
		p.tok, p.pos = jtEnd, i
		return nil
	}
	single := jsonTok(0)
	switch s[i] {
	case '{':
		single = jtObjectStart
	case '}':
		single = jtObjectEnd
	case '[':
		single = jtArrayStart
	case ']':
		single = jtArrayEnd
	case ',':
		single = jtComma
	case ':':
		single = jtColon
	case '"':
		return p.lexString()
	case '-':
		return p.lexNumber(i + 1)
	}
	if single != 0 {
		p.tok, p.pos = single, i+1
		return nil
	}
	if isDigit(s[i]) {
		return p.lexNumber(i)
	}
	j := i
	for j < len(s) && isJSONAlnum(s[j]) {
		j++
	}
	if j == i {
		return p.invalidToken(i + 1)
	}
	switch s[i:j] {
	case "true":
		p.tok = jtTrue
	case "false":
		p.tok = jtFalse
	case "null":
		p.tok = jtNull
	default:
		return p.invalidToken(j)
	}
	p.pos = j
	return nil
}

// lexNumber scans -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? starting
// after any minus sign; trailing alphanumerics make the whole token invalid.
func (p *jsonParser) lexNumber(i int) error {
	s := p.s
	bad := false
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		bad = true
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i == len(s) || !isDigit(s[i]) {
			bad = true
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i == len(s) || !isDigit(s[i]) {
			bad = true
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	for i < len(s) && isJSONAlnum(s[i]) {
		i++
		bad = true
	}
	if bad {
		return p.invalidToken(i)
	}
	p.tok, p.pos = jtNumber, i
	return nil
}

// lexString scans a string token; in decode mode it also builds p.str.
func (p *jsonParser) lexString() error {
	s := p.s
	i := p.start + 1
	var b []byte // decoded text, only once an escape is seen
	runStart := i
	hiSurrogate := rune(-1)
	for {
		if i >= len(s) {
			return p.invalidToken(len(s))
		}
		c := s[i]
		if c == '"' {
			break
		}
		if c < 0x20 {
			return jsonSyntaxErr("Character with value 0x" + string(hexDigits[c>>4]) + string(hexDigits[c&15]) + " must be escaped.")
		}
		if c != '\\' {
			if p.decode && hiSurrogate != -1 {
				return jsonSyntaxErr("Unicode low surrogate must follow a high surrogate.")
			}
			i++
			continue
		}
		if p.decode {
			b = append(b, s[runStart:i]...)
		}
		i++
		if i >= len(s) {
			return p.invalidToken(len(s))
		}
		esc := s[i]
		if esc == 'u' {
			if i+5 > len(s) {
				return jsonSyntaxErr(`"\u" must be followed by four hexadecimal digits.`)
			}
			var r rune
			for _, h := range []byte(s[i+1 : i+5]) {
				v, ok := unhex(h)
				if !ok {
					return jsonSyntaxErr(`"\u" must be followed by four hexadecimal digits.`)
				}
				r = r<<4 | rune(v)
			}
			i += 5
			if p.decode {
				var err error
				if b, hiSurrogate, err = appendJSONUnicode(b, r, hiSurrogate); err != nil {
					return err
				}
			}
			runStart = i
			continue
		}
		if p.decode && hiSurrogate != -1 {
			return jsonSyntaxErr("Unicode low surrogate must follow a high surrogate.")
		}
		var out byte
		switch esc {
		case '"', '\\', '/':
			out = esc
		case 'b':
			out = '\b'
		case 'f':
			out = '\f'
		case 'n':
			out = '\n'
		case 'r':
			out = '\r'
		case 't':
			out = '\t'
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			return jsonSyntaxErr(`Escape sequence "\` + s[i:i+size] + `" is invalid.`)
		}
		b = append(b, out)
		i++
		runStart = i
	}
	if p.decode {
		if hiSurrogate != -1 {
			return jsonSyntaxErr("Unicode low surrogate must follow a high surrogate.")
		}
		if b == nil {
			p.str = s[p.start+1 : i]
		} else {
			p.str = string(append(b, s[runStart:i]...))
		}
	}
	p.tok, p.pos = jtString, i+1
	return nil
}

// appendJSONUnicode decodes one \uXXXX escape for jsonb, pairing UTF-16
// surrogates; hi is a pending high surrogate or -1.
func appendJSONUnicode(b []byte, r, hi rune) ([]byte, rune, error) {
	switch {
	case r >= 0xD800 && r <= 0xDBFF:
		if hi != -1 {
			return b, -1, jsonSyntaxErr("Unicode high surrogate must not follow a high surrogate.")
		}
		return b, r, nil
	case r >= 0xDC00 && r <= 0xDFFF:
		if hi == -1 {
			return b, -1, jsonSyntaxErr("Unicode low surrogate must follow a high surrogate.")
		}
		return utf8.AppendRune(b, utf16.DecodeRune(hi, r)), -1, nil
	case hi != -1:
		return b, -1, jsonSyntaxErr("Unicode low surrogate must follow a high surrogate.")
	case r == 0:
		return b, -1, pgerr.New("22P05", "unsupported Unicode escape sequence").
			WithDetail(`\u0000 cannot be converted to text.`)
	}
	return utf8.AppendRune(b, r), -1, nil
}

// value parses one JSON value starting at the current token and leaves the
// token after it current.
func (p *jsonParser) value(depth int) (jsonNode, error) {
	var n jsonNode
	switch p.tok {
	case jtObjectStart, jtArrayStart:
		if depth >= maxJSONDepth {
			return n, pgerr.New("54001", "stack depth limit exceeded")
		}
		if p.tok == jtObjectStart {
			return p.object(depth + 1)
		}
		return p.array(depth + 1)
	case jtString:
		n = jsonNode{tok: jtString, text: p.str}
	case jtNumber:
		n.tok = jtNumber
		if p.decode {
			n.text = p.s[p.start:p.pos]
			if !isCanonicalDecimal(n.text) {
				tok, neg := n.text, n.text[0] == '-'
				if neg {
					tok = tok[1:]
				}
				text, _, overflow := canonicalDecimal(tok, neg)
				if overflow {
					return n, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
				}
				n.text = text
			}
		}
	case jtTrue, jtFalse, jtNull:
		n.tok = p.tok
	default:
		return n, p.fail(`Expected JSON value, but found "%s".`)
	}
	return n, p.next()
}

func (p *jsonParser) object(depth int) (jsonNode, error) {
	n := jsonNode{tok: jtObjectStart}
	if err := p.next(); err != nil {
		return n, err
	}
	if p.tok == jtObjectEnd {
		return n, p.next()
	}
	for first := true; ; first = false {
		if p.tok != jtString {
			if first {
				return n, p.fail(`Expected string or "}", but found "%s".`)
			}
			return n, p.fail(`Expected string, but found "%s".`)
		}
		key := p.str
		if err := p.next(); err != nil {
			return n, err
		}
		if p.tok != jtColon {
			return n, p.fail(`Expected ":", but found "%s".`)
		}
		if err := p.next(); err != nil {
			return n, err
		}
		v, err := p.value(depth)
		if err != nil {
			return n, err
		}
		if p.decode {
			n.members = append(n.members, jsonMember{key, v})
		}
		switch p.tok {
		case jtComma:
			if err := p.next(); err != nil {
				return n, err
			}
		case jtObjectEnd:
			if p.decode {
				n.sortKeys()
			}
			return n, p.next()
		default:
			return n, p.fail(`Expected "," or "}", but found "%s".`)
		}
	}
}

func (p *jsonParser) array(depth int) (jsonNode, error) {
	n := jsonNode{tok: jtArrayStart}
	if err := p.next(); err != nil {
		return n, err
	}
	if p.tok == jtArrayEnd {
		return n, p.next()
	}
	for {
		v, err := p.value(depth)
		if err != nil {
			return n, err
		}
		if p.decode {
			n.elems = append(n.elems, v)
		}
		switch p.tok {
		case jtComma:
			if err := p.next(); err != nil {
				return n, err
			}
		case jtArrayEnd:
			return n, p.next()
		default:
			return n, p.fail(`Expected "," or "]", but found "%s".`)
		}
	}
}

// sortKeys orders an object's members as jsonb does — shorter keys first,
// then bytewise — keeping only the last of duplicate keys.
func (n *jsonNode) sortKeys() {
	m := n.members
	slices.SortStableFunc(m, func(a, b jsonMember) int {
		if len(a.key) != len(b.key) {
			return len(a.key) - len(b.key)
		}
		return strings.Compare(a.key, b.key)
	})
	// The stable sort keeps duplicates in input order: keep each run's last.
	out := m[:0]
	for i := range m {
		if i+1 < len(m) && m[i+1].key == m[i].key {
			continue
		}
		out = append(out, m[i])
	}
	n.members = out
}

// appendTo writes n in jsonb_out's text form.
func (n *jsonNode) appendTo(buf []byte) []byte {
	switch n.tok {
	case jtObjectStart:
		buf = append(buf, '{')
		for i := range n.members {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSONString(buf, n.members[i].key)
			buf = append(buf, ": "...)
			buf = n.members[i].val.appendTo(buf)
		}
		return append(buf, '}')
	case jtArrayStart:
		buf = append(buf, '[')
		for i := range n.elems {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = n.elems[i].appendTo(buf)
		}
		return append(buf, ']')
	case jtString:
		return appendJSONString(buf, n.text)
	case jtNumber:
		return append(buf, n.text...)
	case jtTrue:
		return append(buf, "true"...)
	case jtFalse:
		return append(buf, "false"...)
	}
	return append(buf, "null"...)
}

// appendJSONString quotes s as PostgreSQL's escape_json does: the short
// escapes for " \ and \b \f \n \r \t, \u00xx for other control
// characters, everything else (including '/' and non-ASCII) verbatim.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		default:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
