// roles.cpp: role names and the host-to-plugin role mapping.
#include "plugin/domain/roles.hpp"

namespace psp {

std::vector<std::string> RoleSet::names() const {
    std::vector<std::string> out;
    for (Role r : kAllRoles) {
        if (contains(r)) {
            out.emplace_back(role_name(r));
        }
    }
    return out;
}

RoleSet RoleMap::resolve(const std::vector<std::string> &host_roles) const {
    RoleSet granted;
    for (const std::string &host_role : host_roles) {
        if (const auto it = map_.find(host_role); it != map_.end()) {
            for (Role r : it->second) {
                granted.add(r);
            }
        } else if (const auto own = parse_role(host_role); own && map_.empty()) {
            granted.add(*own);
        }
    }
    return granted;
}

}  // namespace psp
