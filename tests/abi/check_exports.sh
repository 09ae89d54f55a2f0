#!/bin/sh
# check_exports.sh: the plugin exports exactly one symbol, the ABI entry function.
#
# DESIGN.md, "The C ABI: rules", rule 2: everything but psp_plugin_entry is hidden, by
# -fvisibility=hidden and a version script that ends "local: *;". A leaked C++ symbol (a weak
# template instantiation, say) would let hosts bind to internals, so this fails on any extra one.
#
# Usage: check_exports.sh <libpsp_plugin.so> <psp_plugin.map>
set -eu

library=${1:?usage: check_exports.sh <libpsp_plugin.so> <psp_plugin.map>}
script=${2:?usage: check_exports.sh <libpsp_plugin.so> <psp_plugin.map>}
status=0

fail() {
    echo "check_exports: FAILED: $*" >&2
    status=1
}

echo "check_exports: nm -D --defined-only $library"
symbols=$(nm -D --defined-only "$library")
echo "$symbols"

# Type A lines are version nodes (PSP_PLUGIN_1), not code or data; every other line is a symbol.
exported=$(echo "$symbols" | awk '$2 != "A" { print $2 " " $3 }')
count=$(echo "$exported" | grep -c . || true)
[ "$count" -eq 1 ] || fail "expected exactly 1 exported symbol, found $count"
# T: a function in the text section; the name may carry its version (@@PSP_PLUGIN_1).
echo "$exported" | grep -Eq '^T psp_plugin_entry(@@PSP_PLUGIN_1)?$' ||
    fail "the exported symbol is not the function psp_plugin_entry"

# The version script must hide everything it does not name: its last rule is "local: *;".
# Comments are stripped and the script joined onto one line before the match.
flat=$(tr '\n' ' ' <"$script" | sed -e 's:/\*\([^*]\|\*[^/]\)*\*/::g')
echo "$flat" | grep -Eq 'local:[[:space:]]*\*[[:space:]]*;[[:space:]]*\}[[:space:]]*;[[:space:]]*$' ||
    fail "$script does not end with 'local: *;'"

[ "$status" -eq 0 ] && echo "check_exports: OK, one exported function: psp_plugin_entry"
exit "$status"
