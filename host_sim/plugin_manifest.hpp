// plugin_manifest.hpp: reading a plugin's manifest and deciding whether the host may load it.
//
// Every check happens before a single byte of the library is mapped: the manifest must match the
// schema the host was built with, speak the host's ABI major, request only scopes the host grants
// (and none it refuses), and name a library whose SHA-256 matches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/host_scope_policy.hpp"

namespace psp::host_sim {

// The host refuses the plugin; what() says why, for the person installing it.
class ManifestRejected : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One file of the plugin's screens (the manifest's ui.files).
struct UiBundleFile {
    std::string name;            // as the manifest lists it, e.g. "ui/psp-ui.js"
    std::filesystem::path file;  // resolved against the manifest's folder
    std::string sha256;
};

struct PluginManifest {
    std::filesystem::path manifest_file;
    std::string name;
    std::string version;
    uint32_t abi_major = 0;
    std::filesystem::path library_file;  // resolved against the manifest's folder
    std::string library_sha256;
    std::vector<std::string> requested_scopes;
    std::vector<std::string> forbidden_scopes;
    nlohmann::json methods;  // as published: name, roles, writes, params_schema, result_schema
    // The screens, when the plugin ships them: the bundle's files (checked like the library), the
    // entry module, and the pages (id, title, roles, placement).
    std::vector<UiBundleFile> ui_files;
    std::string ui_entry;
    nlohmann::json ui_pages = nlohmann::json::array();
};

// Reads and schema-validates a manifest. Throws ManifestRejected naming every schema violation.
PluginManifest read_plugin_manifest(const std::filesystem::path &manifest_file);

// The ABI major, the scopes against `policy`, then the checksums of the library and of every
// file of the screens' bundle. Throws
// ManifestRejected at the first failure.
void verify_plugin_manifest(const PluginManifest &manifest, const HostScopePolicy &policy);

}  // namespace psp::host_sim
