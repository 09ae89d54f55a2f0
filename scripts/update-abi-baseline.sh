#!/usr/bin/env bash
# update-abi-baseline.sh: write the ABI baseline that tests/abi/check_abidiff.sh compares against.
#
# Run it only when an ABI change is intended and reviewed (a new minor that appends fields, or a
# new major); commit the resulting abi/baseline/libpsp_plugin.abi.xml with that change. It builds
# nothing: give it a library built with debug info (every preset builds the plugin with -g).
#
# Usage: scripts/update-abi-baseline.sh [libpsp_plugin.so] [output.abi.xml]
#   libpsp_plugin.so  default: build/default/plugin/libpsp_plugin.so
#   output.abi.xml    default: abi/baseline/libpsp_plugin.abi.xml (check_abidiff.sh passes a
#                     scratch file here, so both use exactly the same abidw options)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
library=${1:-$root/build/default/plugin/libpsp_plugin.so}
output=${2:-$root/abi/baseline/libpsp_plugin.abi.xml}

if [[ ! -f $library ]]; then
    echo "update-abi-baseline: no library at $library; build the psp_plugin target first" >&2
    exit 1
fi
# grep without -q reads readelf's whole output: with pipefail, -q's early exit would fail readelf with
# SIGPIPE on a large library and read as "no DWARF".
if ! readelf -S --wide "$library" | grep '\.debug_info' >/dev/null; then
    echo "update-abi-baseline: $library has no DWARF; abidw needs a -g build" >&2
    exit 1
fi

# Why each option:
#  --headers-dir abi, --drop-private-types: only types declared in the public header count;
#  --exported-interfaces-only: only what psp_plugin_entry reaches, not the plugin's internals;
#  --no-show-locs, --no-comp-dir-path, --no-corpus-path, --no-elf-needed, --type-id-style hash:
#    no line numbers, build folders or linked libraries, stable ids, so an unchanged ABI gives
#    an unchanged file wherever and whenever it is built.
scratch=$(mktemp)
trap 'rm -f "$scratch"' EXIT
echo "update-abi-baseline: abidw $library -> $output"
abidw --headers-dir "$root/abi" --drop-private-types --exported-interfaces-only \
    --no-show-locs --no-comp-dir-path --no-corpus-path --no-elf-needed --type-id-style hash \
    --out-file "$scratch" "$library"
# abidw still names each translation unit by its absolute path; make it relative to the checkout.
sed -e "s|path='$root/|path='|g" "$scratch" >"$output"

if ! grep -q "name='psp_plugin_api'" "$output"; then
    echo "update-abi-baseline: $output lacks psp_plugin_api; was the library built from abi/?" >&2
    exit 1
fi
echo "update-abi-baseline: wrote $output ($(wc -c <"$output") bytes)"
