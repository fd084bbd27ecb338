#!/usr/bin/python3
"""psycopg2 (libpq) compatibility checks.

Run with Debian's interpreter and package (python3-psycopg2):

    PGHOST=127.0.0.1 PGPORT=5432 PGUSER=root PGDATABASE=kalamdb /usr/bin/python3 test_psycopg2.py

libpq reads the connection settings from the PG* environment. The script creates a uniquely
named schema, runs named checks (every supported type through psycopg2's client-side
interpolation and back, executemany/execute_values, a server-side named cursor read with
itersize, transactions with autocommit off and on, SQLSTATEs on e.pgcode, catalog
introspection), drops the schema and exits 1 if any check failed.
"""

import datetime
import os
import random
import sys
import traceback
import uuid
from decimal import Decimal

import psycopg2
import psycopg2.errors
import psycopg2.extras

psycopg2.extras.register_uuid()

S = "compat_py_%d_%d" % (os.getpid(), random.randrange(1_000_000))
T = '"%s".alltypes' % S
I = '"%s".items' % S

passed = 0
failures = []
conn = None  # the main connection; a failed check rolls it back so later checks start clean


def check(name):
    """Decorator: runs the function at once as a named check; any exception fails it."""

    def run(fn):
        global passed
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, none is fatal
            if conn is not None and not conn.closed:
                try:
                    conn.rollback()
                except psycopg2.Error:
                    pass
            failures.append(name)
            print("FAIL python: %s" % name)
            if isinstance(e, AssertionError):
                detail = str(e)
            elif isinstance(e, psycopg2.Error):
                detail = "SQLSTATE %s: %s" % (e.pgcode, str(e).strip())
            else:
                detail = traceback.format_exc()
            for line in detail.splitlines():
                print("       " + line)
        else:
            passed += 1
            print("ok   python: %s" % name)
        return fn

    return run


def eq(got, want, what=""):
    assert got == want, "%s\n--- want\n%r\n--- got\n%r" % (what, want, got)


def expect_error(cur, code, sql, params=None):
    """Runs sql, which must fail with SQLSTATE code; returns the exception."""
    try:
        cur.execute(sql, params)
    except psycopg2.Error as e:
        eq(e.pgcode, code, "SQLSTATE of %r (message: %s)" % (sql, str(e).strip()))
        return e
    raise AssertionError("%r succeeded, want SQLSTATE %s" % (sql, code))


COLUMNS = [
    ("id", "integer PRIMARY KEY", 23),
    ("b", "boolean", 16),
    ("i2", "smallint", 21),
    ("i8", "bigint", 20),
    ("f4", "real", 700),
    ("f8", "double precision", 701),
    ("num", "numeric(10,2)", 1700),
    ("t", "text", 25),
    ("vc", "varchar(20)", 1043),
    ("c", "char(5)", 1042),
    ("by", "bytea", 17),
    ("d", "date", 1082),
    ("tm", "time", 1083),
    ("ts", "timestamp", 1114),
    ("tstz", "timestamptz", 1184),
    ("u", "uuid", 2950),
    ("j", "json", 114),
    ("jb", "jsonb", 3802),
]
NAMES = [c[0] for c in COLUMNS]
UTC = datetime.timezone.utc
PLUS2 = datetime.timezone(datetime.timedelta(hours=2))
Json = psycopg2.extras.Json

# (values sent as parameters, values psycopg2 must hand back)
ROWS = [
    (
        (1, True, 32767, 9007199254740993, 1.5, 3.141592653589793, Decimal("12345.67"),
         "it's \"text\" \\ back", "varchar", "ab", b"\xde\xad\xbe\xef",
         datetime.date(2024, 2, 29), datetime.time(13, 14, 15, 123456),
         datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
         datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=PLUS2),
         uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), Json({"a": 1, "z": None}),
         Json({"b": [1, 2], "a": "x"})),
        (1, True, 32767, 9007199254740993, 1.5, 3.141592653589793, Decimal("12345.67"),
         "it's \"text\" \\ back", "varchar", "ab   ", b"\xde\xad\xbe\xef",
         datetime.date(2024, 2, 29), datetime.time(13, 14, 15, 123456),
         datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
         datetime.datetime(2024, 1, 2, 1, 4, 5, 123456, tzinfo=UTC),
         uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), {"a": 1, "z": None},
         {"a": "x", "b": [1, 2]}),
    ),
    ((2,) + (None,) * 17, (2,) + (None,) * 17),
    (
        (3, False, -32768, -9223372036854775807, -0.25, 1e300, Decimal("-0.05"), "üñíçødé ✓", "",
         "abcde", memoryview(b""), datetime.date(1999, 12, 31), datetime.time(0, 0),
         datetime.datetime(1970, 1, 1), datetime.datetime(1970, 1, 1, tzinfo=UTC),
         uuid.UUID(int=0), Json([]), Json({})),
        (3, False, -32768, -9223372036854775807, -0.25, 1e300, Decimal("-0.05"), "üñíçødé ✓", "",
         "abcde", b"", datetime.date(1999, 12, 31), datetime.time(0, 0),
         datetime.datetime(1970, 1, 1), datetime.datetime(1970, 1, 1, tzinfo=UTC),
         uuid.UUID(int=0), [], {}),
    ),
]


