#!/usr/bin/env bash
# Refreshes docs/integration.md's policy reference from the configuration schema (with its
# descriptions in plugin/config/policy_reference.cpp): builds the unit tests and runs the
# policy doc test in update mode. Run it after adding or changing a policy key; the
# PolicyDoc.IntegrationGuideHoldsTheGeneratedReference test fails until you do.
#   scripts/update-policy-doc.sh [preset]      (default: default)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
cmake --build --preset "$preset" --target psp_unit_tests
PSP_UPDATE_POLICY_DOC=1 "build/$preset/tests/unit/psp_unit_tests" \
  --gtest_filter='PolicyDoc.IntegrationGuideHoldsTheGeneratedReference' >/dev/null
echo "[policy-doc] docs/integration.md's policy reference refreshed"
