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
  tryton-server tryton-modules-company tryton-proteus  # Tryton 6.0 LTS: hosts/tryton's module
                                       # and its tests (ModuleTestCase, proteus) on SQLite
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "[deps] all ${#packages[@]} Debian packages are installed"
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
echo "[deps] done"
