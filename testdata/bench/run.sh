#!/usr/bin/env bash
# Measures KalamDB side by side with PostgreSQL 15: pgbench (select-only prepared and simple,
# TPC-B prepared) and a COPY load, alternating the two servers so machine drift hits both.
#
# Usage: testdata/bench/run.sh            (`make bench` builds bin/kalamdb, then runs this)
#
# Environment (`make bench SCALE=1 DURATION=5` passes the make variables of the same names):
#   SCALE=10           pgbench -i scale (100,000 pgbench_accounts rows per unit)
#   DURATION=15        seconds per pgbench run
#   CLIENTS=8          pgbench clients (-c); JOBS=2 pgbench threads (-j)
#   ROUNDS=2           runs of every workload per server; the table shows the median
#   COPY_ROWS=1000000  rows of the COPY workload (id bigint primary key, a int, b text)
#   INIT_STEPS         pgbench -i steps (-I), default pgbench's own "dtgvp"
#   INIT_TIMEOUT=900, COPY_TIMEOUT=600   seconds before a load is killed and counted as failed
#   KALAMDB_BIN        server binary (default bin/kalamdb)
#   BENCH_SELFTEST=1   a second PostgreSQL takes KalamDB's slot: checks the harness (ratios ≈ 1)
#
# Must run as root: PostgreSQL is initdb'ed and started as the postgres user (runuser) in a
# temporary directory, with default settings (fsync on). Both servers get fresh data directories
# on the same disk and free ports on 127.0.0.1 in 20000-30000; clients connect over TCP. Both are
# stopped on exit, however it happens.
# Exit status: 0 every workload ran on both servers; 1 some workload failed (the table and the
# list under it say which, and the logs are kept); 2 a server did not start or the setup is wrong.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pgbin=/usr/lib/postgresql/15/bin

scale=${SCALE:-10}
duration=${DURATION:-15}
clients=${CLIENTS:-8}
jobs=${JOBS:-2}
rounds=${ROUNDS:-2}
copy_rows=${COPY_ROWS:-1000000}
init_steps=${INIT_STEPS:-}
init_timeout=${INIT_TIMEOUT:-900}
copy_timeout=${COPY_TIMEOUT:-600}
selftest=${BENCH_SELFTEST:-0}
kalamdb_bin=${KALAMDB_BIN:-$root/bin/kalamdb}

# The two slots. "ours" is KalamDB (or a second PostgreSQL under BENCH_SELFTEST=1), "pg" is
# always PostgreSQL 15; every workload runs on "ours" first, then on "pg".
slots=(ours pg)
declare -A kind label port user db pid dir
# Workloads, in the order a round runs them, and the pgbench options of the pgbench ones.
workloads=(select-prepared select-simple tpcb-prepared copy)
declare -A args
args[select-prepared]="-S -M prepared"
args[select-simple]="-S -M simple"
args[tpcb-prepared]="-M prepared"
# Results per "slot|workload": throughputs and latencies (ms, or s for loads) of the rounds that
# worked, the first error of the ones that did not.
declare -A vals lats errs nfailed
started=()
child="" # pid of the client run_logged waits for
failed=0
keep_logs=0

die() {
  echo "run.sh: $*" >&2
  exit 2
}

# positive_int NAME VALUE: dies unless VALUE is a positive integer.
positive_int() {
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"
}

check_setup() {
  local v
  for v in SCALE:$scale DURATION:$duration CLIENTS:$clients JOBS:$jobs ROUNDS:$rounds \
    COPY_ROWS:$copy_rows INIT_TIMEOUT:$init_timeout COPY_TIMEOUT:$copy_timeout; do
    positive_int "${v%%:*}" "${v#*:}"
  done
  ((jobs <= clients)) || jobs=$clients
  [[ $EUID -eq 0 ]] || die "must run as root (PostgreSQL is started as the postgres user via runuser)"
  id postgres >/dev/null 2>&1 || die "no postgres user; install postgresql-15"
  [[ -x $pgbin/postgres && -x $pgbin/pgbench && -x $pgbin/psql ]] ||
    die "$pgbin lacks postgres, pgbench or psql; install postgresql-15"
  if [[ $selftest != 1 && ! -x $kalamdb_bin ]]; then
    die "$kalamdb_bin not found; build it first (make bench does)"
  fi
}

# --- servers -------------------------------------------------------------------------------

