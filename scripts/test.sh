#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, and runs every test (unit, ABI
# conformance, abidiff, boundary bad input, host simulator, integration, scenarios), first in
# the default build, then under AddressSanitizer + UndefinedBehaviorSanitizer. Idempotent.
# PSP_SKIP_ASAN=1 skips the sanitizer pass (for a quick local loop; CI always runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

bash scripts/install-deps.sh
source scripts/compiler-cache.sh

run_preset() {
  local preset=$1
  echo "[test] configuring and building (preset: $preset)"
  cmake --preset "$preset" "${PSP_CACHE_FLAGS[@]}" >/dev/null
  cmake --build --preset "$preset"
  echo "[test] running the tests (preset: $preset)"
  ctest --preset "$preset" --timeout 900 --parallel 2
}

echo "[test] format check (clang-format)"
bash scripts/check-format.sh

run_preset default
if [ "${PSP_SKIP_ASAN:-0}" != "1" ]; then
  run_preset asan
fi
echo "[test] all passed in $(( $(date +%s) - start )) s"
