#!/bin/sh
# check_hardening.sh: the shipped library is built hardened, read from its ELF, not its build flags.
#
# The plugin runs inside an agency's HR or records system, next to that system's data: a stack
# smash must abort instead of returning into an attacker's bytes, fortified libc calls must check
# their buffer sizes, and the GOT must be read-only before the first plugin function runs (full
# RELRO: -z relro -z now). Each check looks for what the flag leaves in the file:
#   -fstack-protector-strong  an import of __stack_chk_fail
#   -D_FORTIFY_SOURCE=2       imports of glibc's checked variants (__memcpy_chk, __sprintf_chk...)
#   -z relro                  a GNU_RELRO program header
#   -z now                    BIND_NOW, or FLAGS / FLAGS_1 with NOW, in the dynamic section
#
# Usage: check_hardening.sh <libpsp_plugin.so> <expect_fortify: 1 or 0>
set -eu

library=${1:?usage: check_hardening.sh <libpsp_plugin.so> <expect_fortify>}
expect_fortify=${2:?usage: check_hardening.sh <libpsp_plugin.so> <expect_fortify>}
status=0

fail() {
    echo "check_hardening: FAILED: $*" >&2
    status=1
}

imports=$(readelf --dyn-syms -W "$library" | awk '$7 == "UND" { print $8 }')
headers=$(readelf -lW "$library")
dynamic=$(readelf -dW "$library")

echo "$imports" | grep -q '^__stack_chk_fail' ||
    fail "no __stack_chk_fail import: built without -fstack-protector-strong"
if [ "$expect_fortify" = 1 ]; then
    checked=$(echo "$imports" | grep -E '^__[a-z0-9_]+_chk(@|$)' || true)
    echo "check_hardening: fortified calls: $(echo "$checked" | tr '\n' ' ')"
    [ -n "$checked" ] || fail "no __*_chk import: built without -D_FORTIFY_SOURCE=2"
fi
echo "$headers" | grep -q 'GNU_RELRO' || fail "no GNU_RELRO segment: linked without -z relro"
echo "$dynamic" | grep -Eq '\(BIND_NOW\)|\(FLAGS(_1)?\).*NOW' ||
    fail "no BIND_NOW: linked without -z now (partial RELRO only)"

[ "$status" -eq 0 ] && echo "check_hardening: $library: stack protector, fortify, full RELRO"
exit "$status"
