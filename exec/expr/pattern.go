package expr

import (
	"strings"
	"unicode/utf8"

	"github.com/kalamdb/kalamdb/types"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// LIKE / ILIKE. A constant pattern is compiled once into a matcher; the
// common shapes (exact, 'x%', '%x', '%x%') become plain string tests, the
// rest run a backtracking glob over runes. Backslash escapes the next
// character; '_' matches one character, '%' any run of characters.

var errLikeEscape = pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")

type likeElemKind uint8

const (
	likeLit likeElemKind = iota
	likeOne
	likeAny
	likeBadEscape // a trailing escape: an error only if matching reaches it
)

type likeElem struct {
	kind likeElemKind
	r    rune
}

// likeMatcher matches one compiled pattern; it is immutable.
type likeMatcher struct {
	fold  bool   // ILIKE: input is lowercased (the pattern already is)
	shape uint8  // shapeGlob, shapeExact, shapePrefix, shapeSuffix, shapeContains, shapeAll
	lit   string // the literal for the simple shapes
	elems []likeElem
}

const (
	shapeGlob uint8 = iota
	shapeExact
	shapePrefix
	shapeSuffix
	shapeContains
	shapeAll
)

func compileLike(pattern string, fold bool) (*likeMatcher, error) {
	if fold {
		pattern = strings.ToLower(pattern)
	}
	m := &likeMatcher{fold: fold}
	var lit strings.Builder
	onlyLits := true
	for i := 0; i < len(pattern); {
		r, size := utf8.DecodeRuneInString(pattern[i:])
		i += size
		switch r {
		case '\\':
			if i >= len(pattern) {
				// PostgreSQL only complains when matching gets this far.
				onlyLits = false
				m.elems = append(m.elems, likeElem{kind: likeBadEscape})
				continue
			}
			r, size = utf8.DecodeRuneInString(pattern[i:])
			i += size
			m.elems = append(m.elems, likeElem{kind: likeLit, r: r})
		case '_':
			onlyLits = false
			m.elems = append(m.elems, likeElem{kind: likeOne})
		case '%':
			if n := len(m.elems); n > 0 && m.elems[n-1].kind == likeAny {
				continue // %% is %
			}
			m.elems = append(m.elems, likeElem{kind: likeAny})
		default:
			m.elems = append(m.elems, likeElem{kind: likeLit, r: r})
		}
	}
	if !onlyLits {
		return m, nil
	}
	// Without '_', classify by where the '%'s are.
	inner := m.elems
	lead := len(inner) > 0 && inner[0].kind == likeAny
	if lead {
		inner = inner[1:]
	}
	trail := len(inner) > 0 && inner[len(inner)-1].kind == likeAny
	if trail {
		inner = inner[:len(inner)-1]
	}
	for _, e := range inner {
		if e.kind != likeLit {
			return m, nil
		}
		lit.WriteRune(e.r)
	}
	m.lit = lit.String()
	switch {
	case (lead || trail) && m.lit == "":
		m.shape = shapeAll
	case lead && trail:
		m.shape = shapeContains
	case lead:
		m.shape = shapeSuffix
	case trail:
		m.shape = shapePrefix
	default:
		m.shape = shapeExact
	}
	return m, nil
}

func (m *likeMatcher) match(s string) (bool, error) {
	if m.fold {
		s = strings.ToLower(s)
	}
	switch m.shape {
	case shapeExact:
		return s == m.lit, nil
	case shapePrefix:
		return strings.HasPrefix(s, m.lit), nil
	case shapeSuffix:
		return strings.HasSuffix(s, m.lit), nil
	case shapeContains:
		return strings.Contains(s, m.lit), nil
	case shapeAll:
		return true, nil
	}
	return globMatch(m.elems, s)
}

// globMatch is the classic single-backtrack-point wildcard match: on a
// mismatch it retries from the last '%' one character further on.
func globMatch(p []likeElem, s string) (bool, error) {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
		if pi < len(p) {
			switch e := p[pi]; {
			case e.kind == likeBadEscape:
				return false, errLikeEscape
			case e.kind == likeAny:
				starP, starS = pi, si
				pi++
				continue
			case e.kind == likeOne || e.r == r:
				pi++
				si += size
				continue
			}
		}
		if starP < 0 {
			return false, nil
		}
		_, skip := utf8.DecodeRuneInString(s[starS:])
		starS += skip
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi].kind == likeAny {
		pi++
	}
	return pi == len(p), nil
}

// like compiles ~~ !~~ ~~* !~~*.
func (c *compiler) like(op string, l, r *Expr, loc int) (*Expr, error) {
	if !l.Type.Kind.IsString() && !l.isUnknown() || !r.Type.Kind.IsString() && !r.isUnknown() {
		return nil, errNoBinaryOp(op, l.Type, r.Type, loc)
	}
	// Known string kinds share Value.S and match as they are.
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
	fold := strings.HasSuffix(op, "*")
	neg := strings.HasPrefix(op, "!")
	lf := l.fn
	x := &Expr{Type: types.Bool, loc: loc}
	if r.konst {
		if r.val.IsNull() {
			return constExpr(types.NullValue, types.Bool, loc), nil
		}
		m, err := compileLike(r.val.S, fold)
		if err != nil {
			return nil, err
		}
		x.fn = func(env *Env, row []types.Value) (types.Value, error) {
			v, err := lf(env, row)
			if err != nil || v.K == types.KindNull {
				return v, err
			}
			ok, err := m.match(v.S)
			return types.NewBool(ok != neg), err
		}
	} else {
		x.fn = strict2(l, r, func(a, b types.Value) (types.Value, error) {
			m, err := compileLike(b.S, fold)
			if err != nil {
				return types.NullValue, err
			}
			ok, err := m.match(a.S)
			return types.NewBool(ok != neg), err
		})
	}
	return finish(x, l, r)
}
