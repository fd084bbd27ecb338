package parse

import (
	"errors"
	"testing"

	"github.com/kalamdb/kalamdb/types/pgerr"
)

// FuzzParse checks that Parse never panics and that it only ever fails with
// a *pgerr.Error whose position lies inside the string.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"SELECT a, b FROM t WHERE id = $1",
		"INSERT INTO t (a) VALUES (1), (DEFAULT) RETURNING *",
		"UPDATE t SET a = -2147483648 WHERE b BETWEEN 1.5e3 AND 'x'",
		"CREATE USER TABLE t (id int PRIMARY KEY) WITH (ttl_seconds = 1)",
		"create namespace \"é\"; use é; show namespaces; drop namespace a, b cascade",
		"select 'a;b' ; select $$;$$; -- c\n/* d */",
		"SET search_path = a, b; RESET ALL; BEGIN ISOLATION LEVEL SERIALIZABLE",
		"select * form t",
		"select e'\\'; 1e99999; 0x1F",
		"WITH x AS (SELECT 1) SELECT a[1:2], (f(b)).c FROM x JOIN LATERAL unnest(y) WITH ORDINALITY u(v, n) USING (k)",
		"SELECT * FROM (VALUES (1)), ((SELECT 1) UNION ALL (SELECT 2)) EXCEPT SELECT 3 ORDER BY 1",
		"SELECT x = ANY(ARRAY[1]) OR EXISTS (SELECT 1) AND y NOT IN (SELECT 2), row_number() OVER (PARTITION BY z)",
		"PREPARE p(int) AS SELECT $1 FOR UPDATE; EXECUTE p(1); DEALLOCATE ALL; DISCARD ALL",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		_, err := Parse(sql)
		if err == nil {
			return
		}
		var pe *pgerr.Error
		if !errors.As(err, &pe) {
			t.Fatalf("%q: error %T is not a *pgerr.Error", sql, err)
		}
		if pe.Code == "" || pe.Position < 0 || pe.Position > len([]rune(sql))+1 {
			t.Fatalf("%q: bad error %+v", sql, pe)
		}
	})
}
