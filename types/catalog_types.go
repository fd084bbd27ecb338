package types

import (
	"strconv"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// The scalar types of pg_catalog columns: name, "char" and the reg* OID
// aliases. Arrays and vectors live in array*.go.

// NameDataLen is PostgreSQL's NAMEDATALEN: a name holds at most
// NameDataLen-1 bytes.
const NameDataLen = 64

// TruncateName clips s to at most 63 bytes without splitting a UTF-8
// character, as namein and the text → name cast do.
func TruncateName(s string) string {
	if len(s) < NameDataLen {
		return s
	}
	n := NameDataLen - 1
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// NewName is a name value, truncated like PostgreSQL's namein.
func NewName(s string) Value { return Value{K: KindName, S: TruncateName(s)} }

// NewChar is a "char" value holding byte c.
func NewChar(c byte) Value { return Value{K: KindChar, I: int64(c)} }

// NewReg is a value of reg* kind k for oid, with its resolved name (may
// be empty: the text form is then the number).
func NewReg(k Kind, oid uint32, name string) Value {
	return Value{K: k, I: int64(oid), S: name}
}

// appendChar appends charout's text: nothing for the zero byte, the byte
// itself if ASCII, otherwise a backslash and three octal digits.
func appendChar(buf []byte, c byte) []byte {
	switch {
	case c == 0:
		return buf
	case c < 0x80:
		return append(buf, c)
	}
	return append(buf, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
}

// parseChar implements charin (and the text → "char" cast): a backslash
// and three octal digits name a byte, otherwise the first byte counts
// (the zero byte for an empty string).
func parseChar(s string) byte {
	if len(s) == 4 && s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && isOctal(s[2]) && isOctal(s[3]) {
		return (s[1]-'0')<<6 | (s[2]-'0')<<3 | (s[3] - '0')
	}
	if s == "" {
		return 0
	}
	return s[0]
}

// appendReg appends a reg* value's text: its resolved name when known;
// otherwise "-" for oid 0 (regoper and regoperator print "0") and the
// decimal oid for any other number, as PostgreSQL does for oids it
// cannot find.
func appendReg(buf []byte, v Value, k Kind) []byte {
	switch {
	case v.S != "":
		return append(buf, v.S...)
	case v.I == 0 && k != KindRegoper && k != KindRegoperator:
		return append(buf, '-')
	}
	return strconv.AppendUint(buf, uint64(uint32(v.I)), 10)
}

// parseRegNumber handles the name-free spellings every reg*in function
// accepts: "-" for oid 0 (not for operators, "-" being one) and a string
// of digits, read by oidin. ok is false when s is a name to look up.
func parseRegNumber(s string, k Kind) (oid uint32, ok bool, err error) {
	if s == "-" && k != KindRegoper && k != KindRegoperator {
		return 0, true, nil
	}
	if s == "" || !isDigit(s[0]) {
		return 0, false, nil
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false, nil
		}
	}
	n, err := parseInt(s, 0, 1<<32-1, "oid")
	return uint32(n), true, err
}

// RegNotFound is the error PostgreSQL raises when a reg* input names no
// object; resolvers return it so messages and SQLSTATEs match.
func RegNotFound(k Kind, name string) error {
	switch k {
	case KindRegclass:
		return pgerr.New(pgerr.UndefinedTable, `relation "%s" does not exist`, name)
	case KindRegtype:
		return pgerr.New(pgerr.UndefinedObject, `type "%s" does not exist`, name)
	case KindRegproc, KindRegprocedure:
		return pgerr.New(pgerr.UndefinedFunction, `function "%s" does not exist`, name)
	case KindRegoper, KindRegoperator:
		return pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s", name)
	case KindRegnamespace:
		return pgerr.New(pgerr.UndefinedSchema, `schema "%s" does not exist`, name)
	case KindRegrole:
		return pgerr.New(pgerr.UndefinedObject, `role "%s" does not exist`, name)
	}
	return pgerr.New(pgerr.UndefinedObject, `object "%s" does not exist`, name)
}

// errNoResolver reports a reg* name lookup where no catalog is at hand
// (Cast and ParseText without a NameResolver).
func errNoResolver(k Kind, name string) error {
	return pgerr.New(pgerr.FeatureNotSupported, `cannot look up %s "%s" without a catalog`, kinds[k].name, name)
}

// SplitQualifiedName splits a possibly schema-qualified, possibly quoted
// identifier as PostgreSQL's stringToQualifiedNameList does for reg*
// input: unquoted parts are lower-cased (ASCII), "…" parts keep their
// case with "" standing for a quote, parts are separated by dots, and
// surrounding whitespace is ignored. Errors are 42602 "invalid name syntax".
func SplitQualifiedName(s string) ([]string, error) {
	bad := pgerr.New("42602", "invalid name syntax")
	var parts []string
	p := 0
	for {
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		var part []byte
		switch {
		case p < len(s) && s[p] == '"':
			for p++; ; p++ {
				if p >= len(s) {
					return nil, bad
				}
				if s[p] == '"' {
					if p+1 < len(s) && s[p+1] == '"' {
						p++
					} else {
						p++
						break
					}
				}
				part = append(part, s[p])
			}
			if len(part) == 0 {
				return nil, bad
			}
		default:
			start := p
			for p < len(s) && s[p] != '.' && !isSpace(s[p]) {
				c := s[p]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				part = append(part, c)
				p++
			}
			if p == start {
				return nil, bad
			}
		}
		parts = append(parts, TruncateName(string(part)))
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		if p == len(s) {
			return parts, nil
		}
		if s[p] != '.' {
			return nil, bad
		}
		p++
	}
}
