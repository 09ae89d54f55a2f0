// default_manifest.hpp: which manifest psp-host installs the plugin from when not told.
//
// An installed psp-host (bin/psp-host of a package or tarball) uses the manifest installed with it,
// found relative to its own file so an unpacked tarball or a temporary root works; psp-host run
// from the build tree uses the manifest this build wrote.
#pragma once

#include <filesystem>

namespace psp::host_sim {

// `installed_relative`: the installed manifest relative to the folder holding psp-host;
// `build_manifest`: the build tree's manifest. Returns the installed one when it exists.
std::filesystem::path default_manifest_path(const std::filesystem::path &installed_relative,
                                            const std::filesystem::path &build_manifest);

}  // namespace psp::host_sim
