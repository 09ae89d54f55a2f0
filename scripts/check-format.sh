#!/usr/bin/env bash
# Fails when a C or C++ source in the repository is not clang-format clean (.clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
if [ ${#files[@]} -eq 0 ]; then exit 0; fi
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "[format] run: clang-format -i \$(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')" >&2
  exit 1
fi
echo "[format] ${#files[@]} files are clang-format clean"
