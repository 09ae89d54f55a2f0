# Sourced by bench-report.sh and bench-transitions.sh: builds the release `bench` target (ccache,
# -j2, at low priority) and starts a DURABLE PostgreSQL cluster (fsync and synchronous_commit on)
# in a temporary folder for the transition benchmarks, stopped when the sourcing script exits.
# Leaves the caller in the checkout's root with the cluster's environment sourced.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/compiler-cache.sh
source scripts/compiler-cache.sh
nice cmake --preset release "${PSP_CACHE_FLAGS[@]}" >/dev/null
nice cmake --build --preset release --target bench -j2

cluster=$(mktemp -d /tmp/psp-bench-pg-XXXXXX)
trap 'bash "$root/scripts/postgres-cluster.sh" stop "$cluster"' EXIT
bash scripts/postgres-cluster.sh start "$cluster" durable
# shellcheck disable=SC1091
source "$cluster/env"
