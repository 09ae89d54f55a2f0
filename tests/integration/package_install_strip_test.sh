#!/usr/bin/env bash
# package_install_strip_test.sh: `cmake --install --strip` into a temporary prefix (the tarball's
# layout) changes the library's bytes; the manifest written at install time must still match
# them, and the installed psp-host must find that manifest by itself and run the tour.
#
#   package_install_strip_test.sh BUILD_DIR WORK_DIR VERSION
set -euo pipefail
build=$1 work=$2 version=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" --strip >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "cmake --install --strip failed"; }
grep "psp_plugin.manifest.json" "$work/install.log"

manifest=$(find "$work/prefix" -name psp_plugin.manifest.json)
lib=$(dirname "$manifest")/libpsp_plugin.so.$version
built=$(find "$build/plugin" -maxdepth 1 -name "libpsp_plugin.so.$version")
[ -f "$lib" ] && [ -f "$built" ] || fail "no installed or no built library"
# The premise: stripping changed the bytes (the build's library keeps its DWARF).
if cmp -s "$built" "$lib"; then fail "--strip left the library unchanged; the test proves nothing"; fi
readelf -S "$lib" | grep '\.debug_info' >/dev/null && fail "the installed library was not stripped"

listed_sha=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["library"]["sha256"])' "$manifest")
[ "$listed_sha" = "$(sha256sum "$lib" | cut -d' ' -f1)" ] ||
  fail "the installed manifest's sha256 is not the installed (stripped) library's"
[ "$listed_sha" != "$(sha256sum "$built" | cut -d' ' -f1)" ] || fail "manifest describes the build's bytes"

# No --manifest: the installed psp-host must pick the installed manifest (and its checks pass).
"$work/prefix/bin/psp-host" tour --size 60 --work-dir "$work/tour" >"$work/tour.log" 2>&1 ||
  { cat "$work/tour.log"; fail "the installed psp-host's tour failed"; }
tail -2 "$work/tour.log"
echo "PASS: the stripped install's manifest matches the installed library"
