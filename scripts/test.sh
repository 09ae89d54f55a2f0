#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, and runs every test. Idempotent.
#   1. format check (clang-format)
#   2. a throwaway PostgreSQL 15 on loopback (scripts/postgres-cluster.sh), stopped at the end
#   3. default build: every test on SQLite (unit, ABI conformance, abidiff, boundary bad input,
#      host simulator, integration, scenarios, packaging)
#   4. AddressSanitizer + UndefinedBehaviorSanitizer build (clang; it also builds the libFuzzer
#      targets): every test again, and the unit, concurrency and scenario suites on PostgreSQL
#   5. ThreadSanitizer build of the concurrency tests only (many host threads on one instance)
#   6. a short run of every libFuzzer target (PSP_FUZZ_SECONDS each, default 30; scripts/fuzz.sh)
# PSP_SKIP_ASAN=1, PSP_SKIP_TSAN=1, PSP_SKIP_FUZZ=1 skip a stage for a quick local loop; CI runs
# them all.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

bash scripts/install-deps.sh
source scripts/compiler-cache.sh

stage() { echo "[test] $* ($(($(date +%s) - start)) s)"; }

run_preset() {
  local preset=$1
  shift
  stage "configuring and building (preset: $preset)"
  cmake --preset "$preset" "${PSP_CACHE_FLAGS[@]}" >/dev/null
  cmake --build --preset "$preset"
  stage "running the tests (preset: $preset)"
  ctest --preset "$preset" --timeout 900 --parallel 2 "$@"
}

stage "format check (clang-format)"
bash scripts/check-format.sh

pg_dir=$(mktemp -d /tmp/psp-test-pg.XXXXXX)
trap 'bash scripts/postgres-cluster.sh stop "$pg_dir"' EXIT
bash scripts/postgres-cluster.sh start "$pg_dir"
# shellcheck source=/dev/null
source "$pg_dir/env"

# The default build runs everything on SQLite; the PostgreSQL runs of the same suites are left to
# the sanitizer build, which runs everything.
if [ "${PSP_SKIP_ASAN:-0}" != "1" ]; then
  run_preset default -LE postgresql
  run_preset asan
else
  run_preset default
fi
if [ "${PSP_SKIP_TSAN:-0}" != "1" ]; then
  run_preset tsan
fi
if [ "${PSP_SKIP_FUZZ:-0}" != "1" ]; then
  stage "fuzzing every target for ${PSP_FUZZ_SECONDS:-30} s"
  bash scripts/fuzz.sh "${PSP_FUZZ_SECONDS:-30}"
fi
stage "all passed"
