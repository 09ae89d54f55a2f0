# Sourced by demo.sh and test.sh: CMake flags that put ccache in front of the compilers when it is
# installed (install-deps.sh installs it), with paths taken relative to the checkout so a fresh
# clone in another folder reuses the objects of an earlier build.
PSP_CACHE_FLAGS=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$PWD"
  # The targets use precompiled headers (CMakeLists.txt); ccache caches their users only when told
  # to trust the header's timestamps and defines.
  export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
  PSP_CACHE_FLAGS=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
