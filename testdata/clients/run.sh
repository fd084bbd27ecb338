#!/usr/bin/env bash
# Runs the real-client compatibility suite (psql, node-postgres, psycopg2, pgjdbc, pgbench).
#
# Usage: testdata/clients/run.sh [psql] [node] [python] [java] [pgbench]   (default: all)
#
# TARGET selects the server:
#   kalamdb (default)  start $KALAMDB_BIN (default bin/kalamdb, built beforehand by `make compat`)
#                      on a free loopback port in 20000-30000 with a fresh data directory, run the
#                      clients as root/kalamdb, then stop it
#   oracle             an already running PostgreSQL 15; PGHOST/PGPORT/PGUSER/PGDATABASE default
#                      to 127.0.0.1/5433/postgres/postgres (this is how the scripts are validated)
#   external           an already running server given entirely by PGHOST/PGPORT/PGUSER/PGDATABASE
# CLIENT_TIMEOUT bounds each client's run time in seconds (default 180); a hung client fails.
# Every client creates and drops its own uniquely named schema, so runs are repeatable.
# Prints one summary line per client; exits 1 if any client failed (2 on a usage/setup error).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${TARGET:-kalamdb}
timeout_s=${CLIENT_TIMEOUT:-180}
py=/usr/bin/python3
jdbc_jar=/usr/share/java/postgresql.jar

all_clients=(psql node python java pgbench)
clients=("$@")
if [[ ${#clients[@]} -eq 0 ]]; then
  clients=("${all_clients[@]}")
fi
for c in "${clients[@]}"; do
  case $c in
  psql | node | python | java | pgbench) ;;
  -h | --help)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "run.sh: unknown client '$c' (want: ${all_clients[*]})" >&2
    exit 2
    ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kalamdb-compat.XXXXXX")
server_pid=""
keep_work=0

stop_server() {
  [[ -n $server_pid ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 75); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "run.sh: server did not stop on SIGTERM within 15s; sending SIGKILL" >&2
      kill -KILL "$server_pid" 2>/dev/null
    fi
  fi
  wait "$server_pid" 2>/dev/null
  server_pid=""
}

finish() {
  stop_server
  if ((keep_work)); then
    echo "run.sh: logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# port_free PORT: true if nothing is bound to 127.0.0.1:PORT.
port_free() {
  "$py" -c 'import socket,sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}

# wait_ready PORT: waits up to 20s for the server to accept connections; false if it exited.
wait_ready() {
  for _ in $(seq 1 100); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    if command -v pg_isready >/dev/null; then
      pg_isready -q -h 127.0.0.1 -p "$1" -U root -d kalamdb -t 1 && return 0
    else
      psql -X -q -h 127.0.0.1 -p "$1" -U root -d kalamdb -c 'SELECT 1' >/dev/null 2>&1 && return 0
    fi
    sleep 0.2
  done
  return 1
}

start_kalamdb() {
  local bin=${KALAMDB_BIN:-$root/bin/kalamdb} port attempt
  if [[ ! -x $bin ]]; then
    echo "run.sh: $bin not found; build it first (go build -o bin/kalamdb . — make compat does)" >&2
    exit 2
  fi
  mkdir -p "$work/data"
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 10001))
    port_free "$port" || continue
    "$bin" serve --data-dir "$work/data" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    if wait_ready "$port"; then
      export PGHOST=127.0.0.1 PGPORT=$port PGUSER=root PGDATABASE=kalamdb
      unset PGPASSWORD PGSERVICE PGOPTIONS
      echo "run.sh: kalamdb (pid $server_pid) listening on 127.0.0.1:$port, data in $work/data"
      return 0
    fi
    stop_server
    # Another process may have taken the port between the probe and the bind: retry.
    grep -qi 'address already in use' "$work/server.log" && continue
    break
  done
  echo "run.sh: kalamdb did not start; server log:" >&2
  sed 's/^/    /' "$work/server.log" >&2
  keep_work=1
  exit 2
}

case $target in
kalamdb) start_kalamdb ;;
oracle)
  export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5433} PGUSER=${PGUSER:-postgres}
  export PGDATABASE=${PGDATABASE:-postgres}
  ;;
external)
  if [[ -z ${PGHOST:-} || -z ${PGPORT:-} || -z ${PGUSER:-} ]]; then
    echo "run.sh: TARGET=external needs PGHOST, PGPORT and PGUSER (and usually PGDATABASE)" >&2
    exit 2
  fi
  ;;
*)
  echo "run.sh: unknown TARGET '$target' (want kalamdb, oracle or external)" >&2
  exit 2
  ;;
esac
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
echo "run.sh: target $target at $PGHOST:$PGPORT as user $PGUSER, database ${PGDATABASE:-}"

# missing CLIENT: prints why CLIENT cannot run here, or nothing when it can.
missing() {
  case $1 in
  psql) command -v psql >/dev/null || echo "psql not installed (run testdata/clients/install.sh)" ;;
  pgbench) command -v pgbench >/dev/null || echo "pgbench not installed (run testdata/clients/install.sh)" ;;
  node)
    command -v node >/dev/null || { echo "node not installed"; return; }
    [[ -d $here/node/node_modules/pg ]] ||
      echo "node_modules missing (run testdata/clients/install.sh or npm ci in testdata/clients/node)"
    ;;
  python)
    "$py" -c 'import psycopg2' 2>/dev/null ||
      echo "psycopg2 not importable by $py (run testdata/clients/install.sh)"
    ;;
  java)
    command -v java >/dev/null || { echo "java not installed"; return; }
    [[ -f $jdbc_jar ]] || echo "$jdbc_jar missing (run testdata/clients/install.sh)"
    ;;
  esac
}

# set_cmd CLIENT: sets the array cmd to the command line that runs CLIENT's checks.
set_cmd() {
  case $1 in
  psql) cmd=(bash "$here/psql/psql.sh") ;;
  pgbench) cmd=(bash "$here/pgbench/pgbench.sh") ;;
  node) cmd=(node "$here/node/test.js") ;;
  python) cmd=("$py" "$here/python/test_psycopg2.py") ;;
  java) cmd=(java -cp "$jdbc_jar" "$here/java/CompatTest.java") ;;
  esac
}

summary=()
failed=0
for c in "${clients[@]}"; do
  echo
  echo "=== $c"
  why=$(missing "$c")
  if [[ -n $why ]]; then
    echo "$c: $why"
    summary+=("$(printf 'FAIL %-7s %s' "$c" "$why")")
    failed=1
    continue
  fi
  set_cmd "$c"
  (cd "$here" && timeout --kill-after=10 "$timeout_s" "${cmd[@]}") 2>&1 | tee "$work/$c.log"
  rc=${PIPESTATUS[0]}
  counts=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$work/$c.log" | tail -n 1)
  if [[ $rc -eq 0 ]]; then
    summary+=("$(printf 'PASS %-7s %s' "$c" "$counts")")
  else
    failed=1
    keep_work=1
    case $rc in
    124 | 137) note="timed out after ${timeout_s}s" ;;
    *) note="exit status $rc" ;;
    esac
    summary+=("$(printf 'FAIL %-7s %s' "$c" "${counts:+$counts, }$note")")
  fi
done

if [[ -n $server_pid ]] && ! kill -0 "$server_pid" 2>/dev/null; then
  summary+=("FAIL server  kalamdb exited during the run (see $work/server.log)")
  failed=1
  keep_work=1
fi

echo
echo "=== summary (target $target at $PGHOST:$PGPORT)"
printf '%s\n' "${summary[@]}"
exit "$failed"
