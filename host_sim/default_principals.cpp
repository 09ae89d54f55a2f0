// default_principals.cpp: the generated agency's stand-ins for each administrative role.
#include "host_sim/default_principals.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace psp::host_sim {
namespace {

// The first employee numbers of every generated agency (the chief is E000001). Roles that act
// about the caller themself (employee, peer_supporter) have no stand-in: who asks matters there.
constexpr std::array<std::pair<const char *, const char *>, 6> kDefaults = {{
    {"command_staff", "E000001"},
    {"hr_admin", "E000002"},
    {"auditor", "E000003"},
    {"it_admin", "E000004"},
    {"coordinator", "E000005"},
    {"clinician", "E000006"},
}};

}  // namespace

std::string default_principal(const std::vector<std::string> &host_roles) {
    if (host_roles.empty()) {
        throw std::invalid_argument(
            "a call needs --principal (the caller's employee id) or --roles naming a role with a "
            "default person: " +
            default_principals_line());
    }
    for (const auto &[role, id] : kDefaults) {
        if (host_roles.front() == role) {
            return id;
        }
    }
    throw std::invalid_argument("role " + host_roles.front() +
                                " acts for a particular person: pass --principal with their "
                                "employee id (defaults exist for: " +
                                default_principals_line() + ")");
}

std::string default_principals_line() {
    std::string line;
    for (const auto &[role, id] : kDefaults) {
        line += (line.empty() ? "" : ", ") + std::string(role) + " " + id;
    }
    return line;
}

}  // namespace psp::host_sim
