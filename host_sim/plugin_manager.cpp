// plugin_manager.cpp: install, status, disable / enable and uninstall over plugin-registry.json.
#include "host_sim/plugin_manager.hpp"

#include <fstream>

#include "host_sim/agency_session.hpp"
#include "host_sim/plugin_loader.hpp"
#include "plugin/core/sha256.hpp"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Json to_json(const InstalledPlugin &p) {
    return {{"name", p.name},
            {"version", p.version},
            {"abi_major", p.abi_major},
            {"manifest", p.manifest.string()},
            {"library_sha256", p.library_sha256},
            {"enabled", p.enabled},
            {"installed_at_ms", p.installed_at_ms}};
}

InstalledPlugin from_json(const Json &json) {
    InstalledPlugin p;
    p.name = json.at("name").get<std::string>();
    p.version = json.at("version").get<std::string>();
    p.abi_major = json.at("abi_major").get<uint32_t>();
    p.manifest = json.at("manifest").get<std::string>();
    p.library_sha256 = json.at("library_sha256").get<std::string>();
    p.enabled = json.at("enabled").get<bool>();
    p.installed_at_ms = json.at("installed_at_ms").get<int64_t>();
    return p;
}

Json read_registry_json(const HostWorkDir &work_dir) {
    std::ifstream in(work_dir.plugin_registry_file());
    return in ? Json::parse(in) : Json();
}

std::optional<InstalledPlugin> read_registry(const HostWorkDir &work_dir) {
    const Json registry = read_registry_json(work_dir);
    if (registry.is_null()) {
        return std::nullopt;
    }
    return from_json(registry);
}

// Replaces `to` with a copy of `from` (a missing `from` leaves `to` missing).
void replace_folder(const fs::path &from, const fs::path &to) {
    fs::remove_all(to);
    if (fs::exists(from)) {
        fs::copy(from, to, fs::copy_options::recursive);
    }
}

// What the manager asks a freshly loaded plugin: `health`, as the host's own IT identity.
CallOutcome health_check(const AgencySession &session) {
    return session.call({"health", "host-plugin-manager", {"it_admin"}, Json::object(), ""});
}

std::vector<std::string> granted_scopes(const PluginManifest &manifest,
                                        const HostScopePolicy &policy) {
    std::vector<std::string> granted;
    for (const std::string &scope : manifest.requested_scopes) {
        if (policy.grants(scope)) {
            granted.push_back(scope);
        }
    }
    return granted;
}

void require_empty_or_missing(const fs::path &folder) {
    if (fs::exists(folder) && !fs::is_empty(folder)) {
        throw PluginStateError("the export folder " + folder.string() +
                               " is not empty; name a new one");
    }
}

// Copies the data folder file by file and lists each with its SHA-256 in export-manifest.json,
// so whoever receives the export can check it arrived whole.
std::vector<std::string> export_data(const fs::path &data_dir, const fs::path &export_dir,
                                     const InstalledPlugin &plugin) {
    fs::create_directories(export_dir);
    Json files = Json::array();
    std::vector<std::string> names;
    if (fs::exists(data_dir)) {
        for (const fs::directory_entry &entry : fs::recursive_directory_iterator(data_dir)) {
            if (!entry.is_regular_file()) {
                continue;
            }
            const fs::path relative = fs::relative(entry.path(), data_dir);
            fs::create_directories((export_dir / relative).parent_path());
            fs::copy_file(entry.path(), export_dir / relative);
            names.push_back(relative.generic_string());
            files.push_back({{"file", names.back()},
                             {"sha256", psp::sha256_file_hex((export_dir / relative).string())}});
        }
    }
    const Json manifest = {
        {"plugin", plugin.name}, {"version", plugin.version}, {"files", std::move(files)}};
    std::ofstream(export_dir / "export-manifest.json") << manifest.dump(2) << '\n';
    return names;
}

}  // namespace

PluginManager::PluginManager(const fs::path &work_dir, HostScopePolicy policy)
    : work_dir_(work_dir), policy_(std::move(policy)) {}

std::optional<InstalledPlugin> PluginManager::installed() const {
    return read_registry(work_dir_);
}

InstalledPlugin PluginManager::require_installed() const {
    std::optional<InstalledPlugin> plugin = installed();
    if (!plugin) {
        throw PluginStateError("no plugin is installed in " + work_dir_.root().string() +
                               ": run `psp-host plugin install` first");
    }
    return *plugin;
}

std::optional<InstalledPlugin> PluginManager::previous() const {
    const Json registry = read_registry_json(work_dir_);
    if (!registry.contains("previous")) {
        return std::nullopt;
    }
    return from_json(registry.at("previous"));
}

void PluginManager::save(const InstalledPlugin &plugin,
                         const std::optional<InstalledPlugin> &previous) const {
    Json registry = to_json(plugin);
    if (previous) {
        registry["previous"] = to_json(*previous);
    }
    const fs::path file = work_dir_.plugin_registry_file();
    const fs::path partial = file.string() + ".partial";
    std::ofstream(partial, std::ios::trunc) << registry.dump(2) << '\n';
    fs::rename(partial, file);
}

