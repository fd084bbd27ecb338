#!/bin/sh
# Regenerates scalars.golden, catalog.golden and subquery.golden from
# PostgreSQL 15 (the oracle on port 5433): every line of NAME.sql is
# evaluated against one row of the test table t (and, for subqueries, the
# small tables of subquery_test.go) and recorded in NAME.golden as
#   expr TAB value TAB type  or  expr TAB ERROR TAB sqlstate TAB message.
set -u
cd "$(dirname "$0")"
ROW="with t(i, b, s, n, f, r, txt, vc, ch, d, ts, tz, ok, nul, nt) as (select 7::int4, 3000000000::int8, (-3)::int2, 12.50::numeric(10,2), 2.5::float8, 1.25::float4, 'Hello'::text, 'World'::varchar(10), 'ab'::char(5), '2024-03-05'::date, '2024-03-05 10:20:05.123456'::timestamp, '2024-03-05 10:20:05+00'::timestamptz, true, null::int4, null::text)"
TABLES="nums(n) as (values (1), (2), (3)), withnull(n) as (values (1), (null::int)), pairs(a, b) as (values (1, 'x'), (2, 'y')), empty(n) as (select 1 where false)"
for name in scalars catalog subquery; do
prefix=$ROW
[ $name = subquery ] && prefix="$ROW, $TABLES"
: > $name.golden
while IFS= read -r expr; do
	out=$(PGTZ=UTC psql -X -h 127.0.0.1 -p 5433 -U postgres -At -F '	' -P null=NULL -v VERBOSITY=verbose \
		-c "$prefix select $expr, pg_typeof($expr) from t" 2>&1)
	case "$out" in
	ERROR:*)
		line=$(printf '%s\n' "$out" | head -1 | sed 's/^ERROR:  //')
		printf '%s\tERROR\t%s\t%s\n' "$expr" "${line%%:*}" "${line#*: }" >> $name.golden ;;
	*)
		printf '%s\t%s\n' "$expr" "$out" >> $name.golden ;;
	esac
done < $name.sql
done
