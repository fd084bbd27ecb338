package parse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// openingParen is the byte offset of the '(' that opens the parenthesized
// subquery n of the statement being translated, which is where PostgreSQL
// points for "subquery in FROM must have an alias"; -1 when it cannot tell.
//
// pg_query's tree keeps no location for a subquery, so the offset is
// recovered from the statement's tokens: the innermost parenthesized group
// that holds every located node of n and opens with what a query can start
// with, widened over redundant parentheses around it ("((SELECT 1))"
// points at the first one, as PostgreSQL does).
// This runs on the error path only.
func (t *translator) openingParen(n *pg_query.Node) int {
	lo, hi := nodeSpan(n.ProtoReflect())
	if lo < 0 {
		return -1
	}
	scan, err := pg_query.Scan(t.sql[t.stmtStart:t.stmtEnd])
	if err != nil {
		return -1
	}
	toks := scan.Tokens
	pos := func(i int) int { return t.stmtStart + int(toks[i].Start) }
	// close[i] is the index of the ')' matching the '(' at token i.
	closeOf := make(map[int]int)
	var stack []int
	for i, tok := range toks {
		switch tok.Token {
		case pg_query.Token_ASCII_40:
			stack = append(stack, i)
		case pg_query.Token_ASCII_41:
			if len(stack) > 0 {
				closeOf[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		}
	}
	open := -1
	for o, c := range closeOf {
		if pos(o) < lo && pos(c) > hi && o > open && o+1 < len(toks) && startsQuery[toks[o+1].Token] {
			open = o
		}
	}
	if open < 0 {
		return -1
	}
	for open > 0 {
		c, ok := closeOf[open-1]
		if !ok || c != closeOf[open]+1 {
			break
		}
		open--
	}
	return pos(open)
}

// startsQuery are the tokens a parenthesized query can start with; they
// tell a subquery's own parentheses from those of, say, a VALUES row.
var startsQuery = map[pg_query.Token]bool{
	pg_query.Token_SELECT:   true,
	pg_query.Token_VALUES:   true,
	pg_query.Token_WITH:     true,
	pg_query.Token_TABLE:    true,
	pg_query.Token_ASCII_40: true,
}

// nodeSpan is the smallest and largest location field found anywhere in
// m, or -1, -1 when none is set.
func nodeSpan(m protoreflect.Message) (lo, hi int) {
	lo, hi = -1, -1
	walkMessages(m, func(m protoreflect.Message) bool {
		if l := messageLocation(m); l >= 0 {
			if lo < 0 || l < lo {
				lo = l
			}
			hi = max(hi, l)
		}
		return true
	})
	return lo, hi
}

// messageLocation is m's location field, -1 when it has none.
func messageLocation(m protoreflect.Message) int {
	f := m.Descriptor().Fields().ByName("location")
	if f == nil || f.Kind() != protoreflect.Int32Kind || !m.Has(f) {
		return -1
	}
	return int(m.Get(f).Int())
}

// walkMessages calls fn on m and every message below it, depth first in
// field order, until fn returns false.
func walkMessages(m protoreflect.Message, fn func(protoreflect.Message) bool) bool {
	if !fn(m) {
		return false
	}
	ok := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap() || fd.Message() == nil:
		case fd.IsList():
			for i, list := 0, v.List(); i < list.Len() && ok; i++ {
				ok = walkMessages(list.Get(i).Message(), fn)
			}
		default:
			ok = walkMessages(v.Message(), fn)
		}
		return ok
	})
	return ok
}
