// host_work_dir.cpp: the work dir's layout, its state file and creating a fresh agency in it.
#include "host_sim/host_work_dir.hpp"

#include <fstream>
#include <stdexcept>

#include "host_sim/hr_database.hpp"

namespace psp::host_sim {
namespace {

namespace fs = std::filesystem;

// SQLite keeps a database in up to three files.
void remove_sqlite_files(const fs::path &database) {
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        fs::remove(database.string() + suffix);
    }
}

std::string agency_id_for(uint64_t seed, std::size_t size) {
    return "sim-agency-" + std::to_string(seed) + "-" + std::to_string(size);
}

}  // namespace

HostWorkDir::HostWorkDir(const fs::path &root) : root_(fs::absolute(root).lexically_normal()) {}

void HostWorkDir::reset() const {
    fs::create_directories(root_);
    fs::remove_all(plugin_data_dir());
    fs::remove_all(plugin_data_snapshot_dir());
    fs::remove(fetch_log_file());
    fs::remove(notifications_file());
    fs::remove(state_file());
    fs::remove(plugin_registry_file());
    remove_sqlite_files(default_hr_database());
}

WorkspaceState HostWorkDir::load_state() const {
    std::ifstream in(state_file());
    if (!in) {
        throw std::runtime_error("no simulated agency in " + root_.string() +
                                 ": run `psp-host tour` or `psp-host generate` there first");
    }
    const nlohmann::json json = nlohmann::json::parse(in);
    WorkspaceState state;
    state.agency_id = json.at("agency_id").get<std::string>();
    state.seed = json.at("seed").get<uint64_t>();
    state.size = json.at("size").get<std::size_t>();
    state.hr_database = json.at("hr_database").get<std::string>();
    state.instance_config = json.at("instance_config");
    state.clock_ms = json.at("clock_ms").get<int64_t>();
    return state;
}

void HostWorkDir::save_state(const WorkspaceState &state) const {
    const nlohmann::json json = {{"agency_id", state.agency_id},
                                 {"seed", state.seed},
                                 {"size", state.size},
                                 {"hr_database", state.hr_database.string()},
                                 {"instance_config", state.instance_config},
                                 {"clock_ms", state.clock_ms},
                                 {"clock", format_utc(state.clock_ms)}};
    std::ofstream out(state_file(), std::ios::trunc);
    out << json.dump(2) << '\n';
    if (!out) {
        throw std::runtime_error("cannot write " + state_file().string());
    }
}

CreatedWorkspace create_workspace(const HostWorkDir &work_dir, uint64_t seed, std::size_t size,
                                  const nlohmann::json &instance_config,
                                  const fs::path &hr_database) {
    work_dir.reset();
    CreatedWorkspace created;
    created.agency = generate_agency(seed, size, agency_id_for(seed, size));
    WorkspaceState &state = created.state;
    state.agency_id = created.agency.agency_id;
    state.seed = seed;
    state.size = size;
    state.hr_database =
        fs::absolute(hr_database.empty() ? work_dir.default_hr_database() : hr_database);
    state.instance_config = instance_config;
    remove_sqlite_files(state.hr_database);
    HrDatabase::create(state.hr_database.string(), created.agency);
    work_dir.save_state(state);
    return created;
}

}  // namespace psp::host_sim
