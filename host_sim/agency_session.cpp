// agency_session.cpp: creating the host and the instance for one agency.
#include "host_sim/agency_session.hpp"

namespace psp::host_sim {
namespace {

std::unique_ptr<SimulatedHost> open_host(const HostWorkDir &work_dir, const WorkspaceState &state,
                                         const AgencySessionOptions &options) {
    SimulatedHostOptions host_options;
    host_options.echo_log = options.echo_log;
    host_options.fetch_log_file = work_dir.fetch_log_file();
    host_options.notifications_file = work_dir.notifications_file();
    host_options.start_ms = state.clock_ms;
    return std::make_unique<SimulatedHost>(state.hr_database, options.granted_scopes, host_options);
}

psp::abi::Instance create_instance(const LoadedPlugin &plugin, const SimulatedHost &host,
                                   const HostWorkDir &work_dir, const WorkspaceState &state) {
    // Borrowed by instance_create for the call only.
    const std::string data_dir = work_dir.plugin_data_dir().string();
    const std::string config = state.instance_config.dump();
    psp_instance_config instance_config{};
    instance_config.struct_size = sizeof(psp_instance_config);
    instance_config.agency_id = state.agency_id.c_str();
    instance_config.data_dir = data_dir.c_str();
    instance_config.config_json = config.c_str();
    return psp::abi::Instance(plugin.api(), host.services(), instance_config);
}

}  // namespace

AgencySession::AgencySession(std::shared_ptr<const LoadedPlugin> plugin,
                             const HostWorkDir &work_dir, const WorkspaceState &state,
                             const AgencySessionOptions &options)
    : plugin_(std::move(plugin)),
      work_dir_(work_dir),
      host_(open_host(work_dir, state, options)),
      instance_(create_instance(*plugin_, *host_, work_dir_, state)) {}

CallOutcome AgencySession::call(const CallRequest &request) const {
    return call_plugin(instance_, request);
}

}  // namespace psp::host_sim
