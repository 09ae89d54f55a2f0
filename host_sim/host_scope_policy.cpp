// host_scope_policy.cpp: the refused scopes and the grant check.
#include "host_sim/host_scope_policy.hpp"

#include <algorithm>
#include <stdexcept>

namespace psp::host_sim {

const std::vector<std::string> &refused_scopes() {
    static const std::vector<std::string> scopes = {"discipline", "internal_affairs", "complaints",
                                                    "investigations", "grievances"};
    return scopes;
}

bool is_refused_scope(std::string_view scope) {
    const auto &refused = refused_scopes();
    return std::find(refused.begin(), refused.end(), scope) != refused.end();
}

HostScopePolicy::HostScopePolicy(std::set<std::string> granted) : granted_(std::move(granted)) {
    for (const std::string &scope : granted_) {
        if (is_refused_scope(scope)) {
            throw std::invalid_argument("the host never grants scope '" + scope +
                                        "': it holds disciplinary or related records");
        }
    }
}

bool HostScopePolicy::grants(std::string_view scope) const {
    return granted_.find(std::string(scope)) != granted_.end();
}

}  // namespace psp::host_sim
