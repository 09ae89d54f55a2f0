// plugin_info_probe.hpp: asking a freshly built plugin library to describe itself (plugin.info).
//
// The manifest's version, ABI, scopes and methods come from the library itself, so the published
// manifest cannot drift from the code it describes.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace psp::manifest {

// Loads `library` with Boost.DLL, creates a throw-away instance in a temporary data folder (removed
// afterwards) with a host that grants no data, calls plugin.info and returns its result. Throws
// std::runtime_error saying which step failed.
nlohmann::json probe_plugin_info(const std::filesystem::path &library);

}  // namespace psp::manifest
