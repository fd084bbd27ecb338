package expr

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

const (
	kText  = types.KindText
	kInt4  = types.KindInt4
	kBytea = types.KindBytea
)

// maxStringBytes bounds results built by repeat/lpad (PostgreSQL's 1 GB
// varlena limit, reported the same way).
const maxStringBytes = 1 << 30

var errTooLarge = pgerr.New("54000", "requested length too large")

func text(s string) types.Value { return types.Value{K: types.KindText, S: s} }
func int4(n int) types.Value    { return types.Value{K: types.KindInt4, I: int64(n)} }

func textFn(f func(s string) string) fn1 {
	return func(a types.Value) (types.Value, error) { return text(f(a.S)), nil }
}

func init() {
	register("lower", overload{args: sig(kText), ret: types.Text, impl: textFn(strings.ToLower)})
	register("upper", overload{args: sig(kText), ret: types.Text, impl: textFn(strings.ToUpper)})
	charLen := []overload{
		{args: sig(kText), ret: types.Int4, impl: fn1(func(a types.Value) (types.Value, error) {
			return int4(utf8.RuneCountInString(a.S)), nil
		})},
		{args: sig(types.KindBpchar), ret: types.Int4, impl: fn1(func(a types.Value) (types.Value, error) {
			return int4(utf8.RuneCountInString(strings.TrimRight(a.S, " "))), nil
		})},
	}
	register("length", append(charLen, overload{args: sig(kBytea), ret: types.Int4,
		impl: fn1(func(a types.Value) (types.Value, error) { return int4(len(a.S)), nil })})...)
	register("char_length", charLen...)
	register("character_length", charLen...)
	octets := fn1(func(a types.Value) (types.Value, error) { return int4(len(a.S)), nil })
	register("octet_length", overload{args: sig(kText), ret: types.Int4, impl: octets},
		overload{args: sig(kBytea), ret: types.Int4, impl: octets})
	substr := []overload{
		{args: sig(kText, kInt4), ret: types.Text, impl: fn2(func(a, b types.Value) (types.Value, error) {
			return text(substring(a.S, b.I, -1)), nil
		})},
		{args: sig(kText, kInt4, kInt4), ret: types.Text, impl: fn3(func(a, b, c types.Value) (types.Value, error) {
			if c.I < 0 {
				return types.NullValue, pgerr.New(codeSubstringError, "negative substring length not allowed")
			}
			return text(substring(a.S, b.I, c.I)), nil
		})},
	}
	register("substring", substr...)
	register("substr", substr...)
	for name, f := range map[string]func(s, chars string) string{
		"btrim": func(s, chars string) string { return strings.Trim(s, chars) },
		"ltrim": strings.TrimLeft,
		"rtrim": strings.TrimRight,
	} {
		register(name,
			overload{args: sig(kText), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
				return text(f(a.S, " ")), nil
			})},
			overload{args: sig(kText, kText), ret: types.Text, impl: fn2(func(a, b types.Value) (types.Value, error) {
				return text(f(a.S, b.S)), nil
			})})
	}
	register("concat", overload{args: sig(kindAny), variadic: true, ret: types.Text, impl: fnN(concatFn)})
	register("concat_ws", overload{args: sig(kText, kindAny), variadic: true, ret: types.Text, impl: fnN(concatWS)})
	register("replace", overload{args: sig(kText, kText, kText), ret: types.Text,
		impl: fn3(func(a, b, c types.Value) (types.Value, error) {
			if b.S == "" {
				return a, nil
			}
			return text(strings.ReplaceAll(a.S, b.S, c.S)), nil
		})})
	register("left", overload{args: sig(kText, kInt4), ret: types.Text, impl: fn2(func(a, b types.Value) (types.Value, error) {
		n := utf8.RuneCountInString(a.S)
		k := int(b.I)
		if k < 0 {
			k = max(n+k, 0)
		}
		return text(runePrefix(a.S, k)), nil
	})})
	register("right", overload{args: sig(kText, kInt4), ret: types.Text, impl: fn2(func(a, b types.Value) (types.Value, error) {
		n := utf8.RuneCountInString(a.S)
		k := int(b.I)
		if k < 0 {
			k = max(n+k, 0)
		}
		return text(a.S[len(runePrefix(a.S, max(n-k, 0))):]), nil
	})})
	register("repeat", overload{args: sig(kText, kInt4), ret: types.Text, impl: fn2(func(a, b types.Value) (types.Value, error) {
		if b.I <= 0 || a.S == "" {
			return text(""), nil
		}
		if int64(len(a.S))*b.I > maxStringBytes {
			return types.NullValue, errTooLarge
		}
		return text(strings.Repeat(a.S, int(b.I))), nil
	})})
	register("reverse", overload{args: sig(kText), ret: types.Text, impl: textFn(reverse)})
	pos := overload{args: sig(kText, kText), ret: types.Int4, impl: fn2(func(a, b types.Value) (types.Value, error) {
		i := strings.Index(a.S, b.S)
		if i < 0 {
			return int4(0), nil
		}
		return int4(utf8.RuneCountInString(a.S[:i]) + 1), nil
	})}
	register("position", pos)
	register("strpos", pos)
	register("starts_with", overload{args: sig(kText, kText), ret: types.Bool, impl: fn2(func(a, b types.Value) (types.Value, error) {
		return types.NewBool(strings.HasPrefix(a.S, b.S)), nil
	})})
	register("split_part", overload{args: sig(kText, kText, kInt4), ret: types.Text, impl: fn3(splitPart)})
	for name, left := range map[string]bool{"lpad": true, "rpad": false} {
		register(name,
			overload{args: sig(kText, kInt4), ret: types.Text, impl: fn2(func(a, b types.Value) (types.Value, error) {
				return pad(a.S, b.I, " ", left)
			})},
			overload{args: sig(kText, kInt4, kText), ret: types.Text, impl: fn3(func(a, b, c types.Value) (types.Value, error) {
				return pad(a.S, b.I, c.S, left)
			})})
	}
	register("initcap", overload{args: sig(kText), ret: types.Text, impl: textFn(initcap)})
	md5Fn := fn1(func(a types.Value) (types.Value, error) {
		sum := md5.Sum([]byte(a.S))
		return text(hex.EncodeToString(sum[:])), nil
	})
	register("md5", overload{args: sig(kText), ret: types.Text, impl: md5Fn},
		overload{args: sig(kBytea), ret: types.Text, impl: md5Fn})
	register("ascii", overload{args: sig(kText), ret: types.Int4, impl: fn1(func(a types.Value) (types.Value, error) {
		r, _ := utf8.DecodeRuneInString(a.S)
		if a.S == "" {
			r = 0
		}
		return int4(int(r)), nil
	})})
	register("chr", overload{args: sig(kInt4), ret: types.Text, impl: fn1(func(a types.Value) (types.Value, error) {
		switch {
		case a.I == 0:
			return types.NullValue, pgerr.New(pgerr.InvalidParameterValue, "null character not permitted")
		case a.I < 0 || a.I > unicode.MaxRune || (a.I >= 0xD800 && a.I <= 0xDFFF):
			return types.NullValue, pgerr.New("54000", "requested character too large for encoding: %d", a.I)
		}
		return text(string(rune(a.I))), nil
	})})
}

