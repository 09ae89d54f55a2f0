// plugin_manager.hpp: the simulated host's plugin manager for one agency's work dir, behaving as
// a careful production one: install (every manifest check, load, create the instance so
// migrations run, health check), upgrade over live data with a snapshot to fall back on, rollback
// to the previous version, status, disable / enable, uninstall keeping or exporting the plugin's
// data.
//
// What is installed is recorded in the work dir's plugin-registry.json, so each psp-host command
// (a separate process, like an operator's separate actions) sees the previous one's result.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/host_scope_policy.hpp"
#include "host_sim/host_work_dir.hpp"

namespace psp::host_sim {

// A lifecycle step that cannot happen in the current state (not installed, already disabled, an
// export folder that is not empty); what() says what to do instead.
class PluginStateError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct InstalledPlugin {
    std::string name;
    std::string version;
    uint32_t abi_major = 0;
    std::filesystem::path manifest;  // absolute
    std::string library_sha256;
    bool enabled = true;
    int64_t installed_at_ms = 0;  // the simulated host's clock
};

struct PluginStatus {
    InstalledPlugin installed;
    std::vector<std::string> scopes_granted;  // requested by the manifest and granted by the host
    // "ok" when the library still matches its manifest, loads and answers `health`; otherwise
    // "disabled" (not loaded on purpose) or "failing" with `problem` saying why.
    std::string health;
    std::string problem;
    std::optional<int> schema_version;  // from `health`, when it answered
    nlohmann::json health_result;       // `health`'s result, or null
};

enum class DataOnUninstall {
    keep,    // leave the plugin's data folder where it is; a later install continues with it
    export_  // copy it to a folder outside the host (with a SHA-256 list), then remove it
};

struct UninstallReport {
    std::filesystem::path data_dir;     // the plugin's data folder in the work dir
    std::filesystem::path exported_to;  // empty unless exported
    std::vector<std::string> files;     // exported files, relative to exported_to
};

class PluginManager {
  public:
    // The work dir must hold a simulated agency (psp-host generate / tour) for install and status.
    explicit PluginManager(const std::filesystem::path &work_dir,
                           HostScopePolicy policy = HostScopePolicy());

    // Checks the manifest (schema, ABI major, scopes, SHA-256), loads the library, creates the
    // agency's instance (running pending migrations on its data) and requires `health` to answer
    // ok; only then records the plugin as installed and enabled. Throws ManifestRejected,
    // PluginLoadError, psp::abi::AbiError or PluginStateError (already installed: uninstall
    // first), leaving the registry as it was.
    InstalledPlugin install(const std::filesystem::path &manifest_file) const;

    // Installs a newer (or the same) version over the live data: snapshots the data folder,
    // then does what install does with the new manifest. When any step fails (a refused
    // manifest, a library that does not load, a migration or health check that fails) the
    // snapshot is put back, the old version stays installed and the error is rethrown as
    // PluginStateError saying so. On success the old version is kept as `previous` with the
    // snapshot, for rollback().
    InstalledPlugin upgrade(const std::filesystem::path &manifest_file) const;

    // Back to the previous version and the data as it was just before the upgrade (changes made
    // since are lost, as with any restore), checked like an install. Throws PluginStateError
    // when there is no previous version.
    InstalledPlugin rollback() const;

    // The version an upgrade replaced, while rollback() is possible.
    std::optional<InstalledPlugin> previous() const;

    // Loads the installed plugin again (every manifest check again: a library changed since
    // install shows as failing) unless it is disabled, and asks `health`. Throws
    // PluginStateError when nothing is installed.
    PluginStatus status() const;

    // Disabled: the host keeps the plugin and its data but loads it for nothing (`psp-host call`
    // refuses). Throws PluginStateError when nothing is installed or it is already so.
    void disable() const;
    void enable() const;

    // Removes the plugin from the registry; the data is kept in place or exported to
    // `export_dir` (which must not exist or be empty). Throws PluginStateError when nothing is
    // installed or the export folder is not empty.
    UninstallReport uninstall(DataOnUninstall data,
                              const std::filesystem::path &export_dir = {}) const;

    // The installed plugin, if any.
    std::optional<InstalledPlugin> installed() const;

  private:
    InstalledPlugin require_installed() const;
    // Load, create the instance (migrations), health: an InstalledPlugin only if all passed.
    InstalledPlugin start_checked(const std::filesystem::path &manifest_file) const;
    void save(const InstalledPlugin &plugin,
              const std::optional<InstalledPlugin> &previous = std::nullopt) const;
    void restore_snapshot() const;

    HostWorkDir work_dir_;
    HostScopePolicy policy_;
};

// Throws PluginStateError when a plugin is installed in `work_dir` and disabled (commands that
// would load it call this first). A work dir without a registry is not managed: no refusal.
void require_enabled_if_managed(const HostWorkDir &work_dir);

}  // namespace psp::host_sim
