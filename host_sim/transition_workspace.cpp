// transition_workspace.cpp: creating the agency and its PSPs, and the worker's command line.
#include "host_sim/transition_workspace.hpp"

#include "host_sim/agency_session.hpp"
#include "host_sim/transition_workload.hpp"

namespace psp::host_sim {

TransitionWorkspace::TransitionWorkspace(const std::filesystem::path &root,
                                         const std::shared_ptr<const LoadedPlugin> &plugin,
                                         std::size_t psps, nlohmann::json storage)
    : work_dir_(root), storage_(std::move(storage)) {
    nlohmann::json config = {{"policy", {{"directory", {{"single_root", true}}}}}};
    if (on_postgresql()) {
        config["storage"] = storage_;
    }
    const CreatedWorkspace created = create_workspace(work_dir_, 11, 60, config);
    agency_id_ = created.state.agency_id;
    const AgencySession session(plugin, work_dir_, created.state);
    psps_ = activate_psps(session, created.agency, psps);
}

std::filesystem::path TransitionWorkspace::sqlite_file() const {
    return work_dir_.plugin_data_dir() / ("psp-" + agency_id_ + ".sqlite3");
}

std::vector<std::string> TransitionWorkspace::worker_argv(
    const std::filesystem::path &psp_host, const std::filesystem::path &manifest,
    const std::string &psp, const std::string &worker,
    const std::vector<std::string> &extra) const {
    std::vector<std::string> argv = {psp_host.string(), "transition-worker",
                                     "--psp",           psp,
                                     "--worker",        worker,
                                     "--work-dir",      work_dir_.root().string(),
                                     "--manifest",      manifest.string()};
    if (on_postgresql()) {
        argv.insert(argv.end(), {"--storage", storage_.dump()});
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

}  // namespace psp::host_sim
