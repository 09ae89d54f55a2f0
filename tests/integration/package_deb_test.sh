#!/usr/bin/env bash
# package_deb_test.sh: builds the Debian package with CPack, checks its metadata, unpacks it into a
# temporary root with `dpkg-deb -x` (no root needed) and runs what was installed there: psp-host
# against the installed manifest and library, a scenario, and two small hosts built against the
# installed headers, one through pkg-config and one through find_package(psp_plugin).
#
#   package_deb_test.sh BUILD_DIR WORK_DIR SOURCE_DIR VERSION
set -euo pipefail
build=$1 work=$2 source=$3 version=$4
consumer=$source/tests/integration/package_consumer

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== [${SECONDS}s] $*"; }

rm -rf "$work" && mkdir -p "$work"

step "cpack -G DEB"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(ls "$work"/pkg/*.deb)
[ "$(basename "$deb")" = "psp-plugin_${version}_$(dpkg --print-architecture).deb" ] ||
  fail "unexpected package file name $(basename "$deb")"

step "package metadata (dpkg-deb -I)"
dpkg-deb -I "$deb" | sed -n '/^ [A-Z][A-Za-z-]*:/p'
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = psp-plugin ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is wrong"
depends=$(field Depends)
# From dpkg-shlibdeps: the C++ runtime and the storage backend the library links, and tzdata.
for needed in libc6 libstdc++6 libsoci-core tzdata; do
  echo "$depends" | grep -q "$needed" || fail "Depends lacks $needed: $depends"
done
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "no Maintainer/Description"

step "dpkg-deb -x into $work/root"
dpkg-deb -x "$deb" "$work/root"
root=$work/root
plugin_dir=$(dirname "$(find "$root" -name psp_plugin.manifest.json)")
manifest=$plugin_dir/psp_plugin.manifest.json
[ -f "$manifest" ] || fail "no installed manifest"
lib=$plugin_dir/libpsp_plugin.so.$version
[ -f "$lib" ] && [ ! -L "$lib" ] || fail "no versioned library $lib"
[ -f "$plugin_dir/ui/psp-ui.js" ] || fail "no screens bundle (ui/psp-ui.js) beside the library"
[ "$(readlink "$plugin_dir/libpsp_plugin.so.0")" = "libpsp_plugin.so.$version" ] ||
  fail "libpsp_plugin.so.0 is not a link to libpsp_plugin.so.$version"
readelf -d "$lib" | grep 'SONAME.*\[libpsp_plugin\.so\.0\]' >/dev/null || fail "SONAME is not libpsp_plugin.so.0"
for f in usr/bin/psp-host usr/include/psp-plugin/psp_plugin.h usr/include/psp-plugin/psp_plugin.hpp \
         usr/share/psp-plugin/manifest.schema.json usr/share/doc/psp-plugin/integration.md \
         usr/share/doc/psp-plugin/README.md usr/share/doc/psp-plugin/methods.md \
         usr/share/doc/psp-plugin/examples/python_host.py; do
  [ -e "$root/$f" ] || fail "missing /$f"
done
ls "$root"/usr/share/psp-plugin/scenarios/*.json >/dev/null || fail "no scenarios installed"

step "the installed manifest describes the installed bytes"
listed=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["library"]["file"], m["library"]["sha256"], m["version"])' "$manifest")
read -r listed_file listed_sha listed_version <<<"$listed"
[ "$listed_file" = "libpsp_plugin.so.$version" ] || fail "manifest names $listed_file"
[ "$listed_version" = "$version" ] || fail "manifest says version $listed_version"
actual_sha=$(sha256sum "$lib" | cut -d' ' -f1)
[ "$listed_sha" = "$actual_sha" ] || fail "manifest sha256 $listed_sha != installed $actual_sha"

step "installed psp-host defaults to the installed manifest"
host=$root/usr/bin/psp-host
"$host" tour --help | grep -qF "$manifest" ||
  fail "psp-host's default manifest is not $manifest: $("$host" tour --help | grep -- --manifest)"

step "installed psp-host runs every installed scenario against the installed plugin"
for scenario in "$root"/usr/share/psp-plugin/scenarios/*.json; do
  name=$(basename "$scenario" .json)
  "$host" run-scenario "$scenario" --manifest "$manifest" --work-dir "$work/scenario-$name" \
    >"$work/scenario-$name.log" 2>&1 || { cat "$work/scenario-$name.log"; fail "scenario $name"; }
  tail -1 "$work/scenario-$name.log"
done

step "installed psp-host refuses the installed library once tampered with"
cp -a "$root" "$work/tampered"
printf 'x' >>"$work/tampered/${lib#"$root"/}"
if "$host" call --manifest "${manifest/$root/$work/tampered}" --work-dir "$work/scenario-$name" \
     --method plugin.info --roles it_admin >"$work/tampered.log" 2>&1; then
  fail "a tampered library was loaded"
fi
grep -q "does not match its manifest" "$work/tampered.log" || { cat "$work/tampered.log"; fail "no checksum refusal"; }

step "a host built with pkg-config against the installed headers"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$(find "$root" -name psp-plugin.pc)")
[ "$(pkg-config --modversion psp-plugin)" = "$version" ] || fail "pkg-config --modversion"
[ "$(realpath "$(pkg-config --variable=manifest psp-plugin)")" = "$(realpath "$manifest")" ] ||
  fail "pkg-config's manifest is $(pkg-config --variable=manifest psp-plugin)"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Werror $(pkg-config --cflags psp-plugin) \
  -DPSP_PLUGIN_LIBRARY="\"$(pkg-config --variable=plugin psp-plugin)\"" \
  "$consumer/plugin_consumer.c" -o "$work/pc_consumer" -ldl
"$work/pc_consumer" | tee "$work/pc_consumer.out"
grep -qx "plugin $version abi 1" "$work/pc_consumer.out" || fail "pkg-config host output"

step "a host built with find_package(psp_plugin) against the installed package"
cmake -S "$consumer" -B "$work/cmake_consumer" -DCMAKE_PREFIX_PATH="$root/usr" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/cmake_consumer.log" 2>&1 ||
  { cat "$work/cmake_consumer.log"; fail "find_package(psp_plugin) failed"; }
cmake --build "$work/cmake_consumer" >>"$work/cmake_consumer.log" 2>&1 ||
  { cat "$work/cmake_consumer.log"; fail "building the find_package host failed"; }
"$work/cmake_consumer/plugin_consumer" | tee "$work/cmake_consumer.out"
grep -qx "plugin $version abi 1" "$work/cmake_consumer.out" || fail "find_package host output"

step "the installed Python example host against the installed plugin (by its SONAME)"
python3 "$root/usr/share/doc/psp-plugin/examples/python_host.py" "$plugin_dir/libpsp_plugin.so.0" \
  >"$work/python_host.log" 2>&1 || { cat "$work/python_host.log"; fail "python_host.py"; }
tail -1 "$work/python_host.log"

echo "PASS: the .deb installs into a temporary root and runs there"
