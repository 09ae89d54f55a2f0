#!/usr/bin/env bash
# Builds the libFuzzer targets (in the `asan` preset: clang 14, ASan + UBSan) and runs each one for
# SECONDS_PER_TARGET seconds (default 60), two at a time, on a copy of its committed seed corpus
# (tests/fuzz/corpus/<target>), so a run never changes the checkout. Crash, leak and timeout
# reproducers go to build/asan/artifacts/. Exits non-zero when any target finds one.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]     a run of every target (3600 for a long run)
#   bash scripts/fuzz.sh --reproduce FILE TARGET  runs TARGET once on FILE, with the sanitizer report
#
# FUZZ_TARGETS="fuzz_scim fuzz_xapi" limits the run; FUZZ_BUILD_JOBS (default 2) the build.
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(fuzz_call fuzz_scim fuzz_csv_directory fuzz_csv_training fuzz_xapi fuzz_manifest)
read -r -a TARGETS <<<"${FUZZ_TARGETS:-${ALL_TARGETS[*]}}"
BUILD_DIR=build/asan
ARTIFACTS="$PWD/$BUILD_DIR/artifacts"
# UBSan findings must stop the run as a crash would; libFuzzer reports leaks itself.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

build() {
    # shellcheck source=scripts/compiler-cache.sh
    source scripts/compiler-cache.sh
    cmake --preset asan "${PSP_CACHE_FLAGS[@]}" >/dev/null
    nice cmake --build "$BUILD_DIR" -j "${FUZZ_BUILD_JOBS:-2}" --target "$@"
}

reproduce() {
    local file=$1 target=$2
    build "$target"
    "$BUILD_DIR/tests/fuzz/$target" -runs=1 "$file"
}

stat_of() {  # stat_of LOG NAME: a value from libFuzzer's -print_final_stats=1 block
    sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

# Runs one target; its log and a one-line result go into $WORK/<target>.{log,result}.
run_target() {
    local target=$1 seconds=$2 corpus="$WORK/corpus/$1" dict=tests/fuzz/dict/$1.dict
    cp -r "tests/fuzz/corpus/$target" "$corpus"
    local seeds
    seeds=$(find "$corpus" -type f | wc -l)
    local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$ARTIFACTS/$target-")
    [ -f "$dict" ] && args+=(-dict="$dict")
    local start=$SECONDS status=0
    "$BUILD_DIR/tests/fuzz/$target" "${args[@]}" "$corpus" >"$WORK/$target.log" 2>&1 || status=$?
    local elapsed=$((SECONDS - start)) execs added
    execs=$(stat_of "$WORK/$target.log" number_of_executed_units)
    added=$(($(find "$corpus" -type f | wc -l) - seeds))
    if [ "$status" -eq 0 ]; then
        echo "fuzz $target: ${execs:-0} executions in $elapsed s, $added new corpus entries, 0 crashes" \
            >"$WORK/$target.result"
    else
        {
            echo "fuzz $target: FAILED (exit $status) after $elapsed s, ${execs:-?} executions"
            grep -E "^(artifact_prefix|Test unit written to|SUMMARY)" "$WORK/$target.log" || true
            echo "--- last 40 lines of the log ---"
            tail -n 40 "$WORK/$target.log"
        } >"$WORK/$target.result"
        return 1
    fi
}

if [ "${1:-}" = "--reproduce" ]; then
    [ $# -eq 3 ] || { echo "usage: $0 --reproduce FILE TARGET" >&2; exit 2; }
    reproduce "$2" "$3"
    exit
fi

SECONDS_PER_TARGET=${1:-60}
[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2; }
build "${TARGETS[@]}"
mkdir -p "$ARTIFACTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/psp-fuzz-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/corpus"

# Two targets at a time: the machine this runs on has two cores.
failed=0
running=0
for target in "${TARGETS[@]}"; do
    if [ "$running" -ge 2 ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
    run_target "$target" "$SECONDS_PER_TARGET" &
    running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done

for target in "${TARGETS[@]}"; do cat "$WORK/$target.result"; done
if [ "$failed" -ne 0 ]; then
    echo "fuzz: a target failed; reproducers are in $ARTIFACTS" \
        "(bash scripts/fuzz.sh --reproduce FILE TARGET)" >&2
    exit 1
fi
