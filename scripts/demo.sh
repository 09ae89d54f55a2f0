#!/usr/bin/env bash
# The main job: installs what is missing, builds the plugin and the host simulator, and runs the
# host simulator's tour: the real plugin loaded through Boost.DLL from its manifest, against a
# generated sample agency, on embedded SQLite. Idempotent; re-running starts a fresh tour.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
source scripts/compiler-cache.sh
echo "[demo] configuring and building (preset: default)"
cmake --preset default "${PSP_CACHE_FLAGS[@]}" >/dev/null
cmake --build --preset default --target psp_plugin psp_plugin_manifest psp-host
work=build/default/demo
rm -rf "$work"
echo "[demo] running the host simulator's tour in $work"
build/default/host_sim/psp-host tour --seed 7 --size 500 --work-dir "$work" "$@"
