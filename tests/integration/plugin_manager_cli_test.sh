#!/usr/bin/env bash
# plugin_manager_cli_test.sh: `psp-host plugin ...` as an operator runs it, one process per step:
# install, status (text and JSON), disable (calls refused), enable, upgrade (a tampered one
# refused, the old version kept), rollback, uninstall exporting the data.
#
#   plugin_manager_cli_test.sh PSP_HOST MANIFEST WORK_DIR
set -euo pipefail
host=$1 manifest=$2 work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
dir=$work/agency

"$host" generate --seed 3 --size 60 --out "$dir/hr.sqlite3" >/dev/null
"$host" plugin status --work-dir "$dir" 2>"$work/err" && fail "status without install succeeded"
grep -q "no plugin is installed" "$work/err" || fail "status without install: $(cat "$work/err")"

"$host" plugin install --work-dir "$dir" --manifest "$manifest" | tee "$work/install.out"
grep -q "is installed, health ok, enabled" "$work/install.out" || fail "install output"
"$host" plugin status --work-dir "$dir" | tee "$work/status.out"
for line in "abi       major 1" "health    ok" "scopes    granted: directory" "state     enabled"; do
  grep -qF "$line" "$work/status.out" || fail "status lacks '$line'"
done
grep -Eq "^schema    version [0-9]+$" "$work/status.out" || fail "status lacks the schema version"
"$host" plugin status --work-dir "$dir" --json >"$work/status.json"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["health"]=="ok" and s["scopes_granted"]==["directory"] and s["schema_version"]>=1, s' "$work/status.json"

"$host" plugin disable --work-dir "$dir" >/dev/null
"$host" call --work-dir "$dir" --manifest "$manifest" --method health --roles it_admin \
  2>"$work/err" && fail "a disabled plugin answered a call"
grep -q "is disabled" "$work/err" || fail "disabled call: $(cat "$work/err")"
"$host" plugin status --work-dir "$dir" | grep -qF "health    disabled" || fail "status when disabled"
"$host" plugin enable --work-dir "$dir" >/dev/null
"$host" call --work-dir "$dir" --manifest "$manifest" --method health --roles it_admin >/dev/null

mkdir "$work/tampered"
cp "$manifest" "$(dirname "$manifest")"/libpsp_plugin.so.*.*.* "$work/tampered/"
printf 'x' >>"$(ls "$work"/tampered/libpsp_plugin.so.*.*.*)"
"$host" plugin upgrade --work-dir "$dir" --manifest "$work/tampered/$(basename "$manifest")" \
  2>"$work/err" && fail "a tampered upgrade succeeded"
grep -q "stays installed" "$work/err" || fail "tampered upgrade: $(cat "$work/err")"
"$host" plugin status --work-dir "$dir" | grep -qF "health    ok" || fail "status after a failed upgrade"
"$host" plugin upgrade --work-dir "$dir" --manifest "$manifest" | grep -q "^upgrade: " || fail "upgrade"
"$host" plugin rollback --work-dir "$dir" | grep -q "^rollback: " || fail "rollback"
"$host" plugin rollback --work-dir "$dir" 2>/dev/null && fail "a second rollback succeeded"

"$host" plugin uninstall --work-dir "$dir" --export-data "$work/export" | tee "$work/uninstall.out"
grep -q "exported to" "$work/uninstall.out" || fail "uninstall output"
[ -f "$work/export/export-manifest.json" ] && [ ! -e "$dir/plugin-data" ] || fail "export"
"$host" plugin status --work-dir "$dir" 2>/dev/null && fail "status after uninstall succeeded"
echo "PASS: install, status, disable, enable, upgrade, rollback, uninstall through psp-host"
