package exec_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kalamdb/kalamdb/exec"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// queryErr runs sql and requires it to fail, returning the error.
func queryErr(t *testing.T, s *exec.Session, sql string) *pgerr.Error {
	t.Helper()
	err := s.SimpleQuery(context.Background(), sql, &textResult{})
	require.Error(t, err, sql)
	return pgerr.From(err)
}

// fillAccounts creates pgbench_accounts the way pgbench -i does (no key)
// and loads n rows in one INSERT … SELECT.
func fillAccounts(t *testing.T, s *exec.Session, n int) {
	t.Helper()
	query(t, s, "CREATE TABLE pgbench_accounts(aid int not null, bid int, abalance int, filler char(84)) WITH (fillfactor=100)")
	query(t, s, fmt.Sprintf("INSERT INTO pgbench_accounts (aid, bid, abalance) SELECT g, (g - 1) / 1000 + 1, 0 FROM generate_series(1, %d) g", n))
}

func TestAlterTableAddPrimaryKeyRewritesRows(t *testing.T) {
	s := newSession(t)
	fillAccounts(t, s, 10000)

	r := query(t, s, "ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)")
	require.Equal(t, []string{"ALTER TABLE"}, r.tags)

	// Rows are now stored in key order: a scan returns them sorted.
	r = query(t, s, "SELECT aid FROM pgbench_accounts LIMIT 3")
	require.Equal(t, [][]string{{"1"}, {"2"}, {"3"}}, r.rows)
	r = query(t, s, "SELECT count(*), min(aid), max(aid), sum(bid) FROM pgbench_accounts")
	require.Equal(t, [][]string{{"10000", "1", "10000", "55000"}}, r.rows)

	// Key lookups and the TPC-B statements work against the keyed table.
	query(t, s, "UPDATE pgbench_accounts SET abalance = abalance + 17 WHERE aid = 7906")
	r = query(t, s, "SELECT abalance, bid FROM pgbench_accounts WHERE aid = 7906")
	require.Equal(t, [][]string{{"17", "8"}}, r.rows)

	e := queryErr(t, s, "INSERT INTO pgbench_accounts (aid, bid, abalance) VALUES (5, 1, 0)")
	require.Equal(t, pgerr.UniqueViolation, e.Code)
	require.Equal(t, `duplicate key value violates unique constraint "pgbench_accounts_pkey"`, e.Message)
	require.Equal(t, "Key (aid)=(5) already exists.", e.Detail)

	e = queryErr(t, s, "ALTER TABLE pgbench_accounts ADD PRIMARY KEY (bid)")
	require.Equal(t, pgerr.InvalidTableDefinition, e.Code)
	require.Equal(t, `multiple primary keys for table "pgbench_accounts" are not allowed`, e.Message)

	// The key column became NOT NULL, and it cannot lose it while keyed.
	e = queryErr(t, s, "INSERT INTO pgbench_accounts (bid) VALUES (1)")
	require.Equal(t, pgerr.NotNullViolation, e.Code)
	e = queryErr(t, s, "ALTER TABLE pgbench_accounts ALTER COLUMN aid DROP NOT NULL")
	require.Equal(t, pgerr.InvalidTableDefinition, e.Code)
	require.Equal(t, `column "aid" is in a primary key`, e.Message)

	// The catalog shows the key to clients.
	r = query(t, s, "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'pgbench_accounts'::regclass")
	require.Equal(t, [][]string{{"pgbench_accounts_pkey", "p"}}, r.rows)
}

