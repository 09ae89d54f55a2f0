#!/usr/bin/env bash
# check_abidiff.sh: the freshly built plugin keeps the ABI of the committed baseline.
#
# DESIGN.md, "The C ABI: rules", rules 3 and 9: the only change allowed against
# abi/baseline/libpsp_plugin.abi.xml is appending data members at the end of the versioned
# structs (psp_host_services, psp_instance_config, psp_plugin_api). Two gates, both must pass:
#
#  1. abidiff with abi/abi-suppressions.ini, which tolerates members appended at the end.
#  2. abidiff with no suppressions after cutting the versioned structs of the new ABI back to the
#     members and size the baseline has. Gate 1 alone is not enough: libabigail applies a
#     has_data_member_inserted_at rule to every change of the named struct that removes no member
#     and does not shrink it, so it would also hide a retyped member or a changed function-pointer
#     signature inside psp_plugin_api. After the cut, an append-only change leaves nothing to
#     report and any other change still shows.
#
# Usage: check_abidiff.sh <libpsp_plugin.so> [source dir]   (exit 0 only when both gates pass)
set -euo pipefail

library=${1:?usage: check_abidiff.sh <libpsp_plugin.so> [source dir]}
root=${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
baseline=$root/abi/baseline/libpsp_plugin.abi.xml
suppressions=$root/abi/abi-suppressions.ini
versioned='psp_host_services psp_instance_config psp_plugin_api'

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
current=$scratch/current.abi.xml
cut_back=$scratch/current-cut-back.abi.xml

# Same abidw options as the baseline, from the one script that knows them.
"$root/scripts/update-abi-baseline.sh" "$library" "$current"

# Rewrites the new ABI (second file) so each versioned struct keeps only as many data members as
# the baseline (first file) has, and the baseline's size. abidw writes one element per line.
cut_back_structs() {
    awk -v names="$versioned" -v q="'" '
        BEGIN {
            n = split(names, list, " ")
            for (i = 1; i <= n; ++i) wanted[list[i]] = 1
            name_re = "name=" q "[^" q "]*" q
            size_re = "size-in-bits=" q "[0-9]+" q
        }
        function struct_name(line) {
            if (line !~ /<class-decl / || line ~ /\/>[[:space:]]*$/) return ""
            if (!match(line, name_re)) return ""
            name = substr(line, RSTART + 6, RLENGTH - 7)
            return (name in wanted) ? name : ""
        }
        function size_of(line) {
            return match(line, size_re) ? substr(line, RSTART + 14, RLENGTH - 15) : ""
        }
        FNR == NR {
            if ((s = struct_name($0)) != "") { open = s; size[s] = size_of($0); members[s] = 0 }
            else if (open != "" && $0 ~ /<\/class-decl>/) open = ""
            else if (open != "" && $0 ~ /<data-member /) ++members[open]
            next
        }
        FNR == 1 { open = "" }
        {
            if ((s = struct_name($0)) != "" && (s in size)) {
                open = s; kept = 0; dropping = 0
                sub(size_re, "size-in-bits=" q size[s] q)
            } else if (open != "" && $0 ~ /<\/class-decl>/) {
                open = ""; dropping = 0
            } else if (open != "" && $0 ~ /<data-member /) {
                dropping = (++kept > members[open])
            }
            if (!dropping) print
        }
    ' "$baseline" "$current" >"$cut_back"
}

status=0
echo "check_abidiff: gate 1: abidiff --suppressions $suppressions (baseline vs current)"
abidiff --no-default-suppression --suppressions "$suppressions" "$baseline" "$current" ||
    { rc=$?; echo "check_abidiff: FAILED: abidiff exit status $rc (see the report above)" >&2; status=1; }

cut_back_structs
echo "check_abidiff: gate 2: abidiff without suppressions, versioned structs cut back to the baseline"
abidiff --no-default-suppression "$baseline" "$cut_back" ||
    { rc=$?; echo "check_abidiff: FAILED: exit status $rc; a versioned struct changed other than by" \
        "appending members at its end, or another part of the ABI changed" >&2; status=1; }

if [[ $status -eq 0 ]]; then
    echo "check_abidiff: OK, the ABI matches abi/baseline (appends at the end of versioned structs only)"
else
    echo "check_abidiff: if the change is intended, review it and run scripts/update-abi-baseline.sh" >&2
fi
exit "$status"
