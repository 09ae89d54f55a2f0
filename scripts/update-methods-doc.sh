#!/usr/bin/env bash
# Refreshes the committed method catalogue (docs/methods.md) from the built plugin's plugin.info:
# builds the psp_methods_doc target (which writes build/<preset>/docs/methods.md) and copies it.
# Run it after adding or changing a method; the integration.methods_doc test fails until you do.
#   scripts/update-methods-doc.sh [preset]      (default: default)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
cmake --build --preset "$preset" --target psp_methods_doc
cp "build/$preset/docs/methods.md" docs/methods.md
echo "[methods-doc] docs/methods.md refreshed ($(grep -c '^### ' docs/methods.md) methods)"
