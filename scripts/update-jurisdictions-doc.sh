#!/usr/bin/env bash
# Refreshes the table of shipped jurisdiction profiles in docs/jurisdictions.md (between its
# profile-table markers) from the profiles compiled into the plugin: builds psp-jurisdictions-doc
# and runs it. Run it after changing a file in plugin/jurisdictions/; the
# integration.jurisdictions_doc test fails until you do.
#   scripts/update-jurisdictions-doc.sh [preset]      (default: default)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
cmake --build --preset "$preset" --target psp-jurisdictions-doc
"build/$preset/plugin/psp-jurisdictions-doc" --doc docs/jurisdictions.md --write
