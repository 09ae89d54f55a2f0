// plugin_loader.hpp: installing a plugin from its manifest and mapping its library.
//
// The library is opened with Boost.DLL (rtld_now | rtld_local) only after every manifest check
// has passed. A LoadedPlugin keeps the library mapped for as long as anything holds it; instances
// hold it through a shared_ptr, because a function or table taken from Boost.DLL does not keep
// the library loaded by itself (STACK-NOTES.md).
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>

#include <boost/dll/shared_library.hpp>

#include "host_sim/host_scope_policy.hpp"
#include "host_sim/plugin_manifest.hpp"
#include "psp_plugin.hpp"

namespace psp::host_sim {

// The library passed its manifest checks but could not be opened or used.
class PluginLoadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class LoadedPlugin {
  public:
    // Maps the (already verified) library and builds the ABI table. Prefer load_plugin().
    explicit LoadedPlugin(PluginManifest manifest);
    LoadedPlugin(const LoadedPlugin &) = delete;
    LoadedPlugin &operator=(const LoadedPlugin &) = delete;

    const PluginManifest &manifest() const { return manifest_; }
    const psp::abi::Api &api() const { return api_; }

  private:
    PluginManifest manifest_;
    // Declared before api_: members die in reverse order, so the library is unmapped last.
    boost::dll::shared_library library_;
    psp::abi::Api api_;
};

// Reads the manifest, runs every check (schema, ABI major, scopes against `policy`, SHA-256) and
// only then loads the library. Throws ManifestRejected or PluginLoadError.
std::shared_ptr<const LoadedPlugin> load_plugin(const std::filesystem::path &manifest_file,
                                                const HostScopePolicy &policy);

}  // namespace psp::host_sim
