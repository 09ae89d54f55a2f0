// host_scope_policy.hpp: which host data scopes the simulated host grants a plugin, and which it
// refuses to every plugin whatever its manifest or configuration says.
//
// The refused list is the host's half of the disciplinary firewall (IACP 3.10): even a plugin that
// asked, or a host operator who tried to grant it, gets nothing from these scopes.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace psp::host_sim {

// discipline, internal_affairs, complaints, investigations, grievances.
const std::vector<std::string> &refused_scopes();
bool is_refused_scope(std::string_view scope);

class HostScopePolicy {
  public:
    // Throws std::invalid_argument when a granted scope is on the refused list.
    explicit HostScopePolicy(std::set<std::string> granted = {"directory"});

    // Granted, and (by construction) never a refused scope.
    bool grants(std::string_view scope) const;
    const std::set<std::string> &granted() const { return granted_; }

  private:
    std::set<std::string> granted_;
};

}  // namespace psp::host_sim
