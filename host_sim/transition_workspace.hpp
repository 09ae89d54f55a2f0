// transition_workspace.hpp: a work dir ready for the transition workload: a generated agency whose
// plugin instance has active PSPs (the real selection path), on the storage given, and the
// command line of a `psp-host transition-worker` on it. Tests and benchmarks make one, close it,
// then start worker processes on it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/host_work_dir.hpp"
#include "host_sim/plugin_loader.hpp"

namespace psp::host_sim {

class TransitionWorkspace {
  public:
    // Resets `root`, generates a 60-employee agency there and activates `psps` of its employees
    // (at most about 40) through `plugin`. `storage` is the instance's "storage" when an object
    // (PostgreSQL); otherwise the default SQLite file in the work dir.
    TransitionWorkspace(const std::filesystem::path &root,
                        const std::shared_ptr<const LoadedPlugin> &plugin, std::size_t psps,
                        nlohmann::json storage = nullptr);

    const HostWorkDir &work_dir() const { return work_dir_; }
    const std::vector<std::string> &psps() const { return psps_; }
    bool on_postgresql() const { return storage_.is_object(); }
    // The plugin's SQLite file (when not on PostgreSQL).
    std::filesystem::path sqlite_file() const;

    // `psp_host transition-worker` for `psp`, named `worker`, with the manifest and `extra`
    // arguments (e.g. --free-run N --from R).
    std::vector<std::string> worker_argv(const std::filesystem::path &psp_host,
                                         const std::filesystem::path &manifest,
                                         const std::string &psp, const std::string &worker,
                                         const std::vector<std::string> &extra = {}) const;

  private:
    HostWorkDir work_dir_;
    nlohmann::json storage_;
    std::string agency_id_;
    std::vector<std::string> psps_;
};

}  // namespace psp::host_sim
