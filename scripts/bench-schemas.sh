#!/usr/bin/env bash
# What a schema per agency costs on one PostgreSQL 15, against the same data in shared tables keyed
# by agency with row-level security (issue 25, item 6; docs/scaling.md quotes the table).
#
#   scripts/bench-schemas.sh [N] [ROWS]     N agencies (default 2000), ROWS rows each (default 20)
#
# (a) Schema per agency, in database `psp`: N schemas, each built by the plugin itself: the
#     `psp_schema_bench` driver (tests/bench/schema_migration_bench.cpp) creates one instance per
#     schema through the C ABI, so every migration in plugin/storage/migrations.cpp runs as a host
#     would run it, then opens them all again (a host restart). ROWS employees and ROWS audit
#     entries are then written into each schema.
# (b) Shared tables, in database `psp_shared`: the plugin's schema as migrated in (a) (pg_dump
#     --schema-only of one agency's schema), with an `agency_id` column put first in every primary
#     key, unique constraint and index, and a row-level security policy on every table; the same
#     rows for the same N agencies.
# (c) One added migration (a column, then an index) on every agency schema, against once on the
#     shared tables.
# Then catalog and database sizes, the memory one server process holds after reading two tables
# of every agency, and a trivial query through pgbench (2 clients, a connection switching agency
# on every transaction), all measured in this run.
#
# Builds the release `psp_schema_bench` target (and the plugin), starts a durable cluster (fsync
# on) in a temporary folder and stops it on exit. Progress goes to stderr, the markdown table to
# stdout. The default run takes about ten minutes on a 2-core machine.
set -euo pipefail

n=${1:-2000}
rows=${2:-20}
if ! [[ $n =~ ^[0-9]+$ && $rows =~ ^[0-9]+$ ]] || [ "$n" -lt 2 ] || [ "$rows" -lt 1 ]; then
  echo "usage: bench-schemas.sh [N >= 2] [ROWS >= 1]" >&2
  exit 2
fi
pgbench_seconds=${PSP_BENCH_PGBENCH_SECONDS:-10}
jobs=${PSP_BENCH_JOBS:-2}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
say() { echo "[schemas] $*" >&2; }

# shellcheck source=scripts/compiler-cache.sh
source scripts/compiler-cache.sh
nice cmake --preset release "${PSP_CACHE_FLAGS[@]}" >/dev/null
nice cmake --build --preset release --target psp_schema_bench -j2 >&2
driver=build/release/tests/bench/psp_schema_bench
plugin=$(find build/release/plugin -maxdepth 1 -name 'libpsp_plugin.so*' -type f | head -n 1)

work=$(mktemp -d /tmp/psp-bench-schemas-XXXXXX)
cluster=$(mktemp -d /tmp/psp-bench-schemas-pg-XXXXXX)  # its own: the cluster's owner enters it
cleanup() {
  bash "$root/scripts/postgres-cluster.sh" stop "$cluster"
  rm -rf "$work"
}
trap cleanup EXIT
bash scripts/postgres-cluster.sh start "$cluster" durable >&2
# shellcheck disable=SC1091
source "$cluster/env"
admin_a=$PSP_TEST_PG_ADMIN
admin_b=${PSP_TEST_PG_ADMIN/dbname=psp/dbname=psp_shared}
plugin_a=$PSP_TEST_PG_PLUGIN
plugin_b=${PSP_TEST_PG_PLUGIN/dbname=psp/dbname=psp_shared}

