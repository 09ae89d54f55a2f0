// manifest_assembly.hpp: the installed manifest, put together from the template's static parts,
// the library's own plugin.info and the library's checksum.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace psp::manifest {

struct LibraryFacts {
    std::string file;    // relative to the manifest's folder
    std::string sha256;  // lowercase hex
};

// One file of the screens' bundle (ui/), as the manifest lists it.
struct UiFileFacts {
    std::string file;    // relative to the manifest's folder, e.g. "ui/psp-ui.js"
    std::string sha256;  // lowercase hex
};

// Throws std::runtime_error when the plugin contradicts the template: another name, or a scope
// the template forbids that the plugin no longer forbids (or even requests); or when the template
// declares screens (ui) but no bundle files were given, or its entry is not among them.
nlohmann::json assemble_manifest(const nlohmann::json &manifest_template,
                                 const nlohmann::json &plugin_info, const LibraryFacts &library,
                                 const std::vector<UiFileFacts> &ui_files = {});

}  // namespace psp::manifest
