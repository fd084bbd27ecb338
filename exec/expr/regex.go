package expr

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// POSIX regular expressions (~ ~* !~ !~* and the regexp_* functions) run
// on Go's RE2 engine. compileRegex rewrites the parts of PostgreSQL's ARE
// syntax that differ: '.' matches newline and ^/$ anchor the whole string
// (PostgreSQL's default, not newline-sensitive, mode); \m \M \y become \b
// and \Y \B; [[:<:]] [[:>:]] become \b; \Z becomes \z; a leading ***=
// makes the rest literal. Back-references and lookaround, which RE2 lacks,
// are 0A000.

const codeInvalidRegex = "2201B"

// regexCache holds compiled non-constant patterns; constant patterns are
// compiled once at Compile time instead. It is cleared when full.
var regexCache = struct {
	sync.Mutex
	m map[regexKey]*regexp.Regexp
}{m: map[regexKey]*regexp.Regexp{}}

type regexKey struct {
	pattern string
	fold    bool
	newline bool
}

const regexCacheSize = 256

// cachedRegex compiles pattern, reusing an earlier compilation.
func cachedRegex(pattern string, fold, newline bool) (*regexp.Regexp, error) {
	k := regexKey{pattern, fold, newline}
	regexCache.Lock()
	re := regexCache.m[k]
	regexCache.Unlock()
	if re != nil {
		return re, nil
	}
	re, err := compileRegex(pattern, fold, newline)
	if err != nil {
		return nil, err
	}
	regexCache.Lock()
	if len(regexCache.m) >= regexCacheSize {
		clear(regexCache.m)
	}
	regexCache.m[k] = re
	regexCache.Unlock()
	return re, nil
}

// compileRegex compiles a PostgreSQL ARE. fold is case-insensitive
// matching; newline is the 'n' flag (newline-sensitive: '.' and bracket
// expressions stop at newlines, ^ and $ match at line boundaries).
func compileRegex(pattern string, fold, newline bool) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("(?")
	if fold {
		b.WriteByte('i')
	}
	if newline {
		b.WriteByte('m')
	} else {
		b.WriteByte('s')
	}
	b.WriteByte(')')
	if lit, ok := strings.CutPrefix(pattern, "***="); ok {
		b.WriteString(regexp.QuoteMeta(lit))
	} else {
		if err := translateARE(&b, strings.TrimPrefix(pattern, "***:")); err != nil {
			return nil, err
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, regexError(err)
	}
	return re, nil
}

// translateARE copies an ARE into b in RE2 syntax.
func translateARE(b *strings.Builder, p string) error {
	inBracket := false
	for i := 0; i < len(p); i++ {
		ch := p[i]
		switch {
		case inBracket:
			if strings.HasPrefix(p[i:], "[:") || strings.HasPrefix(p[i:], "[.") || strings.HasPrefix(p[i:], "[=") {
				end := strings.Index(p[i+2:], string(p[i+1])+"]")
				if end < 0 {
					return errRegex("brackets [] not balanced")
				}
				b.WriteString(p[i : i+2+end+2])
				i += 2 + end + 1
				continue
			}
			if ch == ']' {
				inBracket = false
			}
			b.WriteByte(ch)
		case ch == '[':
			if strings.HasPrefix(p[i:], "[[:<:]]") || strings.HasPrefix(p[i:], "[[:>:]]") {
				b.WriteString(`\b`)
				i += len("[[:<:]]") - 1
				continue
			}
			inBracket = true
			b.WriteByte(ch)
			// A ']' right after '[' or '[^' is a literal member.
			if strings.HasPrefix(p[i+1:], "^") {
				b.WriteByte('^')
				i++
			}
			if strings.HasPrefix(p[i+1:], "]") {
				b.WriteString(`\]`)
				i++
			}
		case ch == '\\':
			if i+1 >= len(p) {
				return errRegex("invalid escape \\ sequence")
			}
			i++
			switch e := p[i]; e {
			case 'm', 'M', 'y':
				b.WriteString(`\b`)
			case 'Y':
				b.WriteString(`\B`)
			case 'Z':
				b.WriteString(`\z`)
			case '1', '2', '3', '4', '5', '6', '7', '8', '9':
				return pgerr.New(pgerr.FeatureNotSupported, "back-references in regular expressions are not supported")
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
			strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!"):
			return pgerr.New(pgerr.FeatureNotSupported, "lookahead and lookbehind constraints in regular expressions are not supported")
		default:
			b.WriteByte(ch)
		}
	}
	if inBracket {
		return errRegex("brackets [] not balanced")
	}
	return nil
}

func errRegex(msg string) error {
	return pgerr.New(codeInvalidRegex, "invalid regular expression: %s", msg)
}

// regexError words an RE2 compile error the way PostgreSQL's regcomp does.
func regexError(err error) error {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return errRegex(err.Error())
	}
	switch se.Code {
	case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
		return errRegex("parentheses () not balanced")
	case syntax.ErrMissingBracket:
		return errRegex("brackets [] not balanced")
	case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
		return errRegex("quantifier operand invalid")
	case syntax.ErrInvalidEscape, syntax.ErrTrailingBackslash:
		return errRegex("invalid escape \\ sequence")
	case syntax.ErrInvalidCharRange:
		return errRegex("invalid character range")
	case syntax.ErrInvalidRepeatSize:
		return errRegex("invalid repetition count(s)")
	}
	return errRegex(string(se.Code))
}

// regexMatch compiles ~ ~* !~ !~*.
func (c *compiler) regexMatch(op string, l, r *Expr, loc int) (*Expr, error) {
	if !l.Type.Kind.IsString() && !l.isUnknown() || !r.Type.Kind.IsString() && !r.isUnknown() {
		return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
	}
	var err error
	if l, err = c.coerce(l, types.Text); err != nil {
		return nil, err
	}
	if r, err = c.coerce(r, types.Text); err != nil {
		return nil, err
	}
	fold := strings.HasSuffix(op, "*")
	neg := strings.HasPrefix(op, "!")
	x := &Expr{Type: types.Bool, loc: loc}
	if r.konst {
		if r.val.IsNull() {
			return constExpr(types.NullValue, types.Bool, loc), nil
		}
		// A bad constant pattern fails when evaluated, as in PostgreSQL.
		re, reErr := compileRegex(r.val.S, fold, false)
		lf := l.fn
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			v, err := lf(env, row)
			if err != nil || v.K == types.KindNull {
				return v, err
			}
			if reErr != nil {
				return types.NullValue, reErr
			}
			return types.NewBool(re.MatchString(v.S) != neg), nil
		}
	} else {
		x.fn = strict2(l, r, func(a, b types.Value) (types.Value, error) {
			re, err := cachedRegex(b.S, fold, false)
			if err != nil {
				return types.NullValue, err
			}
			return types.NewBool(re.MatchString(a.S) != neg), nil
		})
	}
	return finish(x, l, r)
}