# port_free PORT: true if nothing is bound to 127.0.0.1:PORT.
port_free() {
  /usr/bin/python3 -c 'import socket,sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}

# pick_port: prints a free loopback port in 20000-30000 (below Linux's ephemeral range).
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 10001))
    port_free "$p" && echo "$p" && return 0
  done
  return 1
}

# as_postgres PROGRAM ARGS...: runs a PostgreSQL 15 program as the postgres user, from the work
# directory (runuser keeps root's cwd, which postgres may not be able to read).
as_postgres() {
  (cd "$work" && runuser -u postgres -- "$pgbin/$1" "${@:2}")
}

start_postgres() {
  local s=$1 d=$work/$1 p
  mkdir -p "$d"
  chown postgres: "$d"
  dir[$s]=$d
  started+=("$s")
  as_postgres initdb -D "$d/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$logs/$s-initdb.log" 2>&1 || die "initdb for ${label[$s]} failed: $(tail -n 3 "$logs/$s-initdb.log")"
  for _ in 1 2 3 4 5; do
    p=$(pick_port) || die "no free port in 20000-30000"
    if as_postgres pg_ctl -D "$d/data" -l "$d/server.log" -w -t 60 \
      -o "-p $p -c listen_addresses=127.0.0.1 -c unix_socket_directories=$d" start \
      >>"$logs/$s-pg_ctl.log" 2>&1; then
      port[$s]=$p
      return 0
    fi
    # Someone may have taken the port between the probe and the bind: try another.
    grep -q 'could not bind' "$d/server.log" 2>/dev/null || break
  done
  cp "$d/server.log" "$logs/$s-server.log" 2>/dev/null
  keep_logs=1
  die "${label[$s]} did not start; server log: $(tail -n 5 "$d/server.log" 2>/dev/null)"
}

# wait_ready SLOT: waits up to 20s for the slot's server to accept connections; false if it exited.
wait_ready() {
  local s=$1
  for _ in $(seq 1 100); do
    kill -0 "${pid[$s]}" 2>/dev/null || return 1
    pg_isready -q -h 127.0.0.1 -p "${port[$s]}" -U "${user[$s]}" -d "${db[$s]}" -t 1 && return 0
    sleep 0.2
  done
  return 1
}

start_kalamdb() {
  local s=$1 d=$work/$1 log=$logs/$1-server.log
  mkdir -p "$d/data"
  dir[$s]=$d
  started+=("$s")
  for _ in 1 2 3 4 5; do
    port[$s]=$(pick_port) || die "no free port in 20000-30000"
    "$kalamdb_bin" serve --data-dir "$d/data" --listen "127.0.0.1:${port[$s]}" >"$log" 2>&1 &
    pid[$s]=$!
    wait_ready "$s" && return 0
    stop_server "$s"
    grep -qi 'address already in use' "$log" || break
  done
  keep_logs=1
  die "${label[$s]} did not start; its log ends: $(tail -n 5 "$log" | grep . || echo '(empty)')"
}

# stop_server SLOT: stops the slot's server if it runs; safe to call twice.
stop_server() {
  local s=$1
  if [[ ${kind[$s]} == postgres ]]; then
    [[ -f ${dir[$s]}/data/postmaster.pid ]] || return 0
    as_postgres pg_ctl -D "${dir[$s]}/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_postgres pg_ctl -D "${dir[$s]}/data" -m immediate -w -t 30 stop >/dev/null 2>&1
    cp "${dir[$s]}/server.log" "$logs/$s-server.log" 2>/dev/null
    return 0
  fi
  [[ -n ${pid[$s]:-} ]] || return 0
  kill -TERM "${pid[$s]}" 2>/dev/null
  for _ in $(seq 1 75); do
    kill -0 "${pid[$s]}" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "${pid[$s]}" 2>/dev/null; then
    echo "run.sh: ${label[$s]} did not stop on SIGTERM within 15s; sending SIGKILL" >&2
    kill -KILL "${pid[$s]}" 2>/dev/null
  fi
  wait "${pid[$s]}" 2>/dev/null
  pid[$s]=""
}

# finish: the EXIT trap; stops the servers, keeps the logs if something failed.
# shellcheck disable=SC2317 # called by the trap
finish() {
  local s kept
  for s in "${started[@]}"; do
    stop_server "$s"
  done
  if ((keep_logs)); then
    kept=$(mktemp -d "${TMPDIR:-/tmp}/kalamdb-bench-logs.XXXXXX")
    cp -r "$logs/." "$kept/" && echo "run.sh: logs kept in $kept"
  fi
  rm -rf "$work"
}

