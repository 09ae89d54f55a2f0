// roles.hpp: the plugin's roles (DESIGN.md, "Authorisation") and sets of them.
//
// The host authenticates and names the principal's host roles; the agency's configuration maps
// those to these roles; each method declares which of them may call it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

namespace psp {

enum class Role : uint8_t {
    hr_admin,
    coordinator,
    clinician,
    peer_supporter,
    employee,
    command_staff,
    auditor,
    it_admin,
};

inline constexpr auto kRoleNames = enum_table<Role>({
    {Role::hr_admin, "hr_admin"},
    {Role::coordinator, "coordinator"},
    {Role::clinician, "clinician"},
    {Role::peer_supporter, "peer_supporter"},
    {Role::employee, "employee"},
    {Role::command_staff, "command_staff"},
    {Role::auditor, "auditor"},
    {Role::it_admin, "it_admin"},
});
inline constexpr auto kAllRoles = kRoleNames.values();

inline std::string_view role_name(Role role) {
    return kRoleNames[role];
}
inline std::optional<Role> parse_role(std::string_view name) {
    return kRoleNames.parse(name);
}

class RoleSet {
  public:
    constexpr RoleSet() noexcept = default;
    constexpr RoleSet(std::initializer_list<Role> roles) noexcept {
        for (Role r : roles) {
            add(r);
        }
    }
    static constexpr RoleSet all() noexcept {
        RoleSet set;
        for (Role r : kAllRoles) {
            set.add(r);
        }
        return set;
    }
    constexpr void add(Role role) noexcept { bits_ |= bit(role); }
    constexpr bool contains(Role role) const noexcept { return (bits_ & bit(role)) != 0; }
    constexpr bool intersects(RoleSet other) const noexcept { return (bits_ & other.bits_) != 0; }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    std::vector<std::string> names() const;

  private:
    static constexpr uint32_t bit(Role role) noexcept { return 1u << static_cast<unsigned>(role); }
    uint32_t bits_ = 0;
};

// The role sets most methods name: one definition each, shared by every method file.
inline constexpr RoleSet kCoordinator = {Role::coordinator};
inline constexpr RoleSet kPsp = {Role::peer_supporter};
// Anyone acting for themselves: an employee, or a PSP (who is an employee too).
inline constexpr RoleSet kSelf = {Role::employee, Role::peer_supporter};

// Maps the host's role names to plugin roles. With no mapping configured, the plugin's own role
// names grant themselves (what the host simulator and a new integration use); once an agency
// configures a mapping, only mapped host roles grant anything, so a host role that happens to
// share a plugin role's name cannot grant it by accident.
class RoleMap {
  public:
    RoleMap() = default;
    explicit RoleMap(std::map<std::string, std::vector<Role>> host_to_plugin)
        : map_(std::move(host_to_plugin)) {}
    RoleSet resolve(const std::vector<std::string> &host_roles) const;

  private:
    std::map<std::string, std::vector<Role>> map_;
};

}  // namespace psp
