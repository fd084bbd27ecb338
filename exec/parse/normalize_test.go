package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/types"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		sql  string
		text string // "" = left as written
		lits []Literal
	}{
		{"SELECT name FROM users WHERE id = 42", "SELECT name FROM users WHERE id = $1", []Literal{{"42", types.Int4}}},
		{"select * from t where a = 'it''s' and b > 3000000000 and c < 1.5e3",
			"select * from t where a = $1 and b > $2 and c < $3",
			[]Literal{{"it's", types.Unknown}, {"3000000000", types.Int8}, {"1.5e3", types.Numeric}}},
		{"SELECT a, b FROM t ORDER BY 2, 1 LIMIT 10", "SELECT a, b FROM t ORDER BY 2, 1 LIMIT $1", []Literal{{"10", types.Int4}}},
		{"SELECT a FROM t GROUP BY 1 HAVING count(*) > 2", "SELECT a FROM t GROUP BY 1 HAVING count(*) > $1", []Literal{{"2", types.Int4}}},
		{"SELECT DATE '2024-01-01', x::numeric(10,2) + 1", "SELECT DATE '2024-01-01', x::numeric(10,2) + $1", []Literal{{"1", types.Int4}}},
		{"SELECT CAST(x AS varchar(5)) FROM t WHERE y IN (1, 2)", "SELECT CAST(x AS varchar(5)) FROM t WHERE y IN ($1, $2)",
			[]Literal{{"1", types.Int4}, {"2", types.Int4}}},
		{"INSERT INTO t VALUES (1, 'a'), (2, E'b\\n')", "INSERT INTO t VALUES ($1, $2), ($3, E'b\\n')",
			[]Literal{{"1", types.Int4}, {"a", types.Unknown}, {"2", types.Int4}}},
		{"SELECT $1 + 1", "", nil},
		{"CREATE TABLE t (a varchar(10) DEFAULT 'x')", "", nil},
		{"SELECT * FROM t", "", nil},
		{"SELECT $$a 'b' 1$$, 2 -- 3\n", "SELECT $$a 'b' 1$$, $1 -- 3\n", []Literal{{"2", types.Int4}}},
	}
	for _, c := range cases {
		got := Normalize(c.sql)
		require.Len(t, got, 1, c.sql)
		require.Equal(t, c.text, got[0].Text, c.sql)
		require.Equal(t, c.lits, got[0].Literals, c.sql)
	}
	multi := Normalize("SELECT 1; ; -- x\nUPDATE t SET a = 'x' WHERE id = 7;")
	require.Len(t, multi, 2)
	require.Equal(t, " -- x\nUPDATE t SET a = $1 WHERE id = $2", multi[1].Text)
	require.Equal(t, "SELECT $1", multi[0].Text)
}
