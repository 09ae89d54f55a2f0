// manifest_assembly.cpp: merge template + plugin.info + checksum, refusing contradictions.
#include "manifest/manifest_assembly.hpp"

#include <algorithm>
#include <stdexcept>

namespace psp::manifest {
namespace {

using Json = nlohmann::json;

bool lists(const Json &list, const Json &value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

void check_name(const Json &manifest_template, const Json &plugin_info) {
    const Json &expected = manifest_template.at("name");
    if (plugin_info.at("name") != expected) {
        throw std::runtime_error("the library calls itself " + plugin_info.at("name").dump() +
                                 ", the template expects " + expected.dump());
    }
}

// The template's forbidden scopes are the firewall promise (IACP 3.10): a build whose plugin
// dropped one of them, or started requesting one, must fail here rather than ship.
void check_firewall_promise(const Json &manifest_template, const Json &scopes) {
    for (const Json &scope : manifest_template.at("scopes").at("forbidden")) {
        if (!lists(scopes.at("forbidden"), scope)) {
            throw std::runtime_error("the plugin no longer forbids scope " + scope.dump());
        }
        if (lists(scopes.at("requested"), scope)) {
            throw std::runtime_error("the plugin requests the forbidden scope " + scope.dump());
        }
    }
}

// plugin.info describes more of each method than a manifest carries; keep the manifest's fields.
Json manifest_methods(const Json &info_methods) {
    Json methods = Json::array();
    for (const Json &m : info_methods) {
        methods.push_back({{"name", m.at("name")},
                           {"summary", m.value("summary", "")},
                           {"roles", m.at("roles")},
                           {"writes", m.at("writes")},
                           {"params_schema", m.at("params_schema")},
                           {"result_schema", m.at("result_schema")}});
    }
    return methods;
}

// The template's screens with the checksum of every bundle file: a host refuses the plugin when
// any of them changed, exactly as for the library.
Json manifest_ui(const Json &template_ui, const std::vector<UiFileFacts> &ui_files) {
    if (ui_files.empty()) {
        throw std::runtime_error(
            "the template declares screens (ui) but no bundle was given "
            "(psp-write-manifest --ui-dir)");
    }
    Json files = Json::array();
    bool entry_listed = false;
    for (const UiFileFacts &f : ui_files) {
        files.push_back({{"file", f.file}, {"sha256", f.sha256}});
        entry_listed = entry_listed || f.file == template_ui.at("entry").get<std::string>();
    }
    if (!entry_listed) {
        throw std::runtime_error("the screens' entry " + template_ui.at("entry").dump() +
                                 " is not in the bundle folder");
    }
    return {{"entry", template_ui.at("entry")},
            {"files", std::move(files)},
            {"pages", template_ui.at("pages")}};
}

}  // namespace

Json assemble_manifest(const Json &manifest_template, const Json &plugin_info,
                       const LibraryFacts &library, const std::vector<UiFileFacts> &ui_files) {
    check_name(manifest_template, plugin_info);
    const Json &scopes = plugin_info.at("scopes");
    check_firewall_promise(manifest_template, scopes);
    Json manifest = {
        {"name", manifest_template.at("name")},
        {"version", plugin_info.at("version")},
        {"abi_major", plugin_info.at("abi").at("major")},
        {"library", {{"file", library.file}, {"sha256", library.sha256}}},
        {"scopes", {{"requested", scopes.at("requested")}, {"forbidden", scopes.at("forbidden")}}},
        {"methods", manifest_methods(plugin_info.at("methods"))}};
    if (manifest_template.contains("ui")) {
        manifest["ui"] = manifest_ui(manifest_template.at("ui"), ui_files);
    }
    return manifest;
}

}  // namespace psp::manifest
