// node-postgres (pg 8.x) compatibility checks.
//
// Connects with the libpq-style environment (PGHOST, PGPORT, PGUSER, PGDATABASE) that pg reads
// itself, creates a uniquely named schema, and runs named checks: parameter binding and result
// parsing for every supported type, named prepared statements reused many times, transactions,
// SQLSTATEs on err.code, catalog introspection and a pg-cursor read (Execute with a row limit,
// i.e. portal suspension). Prints one line per check; exits 1 if any check failed.
'use strict';

// pg turns timestamp (without time zone) and date values into local-time Dates and sends Dates
// as local time; pinning the process time zone keeps the expected values exact.
process.env.TZ = 'UTC';

const assert = require('node:assert/strict');
const pg = require('pg');
const Cursor = require('pg-cursor');

const S = `compat_node_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const T = `"${S}".alltypes`;
const I = `"${S}".items`;

let passed = 0;
const failures = [];

// check runs one named check; a thrown error (assertion or database) fails it.
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   node: ${name}`);
  } catch (err) {
    failures.push(name);
    console.log(`FAIL node: ${name}`);
    const detail = err instanceof pg.DatabaseError ? `SQLSTATE ${err.code}: ${err.message}` : err.message;
    console.log(String(detail).replace(/^/gm, '       '));
  }
}

// expectError runs a query that must fail with SQLSTATE code and returns the error.
async function expectError(client, code, query, values) {
  try {
    await client.query(query, values);
  } catch (err) {
    assert.equal(err.code, code, `SQLSTATE of ${JSON.stringify(query)} (message: ${err.message})`);
    return err;
  }
  throw new Error(`${JSON.stringify(query)} succeeded, want SQLSTATE ${code}`);
}

const columns = [
  ['id', 'integer PRIMARY KEY', 23],
  ['b', 'boolean', 16],
  ['i2', 'smallint', 21],
  ['i8', 'bigint', 20],
  ['f4', 'real', 700],
  ['f8', 'double precision', 701],
  ['num', 'numeric(10,2)', 1700],
  ['t', 'text', 25],
  ['vc', 'varchar(20)', 1043],
  ['c', 'char(5)', 1042],
  ['by', 'bytea', 17],
  ['d', 'date', 1082],
  ['tm', 'time', 1083],
  ['ts', 'timestamp', 1114],
  ['tstz', 'timestamptz', 1184],
  ['u', 'uuid', 2950],
  ['j', 'json', 114],
  ['jb', 'jsonb', 3802],
];
const names = columns.map(([n]) => n);
const placeholders = names.map((_, i) => `$${i + 1}`).join(', ');