// runePrefix returns the first n characters of s.
func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// substring is text_substring: characters [start, start+count) counted
// from 1, where positions before the string simply shorten the result;
// count < 0 means "to the end".
func substring(s string, start, count int64) string {
	end := int64(-1)
	if count >= 0 {
		end = start + count // exclusive, may be <= 1
		if end <= 1 {
			return ""
		}
	}
	if start < 1 {
		start = 1
	}
	var b, e = -1, len(s)
	pos := int64(1)
	for i := range s {
		if pos == start {
			b = i
		}
		if end >= 0 && pos == end {
			e = i
			break
		}
		pos++
	}
	if b < 0 || b > e {
		return ""
	}
	return s[b:e]
}

func reverse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		b.WriteRune(r)
		i -= size
	}
	return b.String()
}

func splitPart(a, b, c types.Value) (types.Value, error) {
	n := c.I
	if n == 0 {
		return types.NullValue, pgerr.New(pgerr.InvalidParameterValue, "field position must not be zero")
	}
	var parts []string
	if b.S == "" {
		parts = []string{a.S}
	} else {
		parts = strings.Split(a.S, b.S)
	}
	if a.S == "" {
		return text(""), nil
	}
	if n < 0 {
		n += int64(len(parts)) + 1
	}
	if n < 1 || n > int64(len(parts)) {
		return text(""), nil
	}
	return text(parts[n-1]), nil
}

