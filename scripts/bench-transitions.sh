#!/usr/bin/env bash
# Transitions per second (issue 7): the release benchmarks filtered to Transitions, on SQLite
# (1 and 4 host threads) and on a DURABLE PostgreSQL cluster (fsync and synchronous_commit on) from
# 4 host processes, each next to its bare-SOCI baseline measured in the same run.
#
#   scripts/bench-transitions.sh [extra psp_bench arguments]
#
# Builds the release `bench` target first (ccache, -j2), starts the cluster in a temporary folder
# and stops it on exit, whatever happens.
set -euo pipefail

# shellcheck source=scripts/bench-prepare.sh
source "$(dirname "$0")/bench-prepare.sh"

build/release/tests/bench/psp_bench --benchmark_filter='Transitions|SociUpdateCommit' "$@"
