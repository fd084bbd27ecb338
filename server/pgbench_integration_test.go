package server_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pgbench's statements, as captured from pgbench 15 (client-captures.md),
// run through pgx against a real server. COPY is replaced by INSERT …
// SELECT, which loads the same rows.

// pgbenchInit runs `pgbench -i`'s statements for `accounts` accounts and
// returns each statement's command tag.
func pgbenchInit(t *testing.T, conn *pgx.Conn, accounts int) []string {
	t.Helper()
	ctx := context.Background()
	stmts := []string{
		"drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers",
		"create table pgbench_history(tid int,bid int,aid int,delta int,mtime timestamp,filler char(22))",
		"create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) with (fillfactor=100)",
		"create table pgbench_accounts(aid int not null,bid int,abalance int,filler char(84)) with (fillfactor=100)",
		"create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with (fillfactor=100)",
		"begin",
		"truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers",
		"insert into pgbench_branches(bid,bbalance) values(1,0)",
		"insert into pgbench_tellers(tid,bid,tbalance) select g, 1, 0 from generate_series(1, 10) g",
		fmt.Sprintf("insert into pgbench_accounts(aid,bid,abalance,filler) select g, 1, 0, '' from generate_series(1, %d) g", accounts),
		"commit",
		"vacuum analyze pgbench_branches",
		"vacuum analyze pgbench_tellers",
		"vacuum analyze pgbench_accounts",
		"vacuum analyze pgbench_history",
		"alter table pgbench_branches add primary key (bid)",
		"alter table pgbench_tellers add primary key (tid)",
		"alter table pgbench_accounts add primary key (aid)",
	}
	tags := make([]string, len(stmts))
	for i, sql := range stmts {
		tag, err := conn.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
		require.NoError(t, err, sql)
		tags[i] = tag.String()
	}
	return tags
}

func TestPgbenchInitStatements(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	tags := pgbenchInit(t, conn, 10000)
	require.Equal(t, []string{
		"DROP TABLE", "CREATE TABLE", "CREATE TABLE", "CREATE TABLE", "CREATE TABLE",
		"BEGIN", "TRUNCATE TABLE", "INSERT 0 1", "INSERT 0 10", "INSERT 0 10000", "COMMIT",
		"VACUUM", "VACUUM", "VACUUM", "VACUUM",
		"ALTER TABLE", "ALTER TABLE", "ALTER TABLE",
	}, tags)

	ctx := context.Background()
	// Key lookups work, and the key is enforced.
	var bal, bid int32
	require.NoError(t, conn.QueryRow(ctx, "SELECT abalance, bid FROM pgbench_accounts WHERE aid = $1", 9999).Scan(&bal, &bid))
	assert.Equal(t, int32(0), bal)
	assert.Equal(t, int32(1), bid)
	_, err := conn.Exec(ctx, "INSERT INTO pgbench_accounts (aid, bid, abalance) VALUES (42, 1, 0)")
	var pe *pgconn.PgError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "23505", pe.Code)
	assert.Equal(t, `duplicate key value violates unique constraint "pgbench_accounts_pkey"`, pe.Message)
	assert.Equal(t, "Key (aid)=(42) already exists.", pe.Detail)

	// The statements pgbench runs before a benchmark.
	assert.Equal(t, int64(1), count(t, conn, "select count(*) from pgbench_branches"))
	var n int32
	var partstrat *string
	var parts int64
	require.NoError(t, conn.QueryRow(ctx, partitionProbe).Scan(&n, &partstrat, &parts))
	assert.Equal(t, int32(2), n) // public in current_schemas(true) = {pg_catalog, public}
	assert.Nil(t, partstrat)
	assert.Equal(t, int64(0), parts)
	for sql, want := range map[string]string{
		"vacuum pgbench_branches": "VACUUM", "vacuum pgbench_tellers": "VACUUM",
		"analyze pgbench_accounts": "ANALYZE", "truncate pgbench_history": "TRUNCATE TABLE",
	} {
		assert.Equal(t, want, mustExec(t, conn, sql).String(), sql)
	}

	// Running -i again drops all four tables in one statement.
	tags = pgbenchInit(t, conn, 100)
	require.Equal(t, "DROP TABLE", tags[0])
	assert.Equal(t, int64(100), count(t, conn, "select count(*) from pgbench_accounts"))
}

