// agency_session.hpp: one agency served by one plugin instance inside the simulated host.
//
// It ties a loaded plugin, a SimulatedHost over the agency's HR database and the plugin instance
// together, in the order their lifetimes require: the library outlives the host, and the host
// (whose callbacks the plugin holds) outlives the instance.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "host_sim/host_work_dir.hpp"
#include "host_sim/plugin_call.hpp"
#include "host_sim/plugin_loader.hpp"
#include "host_sim/simulated_host.hpp"
#include "psp_plugin.hpp"

namespace psp::host_sim {

struct AgencySessionOptions {
    std::set<std::string> granted_scopes = {"directory"};
    bool echo_log = false;
};

class AgencySession {
  public:
    // Opens the workspace's HR database and creates the plugin instance for its agency, with the
    // work dir's plugin data folder and the workspace's instance configuration. The fetch log is
    // appended to the work dir's fetch-log.jsonl. Throws psp::abi::AbiError when the plugin
    // refuses to create the instance.
    AgencySession(std::shared_ptr<const LoadedPlugin> plugin, const HostWorkDir &work_dir,
                  const WorkspaceState &state, const AgencySessionOptions &options = {});
    AgencySession(const AgencySession &) = delete;
    AgencySession &operator=(const AgencySession &) = delete;

    CallOutcome call(const CallRequest &request) const;

    SimulatedHost &host() { return *host_; }
    const SimulatedHost &host() const { return *host_; }
    const LoadedPlugin &plugin() const { return *plugin_; }
    const HostWorkDir &work_dir() const { return work_dir_; }

  private:
    // Destroyed bottom-up: instance, then host, then (last) the library.
    std::shared_ptr<const LoadedPlugin> plugin_;
    HostWorkDir work_dir_;
    std::unique_ptr<SimulatedHost> host_;
    psp::abi::Instance instance_;
};

}  // namespace psp::host_sim