# --- measuring -----------------------------------------------------------------------------

# run_logged LOG SECONDS COMMAND...: runs COMMAND with its output in LOG, killed after SECONDS;
# returns its exit status (124 on timeout).
# The command runs in the background so that an interrupt stops it at once (bash would run the
# trap only after a foreground command ended): see interrupted.
run_logged() {
  local log=$1 t=$2 rc
  shift 2
  echo "\$ $*" >"$log"
  timeout --kill-after=10 "$t" "$@" >>"$log" 2>&1 &
  child=$!
  wait "$child"
  rc=$?
  child=""
  return "$rc"
}

# interrupted: the INT/TERM trap; stops the running client, then exits (finish stops the servers).
# shellcheck disable=SC2317 # called by the trap
interrupted() {
  [[ -n $child ]] && kill -TERM "$child" 2>/dev/null
  echo "run.sh: interrupted" >&2
  exit 130
}

# first_error LOG STATUS: prints the first error line in LOG that the client did not go on to
# ignore (pgbench ignores failed VACUUMs before a run), or a description of STATUS.
first_error() {
  local line
  ((${2} == 124)) && echo "timed out" && return
  line=$(awk '
    NR == 1 && /^\$ / { next } # the command line run_logged wrote
    /ignoring this error and continuing anyway/ { if (n) n--; next }
    /error|ERROR|FATAL|fatal|could not|aborted/ { line[++n] = $0 }
    END { if (n) print line[1] }' "$1")
  [[ -n $line ]] || line="exit status $2; last output: $(tail -n 1 "$1")"
  echo "${line:0:240}"
}

now_ns() { date +%s%N; }

# seconds_since START_NS: elapsed seconds, 3 decimals.
seconds_since() {
  awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

pgbench_conn() {
  echo "-h 127.0.0.1 -p ${port[$1]} -U ${user[$1]}"
}

# psql_run SLOT COMMAND...: runs psql commands (-c each) on the slot, stopping at the first error.
psql_run() {
  local s=$1 c cmd=()
  shift
  for c in "$@"; do cmd+=(-c "$c"); done
  "$pgbin/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${port[$s]}" -U "${user[$s]}" \
    -d "${db[$s]}" "${cmd[@]}"
}

# record_ok SLOT WORKLOAD THROUGHPUT LATENCY, record_fail SLOT WORKLOAD ERROR: keep a result and
# print the progress line.
record_ok() {
  vals["$1|$2"]+=" $3"
  lats["$1|$2"]+=" $4"
  printf '%-24s %-16s %s\n' "${label[$1]}" "$2" "$(fmt_cell "$3" "$4" "$2")"
}
record_fail() {
  local msg=$3
  [[ -n ${args[$2]:-} && -n ${errs["$1|init"]:-} ]] && msg+=" (after a failed load)"
  [[ -n ${errs["$1|$2"]:-} ]] || errs["$1|$2"]=$msg
  nfailed["$1|$2"]=$((${nfailed["$1|$2"]:-0} + 1))
  failed=1 keep_logs=1
  printf '%-24s %-16s FAILED: %s\n' "${label[$1]}" "$2" "$msg"
}

# run_init SLOT: pgbench -i on the slot, once; throughput is accounts rows per second.
run_init() {
  local s=$1 log=$logs/$1-init.log t0 secs rc steps=()
  [[ -n $init_steps ]] && steps=(-I "$init_steps")
  t0=$(now_ns)
  # shellcheck disable=SC2046 # pgbench_conn is split on purpose
  run_logged "$log" "$init_timeout" "$pgbin/pgbench" -i -q -s "$scale" "${steps[@]}" \
    $(pgbench_conn "$s") "${db[$s]}"
  rc=$?
  secs=$(seconds_since "$t0")
  if ((rc != 0)); then
    record_fail "$s" init "$(first_error "$log" "$rc")"
    return
  fi
  record_ok "$s" init "$(awk -v n=$((scale * 100000)) -v t="$secs" 'BEGIN { printf "%.0f", n / t }')" "$secs"
}

# run_pgbench SLOT WORKLOAD ROUND: one timed pgbench run.
run_pgbench() {
  local s=$1 w=$2 log=$logs/$1-$2-r$3.log rc tps lat opts
  read -ra opts <<<"${args[$w]}"
  # shellcheck disable=SC2046
  run_logged "$log" $((duration + 120)) "$pgbin/pgbench" "${opts[@]}" -c "$clients" -j "$jobs" \
    -T "$duration" $(pgbench_conn "$s") "${db[$s]}"
  rc=$?
  tps=$(awk '/^tps = / { print $3; exit }' "$log")
  lat=$(awk '/^latency average = / { print $4; exit }' "$log")
  # pgbench exits 2 when a client aborted: the numbers that follow are not a full run.
  if ((rc != 0)) || [[ -z $tps || -z $lat ]]; then
    record_fail "$s" "$w" "$(first_error "$log" "$rc")"
    return
  fi
  record_ok "$s" "$w" "$tps" "$lat"
}

# run_copy SLOT ROUND: loads $copy_file into a fresh table with psql's \copy (COPY FROM STDIN),
# checks the row count, drops the table. Only the \copy is timed.
run_copy() {
  local s=$1 log=$logs/$1-copy-r$2.log rc t0 secs n
  if ! psql_run "$s" "DROP TABLE IF EXISTS bench_copy" \
    "CREATE TABLE bench_copy (id bigint PRIMARY KEY, a int, b text)" >"$log" 2>&1; then
    record_fail "$s" copy "$(first_error "$log" 1)"
    return
  fi
  t0=$(now_ns)
  run_logged "$log" "$copy_timeout" "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "${port[$s]}" -U "${user[$s]}" -d "${db[$s]}" -c "\\copy bench_copy FROM '$copy_file'"
  rc=$?
  secs=$(seconds_since "$t0")
  if ((rc != 0)); then
    record_fail "$s" copy "$(first_error "$log" "$rc")"
  elif ! n=$(psql_run "$s" "SELECT count(*) FROM bench_copy" 2>>"$log") || ((n != copy_rows)); then
    record_fail "$s" copy "COPY reported success but the table holds '$n' rows, not $copy_rows"
  else
    record_ok "$s" copy "$(awk -v n="$copy_rows" -v t="$secs" 'BEGIN { printf "%.0f", n / t }')" "$secs"
  fi
  psql_run "$s" "DROP TABLE IF EXISTS bench_copy" >>"$log" 2>&1
}

# make_copy_file: tab-separated rows for run_copy; b is 30-40 bytes of text.
make_copy_file() {
  awk -v n="$copy_rows" 'BEGIN {
    for (i = 1; i <= n; i++) printf "%d\t%d\tpayload-%d-abcdefghijklmnopqrstu\n", i, (i * 7919) % 100000, i
  }' >"$copy_file"
}

# --- reporting -----------------------------------------------------------------------------

# median VALUES...: the median of the numbers given.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
    END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# awk_group: an awk function, group(x): x rounded, with thousands separators ("1,234,567").
awk_group='function group(x,   s) {
  s = sprintf("%.0f", x)
  while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
  return s
}'

