#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) from a `psp-host serve` of the
# sample agency, in Debian's Chromium: the main pages at 1280x800 and the employee's on a phone.
# Needs a default build (scripts/demo.sh or scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
PSP_HOST=$PWD/build/default/host_sim/psp-host \
PSP_MANIFEST=$PWD/build/default/plugin/psp_plugin.manifest.json \
PSP_SAMPLE_SCENARIO=$PWD/host_sim/scenarios/sample_agency.json \
  node ui/tests/screenshots.mjs "$PWD/docs/screenshots"
