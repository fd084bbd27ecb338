package expr

import (
	"regexp"
	"strings"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// The regexp_* functions and SIMILAR TO's pattern translation.

func init() {
	register("regexp_replace",
		overload{args: sig(kText, kText, kText), ret: types.Text, impl: fn3(func(a, b, c types.Value) (types.Value, error) {
			return regexpReplace(a.S, b.S, c.S, "")
		})},
		overload{args: sig(kText, kText, kText, kText), ret: types.Text, impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			for _, a := range args {
				if a.IsNull() {
					return types.NullValue, nil
				}
			}
			return regexpReplace(args[0].S, args[1].S, args[2].S, args[3].S)
		})})
	like := func(s, p, flags string) (types.Value, error) {
		re, _, err := flaggedRegex(p, flags, "regexp_like()")
		if err != nil {
			return types.NullValue, err
		}
		return types.NewBool(re.MatchString(s)), nil
	}
	register("regexp_like",
		overload{args: sig(kText, kText), ret: types.Bool, impl: fn2(func(a, b types.Value) (types.Value, error) {
			return like(a.S, b.S, "")
		})},
		overload{args: sig(kText, kText, kText), ret: types.Bool, impl: fn3(func(a, b, c types.Value) (types.Value, error) {
			return like(a.S, b.S, c.S)
		})})
	register("similar_to_escape",
		overload{args: sig(kText), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
			return similarToRegex(a.S, `\`, true)
		})},
		overload{args: sig(kText, kText), ret: types.Text, impl: fnN(func(_ *Env, args []types.Value) (types.Value, error) {
			if args[0].IsNull() {
				return types.NullValue, nil
			}
			// A NULL escape means "no escape character".
			return similarToRegex(args[0].S, args[1].S, !args[1].IsNull())
		})})
}

// flaggedRegex compiles pattern with regexp_* flags; global reports 'g'.
// fn names the function in the error for flags it does not accept.
func flaggedRegex(pattern, flags, fn string) (re *regexp.Regexp, global bool, err error) {
	fold, newline := false, false
	for _, f := range flags {
		switch f {
		case 'g':
			if fn != "regexp_replace()" {
				return nil, false, pgerr.New(pgerr.InvalidParameterValue,
					"%s does not support the \"global\" option", fn)
			}
			global = true
		case 'i':
			fold = true
		case 'c':
			fold = false
		case 'n', 'm':
			newline = true
		case 's':
			newline = false
		default:
			return nil, false, pgerr.New(pgerr.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	re, err = cachedRegex(pattern, fold, newline)
	return re, global, err
}

// regexpReplace replaces the first match (every match with 'g'); the
// replacement's \1 … \9 insert capture groups and \& the whole match.
func regexpReplace(s, pattern, repl, flags string) (types.Value, error) {
	re, global, err := flaggedRegex(pattern, flags, "regexp_replace()")
	if err != nil {
		return types.NullValue, err
	}
	template := replacementTemplate(repl)
	if global {
		return text(re.ReplaceAllString(s, template)), nil
	}
	loc := re.FindStringSubmatchIndex(s)
	if loc == nil {
		return text(s), nil
	}
	out := re.ExpandString([]byte(s[:loc[0]]), template, s, loc)
	return text(string(out) + s[loc[1]:]), nil
}

// replacementTemplate turns PostgreSQL's replacement syntax into Go's
// Expand template.
func replacementTemplate(repl string) string {
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		ch := repl[i]
		switch {
		case ch == '$':
			b.WriteString("$$")
		case ch == '\\' && i+1 < len(repl):
			switch n := repl[i+1]; {
			case n >= '1' && n <= '9':
				b.WriteString("${" + string(n) + "}")
			case n == '&':
				b.WriteString("${0}")
			default:
				b.WriteByte(n) // \\ is a backslash; \x is x
			}
			i++
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// similarToRegex is similar_to_escape: it turns a SIMILAR TO pattern
// into an anchored POSIX regular expression (% → .*, _ → ., the escape
// character quotes the next one; ., ^ and $ are literal).
func similarToRegex(p, esc string, hasEsc bool) (types.Value, error) {
	var escRune rune = -1
	if hasEsc {
		rs := []rune(esc)
		switch len(rs) {
		case 0:
		case 1:
			escRune = rs[0]
		default:
			return types.NullValue, pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").
				WithHint("Escape string must be empty or one character.")
		}
	}
	var b strings.Builder
	b.WriteString("^(?:")
	escaped, inBracket := false, false
	for _, r := range p {
		switch {
		case escaped:
			if strings.ContainsRune(`\.^$*+?()[]{}|%_`, r) || r == escRune {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
			escaped = false
		case r == escRune:
			escaped = true
		case inBracket:
			if r == ']' {
				inBracket = false
			}
			if r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case r == '[':
			inBracket = true
			b.WriteRune(r)
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteByte('.')
		case r == '.' || r == '^' || r == '$' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	if escaped {
		return types.NullValue, pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string")
	}
	b.WriteString(")$")
	return text(b.String()), nil
}