// partitionProbe is pgbench 15's check whether pgbench_accounts is partitioned.
const partitionProbe = "select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c " +
	"join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) " +
	"cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) " +
	"left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) " +
	"left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) " +
	"where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1"

// TestPgbenchTPCB runs pgbench's default script in the three -M modes.
func TestPgbenchTPCB(t *testing.T) {
	ts := startServer(t)
	pgbenchInit(t, ts.connect(), 1000)
	modes := []struct {
		name string
		mode pgx.QueryExecMode
	}{
		{"simple", pgx.QueryExecModeSimpleProtocol},
		{"extended", pgx.QueryExecModeExec},
		{"prepared", pgx.QueryExecModeCacheStatement},
	}
	ctx := context.Background()
	for k, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			conn := ts.connect()
			aid, tid, delta := 100+k, 1+k, 10*(k+1)
			for round := 0; round < 3; round++ {
				mustExecMode(t, conn, m.mode, "BEGIN;")
				mustExecMode(t, conn, m.mode, "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;", delta, aid)
				var bal int32
				require.NoError(t, conn.QueryRow(ctx, "SELECT abalance FROM pgbench_accounts WHERE aid = $1;", m.mode, aid).Scan(&bal))
				assert.Equal(t, int32(delta*(round+1)), bal)
				mustExecMode(t, conn, m.mode, "UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2;", delta, tid)
				mustExecMode(t, conn, m.mode, "UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2;", delta, 1)
				tag := mustExecMode(t, conn, m.mode,
					"INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP);", tid, 1, aid, delta)
				assert.Equal(t, "INSERT 0 1", tag.String())
				assert.Equal(t, "COMMIT", mustExecMode(t, conn, m.mode, "END;").String())
			}
			assert.Equal(t, int64(3*delta), count(t, conn, "SELECT tbalance FROM pgbench_tellers WHERE tid = $1", tid))
			assert.Equal(t, int64(3), count(t, conn, "SELECT count(*) FROM pgbench_history WHERE aid = $1", aid))
		})
	}
	conn := ts.connect()
	assert.Equal(t, int64(3*(10+20+30)), count(t, conn, "SELECT bbalance FROM pgbench_branches WHERE bid = 1"))
	// pgbench -S.
	assert.Equal(t, int64(0), count(t, conn, "SELECT abalance FROM pgbench_accounts WHERE aid = $1;", 999))
}

func mustExecMode(t *testing.T, conn *pgx.Conn, mode pgx.QueryExecMode, sql string, args ...any) pgconn.CommandTag {
	t.Helper()
	tag, err := conn.Exec(context.Background(), sql, append([]any{mode}, args...)...)
	require.NoError(t, err, sql)
	return tag
}

func TestAlterTableAddPrimaryKeyDuplicateOverWire(t *testing.T) {
	ts := startServer(t)
	conn := ts.connect()
	mustExec(t, conn, "CREATE TABLE t (aid int, v text)")
	mustExec(t, conn, "INSERT INTO t SELECT g % 5000, 'x' FROM generate_series(1, 10000) g")
	_, err := conn.Exec(context.Background(), "ALTER TABLE t ADD PRIMARY KEY (aid)")
	var pe *pgconn.PgError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "23505", pe.Code)
	assert.Equal(t, `could not create unique index "t_pkey"`, pe.Message)
	assert.Equal(t, "Key (aid)=(0) is duplicated.", pe.Detail)
	assert.Equal(t, "public", pe.SchemaName)
	assert.Equal(t, "t", pe.TableName)
	assert.Equal(t, "t_pkey", pe.ConstraintName)
	// Unchanged: still keyless, so duplicates still go in.
	mustExec(t, conn, "INSERT INTO t VALUES (1, 'y')")
	assert.Equal(t, int64(10001), count(t, conn, "SELECT count(*) FROM t"))
	assert.Equal(t, int64(3), count(t, conn, "SELECT count(*) FROM t WHERE aid = 1"))
}
