#!/usr/bin/env bash
# Runs a psp-host command on PostgreSQL: creates a fresh schema owned by the plugin's restricted
# role `psp_plugin`, appends `--storage <json>` naming it to the command, then dumps everything the
# plugin stored there and fails if any disciplinary marker of the simulated HR database (they all
# carry the tag DISCIPLINARY-MARKER) is in it: the byte scan of the scenario's firewall check,
# for a database that is not a file in the data folder. Drops the schema afterwards.
# Needs PSP_TEST_PG_ADMIN and PSP_TEST_PG_PLUGIN (scripts/postgres-cluster.sh).
set -euo pipefail
: "${PSP_TEST_PG_ADMIN:?not set: run through scripts/test.sh, which starts PostgreSQL}"
: "${PSP_TEST_PG_PLUGIN:?not set: run through scripts/test.sh, which starts PostgreSQL}"
schema="psp_cli_$$_${RANDOM}"
admin() { psql "$PSP_TEST_PG_ADMIN options='-c client_min_messages=warning'" -qX -v ON_ERROR_STOP=1 -c "$1"; }
admin "CREATE SCHEMA $schema AUTHORIZATION psp_plugin"
trap 'admin "DROP SCHEMA $schema CASCADE" >/dev/null' EXIT
storage=$(printf '{"backend":"postgresql","connection":"%s options=%s-c search_path=%s%s"}' \
  "$PSP_TEST_PG_PLUGIN" "'" "$schema" "'")
"$@" --storage "$storage"
dump=$(pg_dump "$PSP_TEST_PG_ADMIN" --schema="$schema" --data-only --no-owner)
if grep -q 'DISCIPLINARY-MARKER' <<<"$dump"; then
  echo "FIREWALL BREACH: a disciplinary marker is in the plugin's PostgreSQL schema:" >&2
  grep -m3 'DISCIPLINARY-MARKER' <<<"$dump" >&2
  exit 1
fi
echo "firewall: no disciplinary marker in the $(wc -c <<<"$dump")-byte dump of schema $schema"
