#!/usr/bin/env bash
# Builds a released version's plugin from its git tag and stores the stripped library and its
# install-time manifest as a test fixture (tests/fixtures/release-<version>/), so the upgrade
# tests install the REAL previous release and upgrade its data to this build without compiling
# the old source in every test run. Run it once per release, after tagging:
#   scripts/build-release-fixture.sh v0.1.0
# The fixture is the library `cmake --install --strip` produces from that tag (Release build),
# so its manifest checksum matches the stripped bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:?usage: build-release-fixture.sh vX.Y.Z}
version=${tag#v}
source scripts/compiler-cache.sh
# A fixed folder per tag, so a second run reuses the first one's compiler cache entries.
work=${TMPDIR:-/tmp}/psp-release-fixture-$version
rm -rf "$work" && mkdir -p "$work"
trap 'git worktree remove --force "$work/src" >/dev/null 2>&1 || true; git worktree prune' EXIT

git worktree add --detach "$work/src" "$tag" >/dev/null
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DPSP_BUILD_TESTS=OFF \
  -DPSP_BUILD_BENCHMARKS=OFF "${PSP_CACHE_FLAGS[@]}" >/dev/null
cmake --build "$work/build" --target psp_plugin psp-write-manifest -j2

# What `cmake --install --strip` does to the library, then its manifest over the stripped bytes.
out=tests/fixtures/release-$version
rm -rf "$out" && mkdir -p "$out"
library=libpsp_plugin.so.$version
cp "$work/build/plugin/$library" "$out/$library"
strip --strip-unneeded "$out/$library"
"$work/build/manifest/psp-write-manifest" --library "$out/$library" \
  --template "$work/src/manifest/manifest.template.json" --out "$out/psp_plugin.manifest.json"
echo "$tag $(git rev-parse "$tag^{commit}")" >"$out/SOURCE"
echo "[fixture] $out: $(du -sh "$out" | cut -f1), from $tag"
