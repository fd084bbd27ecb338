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