func TestAlterTableAddPrimaryKeyRefusesBadRows(t *testing.T) {
	tests := []struct {
		name   string
		rows   string
		key    string
		code   string
		msg    string
		detail string
	}{
		{"duplicate", "(1, 1, 'x'), (2, 2, 'y'), (1, 3, 'z')", "a",
			pgerr.UniqueViolation, `could not create unique index "t_pkey"`, "Key (a)=(1) is duplicated."},
		{"duplicate composite", "(1, 1, 'x'), (1, 1, 'y'), (1, 2, 'z')", "a, b",
			pgerr.UniqueViolation, `could not create unique index "t_pkey"`, "Key (a, b)=(1, 1) is duplicated."},
		{"duplicate text", "(1, 1, 'x'), (2, 2, 'x')", "c",
			pgerr.UniqueViolation, `could not create unique index "t_pkey"`, "Key (c)=(x) is duplicated."},
		// A duplicate outranks a NULL, as in PostgreSQL; NULLs never collide.
		{"duplicate before null", "(NULL, 1, 'x'), (NULL, 2, 'y'), (3, 3, 'z'), (3, 4, 'w')", "a",
			pgerr.UniqueViolation, `could not create unique index "t_pkey"`, "Key (a)=(3) is duplicated."},
		{"null", "(1, 1, 'x'), (NULL, 2, 'y'), (NULL, 3, 'z')", "a",
			pgerr.NotNullViolation, `column "a" of relation "t" contains null values`, ""},
		{"missing column", "(1, 1, 'x')", "zz",
			pgerr.UndefinedColumn, `column "zz" of relation "t" does not exist`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t)
			query(t, s, "CREATE TABLE t (a int, b int, c text)")
			query(t, s, "INSERT INTO t VALUES "+tt.rows)
			before := query(t, s, "SELECT a, b, c FROM t").rows

			e := queryErr(t, s, "ALTER TABLE t ADD PRIMARY KEY ("+tt.key+")")
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.msg, e.Message)
			assert.Equal(t, tt.detail, e.Detail)

			// Nothing changed: same rows in the same (hidden id) order, no
			// key, no NOT NULL, and rows the key would refuse still go in.
			require.Equal(t, before, query(t, s, "SELECT a, b, c FROM t").rows)
			query(t, s, "INSERT INTO t VALUES (NULL, 1, 'x')")
			require.Empty(t, query(t, s, "SELECT 1 FROM pg_constraint WHERE conrelid = 't'::regclass").rows)
		})
	}
}

func TestAlterTableColumns(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id int PRIMARY KEY, a int, c text)")
	query(t, s, "INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y')")

	steps := []struct {
		sql  string
		tags []string
	}{
		// Existing rows get an added column's default (a rewrite); a
		// column without one reads as NULL.
		{"ALTER TABLE t ADD COLUMN d int DEFAULT 7", []string{"ALTER TABLE"}},
		{"ALTER TABLE t ADD e text", []string{"ALTER TABLE"}},
		{"ALTER TABLE t ADD COLUMN IF NOT EXISTS e int", []string{`NOTICE 42701 column "e" of relation "t" already exists, skipping`, "ALTER TABLE"}},
		{"ALTER TABLE t DROP COLUMN a", []string{"ALTER TABLE"}},
		{"ALTER TABLE t DROP COLUMN IF EXISTS zz", []string{`NOTICE 00000 column "zz" of relation "t" does not exist, skipping`, "ALTER TABLE"}},
		{"ALTER TABLE t RENAME COLUMN c TO cc", []string{"ALTER TABLE"}},
		{"ALTER TABLE t ALTER COLUMN e SET DEFAULT 'dflt'", []string{"ALTER TABLE"}},
		{"ALTER TABLE t ALTER COLUMN d SET NOT NULL", []string{"ALTER TABLE"}},
		{"ALTER TABLE t SET (fillfactor = 90)", []string{"ALTER TABLE"}},
		{"ALTER TABLE t RESET (fillfactor)", []string{"ALTER TABLE"}},
		{"ALTER TABLE IF EXISTS nope ADD COLUMN x int", []string{`NOTICE 00000 relation "nope" does not exist, skipping`, "ALTER TABLE"}},
	}
	for _, st := range steps {
		require.Equal(t, st.tags, query(t, s, st.sql).tags, st.sql)
	}
	query(t, s, "INSERT INTO t (id, cc, d) VALUES (3, 'z', 8)")
	r := query(t, s, "SELECT * FROM t ORDER BY id")
	require.Equal(t, "id,cc,d,e", columnNames(r))
	require.Equal(t, [][]string{{"1", "x", "7", "NULL"}, {"2", "y", "7", "NULL"}, {"3", "z", "8", "dflt"}}, r.rows)

	e := queryErr(t, s, "INSERT INTO t (id, cc, d) VALUES (4, 'w', NULL)")
	require.Equal(t, pgerr.NotNullViolation, e.Code)
	query(t, s, "ALTER TABLE t ALTER COLUMN d DROP NOT NULL, ALTER COLUMN e DROP DEFAULT")
	query(t, s, "INSERT INTO t (id, cc, d) VALUES (4, 'w', NULL)")
	require.Equal(t, [][]string{{"4", "w", "NULL", "NULL"}}, query(t, s, "SELECT * FROM t WHERE id = 4").rows)

	query(t, s, "ALTER TABLE t RENAME TO u")
	require.Equal(t, [][]string{{"4"}}, query(t, s, "SELECT count(*) FROM u").rows)
	require.Equal(t, pgerr.UndefinedTable, queryErr(t, s, "SELECT * FROM t").Code)
	// The key survived the rewrites.
	require.Equal(t, pgerr.UniqueViolation, queryErr(t, s, "INSERT INTO u (id) VALUES (2)").Code)
}

