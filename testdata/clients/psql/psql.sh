#!/usr/bin/env bash
# psql 15 compatibility checks.
#
# Connects with psql to the server named by the libpq environment (PGHOST, PGPORT, PGUSER,
# PGDATABASE), builds a uniquely named schema from setup.sql, then runs named checks: data
# round trips for every supported type, DML with RETURNING, transactions, SQLSTATEs of common
# errors, and the meta-commands people type every day (\d, \dt, \dn, \l, \du, \df, \di,
# \conninfo). Each failing check prints its name, what it expected and what psql printed.
# The schema is dropped on exit, so runs are repeatable. Exit status: 0 only if every check passed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
S="compat_psql_$$_${RANDOM}"
tmp=$(mktemp -d)
passed=0
failed=0
failed_names=()

cleanup() {
  timeout -k 5 30 psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS \"$S\" CASCADE" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok   psql: $1"; }

# fail NAME DETAIL: records a failed check and prints DETAIL indented under its name.
fail() {
  failed=$((failed + 1))
  failed_names+=("$1")
  echo "FAIL psql: $1"
  printf '%s\n' "$2" | sed 's/^/       /'
}

# run_psql OPTIONS...: psql against the target with the schema name in the variable S
# (scripts write :"S" or :S). SQL comes from stdin; stderr goes to $tmp/err.
# Each run is bounded by PSQL_TIMEOUT seconds (default 60) so one hung check fails alone.
run_psql() { timeout -k 5 "${PSQL_TIMEOUT:-60}" psql -X -q -v S="$S" "$@" 2>"$tmp/err"; }

# expect NAME WANT [PSQL OPTIONS...] <<SQL
# Runs SQL with ON_ERROR_STOP=1 in unaligned, tuples-only mode; stdout must equal WANT exactly.
expect() {
  local name=$1 want=$2 out rc
  shift 2
  out=$(run_psql -A -t -v ON_ERROR_STOP=1 "$@")
  rc=$?
  if [[ $rc -eq 0 && "$out" == "$want" ]]; then
    pass "$name"
  else
    fail "$name" "exit status $rc
--- want
$want
--- got
$out
--- stderr
$(cat "$tmp/err")"
  fi
}

# expect_lines NAME REGEX... <<SQL
# Runs SQL with ON_ERROR_STOP=1 in unaligned mode with headers and footers; every extended
# REGEX must match some output line.
expect_lines() {
  local name=$1 out rc re missing=()
  shift
  out=$(run_psql -A -v ON_ERROR_STOP=1)
  rc=$?
  for re in "$@"; do
    grep -Eq -- "$re" <<<"$out" || missing+=("$re")
  done
  if [[ $rc -eq 0 && ${#missing[@]} -eq 0 ]]; then
    pass "$name"
  else
    fail "$name" "exit status $rc
--- no line matched
$(printf '%s\n' "${missing[@]}")
--- got
$out
--- stderr
$(cat "$tmp/err")"
  fi
}

# expect_error NAME SQLSTATE MESSAGE <<SQL
# Runs SQL with ON_ERROR_STOP=0 and VERBOSITY verbose. The last error must carry SQLSTATE
# (psql's :LAST_ERROR_SQLSTATE) and stderr must hold "ERROR:  SQLSTATE: MESSAGE".
expect_error() {
  local name=$1 code=$2 msg=$3 out rc
  out=$({
    echo '\set VERBOSITY verbose'
    cat
    echo
    echo '\echo LAST_ERROR_SQLSTATE=:LAST_ERROR_SQLSTATE'
  } | run_psql -A -t -v ON_ERROR_STOP=0)
  rc=$?
  if [[ $rc -eq 0 ]] && grep -qx "LAST_ERROR_SQLSTATE=$code" <<<"$out" &&
    grep -qF "ERROR:  $code: $msg" "$tmp/err"; then
    pass "$name"
  else
    fail "$name" "exit status $rc
--- want LAST_ERROR_SQLSTATE=$code and stderr line: ERROR:  $code: $msg
--- got
$out
--- stderr
$(cat "$tmp/err")"
  fi
}

# ---------------------------------------------------------------------------------------------
# Connection and session.

if ! out=$(timeout -k 5 30 psql -X -A -t -c 'SELECT 1' 2>&1) || [[ "$out" != 1 ]]; then
  fail "connect" "$out"
  echo "psql: cannot connect; skipping the remaining checks"
  echo "psql: $passed passed, $failed failed"
  exit 1
fi
pass "connect"

# The identity the later checks expect in \conninfo, \l and \du.
want_ident="${PGUSER:-$(id -un)}|${PGDATABASE:-${PGUSER:-$(id -un)}}"
if ident=$(timeout -k 5 30 psql -X -A -t -c 'SELECT current_user, current_database()' 2>&1) &&
  [[ "$ident" == "$want_ident" ]]; then
  pass "current_user, current_database()"
else
  fail "current_user, current_database()" "want $want_ident, got $ident"
  ident=$want_ident
fi
user=${ident%%|*}
db=${ident#*|}

expect_lines "server_version is 15.x (ParameterStatus)" '^SERVER_VERSION_NUM=15[0-9]{4}$' \
  '^SERVER_VERSION_NAME=15\.' <<'SQL'
\echo SERVER_VERSION_NUM=:SERVER_VERSION_NUM
\echo SERVER_VERSION_NAME=:SERVER_VERSION_NAME
SQL

expect_lines "\\conninfo" \
  "^You are connected to database \"$db\" as user \"$user\" .*at port \"${PGPORT:-5432}\"\\.\$" <<'SQL'
\conninfo
SQL

expect "SHOW of startup parameters" $'UTF8\nISO, MDY\non' <<'SQL'
SHOW client_encoding;
SHOW DateStyle;
SHOW standard_conforming_strings;
SQL

# ---------------------------------------------------------------------------------------------
# Schema, tables and data (setup.sql runs as a script file with ON_ERROR_STOP).

if run_psql -v ON_ERROR_STOP=1 -f "$here/setup.sql" >/dev/null </dev/null; then
  pass "setup.sql (create schema, tables with every type, inserts)"
else
  fail "setup.sql (create schema, tables with every type, inserts)" "$(cat "$tmp/err")"
  echo "psql: setup failed; skipping the remaining checks"
  echo "psql: $passed passed, $failed failed"
  exit 1
fi

expect "select every type as text" \
  "1|t|32767|9007199254740993|1.5|3.141592653589793|12345.67|it's \"text\"|varchar|ab   |\\xdeadbeef|2024-02-29|13:14:15.123456|2024-01-02 03:04:05.123456|2024-01-02 01:04:05.123456+00|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"a\": 1,  \"z\": null}|{\"a\": \"x\", \"b\": [1, 2]}
2|||||||||||||||||
3|f|-32768|-9223372036854775807|-0.25|1e+300|-0.05|üñíçødé ✓||abcde|\\x|1999-12-31|00:00:00|1970-01-01 00:00:00|1970-01-01 00:00:00+00|00000000-0000-0000-0000-000000000000|[]|{}" <<'SQL'
SET TIME ZONE 'UTC';
SELECT * FROM :"S".alltypes ORDER BY id;
SQL

expect "WHERE on every type" "1" <<'SQL'
SELECT id FROM :"S".alltypes
 WHERE b AND i2 = 32767 AND i8 = 9007199254740993 AND f4 = 1.5 AND f8 > 3.14
   AND num = 12345.67 AND t = 'it''s "text"' AND vc = 'varchar' AND c = 'ab'
   AND by = '\xdeadbeef' AND d = '2024-02-29' AND tm = '13:14:15.123456'
   AND ts = '2024-01-02 03:04:05.123456' AND tstz = '2024-01-02 01:04:05.123456+00'
   AND u = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AND jb = '{"a": "x", "b": [1, 2]}';
SQL

expect "IS NULL" "2" <<'SQL'
SELECT id FROM :"S".alltypes WHERE b IS NULL AND jb IS NULL ORDER BY id;
SQL

expect "timestamptz follows SET TIME ZONE" "2024-01-02 10:04:05.123456+09" <<'SQL'
SET TIME ZONE 'Asia/Tokyo';
SELECT tstz FROM :"S".alltypes WHERE id = 1;
SQL

expect "WHERE / ORDER BY / LIMIT" $'10|100\n9|90\n8|80' <<'SQL'
SELECT id, qty FROM :"S".items WHERE qty > 40 ORDER BY qty DESC LIMIT 3;
SQL

expect "GROUP BY with aggregates" $'a|4|190|90\nb|3|150|80\nc|3|170|100' <<'SQL'
SELECT grp, count(*), sum(qty), max(qty) FROM :"S".items GROUP BY grp ORDER BY grp;
SQL

expect "INSERT / UPDATE / DELETE ... RETURNING" $'11|d|5\n2|b|21\n10|c|100\n10' <<'SQL'
INSERT INTO :"S".items VALUES (11, 'd', 5) RETURNING id, grp, qty;
UPDATE :"S".items SET qty = qty + 1 WHERE id = 2 RETURNING id, grp, qty;
DELETE FROM :"S".items WHERE id = 10 RETURNING *;
SELECT count(*) FROM :"S".items;
SQL

expect "command tags" $'INSERT 0 2\nUPDATE 2\nDELETE 2' <<'SQL'
\set QUIET off
INSERT INTO :"S".items VALUES (20, 'x', 1), (21, 'x', 2);
UPDATE :"S".items SET qty = 0 WHERE grp = 'x';
DELETE FROM :"S".items WHERE grp = 'x';
SQL

# ---------------------------------------------------------------------------------------------
# Transactions.

expect "ROLLBACK discards" "10" <<'SQL'
BEGIN;
INSERT INTO :"S".items VALUES (100, 'r', 1);
DELETE FROM :"S".items WHERE id = 1;
ROLLBACK;
SELECT count(*) FROM :"S".items;
SQL

expect "COMMIT keeps" $'11\n1' <<'SQL'
BEGIN;
INSERT INTO :"S".items VALUES (101, 'k', 1);
COMMIT;
SELECT count(*) FROM :"S".items;
SELECT qty FROM :"S".items WHERE id = 101;
SQL

expect_error "error inside a transaction aborts it (25P02)" 25P02 \
  "current transaction is aborted, commands ignored until end of transaction block" <<'SQL'
BEGIN;
INSERT INTO :"S".items VALUES (1, 'dup', 1);
SELECT 1;
SQL

expect "ROLLBACK after an aborted transaction" $'11' <<'SQL'
\set ON_ERROR_STOP 0
BEGIN;
INSERT INTO :"S".items VALUES (102, 'k', 1);
SELECT 1/0;
ROLLBACK;
\set ON_ERROR_STOP 1
SELECT count(*) FROM :"S".items;
SQL

# ---------------------------------------------------------------------------------------------
# Errors and their SQLSTATEs.

expect_error "unique violation (23505)" 23505 \
  'duplicate key value violates unique constraint "items_pkey"' <<'SQL'
INSERT INTO :"S".items VALUES (1, 'dup', 1);
SQL

expect_error "undefined table (42P01)" 42P01 'relation "no_such_table" does not exist' <<'SQL'
SELECT * FROM no_such_table;
SQL

expect_error "division by zero (22012)" 22012 'division by zero' <<'SQL'
SELECT qty / 0 FROM :"S".items WHERE id = 1;
SQL

expect_error "undefined column (42703)" 42703 'column "nope" does not exist' <<'SQL'
SELECT nope FROM :"S".items;
SQL

expect_error "not-null violation (23502)" 23502 'null value in column "grp"' <<'SQL'
INSERT INTO :"S".items (id) VALUES (500);
SQL

expect_error "invalid integer input (22P02)" 22P02 \
  'invalid input syntax for type integer: "abc"' <<'SQL'
INSERT INTO :"S".items VALUES (501, 'x', 'abc');
SQL

expect_error "syntax error (42601)" 42601 'syntax error at or near "SELEC"' <<'SQL'
SELEC 1;
SQL

expect_error "duplicate schema (42P06)" 42P06 "schema \"$S\" already exists" <<'SQL'
CREATE SCHEMA :"S";
SQL

expect_error "duplicate table (42P07)" 42P07 'relation "items" already exists' <<'SQL'
CREATE TABLE :"S".items (id integer PRIMARY KEY);
SQL

expect "session still usable after errors" "11" <<'SQL'
\set ON_ERROR_STOP 0
SELECT 1/0;
\set ON_ERROR_STOP 1
SELECT count(*) FROM :"S".items;
SQL

# ---------------------------------------------------------------------------------------------
# Meta-commands (catalog introspection through the queries psql 15 sends).

expect "\\d table" "Table \"$S.alltypes\"
Column|Type|Collation|Nullable|Default
id|integer||not null|
b|boolean|||
i2|smallint|||
i8|bigint|||
f4|real|||
f8|double precision|||
num|numeric(10,2)|||
t|text|||
vc|character varying(20)|||
c|character(5)|||
by|bytea|||
d|date|||
tm|time without time zone|||
ts|timestamp without time zone|||
tstz|timestamp with time zone|||
u|uuid|||
j|json|||
jb|jsonb|||
Indexes:
    \"alltypes_pkey\" PRIMARY KEY, btree (id)" <<'SQL'
\pset tuples_only off
\d :S.alltypes
SQL

expect_lines "\\d table with NOT NULL column" '^Table ".*\.items"$' '^id\|bigint\|\|not null\|$' \
  '^grp\|text\|\|not null\|$' '^qty\|integer\|\|\|$' '"items_pkey" PRIMARY KEY, btree \(id\)' <<'SQL'
\d :S.items
SQL

expect_lines "\\d (relations on search_path)" '^List of relations$' '^Schema\|Name\|Type\|Owner$' \
  "^$S\\|alltypes\\|table\\|[^|]+\$" "^$S\\|items\\|table\\|[^|]+\$" <<'SQL'
SET search_path = :"S";
\d
SQL

expect_lines "\\dt" '^List of relations$' "^$S\\|alltypes\\|table\\|[^|]+\$" \
  "^$S\\|items\\|table\\|[^|]+\$" '^\(2 rows\)$' <<'SQL'
\dt :S.*
SQL

expect_lines "\\dt+" '^Schema\|Name\|Type\|Owner\|Persistence\|Access method\|Size\|Description$' \
  "^$S\\|items\\|table\\|[^|]+\\|permanent\\|" <<'SQL'
\dt+ :S.*
SQL

expect_lines "\\di" '^List of relations$' \
  "^$S\\|alltypes_pkey\\|index\\|[^|]+\\|alltypes\$" "^$S\\|items_pkey\\|index\\|[^|]+\\|items\$" <<'SQL'
\di :S.*
SQL

expect_lines "\\dn" '^List of schemas$' '^Name\|Owner$' "^$S\\|[^|]+\$" <<'SQL'
\dn :S
SQL

expect_lines "\\dn (all)" '^List of schemas$' "^$S\\|" '^public\|' <<'SQL'
\dn
SQL

expect_lines "\\l" '^List of databases$' '^Name\|Owner\|Encoding\|' "^$db\\|[^|]*\\|UTF8\\|" <<'SQL'
\l
SQL

expect_lines "\\du" '^List of roles$' '^Role name\|Attributes\|Member of$' "^$user\\|" <<'SQL'
\du
SQL

expect_lines "\\df (user functions)" '^List of functions$' \
  '^Schema\|Name\|Result data type\|Argument data types\|Type$' <<'SQL'
\df
SQL

expect_lines "\\df now (built-in function)" '^pg_catalog\|now\|timestamp with time zone\|\|func$' <<'SQL'
\df now
SQL

echo "psql: $passed passed, $failed failed"
if ((failed > 0)); then
  printf 'psql: failed: %s\n' "${failed_names[@]}"
  exit 1
fi