sql() { psql "$1" -X -q -At -v ON_ERROR_STOP=1 "${@:2}"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
per() { awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN { printf "%.1f", (a - b) / k }'; }
kib_per() { awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN { printf "%.1f", (a - b) / k / 1024 }'; }
ms_per() { awk -v s="$1" -v k="$2" 'BEGIN { printf "%.2f", s * 1000 / k }'; }

# Rows in pg_class and pg_attribute, bytes of the database's own pg_catalog relations (with indexes
# and TOAST; not the catalogs all databases share, such as pg_shdepend, which (a) grows for both),
# bytes of the database, files in its folder: after a VACUUM, so dead catalog rows left by the DDL
# do not count twice.
catalog() {
  sql "$1" -c 'VACUUM' >/dev/null
  local oid
  oid=$(sql "$1" -c "SELECT oid FROM pg_database WHERE datname = current_database()")
  echo "$(sql "$1" -F ' ' -c "
    SELECT (SELECT count(*) FROM pg_class), (SELECT count(*) FROM pg_attribute),
           (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
              JOIN pg_namespace s ON s.oid = c.relnamespace
             WHERE s.nspname = 'pg_catalog' AND c.relkind IN ('r', 'm') AND NOT c.relisshared),
           pg_database_size(current_database())") $(find "$cluster/data/base/$oid" -type f | wc -l)"
}

# How long `pg_dump --schema-only` of the database takes, or how it fails: it locks every table it
# dumps, and the server's lock table holds max_locks_per_transaction * max_connections locks.
dump_schema() {
  local start
  start=$(now)
  if pg_dump "$1" --schema-only -f /dev/null 2>"$work/dump.err"; then
    echo "$(since "$start") s"
  else
    echo "fails after $(since "$start") s: $(grep -m 1 -o 'ERROR: .*' "$work/dump.err" | tr -s ' ')"
  fi
}

# pgbench for PSP_BENCH_PGBENCH_SECONDS with 2 clients on 2 threads; prints "tps latency_ms".
bench() {
  local conninfo=$1 script=$2
  pgbench -n -M simple -c 2 -j 2 -T "$pgbench_seconds" -f "$script" "$conninfo" 2>/dev/null |
    awk '/^latency average/ { lat = $4 } /^tps/ { tps = $3 } END { printf "%.0f %.3f", tps, lat }'
}

# Bytes of memory contexts in one fresh server process, before and after it read two tables of
# every agency (each query a new plan, as a pooled connection serving every agency would build).
backend_memory() {
  local conninfo=$1 loop=$2
  sql "$conninfo" -F ' ' <<SQL
CREATE TEMP TABLE before AS SELECT sum(total_bytes) AS bytes FROM pg_backend_memory_contexts;
DO \$\$
DECLARE
  i integer;
BEGIN
  FOR i IN 1..$n LOOP
    $loop
  END LOOP;
END
\$\$;
SELECT (SELECT bytes FROM before), (SELECT sum(total_bytes) FROM pg_backend_memory_contexts);
SQL
}

# The employee and audit rows of one agency, as a SELECT over k in 1..ROWS, with `\$a` for the
# agency's number (a column list shared by both layouts).
employee_columns='id, name, title, category, agency, division, unit, shift, supervisor_id, active, updated_ms'
employee_values="'E' || k, 'Employee ' || k, 'Officer', 'sworn', 'agency-' || \$a, 'D' || mod(k, 5), 'U1', 'day', 'E1', 1, 0"
audit_columns='seq, at_ms, principal, roles, method, outcome, prev_hash, hash'
audit_values="k, k, 'E1', 'hr_admin', 'directory.get', 'ok', md5((k - 1)::text), md5(k::text)"

run_start=$(now)
say "PostgreSQL $(sql "$admin_a" -c 'SHOW server_version'), $n agencies, $rows rows each"
sql "$admin_a" -c "CREATE DATABASE psp_shared"
read -r a_class0 a_attr0 a_cat0 a_db0 a_files0 <<<"$(catalog "$admin_a")"
read -r b_class0 b_attr0 b_cat0 b_db0 b_files0 <<<"$(catalog "$admin_b")"

# ---- (a) a schema per agency, migrated by the plugin ------------------------------------------
say "(a) creating $n empty schemas owned by psp_plugin"
start=$(now)
sql "$admin_a" -1 <<SQL
SELECT format('CREATE SCHEMA agency_%s AUTHORIZATION psp_plugin', i) FROM generate_series(1, $n) i
\gexec
SQL
a_schemas_s=$(since "$start")

say "(a) the plugin migrates each schema through the C ABI, then opens them all again"
"$driver" "$plugin" "$plugin_a" agency_ 1 "$n" "$jobs" | tee "$work/driver.out" >&2
figure() { awk -v k="$1" '$1 == k { printf "%.1f", $2 }' "$work/driver.out"; }

say "(a) $rows employees and $rows audit entries in each schema"
start=$(now)
sql "$admin_a" <<SQL
DO \$\$
DECLARE
  a integer;
BEGIN
  FOR a IN 1..$n LOOP
    EXECUTE format(\$q\$INSERT INTO agency_%s.employees ($employee_columns)
                    SELECT ${employee_values//\$a/%s} FROM generate_series(1, $rows) k\$q\$, a, a);
    EXECUTE format(\$q\$INSERT INTO agency_%s.audit_log ($audit_columns)
                    SELECT $audit_values FROM generate_series(1, $rows) k\$q\$, a);
  END LOOP;
END
\$\$;
SQL
a_rows_s=$(since "$start")
read -r a_class a_attr a_cat a_db a_files <<<"$(catalog "$admin_a")"
a_tables=$(sql "$admin_a" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'agency_1'")
a_relations=$(sql "$admin_a" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace s
  ON s.oid = c.relnamespace WHERE s.nspname = 'agency_1'")
a_versions=$(sql "$admin_a" -c "SELECT count(*) FROM agency_1.schema_migrations")

# ---- (b) shared tables keyed by agency, with row-level security -------------------------------
say "(b) the plugin's schema as shared tables with agency_id and row-level security"
pg_dump "$admin_a" --schema-only --no-owner --no-privileges -n agency_1 |
  sed -e 's/\bagency_1\b/shared/g' >"$work/schema.sql"
start=$(now)
sql "$admin_b" -1 -f "$work/schema.sql" >/dev/null
sql "$admin_b" -1 <<'SQL'
ALTER SCHEMA shared OWNER TO psp_plugin;
DO $$
DECLARE
  tbl record;
  con record;
  idx record;
BEGIN
  FOR tbl IN SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE s.nspname = 'shared' AND c.relkind = 'r' LOOP
    EXECUTE format('ALTER TABLE shared.%I ADD COLUMN agency_id integer NOT NULL', tbl.relname);
    -- Every key and unique constraint is unique per agency, so it leads with agency_id.
    FOR con IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
              WHERE conrelid = tbl.oid AND contype IN ('p', 'u') LOOP
      EXECUTE format('ALTER TABLE shared.%I DROP CONSTRAINT %I', tbl.relname, con.conname);
      EXECUTE format('ALTER TABLE shared.%I ADD CONSTRAINT %I %s', tbl.relname, con.conname,
                     regexp_replace(con.def, '\(', '(agency_id, '));
    END LOOP;
    -- So is every other index: an agency's rows are found without reading another's.
    FOR idx IN SELECT x.indexrelid::regclass AS name, pg_get_indexdef(x.indexrelid) AS def
               FROM pg_index x LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid
              WHERE x.indrelid = tbl.oid AND k.oid IS NULL LOOP
      EXECUTE format('DROP INDEX %s', idx.name);
      EXECUTE regexp_replace(idx.def, 'USING btree \(', 'USING btree (agency_id, ');
    END LOOP;
    -- The agency a connection serves is a setting: unset, no rows (current_setting(.., true) is
    -- NULL), and FORCE makes the policy bind the tables' owner, the plugin's role, too.
    EXECUTE format('ALTER TABLE shared.%I OWNER TO psp_plugin', tbl.relname);
    EXECUTE format('ALTER TABLE shared.%I ENABLE ROW LEVEL SECURITY', tbl.relname);
    EXECUTE format('ALTER TABLE shared.%I FORCE ROW LEVEL SECURITY', tbl.relname);
    EXECUTE format('CREATE POLICY agency_only ON shared.%I'
                   ' USING (agency_id = current_setting(''psp.agency_id'', true)::integer)'
                   ' WITH CHECK (agency_id = current_setting(''psp.agency_id'', true)::integer)',
                   tbl.relname);
  END LOOP;
END
$$;
SQL
b_schema_s=$(since "$start")
b_tables=$(sql "$admin_b" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'shared'")

say "(b) the same rows for $n agencies (and $a_versions schema_migrations rows each)"
start=$(now)
sql "$admin_b" <<SQL
INSERT INTO shared.employees (agency_id, $employee_columns)
  SELECT a, ${employee_values//\$a/a} FROM generate_series(1, $n) a, generate_series(1, $rows) k;
INSERT INTO shared.audit_log (agency_id, $audit_columns)
  SELECT a, $audit_values FROM generate_series(1, $n) a, generate_series(1, $rows) k;
INSERT INTO shared.schema_migrations (agency_id, version, name, applied_ms)
  SELECT a, v, 'as each agency schema has', 0
    FROM generate_series(1, $n) a, generate_series(1, $a_versions) v;
SQL
b_rows_s=$(since "$start")
read -r b_class b_attr b_cat b_db b_files <<<"$(catalog "$admin_b")"

# Row-level security holds: the plugin's role sees one agency's rows, and none with no agency set,
seen=$(sql "$plugin_b" -c "SELECT set_config('psp.agency_id', '2', false)" \
  -c "SELECT count(*) FROM shared.employees")
unset_seen=$(sql "$plugin_b" -c "SELECT count(*) FROM shared.employees")
if [ "$(tail -n 1 <<<"$seen")" != "$rows" ] || [ "$unset_seen" != 0 ]; then
  echo "row-level security does not isolate agencies: saw '$seen' and '$unset_seen'" >&2
  exit 1
fi
# ... and writes its own agency's rows only: another agency's row is refused, set or unset.
write_row() {
  sql "$plugin_b" -c "$1" -c "INSERT INTO shared.idempotency (agency_id, idem_key, method,
    fingerprint, response, at_ms) VALUES ($2, 'rls-check', 'm', 'f', 'r', 0)" >/dev/null 2>&1
}
if ! write_row "SELECT set_config('psp.agency_id', '2', false)" 2 ||
  write_row "SELECT set_config('psp.agency_id', '2', false)" 3 || write_row "SELECT 1" 3; then
  echo "row-level security does not hold for writes" >&2
  exit 1
fi

# ---- a server process serving every agency, and a trivial query ------------------------------
say "memory of one server process after reading every agency"
read -r a_mem0 a_mem <<<"$(backend_memory "$admin_a" \
  "EXECUTE format('SELECT count(*) FROM agency_%s.employees WHERE id = ''E7''', i);
   EXECUTE format('SELECT max(seq) FROM agency_%s.audit_log', i);")"
read -r b_mem0 b_mem <<<"$(backend_memory "$admin_b" \
  "PERFORM set_config('psp.agency_id', i::text, false);
   EXECUTE 'SELECT count(*) FROM shared.employees WHERE agency_id = \$1 AND id = ''E7''' USING i;
   EXECUTE 'SELECT max(seq) FROM shared.audit_log WHERE agency_id = \$1' USING i;")"

say "a trivial query: one agency, then a random agency per transaction (pgbench, ${pgbench_seconds} s each)"
cat >"$work/a_one.sql" <<'SQL'
SET search_path = agency_1;
SELECT name FROM employees WHERE id = 'E7';
SQL
cat >"$work/a_any.sql" <<SQL
\\set a random(1, $n)
SET search_path = agency_:a;
SELECT name FROM employees WHERE id = 'E7';
SQL
cat >"$work/b_any.sql" <<SQL
\\set a random(1, $n)
SELECT set_config('psp.agency_id', ':a', false);
SELECT name FROM shared.employees WHERE id = 'E7';
SQL
read -r a_one_tps a_one_ms <<<"$(bench "$plugin_a" "$work/a_one.sql")"
read -r a_any_tps a_any_ms <<<"$(bench "$plugin_a" "$work/a_any.sql")"
read -r b_any_tps b_any_ms <<<"$(bench "$plugin_b" "$work/b_any.sql")"

say "pg_dump --schema-only of each database"
a_dump=$(dump_schema "$admin_a")
b_dump=$(dump_schema "$admin_b")
locks=$(sql "$admin_a" -c 'SHOW max_locks_per_transaction')
connections=$(sql "$admin_a" -c 'SHOW max_connections')

# ---- (c) one added migration everywhere ------------------------------------------------------
say "(c) one more column, then one more index: on each of $n schemas, then once on shared tables"
alter_everywhere() {
  local statement=$1
  sql "$admin_a" <<SQL >/dev/null
SELECT format('$statement', 'agency_' || i) FROM generate_series(1, $n) i
\gexec
SQL
}
start=$(now)
alter_everywhere "ALTER TABLE %I.employees ADD COLUMN badge TEXT NOT NULL DEFAULT ''''"
a_column_s=$(since "$start")
start=$(now)
alter_everywhere 'CREATE INDEX employees_by_badge ON %I.employees (badge)'
a_index_s=$(since "$start")
start=$(now)
sql "$admin_b" -c "ALTER TABLE shared.employees ADD COLUMN badge TEXT NOT NULL DEFAULT ''"
b_column_s=$(since "$start")
start=$(now)
sql "$admin_b" -c "CREATE INDEX employees_by_badge ON shared.employees (agency_id, badge)"
b_index_s=$(since "$start")

# ---- the table ---------------------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
version=$(sql "$admin_a" -c 'SHOW server_version')
migrate_s=$(figure migrate_total_s)
total_s=$(since "$run_start")
cat <<EOF
$n agencies, $rows employees and $rows audit entries each; PostgreSQL $version (durable: fsync on),
$(nproc) cores ($cpu, load average $(cut -d ' ' -f 1-3 /proc/loadavg) at the end), $(date -u '+%Y-%m-%d %H:%M UTC').
\`scripts/bench-schemas.sh $n $rows\`: ${total_s} s after the build.

| | schema per agency | shared tables, row-level security |
|---|---|---|
| plugin tables | $a_tables per agency, $((a_tables * n)) in all ($a_relations tables and indexes in each schema, TOAST apart) | $b_tables |
| create and migrate ($jobs at a time) | schemas ${a_schemas_s} s; the plugin's migrations ${migrate_s} s, $(figure migrate_mean_ms) ms an agency (median $(figure migrate_median_ms), p95 $(figure migrate_p95_ms); first tenth $(figure migrate_first_tenth_mean_ms), last tenth $(figure migrate_last_tenth_mean_ms)) | ${b_schema_s} s, once |
| open every agency again (a host restart, schemas current) | $(figure reopen_total_s) s, $(figure reopen_mean_ms) ms an agency (first tenth $(figure reopen_first_tenth_mean_ms), last tenth $(figure reopen_last_tenth_mean_ms)) | |
| load the rows | ${a_rows_s} s | ${b_rows_s} s |
| \`pg_class\` rows | $a_class0 → $a_class (+$(per "$a_class" "$a_class0" "$n") per agency) | $b_class0 → $b_class |
| \`pg_attribute\` rows | $a_attr0 → $a_attr (+$(per "$a_attr" "$a_attr0" "$n") per agency) | $b_attr0 → $b_attr |
| \`pg_catalog\` tables with indexes | $(mib "$a_cat0") → $(mib "$a_cat") MiB (+$(kib_per "$a_cat" "$a_cat0" "$n") KiB per agency) | $(mib "$b_cat0") → $(mib "$b_cat") MiB |
| files in the database's folder | $a_files0 → $a_files (+$(per "$a_files" "$a_files0" "$n") per agency) | $b_files0 → $b_files |
| database | $(mib "$a_db0") → $(mib "$a_db") MiB (+$(kib_per "$a_db" "$a_db0" "$n") KiB per agency) | $(mib "$b_db0") → $(mib "$b_db") MiB |
| \`pg_dump --schema-only\` (max_locks_per_transaction $locks, max_connections $connections) | $a_dump | $b_dump |
| one server process after reading 2 tables of every agency | $(mib "$a_mem0") → $(mib "$a_mem") MiB | $(mib "$b_mem0") → $(mib "$b_mem") MiB |
| trivial query, one agency (baseline) | $a_one_tps tx/s, $a_one_ms ms | |
| trivial query, random agency each transaction | $a_any_tps tx/s, $a_any_ms ms | $b_any_tps tx/s, $b_any_ms ms |
| added migration: a column | ${a_column_s} s ($(ms_per "$a_column_s" "$n") ms per agency) | ${b_column_s} s |
| added migration: an index | ${a_index_s} s ($(ms_per "$a_index_s" "$n") ms per agency) | ${b_index_s} s |
EOF