func TestAlterTableDropKeyColumnFallsBackToRowIDs(t *testing.T) {
	s := newSession(t)
	query(t, s, "CREATE TABLE t (id int PRIMARY KEY, v text)")
	query(t, s, "INSERT INTO t VALUES (2, 'b'), (1, 'a')")
	query(t, s, "ALTER TABLE t DROP COLUMN id")
	query(t, s, "INSERT INTO t VALUES ('a')") // no key any more: duplicates are fine
	require.Equal(t, [][]string{{"a", "2"}, {"b", "1"}}, query(t, s, "SELECT v, count(*) FROM t GROUP BY v ORDER BY v").rows)
	require.Equal(t, pgerr.FeatureNotSupported, queryErr(t, s, "ALTER TABLE t DROP COLUMN v").Code)
}

func TestAlterTableErrors(t *testing.T) {
	tests := []struct {
		sql, code, msg string
	}{
		{"ALTER TABLE nope ADD COLUMN x int", pgerr.UndefinedTable, `relation "nope" does not exist`},
		{"ALTER TABLE t ADD COLUMN a int", pgerr.DuplicateColumn, `column "a" of relation "t" already exists`},
		{"ALTER TABLE t ADD COLUMN x int NOT NULL", pgerr.NotNullViolation, `column "x" of relation "t" contains null values`},
		{"ALTER TABLE t DROP COLUMN zz", pgerr.UndefinedColumn, `column "zz" of relation "t" does not exist`},
		{"ALTER TABLE t RENAME COLUMN zz TO yy", pgerr.UndefinedColumn, `column "zz" does not exist`},
		{"ALTER TABLE t RENAME COLUMN a TO b", pgerr.DuplicateColumn, `column "b" of relation "t" already exists`},
		{"ALTER TABLE t RENAME TO u", pgerr.DuplicateTable, `relation "u" already exists`},
		{"ALTER TABLE t ALTER COLUMN zz SET DEFAULT 1", pgerr.UndefinedColumn, `column "zz" of relation "t" does not exist`},
		{"ALTER TABLE t ALTER COLUMN b SET NOT NULL", pgerr.NotNullViolation, `column "b" of relation "t" contains null values`},
		{"ALTER TABLE t ALTER COLUMN a SET DEFAULT 'x'", pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "x"`},
		{"ALTER TABLE t SET (bogus = 1)", pgerr.InvalidParameterValue, `unrecognized parameter "bogus"`},
		{"ALTER TABLE t ADD CONSTRAINT k PRIMARY KEY (a)", pgerr.FeatureNotSupported, `a primary key named other than "t_pkey" is not supported`},
		// The statement is atomic: the first command's column is not kept.
		{"ALTER TABLE t ADD COLUMN x int, DROP COLUMN zz", pgerr.UndefinedColumn, `column "zz" of relation "t" does not exist`},
	}
	s := newSession(t)
	query(t, s, "CREATE TABLE t (a int, b int)")
	query(t, s, "CREATE TABLE u (a int)")
	query(t, s, "INSERT INTO t VALUES (1, NULL)")
	for _, tt := range tests {
		e := queryErr(t, s, tt.sql)
		assert.Equal(t, tt.code, e.Code, tt.sql)
		assert.Equal(t, tt.msg, e.Message, tt.sql)
	}
	r := query(t, s, "SELECT * FROM t")
	require.Equal(t, "a,b", columnNames(r))
	require.Equal(t, [][]string{{"1", "NULL"}}, r.rows)
}

func TestVacuumAnalyzeTruncateDrop(t *testing.T) {
	s := newSession(t)
	for _, name := range []string{"a", "b", "c"} {
		query(t, s, "CREATE TABLE "+name+" (x int)")
		query(t, s, "INSERT INTO "+name+" VALUES (1), (2)")
	}
	tags := func(sql string) string { return strings.Join(query(t, s, sql).tags, "|") }
	require.Equal(t, "VACUUM", tags("VACUUM"))
	require.Equal(t, "VACUUM", tags("vacuum analyze a"))
	require.Equal(t, "VACUUM", tags("VACUUM (VERBOSE false, ANALYZE) a, b (x)"))
	require.Equal(t, "ANALYZE", tags("ANALYZE"))
	require.Equal(t, "ANALYZE", tags("ANALYZE c"))
	require.Equal(t, pgerr.UndefinedTable, queryErr(t, s, "VACUUM nope").Code)
	require.Equal(t, pgerr.UndefinedTable, queryErr(t, s, "ANALYZE nope").Code)

	query(t, s, "BEGIN")
	require.Equal(t, "ANALYZE", tags("ANALYZE a"))
	e := queryErr(t, s, "VACUUM a")
	require.Equal(t, pgerr.ActiveSQLTransaction, e.Code)
	require.Equal(t, "VACUUM cannot run inside a transaction block", e.Message)
	query(t, s, "ROLLBACK")

	require.Equal(t, "TRUNCATE TABLE", tags("TRUNCATE TABLE a, b"))
	require.Equal(t, [][]string{{"0", "0", "2"}},
		query(t, s, "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), (SELECT count(*) FROM c)").rows)

	require.Equal(t, `NOTICE 00000 table "nope" does not exist, skipping|DROP TABLE`,
		tags("DROP TABLE IF EXISTS a, nope, b"))
	require.Equal(t, pgerr.UndefinedTable, queryErr(t, s, "SELECT * FROM a").Code)
	require.Equal(t, pgerr.UndefinedTable, queryErr(t, s, "SELECT * FROM b").Code)
	require.Equal(t, [][]string{{"2"}}, query(t, s, "SELECT count(*) FROM c").rows)
}

func columnNames(r *textResult) string {
	names := make([]string, len(r.cols))
	for i, c := range r.cols {
		names[i] = c.Name
	}
	return strings.Join(names, ",")
}

// BenchmarkAlterTableAddPrimaryKey measures the rewrite of pgbench_accounts
// rows (scale 1 = 100k rows per iteration).
func BenchmarkAlterTableAddPrimaryKey(b *testing.B) {
	const rows = 100000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := newEngine(b, 0).NewSession(exec.SessionInfo{User: "root"})
		ctx := context.Background()
		require.NoError(b, s.SimpleQuery(ctx, "CREATE TABLE pgbench_accounts(aid int not null, bid int, abalance int, filler char(84))", &textResult{}))
		require.NoError(b, s.SimpleQuery(ctx, fmt.Sprintf("INSERT INTO pgbench_accounts SELECT g, 1, 0, '' FROM generate_series(1, %d) g", rows), &textResult{}))
		b.StartTimer()
		require.NoError(b, s.SimpleQuery(ctx, "ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)", &textResult{}))
	}
}
