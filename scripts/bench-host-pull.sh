#!/usr/bin/env bash
# bench-host-pull.sh: a full `directory.sync` pulled from the host (`source: host`, SCIM pages
# through `fetch`) end to end through `psp-host`, simulator and plugin in one process, with its
# wall time and peak resident memory (`/usr/bin/time -v`). Google Benchmark cannot give the
# latter: ru_maxrss is process-wide and never goes down. The plugin's share alone, beside its
# baseline, is BM_DirectorySyncHostPull_CAbi in psp_bench.
#
#   scripts/bench-host-pull.sh [SIZE] [BUILD_DIR]     (defaults: 100000, build/release)
#
# Generates the agency (`psp-host generate --seed 7`) in a temporary folder, which it removes.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-100000}
build=${2:-build/release}
host=$build/host_sim/psp-host
manifest=$build/plugin/psp_plugin.manifest.json
for file in "$host" "$manifest"; do
  [ -e "$file" ] || { echo "no $file: cmake --build --preset release --target psp-host" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
work=$(mktemp -d /tmp/psp-bench-host-pull.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$host" generate --seed 7 --size "$size" --out "$work/agency/hr.sqlite3" >/dev/null
/usr/bin/time -v -o "$work/time.txt" "$host" call --work-dir "$work/agency" \
  --manifest "$manifest" --method directory.sync --roles hr_admin \
  --params '{"mode":"full","source":"host"}' >"$work/sync.json" 2>"$work/call.err" \
  || { cat "$work/call.err" >&2; exit 1; }
python3 - "$work/sync.json" "$work/time.txt" "$size" <<'PY'
import json, re, sys
result = json.load(open(sys.argv[1]))["result"]
assert result["added"] == int(sys.argv[3]), result
time = open(sys.argv[2]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", time).group(1)
seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time).group(1))
print(f"host pull of {result['added']:,} employees through psp-host: "
      f"{seconds:.2f} s wall, peak resident {peak_kib / 1024:.0f} MiB")
PY