# thousands N: N with thousands separators.
thousands() {
  awk -v n="$1" "$awk_group"' BEGIN { print group(n) }'
}

# fmt_cell THROUGHPUT LATENCY WORKLOAD: "12,345 tps · 0.648 ms" or "150,000 rows/s · 6.70 s".
fmt_cell() {
  awk -v v="$1" -v l="$2" -v w="$3" "$awk_group"'
    BEGIN {
      if (w == "copy" || w == "init") printf "%s rows/s · %.2f s", group(v), l
      else printf "%s tps · %.3f ms", group(v), l
    }'
}

# cell SLOT WORKLOAD: the table cell, median over the rounds that worked.
cell() {
  local k="$1|$2" v l n=${nfailed["$1|$2"]:-0} out
  if [[ -z ${vals[$k]:-} ]]; then
    echo "failed"
    return
  fi
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  v=$(median ${vals[$k]}) l=$(median ${lats[$k]})
  out=$(fmt_cell "$v" "$l" "$2")
  ((n > 0)) && out+=" ($n of $rounds runs failed)"
  # pgbench runs on a partial load (say, without primary keys) measure something else.
  [[ -n ${args[$2]:-} && -n ${errs["$1|init"]:-} ]] && out+=" (after a failed load)"
  echo "$out"
}

# ratio WORKLOAD: KalamDB throughput over PostgreSQL's, or "–" when either failed.
ratio() {
  local a=${vals["ours|$1"]:-} b=${vals["pg|$1"]:-}
  [[ -n $a && -n $b ]] || { echo "–"; return; }
  # shellcheck disable=SC2086
  awk -v a="$(median $a)" -v b="$(median $b)" 'BEGIN { r = a / b; printf(r < 0.1 ? "%.3f×" : "%.2f×", r) }'
}

