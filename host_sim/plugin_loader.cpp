// plugin_loader.cpp: Boost.DLL after the manifest checks, then the one entry symbol.
#include "host_sim/plugin_loader.hpp"

#include <string>
#include <type_traits>

namespace psp::host_sim {
namespace {

boost::dll::shared_library open_library(const PluginManifest &manifest) {
    try {
        return boost::dll::shared_library(
            boost::dll::fs::path(manifest.library_file.string()),
            boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception &e) {
        throw PluginLoadError("cannot load the plugin library " + manifest.library_file.string() +
                              ": " + e.what());
    }
}

psp_plugin_entry_fn entry_of(const boost::dll::shared_library &library,
                             const PluginManifest &manifest) {
    if (!library.has(PSP_PLUGIN_ENTRY_SYMBOL)) {
        throw PluginLoadError("the plugin library " + manifest.library_file.string() +
                              " exports no " + PSP_PLUGIN_ENTRY_SYMBOL);
    }
    return &library.get<std::remove_pointer_t<psp_plugin_entry_fn>>(PSP_PLUGIN_ENTRY_SYMBOL);
}

psp::abi::Api api_of(const boost::dll::shared_library &library, const PluginManifest &manifest) {
    try {
        return psp::abi::Api(entry_of(library, manifest), PSP_ABI_VERSION_MAJOR);
    } catch (const psp::abi::AbiError &e) {
        throw PluginLoadError("the plugin library " + manifest.library_file.string() +
                              " contradicts its manifest: " + e.what());
    }
}

}  // namespace

LoadedPlugin::LoadedPlugin(PluginManifest manifest)
    : manifest_(std::move(manifest)),
      library_(open_library(manifest_)),
      api_(api_of(library_, manifest_)) {
    // The manifest was checked against the file's bytes; this checks it against the code.
    if (api_.plugin_version() != manifest_.version) {
        throw PluginLoadError("the plugin library says it is version " +
                              std::string(api_.plugin_version()) + ", its manifest says " +
                              manifest_.version);
    }
}

std::shared_ptr<const LoadedPlugin> load_plugin(const std::filesystem::path &manifest_file,
                                                const HostScopePolicy &policy) {
    PluginManifest manifest = read_plugin_manifest(manifest_file);
    verify_plugin_manifest(manifest, policy);
    return std::make_shared<const LoadedPlugin>(std::move(manifest));
}

}  // namespace psp::host_sim
