// roles.cpp: role names and the host-to-plugin role mapping.
#include "plugin/domain/roles.hpp"

namespace psp {

std::string_view role_name(Role role) {
    switch (role) {
        case Role::hr_admin:
            return "hr_admin";
        case Role::coordinator:
            return "coordinator";
        case Role::clinician:
            return "clinician";
        case Role::peer_supporter:
            return "peer_supporter";
        case Role::employee:
            return "employee";
        case Role::command_staff:
            return "command_staff";
        case Role::auditor:
            return "auditor";
        case Role::it_admin:
            return "it_admin";
    }
    return "employee";
}

std::optional<Role> parse_role(std::string_view name) {
    for (Role r : kAllRoles) {
        if (role_name(r) == name) {
            return r;
        }
    }
    return std::nullopt;
}

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
