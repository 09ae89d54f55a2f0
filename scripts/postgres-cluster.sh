#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests and benchmarks: initdb and pg_ctl on a temporary
# folder, listening on loopback only (127.0.0.1, a free port) and on a socket inside the folder.
#
#   scripts/postgres-cluster.sh start DIR [durable]   creates and starts it, writes DIR/env
#   scripts/postgres-cluster.sh stop DIR              stops it and removes DIR
#
# DIR/env exports:
#   PSP_TEST_PG_ADMIN   libpq string of the cluster's superuser (tests create a schema per test)
#   PSP_TEST_PG_PLUGIN  libpq string of `psp_plugin`, the role the plugin connects as: it may log in
#                       and own schemas the admin gives it, nothing else
#
# The strings set gssencmode=disable: the cluster offers no GSSAPI, and libpq's attempt at it would
# initialise Kerberos, whose thread-specific data LeakSanitizer reports as leaked in processes that
# scan without thread-local storage (the scenario tests, see tests/integration/CMakeLists.txt).
# The test cluster runs with fsync off (tests need speed, not durability); `durable` keeps fsync and
# synchronous_commit on, as the benchmarks need. initdb refuses to run as root: as root, the cluster
# belongs to the `postgres` system user that Debian's package creates.
set -euo pipefail

pg_bin=/usr/lib/postgresql/15/bin
cmd=${1:?usage: postgres-cluster.sh start|stop DIR [durable]}
dir=${2:?usage: postgres-cluster.sh start|stop DIR [durable]}

as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "[postgres] no free loopback port found" >&2
  exit 1
}

start() {
  local durability=${1:-fast}
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_cluster_owner "$pg_bin/initdb" -D "$dir/data" -U psp_admin -A trust -E UTF8 --locale=C \
    --no-sync >"$dir/initdb.log"
  local port
  port=$(free_port)
  local options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200"
  if [ "$durability" != "durable" ]; then
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_cluster_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w \
    start >/dev/null
  local admin="host=127.0.0.1 port=$port user=psp_admin dbname=psp"
  as_cluster_owner "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U psp_admin psp
  as_cluster_owner "$pg_bin/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U psp_admin \
    -d psp <<'SQL'
-- The plugin's role: it logs in and owns what it is given; no superuser, no databases, no roles.
CREATE ROLE psp_plugin LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
REVOKE ALL ON DATABASE psp FROM PUBLIC;
GRANT CONNECT ON DATABASE psp TO psp_plugin;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
-- The host's HR data, in the same database as a multi-server host would keep it. Never granted.
CREATE SCHEMA hr;
REVOKE ALL ON SCHEMA hr FROM PUBLIC;
CREATE TABLE hr.employees (id TEXT PRIMARY KEY, name TEXT NOT NULL, home_address TEXT NOT NULL);
CREATE TABLE hr.disciplinary_actions (id SERIAL PRIMARY KEY, employee_id TEXT NOT NULL,
  summary TEXT NOT NULL);
INSERT INTO hr.employees VALUES ('E1', 'Officer One', '1 Main St');
INSERT INTO hr.disciplinary_actions (employee_id, summary)
  VALUES ('E1', 'DISCIPLINARY-MARKER written reprimand');
SQL
  cat >"$dir/env" <<EOF
export PSP_TEST_PG_ADMIN="$admin gssencmode=disable"
export PSP_TEST_PG_PLUGIN="host=127.0.0.1 port=$port user=psp_plugin dbname=psp gssencmode=disable"
EOF
  echo "[postgres] PostgreSQL 15 on 127.0.0.1:$port, data in $dir/data"
}

stop() {
  if [ -d "$dir/data" ]; then
    as_cluster_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start "${3:-fast}" ;;
  stop) stop ;;
  *) echo "usage: postgres-cluster.sh start|stop DIR [durable]" >&2; exit 2 ;;
esac