// Each row lists [values sent as parameters, values pg must hand back].
const rows = [
  [
    [1, true, 32767, '9007199254740993', 1.5, 3.141592653589793, '12345.67', 'it\'s "text"',
      'varchar', 'ab', Buffer.from('deadbeef', 'hex'), '2024-02-29', '13:14:15.123456',
      new Date('2024-01-02T03:04:05.123Z'), new Date('2024-01-02T01:04:05.123Z'),
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', { a: 1, z: null }, { b: [1, 2], a: 'x' }],
    [1, true, 32767, '9007199254740993', 1.5, 3.141592653589793, '12345.67', 'it\'s "text"',
      'varchar', 'ab   ', Buffer.from('deadbeef', 'hex'), new Date('2024-02-29T00:00:00Z'),
      '13:14:15.123456', new Date('2024-01-02T03:04:05.123Z'), new Date('2024-01-02T01:04:05.123Z'),
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', { a: 1, z: null }, { a: 'x', b: [1, 2] }],
  ],
  [
    [2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
      null, null],
    [2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
      null, null],
  ],
  [
    [3, false, -32768, '-9223372036854775807', -0.25, 1e300, '-0.05', 'üñíçødé ✓', '', 'abcde',
      Buffer.alloc(0), '1999-12-31', '00:00:00', new Date(0), new Date(0),
      '00000000-0000-0000-0000-000000000000', JSON.stringify([]), {}],
    [3, false, -32768, '-9223372036854775807', -0.25, 1e300, '-0.05', 'üñíçødé ✓', '', 'abcde',
      Buffer.alloc(0), new Date('1999-12-31T00:00:00Z'), '00:00:00', new Date(0), new Date(0),
      '00000000-0000-0000-0000-000000000000', [], {}],
  ],
];

async function main() {
  const client = new pg.Client();
  await check('connect', async () => {
    await client.connect();
    const res = await client.query('SELECT 1 AS one');
    assert.deepEqual(res.rows, [{ one: 1 }]);
  });
  if (failures.length > 0) return;

  try {
    await run(client);
  } finally {
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${S}" CASCADE`);
    } catch (err) {
      console.log(`node: cleanup failed: ${err.message}`);
    }
    await client.end();
  }
}

async function run(client) {
  await check('server_version is 15.x', async () => {
    const res = await client.query('SHOW server_version');
    assert.match(res.rows[0].server_version, /^15\./);
  });

  let setupOK = false;
  await check('create schema and tables', async () => {
    await client.query(`CREATE SCHEMA "${S}"`);
    await client.query(`CREATE TABLE ${T} (${columns.map(([n, t]) => `${n} ${t}`).join(', ')})`);
    await client.query(`CREATE TABLE ${I} (id bigint PRIMARY KEY, grp text NOT NULL, qty integer)`);
    setupOK = true;
  });
  if (!setupOK) return;

  await check('parametrized INSERT of every type', async () => {
    for (const [sent] of rows) {
      const res = await client.query(`INSERT INTO ${T} VALUES (${placeholders})`, sent);
      assert.equal(res.rowCount, 1, 'rowCount');
      assert.equal(res.command, 'INSERT', 'command');
    }
  });

  await check('read back every type', async () => {
    for (const [sent, want] of rows) {
      const res = await client.query(`SELECT * FROM ${T} WHERE id = $1`, [sent[0]]);
      assert.equal(res.rows.length, 1, `rows for id ${sent[0]}`);
      const got = res.rows[0];
      names.forEach((n, i) => assert.deepEqual(got[n], want[i], `column ${n} of row ${sent[0]}`));
    }
  });

  await check('RowDescription type OIDs', async () => {
    const res = await client.query(`SELECT * FROM ${T} WHERE id = $1`, [1]);
    assert.deepEqual(res.fields.map((f) => [f.name, f.dataTypeID]),
      columns.map(([n, , oid]) => [n, oid]));
  });

  await check('json/jsonb/bytea/numeric text forms', async () => {
    const res = await client.query(
      `SELECT j::text AS j, jb::text AS jb, by::text AS by, num::text AS num FROM ${T} WHERE id = 1`);
    assert.deepEqual(res.rows[0],
      { j: '{"a":1,"z":null}', jb: '{"a": "x", "b": [1, 2]}', by: '\\xdeadbeef', num: '12345.67' });
  });

  await check('parameters in WHERE for every type', async () => {
    const [sent] = rows[0];
    const res = await client.query(
      `SELECT id FROM ${T} WHERE b = $1 AND i2 = $2 AND i8 = $3 AND f8 = $4 AND num = $5
          AND t = $6 AND vc = $7 AND c = $8 AND by = $9 AND d = $10 AND tm = $11 AND ts = $12
          AND tstz = $13 AND u = $14 AND jb = $15`,
      [sent[1], sent[2], sent[3], sent[5], sent[6], sent[7], sent[8], sent[9], sent[10], sent[11],
        sent[12], sent[13], sent[14], sent[15], sent[17]]);
    assert.deepEqual(res.rows, [{ id: 1 }]);
  });

  await check('NULL parameter and IS NULL', async () => {
    const res = await client.query(`SELECT id FROM ${T} WHERE b IS NULL AND $1::text IS NULL`, [null]);
    assert.deepEqual(res.rows, [{ id: 2 }]);
  });

  await check('named prepared INSERT reused (RETURNING)', async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await client.query({
        name: 'compat_ins',
        text: `INSERT INTO ${I} (id, grp, qty) VALUES ($1, $2, $3) RETURNING id, grp, qty`,
        values: [i, ['a', 'b', 'c'][i % 3], i === 4 ? null : i * 10],
      });
      assert.deepEqual(res.rows, [{ id: String(i), grp: ['a', 'b', 'c'][i % 3], qty: i === 4 ? null : i * 10 }]);
    }
  });

  await check('named prepared SELECT reused 20 times', async () => {
    for (let n = 0; n < 20; n++) {
      const id = (n % 10) + 1;
      const res = await client.query({
        name: 'compat_q1',
        text: `SELECT id, qty FROM ${I} WHERE id = $1`,
        values: [id],
      });
      assert.deepEqual(res.rows, [{ id: String(id), qty: id === 4 ? null : id * 10 }], `run ${n}`);
    }
  });

  await check('WHERE / ORDER BY / LIMIT with parameters', async () => {
    const res = await client.query(
      `SELECT id, qty FROM ${I} WHERE qty > $1 ORDER BY qty DESC LIMIT $2`, [40, 3]);
    assert.deepEqual(res.rows, [{ id: '10', qty: 100 }, { id: '9', qty: 90 }, { id: '8', qty: 80 }]);
  });

  await check('GROUP BY with aggregates', async () => {
    const res = await client.query(
      `SELECT grp, count(*) AS n, sum(qty) AS total FROM ${I} GROUP BY grp ORDER BY grp`);
    assert.deepEqual(res.rows, [
      { grp: 'a', n: '3', total: '180' },
      { grp: 'b', n: '4', total: '180' },
      { grp: 'c', n: '3', total: '150' },
    ]);
  });

  await check('UPDATE / DELETE ... RETURNING with parameters', async () => {
    let res = await client.query(`UPDATE ${I} SET qty = qty + $1 WHERE id = $2 RETURNING qty`, [1, 2]);
    assert.deepEqual([res.command, res.rowCount, res.rows], ['UPDATE', 1, [{ qty: 21 }]]);
    res = await client.query(`DELETE FROM ${I} WHERE id = $1 RETURNING id, grp`, [10]);
    assert.deepEqual([res.command, res.rowCount, res.rows], ['DELETE', 1, [{ id: '10', grp: 'b' }]]);
    res = await client.query(`UPDATE ${I} SET qty = qty WHERE grp = $1`, ['a']);
    assert.equal(res.rowCount, 3, 'UPDATE rowCount');
  });

  await check('multiple statements in one simple query', async () => {
    const res = await client.query(`SELECT 1 AS a; SELECT count(*) AS n FROM ${I}`);
    assert.ok(Array.isArray(res), 'two results');
    assert.deepEqual(res.map((r) => r.rows), [[{ a: 1 }], [{ n: '9' }]]);
  });

  const count = async (c = client) => (await c.query(`SELECT count(*) AS n FROM ${I}`)).rows[0].n;

  await check('transaction ROLLBACK discards', async () => {
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${I} VALUES ($1, $2, $3)`, [100, 'r', 1]);
    await client.query(`DELETE FROM ${I} WHERE id = $1`, [1]);
    assert.equal(await count(), '9', 'count inside the transaction');
    await client.query('ROLLBACK');
    assert.equal(await count(), '9', 'count after ROLLBACK');
    const res = await client.query(`SELECT id FROM ${I} WHERE id IN (1, 100) ORDER BY id`);
    assert.deepEqual(res.rows, [{ id: '1' }]);
  });

  await check('transaction COMMIT is visible to another connection', async () => {
    const other = new pg.Client();
    await other.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${I} VALUES ($1, $2, $3)`, [101, 'k', 1]);
      assert.equal(await count(other), '9', 'uncommitted row hidden from the other connection');
      await client.query('COMMIT');
      assert.equal(await count(other), '10', 'committed row seen by the other connection');
    } finally {
      await other.end();
    }
  });

  await check('error inside a transaction aborts it (25P02)', async () => {
    await client.query('BEGIN');
    try {
      await expectError(client, '23505', `INSERT INTO ${I} VALUES ($1, $2, $3)`, [1, 'dup', 1]);
      await expectError(client, '25P02', 'SELECT 1');
    } finally {
      await client.query('ROLLBACK');
    }
    assert.equal(await count(), '10', 'count after ROLLBACK');
  });

  await check('unique violation (23505) with constraint and table', async () => {
    const err = await expectError(client, '23505', `INSERT INTO ${I} VALUES ($1, $2, $3)`, [1, 'dup', 1]);
    assert.match(err.message, /duplicate key value violates unique constraint "items_pkey"/);
    assert.deepEqual([err.severity, err.schema, err.table, err.constraint],
      ['ERROR', S, 'items', 'items_pkey'], 'error fields severity/schema/table/constraint');
  });
  await check('undefined table (42P01)', async () => {
    const err = await expectError(client, '42P01', 'SELECT * FROM no_such_table WHERE 1 = $1', [1]);
    assert.match(err.message, /relation "no_such_table" does not exist/);
  });
  await check('division by zero (22012)', async () => {
    await expectError(client, '22012', `SELECT qty / $1 FROM ${I}`, [0]);
  });
  await check('undefined column (42703)', async () => {
    await expectError(client, '42703', `SELECT nope FROM ${I}`);
  });
  await check('not-null violation (23502)', async () => {
    await expectError(client, '23502', `INSERT INTO ${I} (id) VALUES ($1)`, [500]);
  });
  await check('invalid integer parameter (22P02)', async () => {
    await expectError(client, '22P02', `INSERT INTO ${I} VALUES ($1, $2, $3)`, [501, 'x', 'abc']);
  });
  await check('syntax error (42601)', async () => {
    await expectError(client, '42601', 'SELEC 1');
  });
  await check('connection usable after errors', async () => {
    assert.equal(await count(), '10');
  });

  await check('information_schema.tables', async () => {
    const res = await client.query(
      `SELECT table_name, table_type FROM information_schema.tables
        WHERE table_schema = $1 ORDER BY table_name`, [S]);
    assert.deepEqual(res.rows, [
      { table_name: 'alltypes', table_type: 'BASE TABLE' },
      { table_name: 'items', table_type: 'BASE TABLE' },
    ]);
  });

  await check('information_schema.columns', async () => {
    const res = await client.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [S, 'items']);
    assert.deepEqual(res.rows, [
      { column_name: 'id', data_type: 'bigint', is_nullable: 'NO' },
      { column_name: 'grp', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'qty', data_type: 'integer', is_nullable: 'YES' },
    ]);
  });

  await check('information_schema.schemata', async () => {
    const res = await client.query(
      'SELECT schema_name FROM information_schema.schemata WHERE schema_name = $1', [S]);
    assert.deepEqual(res.rows, [{ schema_name: S }]);
  });

  await check('pg_catalog: pg_class, pg_namespace, pg_attribute, format_type', async () => {
    const res = await client.query(
      `SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`, [S, 'alltypes']);
    assert.deepEqual(res.rows.map((r) => r.type), ['integer', 'boolean', 'smallint', 'bigint',
      'real', 'double precision', 'numeric(10,2)', 'text', 'character varying(20)',
      'character(5)', 'bytea', 'date', 'time without time zone', 'timestamp without time zone',
      'timestamp with time zone', 'uuid', 'json', 'jsonb']);
  });

  await check('pg-cursor reads in batches (portal suspension)', async () => {
    const cursor = client.query(new Cursor(`SELECT id FROM ${I} WHERE id <= $1 ORDER BY id`, [1000]));
    const batches = [];
    for (;;) {
      const batch = await cursor.read(3);
      batches.push(batch.map((r) => Number(r.id)));
      if (batch.length === 0) break;
    }
    await cursor.close();
    assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6], [7, 8, 9], [101], []]);
    assert.equal(await count(), '10', 'connection usable after the cursor');
  });

  await check('rowMode array', async () => {
    const res = await client.query({ text: `SELECT id, grp FROM ${I} WHERE id = $1`, values: [3], rowMode: 'array' });
    assert.deepEqual(res.rows, [['3', 'a']]);
  });
}

main()
  .catch((err) => {
    failures.push(`unexpected error: ${err.stack}`);
  })
  .finally(() => {
    console.log(`node: ${passed} passed, ${failures.length} failed`);
    if (failures.length > 0) {
      for (const f of failures) console.log(`node: failed: ${f}`);
      process.exitCode = 1;
    }
  });