// pad is lpad/rpad: fill to length characters, truncating longer input.
func pad(s string, length int64, fill string, left bool) (types.Value, error) {
	if length <= 0 {
		return text(""), nil
	}
	if length*4 > maxStringBytes {
		return types.NullValue, errTooLarge
	}
	n := int64(utf8.RuneCountInString(s))
	if n >= length || fill == "" {
		return text(runePrefix(s, int(min(n, length)))), nil
	}
	var b strings.Builder
	need := length - n
	fr := []rune(fill)
	var padding strings.Builder
	for i := int64(0); i < need; i++ {
		padding.WriteRune(fr[i%int64(len(fr))])
	}
	if left {
		b.WriteString(padding.String())
		b.WriteString(s)
	} else {
		b.WriteString(s)
		b.WriteString(padding.String())
	}
	return text(b.String()), nil
}

// initcap upper-cases the first letter of each alphanumeric run and
// lower-cases the rest.
func initcap(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inWord := false
	for _, r := range s {
		if inWord {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(unicode.ToUpper(r))
		}
		inWord = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return b.String()
}

// concatFn is concat(VARIADIC "any"): NULLs are skipped.
func concatFn(_ *Env, args []types.Value) (types.Value, error) {
	var b []byte
	for _, v := range args {
		if v.K != types.KindNull {
			b = appendAsText(b, v)
		}
	}
	return text(string(b)), nil
}

// concatWS is concat_ws(sep, VARIADIC "any"): NULL separator → NULL.
func concatWS(_ *Env, args []types.Value) (types.Value, error) {
	if args[0].K == types.KindNull {
		return types.NullValue, nil
	}
	var b []byte
	first := true
	for _, v := range args[1:] {
		if v.K == types.KindNull {
			continue
		}
		if !first {
			b = append(b, args[0].S...)
		}
		first = false
		b = appendAsText(b, v)
	}
	return text(string(b)), nil
}

// appendAsText appends v's text output form. Values carry their kind, so
// the type's modifier is the only thing lost, and output never needs it.
func appendAsText(b []byte, v types.Value) []byte {
	switch {
	case v.K == types.KindBpchar:
		return append(b, strings.TrimRight(v.S, " ")...)
	case v.K.IsString():
		return append(b, v.S...)
	}
	return types.AppendText(b, v, types.Type{Kind: v.K, Mod: -1})
}

// castText is the value's ::text cast, which || applies to non-string
// operands (so booleans read "true", unlike concat()'s output form).
func castText(v types.Value) (string, error) {
	if v.K == types.KindText || v.K == types.KindVarchar || v.K == types.KindUnknown {
		return v.S, nil
	}
	t, err := types.Cast(v, types.Text, true)
	return t.S, err
}

// concat compiles ||: text with anything (other operands become text
// through their output form); bytea || bytea stays bytea.
func (c *compiler) concat(l, r *Expr, loc int) (*Expr, error) {
	if l.Type.Kind == types.KindArray || r.Type.Kind == types.KindArray {
		return c.arrayConcat(l, r, loc)
	}
	lk, rk := l.Type.Kind, r.Type.Kind
	if lk == types.KindBytea && rk == types.KindBytea {
		x := &Expr{Type: types.Bytea, loc: loc, fn: strict2(l, r, func(a, b types.Value) (types.Value, error) {
			return types.Value{K: types.KindBytea, S: a.S + b.S}, nil
		})}
		return finish(x, l, r)
	}
	lText, rText := lk.IsString() || l.isUnknown(), rk.IsString() || r.isUnknown()
	if !lText && !rText {
		return nil, errNoBinaryOp("||", l.Type, r.Type, loc)
	}
	var err error
	if l.isUnknown() {
		if l, err = c.coerce(l, types.Text); err != nil {
			return nil, err
		}
	}
	if r.isUnknown() {
		if r, err = c.coerce(r, types.Text); err != nil {
			return nil, err
		}
	}
	x := &Expr{Type: types.Text, loc: loc, fn: strict2(l, r, func(a, b types.Value) (types.Value, error) {
		x, err := castText(a)
		if err != nil {
			return types.NullValue, err
		}
		y, err := castText(b)
		if err != nil {
			return types.NullValue, err
		}
		return text(x + y), nil
	})}
	return finish(x, l, r)
}
