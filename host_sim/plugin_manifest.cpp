// plugin_manifest.cpp: manifest parsing and the host's checks, each failure with its own message.
#include "host_sim/plugin_manifest.hpp"

#include <fstream>

#include "manifest/manifest_schema.hpp"
#include "plugin/core/sha256.hpp"
#include "psp_plugin.h"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Json parse_manifest_text(const fs::path &manifest_file) {
    std::ifstream in(manifest_file);
    if (!in) {
        throw ManifestRejected("cannot read the manifest " + manifest_file.string());
    }
    try {
        return Json::parse(in);
    } catch (const Json::exception &e) {  // parse_error, and out_of_range for 1E400 (fuzz_manifest)
        throw ManifestRejected("the manifest " + manifest_file.string() +
                               " is not JSON: " + e.what());
    }
}

void require_schema_valid(const Json &document, const fs::path &manifest_file) {
    const auto violations = psp::manifest::manifest_schema_violations(document);
    if (violations.empty()) {
        return;
    }
    std::string message = "the manifest " + manifest_file.string() + " breaks the manifest schema:";
    for (const std::string &v : violations) {
        message += "\n  " + v;
    }
    throw ManifestRejected(message);
}

// The library (and each file of the screens) must sit in the manifest's folder or below it: a
// manifest may not point a host at some other file on the machine.
fs::path resolve_inside(const fs::path &manifest_file, const std::string &file,
                        const char *what = "library.file") {
    const fs::path relative = fs::path(file).lexically_normal();
    if (relative.is_absolute() || relative.empty() || *relative.begin() == "..") {
        throw ManifestRejected(std::string("the manifest's ") + what + " '" + file +
                               "' must be a path inside the manifest's folder");
    }
    return fs::absolute(manifest_file).parent_path() / relative;
}

void read_ui(const Json &document, const fs::path &manifest_file, PluginManifest &manifest) {
    if (!document.contains("ui")) {
        return;
    }
    const Json &ui = document.at("ui");
    manifest.ui_entry = ui.at("entry").get<std::string>();
    manifest.ui_pages = ui.at("pages");
    bool entry_listed = false;
    for (const Json &f : ui.at("files")) {
        const std::string name = f.at("file").get<std::string>();
        manifest.ui_files.push_back({name, resolve_inside(manifest_file, name, "ui file"),
                                     f.at("sha256").get<std::string>()});
        entry_listed = entry_listed || name == manifest.ui_entry;
    }
    if (!entry_listed) {
        throw ManifestRejected("the manifest's ui.entry '" + manifest.ui_entry +
                               "' is not one of its ui.files");
    }
}

void check_abi(const PluginManifest &manifest) {
    if (manifest.abi_major == PSP_ABI_VERSION_MAJOR) {
        return;
    }
    throw ManifestRejected("the plugin " + manifest.name + " " + manifest.version +
                           " speaks ABI major " + std::to_string(manifest.abi_major) +
                           "; this host speaks ABI major " + std::to_string(PSP_ABI_VERSION_MAJOR));
}

void check_scopes(const PluginManifest &manifest, const HostScopePolicy &policy) {
    for (const std::string &scope : manifest.requested_scopes) {
        if (is_refused_scope(scope)) {
            throw ManifestRejected("the plugin requests scope '" + scope +
                                   "', which this host refuses to every plugin (disciplinary "
                                   "and related records are never shared)");
        }
        if (!policy.grants(scope)) {
            throw ManifestRejected("the plugin requests scope '" + scope +
                                   "', which this host's policy does not grant");
        }
    }
}

void check_checksum(const PluginManifest &manifest) {
    std::string actual;
    try {
        actual = psp::sha256_file_hex(manifest.library_file.string());
    } catch (const std::exception &e) {
        throw ManifestRejected("cannot read the plugin library " + manifest.library_file.string() +
                               ": " + e.what());
    }
    if (actual == manifest.library_sha256) {
        return;
    }
    throw ManifestRejected("the plugin library " + manifest.library_file.string() +
                           " does not match its manifest: SHA-256 is " + actual +
                           ", the manifest says " + manifest.library_sha256 +
                           " (the file was changed or replaced; it was not loaded)");
}

// The screens run in the host's pages with the user's session: a changed bundle is refused exactly
// like a changed library.
void check_ui_checksums(const PluginManifest &manifest) {
    for (const UiBundleFile &f : manifest.ui_files) {
        std::string actual;
        try {
            actual = psp::sha256_file_hex(f.file.string());
        } catch (const std::exception &e) {
            throw ManifestRejected("cannot read the plugin's screen file " + f.file.string() +
                                   ": " + e.what());
        }
        if (actual != f.sha256) {
            throw ManifestRejected(
                "the plugin's screen file " + f.file.string() +
                " does not match its manifest: SHA-256 is " + actual + ", the manifest says " +
                f.sha256 + " (the file was changed or replaced; the plugin was not loaded)");
        }
    }
}

}  // namespace

PluginManifest read_plugin_manifest(const fs::path &manifest_file) {
    const Json document = parse_manifest_text(manifest_file);
    require_schema_valid(document, manifest_file);
    PluginManifest manifest;
    manifest.manifest_file = manifest_file;
    manifest.name = document.at("name").get<std::string>();
    manifest.version = document.at("version").get<std::string>();
    manifest.abi_major = document.at("abi_major").get<uint32_t>();
    const Json &library = document.at("library");
    manifest.library_file = resolve_inside(manifest_file, library.at("file").get<std::string>());
    manifest.library_sha256 = library.at("sha256").get<std::string>();
    manifest.requested_scopes =
        document.at("scopes").at("requested").get<std::vector<std::string>>();
    manifest.forbidden_scopes =
        document.at("scopes").at("forbidden").get<std::vector<std::string>>();
    manifest.methods = document.at("methods");
    read_ui(document, manifest_file, manifest);
    return manifest;
}

void verify_plugin_manifest(const PluginManifest &manifest, const HostScopePolicy &policy) {
    check_abi(manifest);
    check_scopes(manifest, policy);
    check_checksum(manifest);
    check_ui_checksums(manifest);
}

}  // namespace psp::host_sim
