#!/usr/bin/env bash
# pgbench compatibility checks: `pgbench -i -s 1` (client-side COPY, TRUNCATE,
# VACUUM, ALTER TABLE … ADD PRIMARY KEY), then a short run of the TPC-B-like
# script in each query mode and a select-only run, each with zero failed
# transactions, and finally the balance invariant: the sum of account,
# teller and branch balances all equal the sum of history deltas.
# Connection settings come from the libpq environment (PGHOST, PGPORT, PGUSER,
# PGDATABASE). Exit status: 0 only if every check passed.
set -u

duration=${PGBENCH_DURATION:-10}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); echo "ok   pgbench: $1"; }
fail() {
  failed=$((failed + 1))
  echo "FAIL pgbench: $1"
  sed 's/^/       /' "$tmp/out" | tail -n 15
}

# check NAME CMD...: runs CMD; passes when it exits 0 and reports no failed transactions.
check() {
  local name=$1
  shift
  if "$@" >"$tmp/out" 2>&1 && ! grep -Eq 'number of failed transactions: [1-9]|aborted' "$tmp/out"; then
    pass "$name"
    grep -E '^tps' "$tmp/out" | sed 's/^/       /'
  else
    fail "$name"
  fi
}

check "pgbench -i -s 1" pgbench -i -q -s 1
for mode in simple extended prepared; do
  check "TPC-B -M $mode, 4 clients, ${duration}s" pgbench -n -M "$mode" -c 4 -j 2 -T "$duration"
done
check "select-only -M prepared, 4 clients, ${duration}s" pgbench -n -S -M prepared -c 4 -j 2 -T "$duration"

sums=$(psql -X -qAt -c "SELECT (SELECT sum(abalance) FROM pgbench_accounts), (SELECT sum(tbalance) FROM pgbench_tellers), (SELECT sum(bbalance) FROM pgbench_branches), (SELECT sum(delta) FROM pgbench_history), (SELECT count(*) FROM pgbench_history)" 2>&1)
IFS='|' read -r acc tel bra hist n <<<"$sums"
echo "$sums" >"$tmp/out"
if [[ -n ${n:-} && $n -gt 0 && $acc == "$hist" && $tel == "$hist" && $bra == "$hist" ]]; then
  pass "balances agree over $n history rows (sum $hist)"
else
  fail "balances agree (accounts|tellers|branches|history|rows)"
fi

psql -X -q -c 'DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers' >/dev/null 2>&1
echo "pgbench: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
