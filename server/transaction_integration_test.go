package server_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Isolation tests: several pgx connections against one real server.

func count(t *testing.T, conn *pgx.Conn, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	require.NoError(t, conn.QueryRow(context.Background(), sql, args...).Scan(&n), sql)
	return n
}

func TestNoDirtyReads(t *testing.T) {
	ts := startServer(t)
	a, b := ts.connect(), ts.connect()
	mustExec(t, a, `CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)`)
	mustExec(t, a, `INSERT INTO acct VALUES (1, 100)`)
	mustExec(t, a, `BEGIN`)
	mustExec(t, a, `UPDATE acct SET bal = 0 WHERE id = 1`)
	mustExec(t, a, `INSERT INTO acct VALUES (2, 5)`)
	assert.Equal(t, int64(0), count(t, a, `SELECT bal FROM acct WHERE id = 1`), "a block reads its own writes")
	assert.Equal(t, int64(100), count(t, b, `SELECT bal FROM acct WHERE id = 1`), "others never see uncommitted writes")
	assert.Equal(t, int64(1), count(t, b, `SELECT count(*) FROM acct`))
	mustExec(t, a, `COMMIT`)
	assert.Equal(t, int64(0), count(t, b, `SELECT bal FROM acct WHERE id = 1`))
	assert.Equal(t, int64(2), count(t, b, `SELECT count(*) FROM acct`))
}

func TestNoLostUpdatesInTransactionBlocks(t *testing.T) {
	ts := startServer(t)
	setup := ts.connect()
	mustExec(t, setup, `CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT NOT NULL)`)
	mustExec(t, setup, `INSERT INTO counter VALUES (1, 0), (2, 0)`)
	const workers, rounds = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, ts.DSN())
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(ctx)
			for i := 0; i < rounds; i++ {
				err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
					if _, err := tx.Exec(ctx, `UPDATE counter SET n = n + 1 WHERE id = 1`); err != nil {
						return err
					}
					var n int64
					if err := tx.QueryRow(ctx, `SELECT n FROM counter WHERE id = 1`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, `UPDATE counter SET n = $1 WHERE id = 2`, n)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int64(workers*rounds), count(t, setup, `SELECT n FROM counter WHERE id = 1`))
	// Row 1 was locked until each block committed, so the last writer of row 2 saw the final count.
	assert.Equal(t, int64(workers*rounds), count(t, setup, `SELECT n FROM counter WHERE id = 2`))
}

func TestRepeatableReadWriteConflictIs40001(t *testing.T) {
	ts := startServer(t)
	a, b := ts.connect(), ts.connect()
	mustExec(t, a, `CREATE TABLE item (id INT PRIMARY KEY, v INT)`)
	mustExec(t, a, `INSERT INTO item VALUES (1, 1), (2, 2)`)
	for _, level := range []string{"REPEATABLE READ", "SERIALIZABLE"} {
		mustExec(t, a, `BEGIN ISOLATION LEVEL `+level)
		before := count(t, a, `SELECT v FROM item WHERE id = 1`)
		mustExec(t, b, `UPDATE item SET v = v + 10 WHERE id = 1`)
		mustExec(t, b, `INSERT INTO item VALUES (3, 3)`)
		// The block keeps reading its snapshot …
		assert.Equal(t, before, count(t, a, `SELECT v FROM item WHERE id = 1`), level)
		assert.Equal(t, int64(2), count(t, a, `SELECT count(*) FROM item`), level)
		// … and writing a row changed since then is a serialization failure.
		_, err := a.Exec(context.Background(), `UPDATE item SET v = 0 WHERE id = 1`)
		requireCode(t, err, "40001")
		mustExec(t, a, `ROLLBACK`)
		mustExec(t, b, `DELETE FROM item WHERE id = 3`)
	}
	assert.Equal(t, int64(21), count(t, a, `SELECT v FROM item WHERE id = 1`))
}

