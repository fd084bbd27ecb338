#!/usr/bin/env bash
# Installs what testdata/clients/run.sh needs on a Debian machine (CI or a fresh box):
# psql/pg_isready (postgresql-client), psycopg2 for /usr/bin/python3 (python3-psycopg2), the
# PostgreSQL JDBC driver at /usr/share/java/postgresql.jar (libpostgresql-jdbc-java), and the
# pinned node-postgres packages (npm ci from package-lock.json). Java 17 and node are assumed
# present. Idempotent: installs only what is missing. Needs root for apt-get (sudo if available).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

missing=()
command -v psql >/dev/null && command -v pg_isready >/dev/null || missing+=(postgresql-client)
# Debian ships pgbench with the server package.
[[ -x /usr/lib/postgresql/15/bin/pgbench ]] || command -v pgbench >/dev/null || missing+=(postgresql-15)
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
[[ -f /usr/share/java/postgresql.jar ]] || missing+=(libpostgresql-jdbc-java)

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install.sh: apt-get install ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "install.sh: postgresql-client, python3-psycopg2, libpostgresql-jdbc-java already present"
fi

for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "install.sh: $tool is required but not installed" >&2; exit 1; }
done

# npm ci installs exactly the lock file's versions; skip it when they are already in place.
lock=$here/node/package-lock.json
stamp=$here/node/node_modules/.package-lock.json
if [[ -f $stamp && $stamp -nt $lock ]] && (cd "$here/node" && npm ls --depth=0 >/dev/null 2>&1); then
  echo "install.sh: node_modules up to date"
else
  echo "install.sh: npm ci in $here/node"
  (cd "$here/node" && npm ci --no-audit --no-fund)
fi
