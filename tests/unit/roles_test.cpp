// roles_test.cpp: plugin roles and the host-to-plugin RoleMap: identity mapping without a map,
// only mapped host roles granting once a map exists, unknown roles granting nothing.
#include "plugin/domain/roles.hpp"

#include <gtest/gtest.h>

namespace {

using psp::Role;
using psp::RoleMap;
using psp::RoleSet;

TEST(Roles, NamesRoundTrip) {
    std::set<std::string> names;
    for (Role r : psp::kAllRoles) {
        const std::string name(psp::role_name(r));
        EXPECT_TRUE(names.insert(name).second) << name;
        EXPECT_EQ(psp::parse_role(name), r);
    }
    EXPECT_EQ(names.size(), 8u);
    EXPECT_FALSE(psp::parse_role("HR_ADMIN").has_value());
    EXPECT_FALSE(psp::parse_role("").has_value());
}

TEST(RoleSet, ContainsIntersectsAndNames) {
    const RoleSet set = {Role::auditor, Role::hr_admin};
    EXPECT_TRUE(set.contains(Role::auditor));
    EXPECT_FALSE(set.contains(Role::employee));
    EXPECT_TRUE(set.intersects(RoleSet{Role::hr_admin, Role::it_admin}));
    EXPECT_FALSE(set.intersects(RoleSet{Role::employee}));
    EXPECT_FALSE(set.intersects(RoleSet{}));
    EXPECT_EQ(set.names(), (std::vector<std::string>{"hr_admin", "auditor"}));
    EXPECT_TRUE(RoleSet{}.empty());
    EXPECT_EQ(RoleSet::all().names().size(), std::size(psp::kAllRoles));
}

TEST(RoleMap, WithoutAMapPluginRoleNamesGrantThemselves) {
    const RoleSet granted = RoleMap().resolve({"coordinator", "auditor"});
    EXPECT_EQ(granted.names(), (std::vector<std::string>{"coordinator", "auditor"}));
}

TEST(RoleMap, UnknownRolesGrantNothing) {
    EXPECT_TRUE(RoleMap().resolve({"root", "Admin", "HR_ADMIN", " hr_admin", ""}).empty());
    EXPECT_TRUE(RoleMap().resolve({}).empty());
    const RoleMap map({{"HR-Manager", {Role::hr_admin}}});
    EXPECT_TRUE(map.resolve({"hr-manager", "root"}).empty());
}

TEST(RoleMap, WithAMapOnlyMappedHostRolesGrant) {
    const RoleMap map(
        {{"HR-Manager", {Role::hr_admin, Role::coordinator}}, {"Auditors", {Role::auditor}}});
    EXPECT_EQ(map.resolve({"HR-Manager"}).names(),
              (std::vector<std::string>{"hr_admin", "coordinator"}));
    // A host role that happens to share a plugin role's name grants nothing once a map exists.
    EXPECT_TRUE(map.resolve({"hr_admin", "auditor"}).empty());
    EXPECT_EQ(map.resolve({"hr_admin", "Auditors"}).names(), std::vector<std::string>{"auditor"});
}

TEST(RoleMap, AMappingMayRenameAPluginRole) {
    const RoleMap map({{"auditor", {Role::employee}}});
    const RoleSet granted = map.resolve({"auditor"});
    EXPECT_TRUE(granted.contains(Role::employee));
    EXPECT_FALSE(granted.contains(Role::auditor));
}

TEST(RoleMap, SeveralHostRolesAccumulate) {
    const RoleMap map({{"A", {Role::clinician}}, {"B", {Role::peer_supporter}}});
    EXPECT_EQ(map.resolve({"A", "B", "A"}).names(),
              (std::vector<std::string>{"clinician", "peer_supporter"}));
}

}  // namespace
