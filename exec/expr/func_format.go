package expr

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// Quoting and format(): building SQL text safely, as catalog queries and
// clients' generated SQL do.

// quotedKeywords are the keywords quote_ident quotes: all but the
// unreserved ones.
var quotedKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{keywordsC, keywordsT, keywordsR} {
		for _, w := range strings.Fields(list) {
			m[w] = true
		}
	}
	return m
}()

func init() {
	register("quote_ident", overload{args: sig(kText), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
		return text(QuoteIdent(a.S)), nil
	})})
	register("quote_literal",
		overload{args: sig(kText), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
			return text(quoteLiteral(a.S)), nil
		})},
		overload{args: sig(kindAnyElement), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
			return text(quoteLiteral(string(appendAsText(nil, a)))), nil
		})})
	register("quote_nullable",
		overload{args: sig(kText), ret: types.Text, impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			return quoteNullable(args[0]), nil
		})},
		overload{args: sig(kindAnyElement), ret: types.Text, impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			return quoteNullable(args[0]), nil
		})})
	register("format", overload{args: sig(kText, kindAny), variadic: true, ret: types.Text, impl: fnN(format)},
		overload{args: sig(kText), ret: types.Text, impl: fnN(format)})
}

// QuoteIdent quotes an identifier when PostgreSQL would: unless it is all
// lower-case letters, digits and underscores, starts with a letter or
// underscore, and is not a keyword that needs quoting.
func QuoteIdent(s string) string {
	safe := s != "" && !quotedKeywords[s]
	for i := 0; safe && i < len(s); i++ {
		ch := s[i]
		safe = ch >= 'a' && ch <= 'z' || ch == '_' || i > 0 && ch >= '0' && ch <= '9'
	}
	if safe {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quoteLiteral doubles quotes and backslashes; backslashes also add the
// E prefix.
func quoteLiteral(s string) string {
	var b strings.Builder
	if strings.ContainsRune(s, '\\') {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for _, r := range s {
		if r == '\'' || r == '\\' {
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

func quoteNullable(v types.Value) types.Value {
	if v.K == types.KindNull {
		return text("NULL")
	}
	return text(quoteLiteral(string(appendAsText(nil, v))))
}

func errFormat(msg string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InvalidParameterValue, msg, args...)
}

// format is format(fmt, VARIADIC args): %s (text, NULL as empty), %I
// (quote_ident), %L (quote_nullable) and %%, each with an optional
// argument position n$ and a width (- for left alignment).
func format(_ *Env, args []types.Value) (types.Value, error) {
	if args[0].K == types.KindNull {
		return types.NullValue, nil
	}
	f, vals := args[0].S, args[1:]
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		i++
		if i >= len(f) {
			return types.NullValue, errFormat("unterminated format() type specifier").
				WithHint(`For a single "%%" use "%%%%".`)
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		// [n$][-][width]type
		arg := -1
		if j := digitsEnd(f, i); j < len(f) && j > i && f[j] == '$' {
			n, _ := strconv.Atoi(f[i:j])
			if n == 0 {
				return types.NullValue, errFormat("format specifies argument 0, but arguments are numbered from 1")
			}
			arg, i = n-1, j+1
		}
		left := false
		if i < len(f) && f[i] == '-' {
			left, i = true, i+1
		}
		width := 0
		if j := digitsEnd(f, i); j > i {
			width, _ = strconv.Atoi(f[i:j])
			i = j
		}
		if i >= len(f) {
			return types.NullValue, errFormat("unterminated format() type specifier").
				WithHint(`For a single "%%" use "%%%%".`)
		}
		if arg < 0 {
			arg = next
		}
		next = arg + 1
		typ := f[i]
		if typ != 's' && typ != 'I' && typ != 'L' {
			return types.NullValue, errFormat("unrecognized format() type specifier \"%c\"", typ).
				WithHint(`For a single "%%" use "%%%%".`)
		}
		if arg >= len(vals) {
			return types.NullValue, errFormat("too few arguments for format()")
		}
		v := vals[arg]
		var s string
		switch typ {
		case 's':
			if v.K != types.KindNull {
				s = string(appendAsText(nil, v))
			}
		case 'I':
			if v.K == types.KindNull {
				return types.NullValue, pgerr.New(pgerr.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
			}
			s = QuoteIdent(string(appendAsText(nil, v)))
		case 'L':
			s = quoteNullable(v).S
		}
		pad := strings.Repeat(" ", max(width-utf8.RuneCountInString(s), 0))
		if left {
			b.WriteString(s + pad)
		} else {
			b.WriteString(pad + s)
		}
	}
	return text(b.String()), nil
}

// digitsEnd returns the index after the run of ASCII digits at f[i:].
func digitsEnd(f string, i int) int {
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		i++
	}
	return i
}