func TestDeadlockIsDetected(t *testing.T) {
	ts := startServer(t)
	a, b := ts.connect(), ts.connect()
	mustExec(t, a, `CREATE TABLE d (id INT PRIMARY KEY, v INT)`)
	mustExec(t, a, `INSERT INTO d VALUES (1, 0), (2, 0)`)
	mustExec(t, a, `BEGIN`)
	mustExec(t, b, `BEGIN`)
	mustExec(t, a, `UPDATE d SET v = 1 WHERE id = 1`)
	mustExec(t, b, `UPDATE d SET v = 2 WHERE id = 2`)
	done := make(chan error, 1)
	go func() {
		_, err := a.Exec(context.Background(), `UPDATE d SET v = 1 WHERE id = 2`) // waits for b
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	_, errB := b.Exec(context.Background(), `UPDATE d SET v = 2 WHERE id = 1`) // closes the cycle
	requireCode(t, errB, "40P01")
	mustExec(t, b, `ROLLBACK`)
	require.NoError(t, <-done, "a gets b's row once b rolls back")
	mustExec(t, a, `COMMIT`)
	assert.Equal(t, int64(2), count(t, a, `SELECT sum(v) FROM d`))
}

func TestSavepoints(t *testing.T) {
	ts := startServer(t)
	c := ts.connect()
	mustExec(t, c, `CREATE TABLE s (id INT PRIMARY KEY)`)
	mustExec(t, c, `BEGIN`)
	mustExec(t, c, `INSERT INTO s VALUES (1)`)
	mustExec(t, c, `SAVEPOINT a`)
	mustExec(t, c, `INSERT INTO s VALUES (2)`)
	mustExec(t, c, `ROLLBACK TO SAVEPOINT a`)
	mustExec(t, c, `INSERT INTO s VALUES (3)`)
	mustExec(t, c, `SAVEPOINT b`)
	_, err := c.Exec(context.Background(), `INSERT INTO s VALUES (1)`)
	requireCode(t, err, "23505")
	_, err = c.Exec(context.Background(), `SELECT 1`)
	requireCode(t, err, "25P02")
	mustExec(t, c, `ROLLBACK TO b`)
	mustExec(t, c, `RELEASE SAVEPOINT a`)
	_, err = c.Exec(context.Background(), `ROLLBACK TO b`)
	requireCode(t, err, "3B001")
	mustExec(t, c, `ROLLBACK`)
	mustExec(t, c, `BEGIN`)
	mustExec(t, c, `INSERT INTO s VALUES (1)`)
	mustExec(t, c, `SAVEPOINT x`)
	mustExec(t, c, `INSERT INTO s VALUES (4)`)
	mustExec(t, c, `ROLLBACK TO x`)
	mustExec(t, c, `COMMIT`)
	rows, err := c.Query(context.Background(), `SELECT id FROM s ORDER BY id`)
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	require.NoError(t, err)
	assert.Equal(t, []int32{1}, ids)
}

func TestDisconnectRollsBackAndReleasesLocks(t *testing.T) {
	ts := startServer(t)
	a := ts.connect()
	mustExec(t, a, `CREATE TABLE r (id INT PRIMARY KEY, v INT)`)
	mustExec(t, a, `INSERT INTO r VALUES (1, 0)`)
	ctx := context.Background()
	b, err := pgx.Connect(ctx, ts.DSN())
	require.NoError(t, err)
	mustExec(t, b, `BEGIN`)
	mustExec(t, b, `UPDATE r SET v = 99 WHERE id = 1`)
	mustExec(t, b, `INSERT INTO r VALUES (2, 2)`)
	require.NoError(t, b.Close(ctx))
	mustExec(t, a, `SET lock_timeout = '2s'`)
	mustExec(t, a, `UPDATE r SET v = v + 1 WHERE id = 1`) // the dropped block's lock is gone
	assert.Equal(t, int64(1), count(t, a, `SELECT v FROM r WHERE id = 1`))
	assert.Equal(t, int64(1), count(t, a, `SELECT count(*) FROM r`))
}

func TestLockAndStatementTimeouts(t *testing.T) {
	ts := startServer(t)
	a, b := ts.connect(), ts.connect()
	mustExec(t, a, `CREATE TABLE lt (id INT PRIMARY KEY, v INT)`)
	mustExec(t, a, `INSERT INTO lt VALUES (1, 0)`)
	mustExec(t, a, `BEGIN`)
	mustExec(t, a, `SELECT * FROM lt WHERE id = 1 FOR UPDATE`)
	mustExec(t, b, `SET lock_timeout = '100ms'`)
	start := time.Now()
	_, err := b.Exec(context.Background(), `UPDATE lt SET v = 1 WHERE id = 1`)
	requireCode(t, err, "55P03")
	assert.Less(t, time.Since(start), 2*time.Second)
	mustExec(t, a, `ROLLBACK`)

	mustExec(t, b, `SET statement_timeout = 100`)
	_, err = b.Exec(context.Background(), `SELECT pg_sleep(5)`)
	requireCode(t, err, "57014")
	assert.Contains(t, err.Error(), "statement timeout")
	mustExec(t, b, `RESET statement_timeout`)

	mustExec(t, b, `BEGIN READ ONLY`)
	_, err = b.Exec(context.Background(), `INSERT INTO lt VALUES (5, 5)`)
	requireCode(t, err, "25006")
	mustExec(t, b, `ROLLBACK`)
}

// Statements of one extended-protocol batch (up to Sync), and of one
// multi-statement query string, form an implicit transaction: an error
// undoes the ones before it.
func TestImplicitTransactions(t *testing.T) {
	ts := startServer(t)
	c := ts.connect()
	ctx := context.Background()
	mustExec(t, c, `CREATE TABLE it (id INT PRIMARY KEY)`)
	mustExec(t, c, `INSERT INTO it VALUES (1)`)

	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO it VALUES ($1)`, 100)
	batch.Queue(`INSERT INTO it VALUES ($1)`, 1)
	err := c.SendBatch(ctx, batch).Close()
	requireCode(t, err, "23505")
	assert.Equal(t, int64(0), count(t, c, `SELECT count(*) FROM it WHERE id = 100`), "the batch's first insert was rolled back")

	_, err = c.Exec(ctx, `INSERT INTO it VALUES (200); INSERT INTO it VALUES (1)`, pgx.QueryExecModeSimpleProtocol)
	requireCode(t, err, "23505")
	assert.Equal(t, int64(0), count(t, c, `SELECT count(*) FROM it WHERE id = 200`))

	batch = &pgx.Batch{}
	batch.Queue(`INSERT INTO it VALUES ($1)`, 300)
	batch.Queue(`INSERT INTO it VALUES ($1)`, 301)
	require.NoError(t, c.SendBatch(ctx, batch).Close())
	assert.Equal(t, int64(3), count(t, c, `SELECT count(*) FROM it`))
}
