# Sourced by demo.sh and test.sh: CMake flags that put ccache in front of the compilers when it is
# installed (install-deps.sh installs it), with paths taken relative to the checkout so a fresh
# clone in another folder reuses the objects of an earlier build.
PSP_CACHE_FLAGS=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$PWD"
  PSP_CACHE_FLAGS=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
