#!/usr/bin/env bash
# The README's benchmark figures, written from one run (never edited by hand):
#   scripts/bench-report.sh [extra psp_bench arguments]
# Builds the release `bench` target, starts a durable PostgreSQL cluster in a temporary folder for
# the transition figures (stopped on exit), runs every benchmark tests/bench/figures.json names
# with JSON output, and writes the table between the README's bench-figures markers with each
# figure beside its same-run baseline, the ratio, the machine and the date.
set -euo pipefail

# shellcheck source=scripts/bench-prepare.sh
source "$(dirname "$0")/bench-prepare.sh"
# Kept beside the build, so the table can be written again from the same run.
results=build/release/bench-results.json
trap 'bash "$root/scripts/postgres-cluster.sh" stop "$cluster"' EXIT

filter=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["figures"]
print("|".join(sorted({e[k].strip("^$").split("/")[0] for e in f for k in ("figure","baseline") if e.get(k)})))' \
  tests/bench/figures.json)
build/release/tests/bench/psp_bench --benchmark_filter="$filter" \
  --benchmark_out="$results" --benchmark_out_format=json "$@"
python3 scripts/bench_report.py --figures tests/bench/figures.json --results "$results" \
  --readme README.md
echo "[bench] README.md's figures written from this run"
