package parse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec/ast"
)

// TestFormatRoundTrip checks that ast.Format prints the catalog-query
// nodes so that they parse back to the same tree: Format is how defaults
// are stored and how the planner matches expressions structurally.
func TestFormatRoundTrip(t *testing.T) {
	exprs := []string{
		"a[1][2:3]", "b[:1]", "c[2:]", "(f(x)).n", "(t.k).x[1]", "$1[2]",
		"ARRAY[1, 2]", "ARRAY[[1], [2]]", "ARRAY[]::int[]", "ROW(1, 'a')", "ROW()",
		"a IS DISTINCT FROM b", "a IS NOT DISTINCT FROM NULL",
		"x = ANY($1)", "x <> ALL (ARRAY[1])", "x LIKE ANY ('{a}')", `'a'::"char"`,
		"string_agg(a, ',' ORDER BY b DESC NULLS LAST, c)", "count(*) FILTER (WHERE a > 1)",
		"row_number() OVER ()", "sum(a) OVER (PARTITION BY b, c ORDER BY d)", "rank() OVER (ORDER BY d)",
		"(SELECT 1)", "EXISTS (SELECT 1 FROM t)", "ARRAY(SELECT a FROM t ORDER BY 1)",
		"a IN (SELECT b FROM t)", "a NOT IN (SELECT b FROM t)", "a < ALL (SELECT b FROM t)",
		"(SELECT DISTINCT ON (a) a AS \"X\", t.* FROM s.t AS t (a, b) WHERE a GROUP BY a HAVING true ORDER BY a LIMIT 1 OFFSET 2 FOR UPDATE)",
		"(WITH w (n) AS (SELECT 1) SELECT n FROM w)",
		"(SELECT 1 UNION ALL SELECT 2 EXCEPT VALUES (3) ORDER BY 1 LIMIT 1)",
		"(SELECT * FROM a JOIN b USING (k) LEFT JOIN c ON c.x = a.x CROSS JOIN d NATURAL FULL JOIN e)",
		"(SELECT * FROM (a JOIN b ON true) AS j (p), LATERAL (VALUES (1)) AS v (n), LATERAL unnest(a) WITH ORDINALITY AS u (v, i))",
	}
	for _, sql := range exprs {
		t.Run(sql, func(t *testing.T) {
			want := parseExpr(t, sql)
			printed := ast.Format(want)
			require.Equal(t, want, parseExpr(t, printed), printed)
		})
	}
}
