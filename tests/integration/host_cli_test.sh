#!/usr/bin/env bash
# host_cli_test.sh: `psp-host` as an integrator uses it between calls, one process per step: the
# agency's configuration set with --config (and refused when wrong), the clock moved with
# `clock advance`, a write without --idempotency-key given a printed key, no --principal answered
# by the role's named default person (said aloud), a directory preview that writes nothing, an
# SVG report written raw to a file, and `notifications`.
#
#   host_cli_test.sh PSP_HOST MANIFEST WORK_DIR
set -euo pipefail
host=$1 manifest=$2 work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
dir=$work/agency
call() { "$host" call --work-dir "$dir" --manifest "$manifest" "$@"; }

"$host" generate --seed 5 --size 80 --out "$dir/hr.sqlite3" \
  --config '{"policy":{"directory":{"mapping":{"profile":"okta_scim"}}}}' | tee "$work/generate.out"
grep -q "people to act as: command_staff E000001, hr_admin E000002" "$work/generate.out" \
  || fail "generate does not name the default people"

# Clock: shown, advanced by 3 days, and what the plugin sees afterwards.
"$host" clock --work-dir "$dir" | tee "$work/clock0.out"
"$host" clock advance 3d --work-dir "$dir" | tee "$work/clock1.out"
grep -q "(was " "$work/clock1.out" || fail "clock advance did not say what it was"
call --method health --roles it_admin 2>"$work/health.err" >"$work/health.json"
grep -q "acting as E000004, the generated agency's default it_admin" "$work/health.err" \
  || fail "no default principal said: $(cat "$work/health.err")"
python3 - "$work/clock0.out" "$work/health.json" <<'PY'
import json, sys, datetime
start = open(sys.argv[1]).read().split()[2]
t0 = datetime.datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
now_ms = json.load(open(sys.argv[2]))["result"]["now_ms"]
assert now_ms == int(t0.timestamp() * 1000) + 3 * 86400000, (start, now_ms)
PY
"$host" clock advance 3x --work-dir "$dir" 2>"$work/err" && fail "a bad duration was accepted"
grep -q "is not a duration" "$work/err" || fail "bad duration: $(cat "$work/err")"

# A role that acts for a particular person has no default.
call --method training.compliance --roles peer_supporter 2>"$work/err" \
  && fail "a peer supporter call without --principal succeeded"
grep -q "pass --principal" "$work/err" || fail "no --principal hint: $(cat "$work/err")"

# The mapping set at generate is the agency's: a preview says so, and writes nothing.
call --method directory.sync --roles hr_admin \
  --params '{"mode":"full","source":"host","dry_run":true}' 2>"$work/err" >"$work/preview.json"
grep -q "idempotency_key" "$work/err" && fail "a preview was given an idempotency key"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; assert r["dry_run"] and r["mapping"]=="okta_scim" and r["added"]==80, r' "$work/preview.json"
call --method health --roles it_admin 2>/dev/null | grep -q '"employees": 0' \
  || fail "the preview wrote employees"
# The same preview with its params read from a file.
echo '{"mode":"full","source":"host","dry_run":true}' >"$work/preview-params.json"
call --method directory.sync --roles hr_admin --params "@$work/preview-params.json" \
  2>/dev/null >"$work/preview2.json" || fail "--params @FILE was not read"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; assert r["dry_run"] and r["added"]==80, r' "$work/preview2.json"

# --config changes the policy and is kept; a wrong one is refused and not kept.
call --config '{"policy":{"directory":{"mapping":{"profile":"plugin"}}}}' \
  --method directory.sync --roles hr_admin --params '{"mode":"full","source":"host"}' \
  2>"$work/sync.err" >"$work/sync.json"
grep -Eq "idempotency_key psp-host-[0-9a-f]+ \(generated" "$work/sync.err" \
  || fail "no generated key printed: $(cat "$work/sync.err")"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; assert r["mapping"]=="plugin" and r["added"]==80 and r["warnings"]["count"]==0, r' "$work/sync.json"
call --config '{"policy":{"training":{"continuing":{"hourz":6}}}}' --method health \
  --roles it_admin 2>"$work/err" && fail "a misspelt policy key was accepted"
grep -q "hourz" "$work/err" || fail "the misspelt key is not named: $(cat "$work/err")"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["instance_config"]; assert "training" not in c["policy"], c' "$dir/workspace.json"

# A report as the document itself.
call --method statistics.report --roles command_staff --params '{"format":"svg"}' \
  --out "$work/chart.svg" 2>/dev/null
head -c 5 "$work/chart.svg" | grep -q "<svg\|<?xml" || fail "the SVG was not written raw"
# To a file first: under pipefail, head closing the pipe early would fail the call with SIGPIPE.
call --method statistics.report --roles command_staff --params '{"format":"csv"}' \
  2>/dev/null >"$work/report.csv"
head -1 "$work/report.csv" | grep -q "^table,row,column,count" || fail "the CSV was not printed raw"

"$host" notifications --work-dir "$dir" | tee "$work/notifications.out"
grep -Eq "^[0-9]+ notifications? in .*notifications.jsonl$" "$work/notifications.out" \
  || fail "notifications summary"
echo "host CLI: ok"
