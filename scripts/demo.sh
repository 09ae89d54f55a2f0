#!/usr/bin/env bash
# The main job: installs what is missing, builds the plugin and the host simulator, and runs the
# host simulator's tour: the real plugin loaded through Boost.DLL from its manifest, against a
# generated sample agency, on embedded SQLite. Idempotent; re-running starts a fresh tour.
# It ends by serving the sample agency's screens on loopback (psp-host serve) until Ctrl-C, with
# the URL printed. PSP_DEMO_SERVE=0 skips that; PSP_DEMO_SERVE=check starts the server, checks it
# answers and stops (non-interactive, for CI).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
source scripts/compiler-cache.sh
echo "[demo] configuring and building (preset: default)"
cmake --preset default "${PSP_CACHE_FLAGS[@]}" >/dev/null
cmake --build --preset default --target psp_plugin psp_ui psp_plugin_manifest psp-host
work=build/default/demo
rm -rf "$work"
echo "[demo] running the host simulator's tour in $work"
build/default/host_sim/psp-host tour --seed 7 --size 500 --work-dir "$work" "$@"

serve=${PSP_DEMO_SERVE:-1}
if [ "$serve" = 0 ]; then
  exit 0
fi
screens=build/default/demo-screens
rm -rf "$screens"
echo "[demo] the plugin's screens: the sample agency (host_sim/scenarios/sample_agency.json)"
serve_flags=()
if [ "$serve" = check ]; then
  serve_flags=(--exit-after-start)
fi
build/default/host_sim/psp-host serve --work-dir "$screens" \
  --scenario host_sim/scenarios/sample_agency.json "${serve_flags[@]}"