command_line() {
  local c="make bench SCALE=$scale DURATION=$duration CLIENTS=$clients ROUNDS=$rounds"
  ((copy_rows != 1000000)) && c+=" COPY_ROWS=$copy_rows"
  ((jobs != 2)) && c="JOBS=$jobs $c"
  [[ -n $init_steps ]] && c="INIT_STEPS=$init_steps $c"
  [[ $selftest == 1 ]] && c="BENCH_SELFTEST=1 $c"
  echo "$c"
}

machine() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  echo "$(nproc) × ${cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
}

print_table() {
  local w s nerr=0
  declare -A t=(
    [select-prepared]="\`pgbench -S -M prepared\` (select-only)"
    [select-simple]="\`pgbench -S -M simple\` (select-only)"
    [tpcb-prepared]="\`pgbench -M prepared\` (TPC-B-like)"
    [copy]="\`COPY … FROM STDIN\`, $(thousands "$copy_rows") rows into (id bigint PK, a int, b text)"
    [init]="\`pgbench -i -s $scale${init_steps:+ -I $init_steps}\`: $(thousands $((scale * 100000))) accounts$([[ -n $init_steps ]] || echo " + vacuum + keys") (once)"
  )
  echo
  echo "### ${label[ours]} vs ${label[pg]}: pgbench scale $scale, $clients clients, ${duration}s per run, median of $rounds round$( ((rounds == 1)) || echo s)"
  echo
  echo "| workload | ${label[ours]} | ${label[pg]} | ${label[ours]} / ${label[pg]} |"
  echo "|---|---|---|---|"
  for w in "${workloads[@]}" init; do
    echo "| ${t[$w]} | $(cell ours "$w") | $(cell pg "$w") | $(ratio "$w") |"
  done
  echo
  echo "$(machine); PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }') with default settings (fsync on);"
  echo "both servers on the same disk, pgbench $clients clients / $jobs threads over TCP on 127.0.0.1;"
  echo "the ratio is of throughput (higher is better for ${label[ours]}). Command: \`$(command_line)\`"
  for s in "${slots[@]}"; do
    for w in init "${workloads[@]}"; do
      [[ -n ${errs["$s|$w"]:-} ]] || continue
      ((nerr++ == 0)) && echo && echo "Failures (first error of each):"
      echo "- ${label[$s]}, $w: ${errs["$s|$w"]}"
    done
  done
}

# --- main ----------------------------------------------------------------------------------

check_setup
if [[ $selftest == 1 ]]; then
  kind[ours]=postgres label[ours]="PostgreSQL A" user[ours]=postgres db[ours]=postgres
  kind[pg]=postgres label[pg]="PostgreSQL B" user[pg]=postgres db[pg]=postgres
else
  kind[ours]=kalamdb label[ours]="KalamDB" user[ours]=root db[ours]=kalamdb
  kind[pg]=postgres label[pg]="PostgreSQL 15" user[pg]=postgres db[pg]=postgres
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kalamdb-bench.XXXXXX")
chmod 711 "$work" # the postgres user needs to reach its own directory inside
logs=$work/logs
copy_file=$work/copy.tsv
mkdir -p "$logs"
trap finish EXIT
trap interrupted INT TERM

unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE PGOPTIONS PGSSLMODE
export PGCONNECT_TIMEOUT=10

for s in "${slots[@]}"; do
  if [[ ${kind[$s]} == kalamdb ]]; then start_kalamdb "$s"; else start_postgres "$s"; fi
  echo "run.sh: ${label[$s]} listening on 127.0.0.1:${port[$s]}, data in ${dir[$s]}"
done
echo "run.sh: $(command_line)"
echo "run.sh: $(machine)"
make_copy_file

echo
echo "== loading: pgbench -i -s $scale${init_steps:+ -I $init_steps}"
for s in "${slots[@]}"; do
  run_init "$s"
done
for r in $(seq 1 "$rounds"); do
  echo
  echo "== round $r of $rounds"
  for w in "${workloads[@]}"; do
    for s in "${slots[@]}"; do
      if [[ $w == copy ]]; then run_copy "$s" "$r"; else run_pgbench "$s" "$w" "$r"; fi
    done
  done
done

print_table
exit "$failed"