def normalize(row):
    """bytea comes back as memoryview; compare it as bytes."""
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


def main():
    global conn, passed
    try:
        conn = psycopg2.connect("")
    except psycopg2.Error as e:
        failures.append("connect")
        print("FAIL python: connect\n       %s" % str(e).strip())
        return
    print("ok   python: connect")
    passed += 1
    try:
        run(conn)
    finally:
        try:
            conn.rollback()
            conn.autocommit = True
            conn.cursor().execute('DROP SCHEMA IF EXISTS "%s" CASCADE' % S)
        except psycopg2.Error as e:
            print("python: cleanup failed: %s" % e)
        conn.close()


def run(conn):
    cur = conn.cursor()

    @check("server_version and session parameters")
    def _():
        assert 150000 <= conn.server_version < 160000, "server_version %d" % conn.server_version
        eq(conn.encoding, "UTF8", "client encoding")
        eq(conn.get_parameter_status("DateStyle"), "ISO, MDY", "DateStyle")
        eq(conn.get_parameter_status("standard_conforming_strings"), "on",
           "standard_conforming_strings")
        eq(conn.get_parameter_status("integer_datetimes"), "on", "integer_datetimes")

    @check("session identity")
    def _():
        cur.execute("SELECT current_user, current_database()")
        eq(cur.fetchone(), (os.environ.get("PGUSER", cur.connection.info.user),
                            os.environ.get("PGDATABASE", cur.connection.info.dbname)))
        conn.rollback()

    setup_ok = []

    @check("create schema and tables (commit)")
    def _():
        cur.execute('CREATE SCHEMA "%s"' % S)
        cur.execute("CREATE TABLE %s (%s)" % (T, ", ".join("%s %s" % c[:2] for c in COLUMNS)))
        cur.execute("CREATE TABLE %s (id bigint PRIMARY KEY, grp text NOT NULL, qty integer)" % I)
        conn.commit()
        setup_ok.append(True)

    if not setup_ok:
        conn.rollback()
        return

    @check("SET TIME ZONE")
    def _():
        cur.execute("SET TIME ZONE 'UTC'")
        conn.commit()

    @check("INSERT every type with parameters")
    def _():
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        for sent, _want in ROWS:
            cur.execute("INSERT INTO %s VALUES (%s)" % (T, placeholders), sent)
            eq(cur.rowcount, 1, "rowcount")
        conn.commit()

    @check("read back every type")
    def _():
        for sent, want in ROWS:
            cur.execute("SELECT * FROM %s WHERE id = %%s" % T, (sent[0],))
            got = cur.fetchall()
            eq(len(got), 1, "rows for id %d" % sent[0])
            got = normalize(got[0])
            for name, g, w in zip(NAMES, got, want):
                eq(g, w, "column %s of row %d" % (name, sent[0]))
                eq(type(g), type(w), "Python type of column %s of row %d" % (name, sent[0]))
        conn.rollback()

    @check("cursor.description type OIDs")
    def _():
        cur.execute("SELECT * FROM %s WHERE id = 1" % T)
        cur.fetchall()
        eq([(d.name, d.type_code) for d in cur.description], [(c[0], c[2]) for c in COLUMNS])
        conn.rollback()

    @check("parameters in WHERE for every type")
    def _():
        sent = ROWS[0][0]
        cur.execute(
            "SELECT id FROM " + T + " WHERE b = %s AND i2 = %s AND i8 = %s AND f8 = %s"
            " AND num = %s AND t = %s AND vc = %s AND c = %s AND by = %s AND d = %s AND tm = %s"
            " AND ts = %s AND tstz = %s AND u = %s AND jb = %s::jsonb",
            (sent[1], sent[2], sent[3], sent[5], sent[6], sent[7], sent[8], sent[9],
             psycopg2.Binary(sent[10]), sent[11], sent[12], sent[13], sent[14], sent[15],
             sent[17]))
        eq(cur.fetchall(), [(1,)])
        conn.rollback()

    @check("executemany and execute_values")
    def _():
        cur.executemany("INSERT INTO " + I + " VALUES (%s, %s, %s)",
                        [(i, "abc"[i % 3], None if i == 4 else i * 10) for i in range(1, 6)])
        psycopg2.extras.execute_values(
            cur, "INSERT INTO " + I + " VALUES %s",
            [(i, "abc"[i % 3], i * 10) for i in range(6, 11)])
        conn.commit()
        cur.execute("SELECT count(*), sum(qty) FROM " + I)
        eq(cur.fetchone(), (10, 510))
        conn.rollback()

    @check("WHERE / ORDER BY / LIMIT")
    def _():
        cur.execute("SELECT id, qty FROM " + I + " WHERE qty > %s ORDER BY qty DESC LIMIT %s",
                    (40, 3))
        eq(cur.fetchall(), [(10, 100), (9, 90), (8, 80)])
        conn.rollback()

    @check("GROUP BY with aggregates")
    def _():
        cur.execute("SELECT grp, count(*), sum(qty) FROM " + I + " GROUP BY grp ORDER BY grp")
        eq(cur.fetchall(), [("a", 3, 180), ("b", 4, 180), ("c", 3, 150)])
        conn.rollback()

    @check("UPDATE / DELETE ... RETURNING")
    def _():
        cur.execute("UPDATE " + I + " SET qty = qty + %s WHERE id = %s RETURNING id, qty", (1, 2))
        eq((cur.rowcount, cur.fetchall()), (1, [(2, 21)]))
        cur.execute("DELETE FROM " + I + " WHERE id = %s RETURNING id, grp", (10,))
        eq((cur.rowcount, cur.fetchall()), (1, [(10, "b")]))
        cur.execute("UPDATE " + I + " SET qty = qty WHERE grp = %s", ("a",))
        eq(cur.rowcount, 3, "UPDATE rowcount")
        conn.commit()

    def count():
        cur.execute("SELECT count(*) FROM " + I)
        return cur.fetchone()[0]

    @check("server-side named cursor with itersize")
    def _():
        named = conn.cursor(name="compat_cur")
        named.itersize = 2
        named.execute("SELECT id FROM " + I + " ORDER BY id")
        eq([r[0] for r in named], list(range(1, 10)))
        named.close()
        named = conn.cursor(name="compat_cur2")
        named.execute("SELECT id, grp FROM " + I + " WHERE id > %s ORDER BY id", (5,))
        eq(named.fetchmany(3), [(6, "a"), (7, "b"), (8, "c")], "first fetchmany")
        eq(named.fetchmany(3), [(9, "a")], "second fetchmany")
        eq(named.fetchmany(3), [], "third fetchmany")
        named.close()
        conn.rollback()

    @check("autocommit off: rollback discards")
    def _():
        eq(conn.autocommit, False)
        cur.execute("INSERT INTO " + I + " VALUES (%s, %s, %s)", (100, "r", 1))
        cur.execute("DELETE FROM " + I + " WHERE id = %s", (1,))
        eq(count(), 9, "count inside the transaction")
        eq(conn.info.transaction_status, psycopg2.extensions.TRANSACTION_STATUS_INTRANS,
           "transaction status")
        conn.rollback()
        eq(count(), 9, "count after rollback")
        cur.execute("SELECT id FROM " + I + " WHERE id IN (1, 100) ORDER BY id")
        eq(cur.fetchall(), [(1,)], "rows 1 and 100 after rollback")
        conn.rollback()

    @check("autocommit off: commit is visible to another connection")
    def _():
        other = psycopg2.connect("")
        other.autocommit = True
        try:
            ocur = other.cursor()
            cur.execute("INSERT INTO " + I + " VALUES (%s, %s, %s)", (101, "k", 1))
            ocur.execute("SELECT count(*) FROM " + I)
            eq(ocur.fetchone()[0], 9, "uncommitted row hidden")
            conn.commit()
            ocur.execute("SELECT count(*) FROM " + I)
            eq(ocur.fetchone()[0], 10, "committed row seen")
        finally:
            other.close()

    @check("autocommit on: statements commit at once")
    def _():
        conn.autocommit = True
        try:
            cur.execute("INSERT INTO " + I + " VALUES (%s, %s, %s)", (102, "k", 1))
            eq(conn.info.transaction_status, psycopg2.extensions.TRANSACTION_STATUS_IDLE,
               "transaction status")
            cur.execute("DELETE FROM " + I + " WHERE id = %s", (102,))
        finally:
            conn.autocommit = False
        eq(count(), 10)
        conn.rollback()

    @check("error inside a transaction aborts it (25P02)")
    def _():
        expect_error(cur, "23505", "INSERT INTO " + I + " VALUES (%s, %s, %s)", (1, "dup", 1))
        eq(conn.info.transaction_status, psycopg2.extensions.TRANSACTION_STATUS_INERROR,
           "transaction status")
        e = expect_error(cur, "25P02", "SELECT 1")
        assert isinstance(e, psycopg2.errors.InFailedSqlTransaction), type(e)
        conn.rollback()
        eq(count(), 10, "count after rollback")
        conn.rollback()

    @check("unique violation (23505) with diagnostics")
    def _():
        e = expect_error(cur, "23505", "INSERT INTO " + I + " VALUES (%s, %s, %s)", (1, "d", 1))
        conn.rollback()
        assert isinstance(e, psycopg2.errors.UniqueViolation), type(e)
        assert 'duplicate key value violates unique constraint "items_pkey"' in str(e), str(e)
        eq((e.diag.severity, e.diag.schema_name, e.diag.table_name, e.diag.constraint_name),
           ("ERROR", S, "items", "items_pkey"), "diag severity/schema/table/constraint")

    for name, code, sql, params in [
        ("undefined table (42P01)", "42P01", "SELECT * FROM no_such_table", None),
        ("division by zero (22012)", "22012", "SELECT qty / %s FROM " + I, (0,)),
        ("undefined column (42703)", "42703", "SELECT nope FROM " + I, None),
        ("not-null violation (23502)", "23502", "INSERT INTO " + I + " (id) VALUES (%s)", (500,)),
        ("invalid integer input (22P02)", "22P02",
         "INSERT INTO " + I + " VALUES (%s, %s, %s)", (501, "x", "abc")),
        ("syntax error (42601)", "42601", "SELEC 1", None),
    ]:
        @check(name)
        def _():
            try:
                expect_error(cur, code, sql, params)
            finally:
                conn.rollback()

    @check("connection usable after errors")
    def _():
        eq(count(), 10)
        conn.rollback()

    @check("information_schema.tables")
    def _():
        cur.execute("SELECT table_name, table_type FROM information_schema.tables"
                    " WHERE table_schema = %s ORDER BY table_name", (S,))
        eq(cur.fetchall(), [("alltypes", "BASE TABLE"), ("items", "BASE TABLE")])
        conn.rollback()

    @check("information_schema.columns")
    def _():
        cur.execute("SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                    " numeric_scale FROM information_schema.columns"
                    " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                    (S, "alltypes"))
        eq(cur.fetchall(), [
            ("id", "integer", None, 32, 0), ("b", "boolean", None, None, None),
            ("i2", "smallint", None, 16, 0), ("i8", "bigint", None, 64, 0),
            ("f4", "real", None, 24, None), ("f8", "double precision", None, 53, None),
            ("num", "numeric", None, 10, 2), ("t", "text", None, None, None),
            ("vc", "character varying", 20, None, None), ("c", "character", 5, None, None),
            ("by", "bytea", None, None, None), ("d", "date", None, None, None),
            ("tm", "time without time zone", None, None, None),
            ("ts", "timestamp without time zone", None, None, None),
            ("tstz", "timestamp with time zone", None, None, None),
            ("u", "uuid", None, None, None), ("j", "json", None, None, None),
            ("jb", "jsonb", None, None, None),
        ])
        conn.rollback()

    @check("information_schema key columns (primary key)")
    def _():
        cur.execute("SELECT tc.constraint_name, kcu.column_name"
                    " FROM information_schema.table_constraints tc"
                    " JOIN information_schema.key_column_usage kcu"
                    "   ON kcu.constraint_name = tc.constraint_name"
                    "  AND kcu.table_schema = tc.table_schema"
                    " WHERE tc.table_schema = %s AND tc.table_name = %s"
                    "   AND tc.constraint_type = 'PRIMARY KEY'", (S, "items"))
        eq(cur.fetchall(), [("items_pkey", "id")])
        conn.rollback()

    @check("pg_catalog: to_regclass, pg_index, pg_attribute")
    def _():
        cur.execute("SELECT a.attname FROM pg_catalog.pg_index i"
                    " JOIN pg_catalog.pg_attribute a"
                    "   ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                    " WHERE i.indrelid = to_regclass(%s) AND i.indisprimary", ('"%s".items' % S,))
        eq(cur.fetchall(), [("id",)])
        conn.rollback()


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001
        failures.append("unexpected error")
        traceback.print_exc()
    print("python: %d passed, %d failed" % (passed, len(failures)))
    for f in failures:
        print("python: failed: %s" % f)
    sys.exit(1 if failures else 0)
