// host_work_dir.hpp: the folder where the simulator keeps one agency: its HR database, the
// plugin's data folder, the fetch log and workspace.json (what was generated, the instance
// configuration, the clock), so later commands (psp-host call, fetch-log) continue where a tour,
// a scenario or `generate` left off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "host_sim/agency_generator.hpp"
#include "host_sim/utc_time.hpp"

namespace psp::host_sim {

struct WorkspaceState {
    std::string agency_id;
    uint64_t seed = 0;
    std::size_t size = 0;
    std::filesystem::path hr_database;  // absolute
    nlohmann::json instance_config = nlohmann::json::object();
    int64_t clock_ms = kSimulationStartMs;
};

class HostWorkDir {
  public:
    explicit HostWorkDir(const std::filesystem::path &root);

    const std::filesystem::path &root() const { return root_; }
    std::filesystem::path default_hr_database() const { return root_ / "hr.sqlite3"; }
    std::filesystem::path plugin_data_dir() const { return root_ / "plugin-data"; }
    std::filesystem::path fetch_log_file() const { return root_ / "fetch-log.jsonl"; }
    // What the plugin asked the host to tell people (notify), one JSON line each.
    std::filesystem::path notifications_file() const { return root_ / "notifications.jsonl"; }
    std::filesystem::path state_file() const { return root_ / "workspace.json"; }
    // The plugin manager's record of the installed plugin (plugin_manager.hpp).
    std::filesystem::path plugin_registry_file() const { return root_ / "plugin-registry.json"; }
    // The plugin's data as it was before the last upgrade, for a rollback.
    std::filesystem::path plugin_data_snapshot_dir() const {
        return root_ / "plugin-data.before-upgrade";
    }

    // Creates the folder, then removes what an earlier run of the simulator left in it (the
    // plugin's data and its snapshot, the fetch log, workspace.json, the plugin registry, the
    // default HR database)
    // and nothing else.
    void reset() const;

    // Throws std::runtime_error when there is no workspace here yet.
    WorkspaceState load_state() const;
    void save_state(const WorkspaceState &state) const;

  private:
    std::filesystem::path root_;
};

struct CreatedWorkspace {
    WorkspaceState state;
    GeneratedAgency agency;  // what was generated, for tests and the tour to look into
};

// Resets `work_dir`, generates an agency (deterministic for `seed`), writes its HR database to
// `hr_database` (the work dir's default when empty) and saves the workspace state.
CreatedWorkspace create_workspace(const HostWorkDir &work_dir, uint64_t seed, std::size_t size,
                                  const nlohmann::json &instance_config,
                                  const std::filesystem::path &hr_database = {});

}  // namespace psp::host_sim
