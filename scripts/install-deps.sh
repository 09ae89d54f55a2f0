#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds, tests and runs with. Idempotent: it asks
# apt only for what is missing, and runs `apt-get update` only when something is.
set -euo pipefail

packages=(
  build-essential cmake pkg-config     # compiler, CMake 3.25, nm/ld (binutils)
  libsoci-dev libpq-dev libsqlite3-dev # storage: SOCI with its SQLite and PostgreSQL backends
  postgresql                           # PostgreSQL 15 server and psql/pg_dump: the tests start a
                                       # throwaway cluster on loopback (postgres-cluster.sh)
  libboost-dev libboost-filesystem-dev # Boost.DLL: the host simulator loads the plugin with it
  nlohmann-json3-dev libvalijson-dev   # JSON, and JSON Schema validation of every request
  libssl-dev                           # SHA-256 (audit hash chain, library checksums)
  libcsv-dev                           # RFC 4180 CSV imports
  libcli11-dev                         # the psp-host command line
  libhowardhinnant-date-dev tzdata     # the agency's time zone (IANA tzdata) for quarters and dates
  libgtest-dev libbenchmark-dev        # tests and the bench target
  abigail-tools                        # abidw/abidiff: the ABI check against the baseline
  clang-format                         # the format check
  clang-tidy                           # the lint (README, Development): by hand, not in the
                                       # test command, as a whole-tree run takes ~20 minutes
  ccache                               # rebuilds of the default and asan presets reuse objects
  clang libfuzzer-14-dev libclang-rt-14-dev  # the fuzz preset: clang 14, libFuzzer, ASan/UBSan
  dpkg-dev                             # dpkg-shlibdeps: the .deb's Depends (CPack), package test
  python3                              # the ctypes host example (docs/examples) and its test
  libcpp-httplib-dev                   # psp-host serve: the embedded HTTP server (header-only)
  chromium                             # the browser the screens' end-to-end tests drive
  tryton-server tryton-modules-company tryton-proteus  # Tryton 6.0 LTS: hosts/tryton's module
                                       # and its tests (ModuleTestCase, proteus) on SQLite
)
# Node.js 20 and npm build the screens (ui/). Debian's nodejs/npm when no node is installed; a
# machine that already has node (for example from NodeSource, whose nodejs includes npm) keeps it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

# The screens' JavaScript tools (esbuild, TypeScript, Lit, Prettier, playwright-core, axe-core),
# exactly as ui/package-lock.json pins them. The browser is Debian's chromium, never a download.
npm_ci() {
  local ui
  ui="$(dirname "$0")/../ui"
  if [ -f "$ui/node_modules/.package-lock.json" ] &&
    [ ! "$ui/package-lock.json" -nt "$ui/node_modules/.package-lock.json" ]; then
    echo "[deps] ui/node_modules matches ui/package-lock.json"
    return
  fi
  echo "[deps] npm ci in ui/ (from ui/package-lock.json)"
  (cd "$ui" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "[deps] all ${#packages[@]} Debian packages are installed"
  npm_ci
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "[deps] missing packages: ${missing[*]}; run this script as root (it uses apt-get)" >&2
  exit 1
fi
echo "[deps] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_ci
echo "[deps] done"
