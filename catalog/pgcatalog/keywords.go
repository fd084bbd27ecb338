package pgcatalog

import (
	"sync"

	"github.com/kalamdb/kalamdb/types"
)

// KeywordColumns are the output columns of pg_get_keywords().
var KeywordColumns = []Column{
	{Name: "word", Type: types.Text},
	{Name: "catcode", Type: types.Char},
	{Name: "barelabel", Type: types.Bool},
	{Name: "catdesc", Type: types.Text},
	{Name: "baredesc", Type: types.Text},
}

type keywordList struct {
	rows     [][]types.Value
	category map[string]byte
}

// keywords is PostgreSQL 15's keyword list, generated from pg_get_keywords().
var keywords = sync.OnceValue(func() *keywordList {
	t, err := readTable("keywords")
	if err != nil {
		panic(err)
	}
	kl := &keywordList{category: make(map[string]byte, len(t.rows))}
	for _, r := range t.rows {
		row := make([]types.Value, len(KeywordColumns))
		for i, c := range KeywordColumns {
			if row[i], err = decodeCell(r.cells[i], c.Type); err != nil {
				panic(err)
			}
		}
		kl.rows = append(kl.rows, row)
		kl.category[r.cells[0]] = r.cells[1][0]
	}
	return kl
})

// Keywords returns the rows of pg_get_keywords(), sorted by word. The rows
// are shared: do not modify them.
func Keywords() [][]types.Value { return keywords().rows }

// KeywordCategory returns a keyword's category — 'U' unreserved, 'C'
// column name, 'T' type or function name, 'R' reserved — or false.
func KeywordCategory(word string) (byte, bool) {
	c, ok := keywords().category[word]
	return c, ok
}

// QuoteIdent quotes an identifier as PostgreSQL's quote_ident does: left
// alone when it is lower-case letters, digits and underscores, does not
// start with a digit and is not a keyword other than an unreserved one.
func QuoteIdent(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; safe && i < len(s); i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
	}
	if safe {
		if cat, ok := KeywordCategory(s); ok && cat != 'U' {
			safe = false
		}
	}
	if safe {
		return s
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}
