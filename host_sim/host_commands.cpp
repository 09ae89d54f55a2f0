// host_commands.cpp: generate, call and fetch-log.
#include "host_sim/host_commands.hpp"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "host_sim/agency_session.hpp"
#include "host_sim/coverage_table.hpp"
#include "host_sim/fetch_log.hpp"
#include "host_sim/host_work_dir.hpp"
#include "host_sim/plugin_manager.hpp"

namespace psp::host_sim {
namespace {

using Json = nlohmann::json;

// What `generate` gives a new agency's plugin instance: a chart with exactly one chief.
Json default_instance_config() {
    return {{"policy", {{"directory", {{"single_root", true}}}}}};
}

Json parse_params(const std::string &text) {
    Json params = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (params.is_discarded()) {
        throw std::invalid_argument("--params is not JSON: " + text);
    }
    return params;
}

}  // namespace

int generate_command(uint64_t seed, std::size_t size, const std::filesystem::path &hr_database,
                     std::ostream &out) {
    const std::filesystem::path database = std::filesystem::absolute(hr_database);
    const HostWorkDir work_dir(database.parent_path());
    const CreatedWorkspace created =
        create_workspace(work_dir, seed, size, default_instance_config(), database);
    out << "generated agency " << created.state.agency_id << ": " << created.agency.employees.size()
        << " employees, " << created.agency.disciplinary.size() << " disciplinary records\n"
        << "HR database " << created.state.hr_database.string() << '\n'
        << "work dir " << work_dir.root().string() << " (psp-host call --work-dir ...)\n";
    return 0;
}

int call_command(const CallCommand &command, std::ostream &out) {
    const HostWorkDir work_dir(command.work_dir);
    require_enabled_if_managed(work_dir);
    const WorkspaceState state = work_dir.load_state();
    const AgencySessionOptions options;
    AgencySession session(load_plugin(command.manifest, HostScopePolicy(options.granted_scopes)),
                          work_dir, state, options);
    const CallOutcome outcome =
        session.call({command.method, command.principal, command.roles,
                      parse_params(command.params_json), command.idempotency_key});
    if (command.table && outcome.ok() && command.method == "coverage.report") {
        out << coverage_table(outcome.result());
    } else {
        out << outcome.response.dump(2) << '\n';
    }
    if (outcome.ok()) {
        return 0;
    }
    return outcome.status != PSP_OK ? outcome.status : 1;
}

int fetch_log_command(const std::filesystem::path &work_dir_path, std::ostream &out) {
    const HostWorkDir work_dir(work_dir_path);
    const std::vector<FetchRecord> log = read_fetch_log(work_dir.fetch_log_file());
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_scope;  // granted, refused
    for (const FetchRecord &f : log) {
        out << format_utc(f.at_ms) << "  " << f.scope << "  "
            << (f.granted ? "granted" : "REFUSED (status " + std::to_string(f.status) + ")") << "  "
            << f.bytes << " bytes  " << f.query << (f.note.empty() ? "" : "  " + f.note) << '\n';
        auto &[granted, refused] = by_scope[f.scope];
        ++(f.granted ? granted : refused);
    }
    out << log.size() << " requests in " << work_dir.fetch_log_file().string() << '\n';
    for (const auto &[scope, counts] : by_scope) {
        out << "  scope \"" << scope << "\": " << counts.first << " granted, " << counts.second
            << " refused\n";
    }
    return 0;
}

}  // namespace psp::host_sim