void PluginManager::restore_snapshot() const {
    replace_folder(work_dir_.plugin_data_snapshot_dir(), work_dir_.plugin_data_dir());
}

InstalledPlugin PluginManager::install(const fs::path &manifest_file) const {
    if (const auto present = installed()) {
        throw PluginStateError("the plugin " + present->name + " " + present->version +
                               " is already installed here; uninstall it first");
    }
    InstalledPlugin plugin = start_checked(manifest_file);
    save(plugin);
    return plugin;
}

InstalledPlugin PluginManager::upgrade(const fs::path &manifest_file) const {
    const InstalledPlugin current = require_installed();
    replace_folder(work_dir_.plugin_data_dir(), work_dir_.plugin_data_snapshot_dir());
    try {
        InstalledPlugin next = start_checked(manifest_file);
        next.enabled = current.enabled;
        save(next, current);
        return next;
    } catch (const std::exception &e) {
        restore_snapshot();
        throw PluginStateError("the upgrade failed; " + current.name + " " + current.version +
                               " stays installed, its data untouched: " + e.what());
    }
}

InstalledPlugin PluginManager::rollback() const {
    const std::optional<InstalledPlugin> before = previous();
    if (!before) {
        throw PluginStateError("there is no previous version to roll back to");
    }
    restore_snapshot();
    InstalledPlugin restored = start_checked(before->manifest);
    restored.enabled = before->enabled;
    save(restored);
    fs::remove_all(work_dir_.plugin_data_snapshot_dir());
    return restored;
}

InstalledPlugin PluginManager::start_checked(const fs::path &manifest_file) const {
    const WorkspaceState state = work_dir_.load_state();
    AgencySessionOptions options;
    options.granted_scopes = policy_.granted();
    const AgencySession session(load_plugin(manifest_file, policy_), work_dir_, state, options);
    const CallOutcome health = health_check(session);
    if (!health.ok()) {
        throw PluginStateError("the plugin loaded but failed its health check: " +
                               health.response.dump());
    }
    const PluginManifest &manifest = session.plugin().manifest();
    return InstalledPlugin{manifest.name,           manifest.version,
                           manifest.abi_major,      fs::absolute(manifest_file).lexically_normal(),
                           manifest.library_sha256, true,
                           state.clock_ms};
}

PluginStatus PluginManager::status() const {
    PluginStatus status;
    status.installed = require_installed();
    status.health = status.installed.enabled ? "ok" : "disabled";
    try {
        const PluginManifest manifest = read_plugin_manifest(status.installed.manifest);
        status.scopes_granted = granted_scopes(manifest, policy_);
        if (!status.installed.enabled) {
            return status;
        }
        AgencySessionOptions options;
        options.granted_scopes = policy_.granted();
        const AgencySession session(load_plugin(status.installed.manifest, policy_), work_dir_,
                                    work_dir_.load_state(), options);
        const CallOutcome health = health_check(session);
        if (!health.ok()) {
            throw std::runtime_error("health answered " + health.response.dump());
        }
        status.health_result = health.result();
        status.schema_version = health.result().at("schema_version").get<int>();
    } catch (const std::exception &e) {
        status.health = "failing";
        status.problem = e.what();
    }
    return status;
}

void PluginManager::disable() const {
    InstalledPlugin plugin = require_installed();
    if (!plugin.enabled) {
        throw PluginStateError("the plugin is already disabled");
    }
    plugin.enabled = false;
    save(plugin, previous());
}

void PluginManager::enable() const {
    InstalledPlugin plugin = require_installed();
    if (plugin.enabled) {
        throw PluginStateError("the plugin is already enabled");
    }
    plugin.enabled = true;
    save(plugin, previous());
}

UninstallReport PluginManager::uninstall(DataOnUninstall data, const fs::path &export_dir) const {
    const InstalledPlugin plugin = require_installed();
    UninstallReport report;
    report.data_dir = work_dir_.plugin_data_dir();
    if (data == DataOnUninstall::export_) {
        if (export_dir.empty()) {
            throw PluginStateError("exporting the data needs a folder");
        }
        require_empty_or_missing(export_dir);
        report.exported_to = fs::absolute(export_dir).lexically_normal();
        report.files = export_data(report.data_dir, report.exported_to, plugin);
        fs::remove_all(report.data_dir);
    }
    fs::remove(work_dir_.plugin_registry_file());
    fs::remove_all(work_dir_.plugin_data_snapshot_dir());
    return report;
}

void require_enabled_if_managed(const HostWorkDir &work_dir) {
    const std::optional<InstalledPlugin> plugin = read_registry(work_dir);
    if (plugin && !plugin->enabled) {
        throw PluginStateError("the plugin " + plugin->name + " " + plugin->version +
                               " is disabled in " + work_dir.root().string() +
                               ": `psp-host plugin enable` first");
    }
}

}  // namespace psp::host_sim
