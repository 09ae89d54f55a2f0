// scim_directory_test.cpp: SCIM 2.0 ListResponse mapping: enterprise extension, manager as an
// object and as a bare string (Entra ID), manager ids translated to employee numbers, id and name
// fallbacks, staff category sources, dropped attributes reported by name and never by value,
// envelope checks.
#include "adapters/scim_directory.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string_view>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::DirectoryImport;
using psp::EmployeeRecord;
using psp::Json;
using psp::kScimEnterpriseUser;
using psp::kScimPluginUser;
using psp_test::error_from;
using psp_test::scim_user;
using psp_test::set_scim_manager;

constexpr std::string_view kEnterprise = kScimEnterpriseUser;
constexpr std::string_view kPlugin = kScimPluginUser;
constexpr std::string_view kSecret = "SECRET-VALUE";

Json list_of(const std::vector<Json> &users) {
    return {{"schemas", {psp::kScimListResponse}},
            {"totalResults", users.size()},
            {"Resources", users}};
}

std::map<std::string, EmployeeRecord> scim_by_id(const DirectoryImport &import_scim) {
    std::map<std::string, EmployeeRecord> out;
    for (const EmployeeRecord &e : import_scim.records) {
        out.emplace(e.id, e);
    }
    return out;
}

DirectoryImport import_scim(const std::vector<Json> &users) {
    return psp::import_scim_list(list_of(users), "agency-default");
}

TEST(ScimDirectory, MapsCoreEnterpriseAndPluginAttributes) {
    Json chief = scim_user("scim-1", "E100", "Dana Chief");
    chief["title"] = "Chief of Police";
    chief[kEnterprise]["organization"] = "Metro PD";
    chief[kEnterprise]["division"] = "Command";
    chief[kEnterprise]["department"] = "Office of the Chief";
    chief[kPlugin] = {{"staffCategory", "sworn"},
                      {"unit", "Admin Unit"},
                      {"shift", "Days"},
                      {"hireDate", "2001-09-04"}};
    const DirectoryImport result = import_scim({chief});
    ASSERT_TRUE(result.rejected.empty());
    ASSERT_EQ(result.records.size(), 1u);
    const EmployeeRecord &e = result.records[0];
    EXPECT_EQ(e.id, "E100");
    EXPECT_EQ(e.name, "Dana Chief");
    EXPECT_EQ(e.title, "Chief of Police");
    EXPECT_EQ(e.category, psp::StaffCategory::sworn);
    EXPECT_EQ(e.agency, "Metro PD");
    EXPECT_EQ(e.division, "Command");
    EXPECT_EQ(e.unit, "Admin Unit");  // the plugin extension wins over department
    EXPECT_EQ(e.shift, "Days");
    EXPECT_EQ(e.hire_date, "2001-09-04");
    EXPECT_EQ(e.supervisor_id, "");
    EXPECT_TRUE(e.active);
    // department was passed over for the plugin's unit: not kept, so named.
    EXPECT_EQ(result.dropped_fields,
              std::set<std::string>{std::string(kEnterprise) + ":department"});
}

TEST(ScimDirectory, DepartmentIsTheUnitWithoutThePluginExtension) {
    Json user = scim_user("s", "E1", "Pat");
    user[kEnterprise]["department"] = "Patrol North";
    EXPECT_EQ(import_scim({user}).records.at(0).unit, "Patrol North");
}

TEST(ScimDirectory, AgencyFallsBackToTheInstanceAgency) {
    EXPECT_EQ(import_scim({scim_user("s", "E1", "Pat")}).records.at(0).agency, "agency-default");
}

TEST(ScimDirectory, ManagerObjectValueIsTranslatedToEmployeeNumber) {
    Json boss = scim_user("2819c223-boss", "E100", "Boss");
    Json worker = scim_user("9f1e-worker", "E200", "Worker");
    set_scim_manager(worker, {{"value", "2819c223-boss"}, {"displayName", "Boss"}});
    EXPECT_EQ(scim_by_id(import_scim({worker, boss})).at("E200").supervisor_id, "E100");
}

TEST(ScimDirectory, ManagerAsBareStringIsAcceptedAndTranslated) {
    Json boss = scim_user("aad-boss", "E100", "Boss");
    Json worker = scim_user("aad-worker", "E200", "Worker");
    set_scim_manager(worker, "aad-boss");
    EXPECT_EQ(scim_by_id(import_scim({boss, worker})).at("E200").supervisor_id, "E100");
}

TEST(ScimDirectory, UnknownManagerReferenceIsKeptAsGiven) {
    Json boss = scim_user("scim-boss", "E100", "Boss");
    Json worker = scim_user("scim-worker", "E200", "Worker");
    set_scim_manager(worker, {{"value", "E100"}});  // already an employee number
    EXPECT_EQ(scim_by_id(import_scim({boss, worker})).at("E200").supervisor_id, "E100");
}

TEST(ScimDirectory, ScimIdIsTheEmployeeIdWhenEmployeeNumberIsMissing) {
    Json boss = scim_user("scim-boss", "", "Boss");
    Json worker = scim_user("scim-worker", "", "Worker");
    set_scim_manager(worker, {{"value", "scim-boss"}});
    const auto records = scim_by_id(import_scim({boss, worker}));
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records.at("scim-worker").supervisor_id, "scim-boss");
    EXPECT_TRUE(records.contains("scim-boss"));
}

TEST(ScimDirectory, AUserWithoutScimIdDoesNotBecomeEveryonesManager) {
    Json no_scim_id = scim_user("", "E300", "No Scim Id");
    no_scim_id.erase("id");
    Json top = scim_user("scim-top", "E100", "Top");
    const auto records = scim_by_id(import_scim({no_scim_id, top}));
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records.at("E100").supervisor_id, "") << "a user without a manager has none";
    EXPECT_EQ(records.at("E300").supervisor_id, "");
}

TEST(ScimDirectory, NameFallsBackToFormattedThenGivenAndFamily) {
    Json formatted = scim_user("a", "E1", "");
    formatted.erase("displayName");
    formatted["name"] = {{"formatted", "Ms. Alex Doe"}, {"givenName", "Alex"}};
    Json parts = scim_user("b", "E2", "");
    parts.erase("displayName");
    parts["name"] = {{"givenName", "Sam"}, {"familyName", "Roe"}};
    Json family = scim_user("c", "E3", "");
    family["name"] = {{"familyName", "Poe"}};
    Json given = scim_user("d", "E4", "");
    given["name"] = {{"givenName", "Jo"}};
    const auto records = scim_by_id(import_scim({formatted, parts, family, given}));
    EXPECT_EQ(records.at("E1").name, "Ms. Alex Doe");
    EXPECT_EQ(records.at("E2").name, "Sam Roe");
    EXPECT_EQ(records.at("E3").name, "Poe");
    EXPECT_EQ(records.at("E4").name, "Jo");
}

TEST(ScimDirectory, DisplayNameWinsOverNameParts) {
    Json user = scim_user("a", "E1", "Display");
    user["name"] = {{"formatted", "Formatted"}};
    EXPECT_EQ(import_scim({user}).records.at(0).name, "Display");
}

TEST(ScimDirectory, UserWithoutAnyNameIsRejected) {
    Json user = scim_user("a", "E1", "");
    const DirectoryImport result = import_scim({scim_user("b", "E2", "Fine"), user});
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 2u);
    EXPECT_NE(result.rejected[0].reason.find("name"), std::string::npos);
}

TEST(ScimDirectory, CategoryFromPluginExtensionThenUserTypeNeverSilentlyCivilian) {
    Json from_extension = scim_user("a", "E1", "A");
    from_extension[kPlugin] = {{"staffCategory", "dispatcher"}, {"shift", "Days"}};
    from_extension["userType"] = "Sworn";
    Json from_user_type = scim_user("b", "E2", "B");
    from_user_type["userType"] = "Sworn";
    Json other_user_type = scim_user("c", "E3", "C");
    other_user_type["userType"] = "Contractor";
    Json nothing = scim_user("d", "E4", "D");
    const DirectoryImport result =
        import_scim({from_extension, from_user_type, other_user_type, nothing});
    const auto records = scim_by_id(result);
    EXPECT_EQ(records.at("E1").category, psp::StaffCategory::dispatcher);
    EXPECT_EQ(records.at("E2").category, psp::StaffCategory::sworn);
    // Before mappings, both were silently civilian.
    EXPECT_EQ(records.at("E3").category, psp::StaffCategory::unknown);
    EXPECT_EQ(records.at("E4").category, psp::StaffCategory::unknown);
    std::vector<std::string> category_warnings;
    for (const psp::ImportWarning &w : result.warnings) {
        if (w.field == "category") {
            category_warnings.push_back(w.employee_id + ": " + w.message);
        }
    }
    EXPECT_EQ(
        category_warnings,
        (std::vector<std::string>{"E3: category kept as unknown: the value of userType is not in "
                                  "policy.directory.mapping.category_values",
                                  "E4: category kept as unknown: no value in " +
                                      std::string(kPlugin) + ":staffCategory, userType"}));
}

TEST(ScimDirectory, UnknownStaffCategoryIsRejectedByPolicy) {
    Json user = scim_user("a", "E1", "A");
    user[kPlugin] = {{"staffCategory", "officer"}};
    psp::DirectoryMapping strict = psp::default_directory_mapping();
    strict.when_category_unknown = psp::UnknownValuePolicy::reject;
    const DirectoryImport result = psp::import_scim_list(list_of({user}), "agency-default", strict);
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].reason,
              "category cannot be determined: the value of " + std::string(kPlugin) +
                  ":staffCategory is not in policy.directory.mapping.category_values");
}

TEST(ScimDirectory, MalformedHireDateIsARejectedRow) {
    Json user = scim_user("s1", "E1", "One");
    user[kPlugin] = {{"hireDate", "2001-09-31"}};
    const DirectoryImport result = import_scim({scim_user("s0", "E0", "Zero"), user});
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 2u);
    EXPECT_EQ(result.rejected[0].reason,
              "hire_date '2001-09-31' is not a calendar date written YYYY-MM-DD");
    EXPECT_EQ(result.records.size(), 1u);
}

TEST(ScimDirectory, InactiveUsersStayInactive) {
    Json user = scim_user("a", "E1", "A");
    user["active"] = false;
    EXPECT_FALSE(import_scim({user}).records.at(0).active);
}

TEST(ScimDirectory, DroppedAttributesAreReportedByNameOnly) {
    Json user = scim_user("a", "E1", "Alex");
    user["emails"] = {{{"value", std::string(kSecret) + "@example.org"}, {"primary", true}}};
    user["phoneNumbers"] = {{{"value", kSecret}}};
    user["externalId"] = kSecret;
    user["meta"] = {{"resourceType", "User"}};
    user[kEnterprise]["costCenter"] = kSecret;
    user[kEnterprise]["manager"] = {{"value", ""}, {"displayName", kSecret}};
    user[kPlugin] = {{"shift", "Nights"}, {"disciplinaryStatus", kSecret}};
    user["urn:example:agency:discipline"] = {{"openCases", kSecret}};
    const DirectoryImport result = import_scim({user});
    ASSERT_EQ(result.records.size(), 1u);
    const std::set<std::string> expected = {"emails",
                                            "phoneNumbers",
                                            "externalId",
                                            std::string(kEnterprise) + ":costCenter",
                                            std::string(kPlugin) + ":disciplinaryStatus",
                                            "urn:example:agency:discipline",
                                            "meta.resourceType",
                                            std::string(kEnterprise) + ":manager.displayName"};
    EXPECT_EQ(result.dropped_fields, expected);
    EXPECT_EQ(psp_test::all_text(result.records).find(kSecret), std::string::npos)
        << psp_test::all_text(result.records);
    for (const std::string &name : result.dropped_fields) {
        EXPECT_EQ(name.find(kSecret), std::string::npos) << name;
    }
}

// Every attribute not kept is named (issue 20, item 8), meta's too; only schemas is not.
TEST(ScimDirectory, MetaIsReportedAsDroppedSchemasIsNot) {
    Json user = scim_user("a", "E1", "Alex");
    user["meta"] = {{"resourceType", "User"}, {"version", "W/\"1\""}};
    EXPECT_EQ(import_scim({user}).dropped_fields,
              (std::set<std::string>{"meta.resourceType", "meta.version"}));
}

TEST(ScimDirectory, NotAListResponseIsRefused) {
    Json list = list_of({scim_user("a", "E1", "A")});
    list["schemas"] = {"urn:ietf:params:scim:schemas:core:2.0:User"};
    const psp::Error e = error_from([&] { psp::import_scim_list(list, "x"); });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/scim/schemas");
    list.erase("schemas");
    EXPECT_EQ(error_from([&] { psp::import_scim_list(list, "x"); }).field(),
              "/params/scim/schemas");
}

TEST(ScimDirectory, ResourcesMustBeAnArray) {
    Json list = list_of({});
    list["Resources"] = {{"a", 1}};
    const psp::Error e = error_from([&] { psp::import_scim_list(list, "x"); });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/scim/Resources");
}

TEST(ScimDirectory, MissingResourcesIsAnEmptyList) {
    Json list = list_of({});
    list.erase("Resources");
    const DirectoryImport result = psp::import_scim_list(list, "x");
    EXPECT_TRUE(result.records.empty());
    EXPECT_TRUE(result.rejected.empty());
}

TEST(ScimDirectory, NonObjectResourceIsARejectedRow) {
    const DirectoryImport result = import_scim({scim_user("a", "E1", "A"), Json("just text")});
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 2u);
    EXPECT_EQ(result.records.size(), 1u);
}

// A manager reference is checked as what it translates to, whichever page the manager is on: a
// SCIM id too long for a supervisor id is fine when it names someone, and an id that names
// someone whose employee id is unusable is not.
TEST(ScimDirectory, AManagerReferenceIsCheckedAsTranslated) {
    const std::string long_scim_id(200, 'm');
    Json worker = scim_user("s-w", "E1", "Worker");
    psp_test::set_scim_manager(worker, {{"value", long_scim_id}});
    Json second = scim_user("s-v", "E2", "Second");
    psp_test::set_scim_manager(second, {{"value", "s-bad"}});
    const DirectoryImport result = import_scim({worker, scim_user(long_scim_id, "E9", "Boss"),
                                                second, scim_user("s-bad", "E\x01", "Bad")});
    EXPECT_EQ(scim_by_id(result).at("E1").supervisor_id, "E9");
    ASSERT_EQ(result.rejected.size(), 2u);
    EXPECT_EQ(result.rejected[0].row, 3u);
    EXPECT_EQ(result.rejected[0].reason, "supervisor_id holds control characters or invalid UTF-8");
    EXPECT_EQ(result.rejected[1].row, 4u);
    EXPECT_EQ(result.rejected[1].reason, "id holds control characters or invalid UTF-8");
}

// A reference to someone with no employee id translates to no manager, so the path it came from
// was not kept after all and is reported dropped, as for anyone without a manager.
TEST(ScimDirectory, AReferenceThatTranslatesToNothingIsDropped) {
    psp::DirectoryMapping by_number = psp::default_directory_mapping();
    by_number.scim["id"] = {{std::string(psp::kScimEnterpriseUser) + ":employeeNumber"}};
    const std::string manager_value = std::string(psp::kScimEnterpriseUser) + ":manager.value";
    Json known = scim_user("s-o", "E2", "Other");
    psp_test::set_scim_manager(known, {{"value", "s-k"}});
    Json unknown = scim_user("s-w", "E1", "Worker");
    psp_test::set_scim_manager(unknown, {{"value", "s-m"}});

    const DirectoryImport translated = psp::import_scim_users(
        {known, scim_user("s-k", "E3", "Known")}, "agency-default", by_number);
    EXPECT_FALSE(translated.dropped_fields.contains(manager_value));
    EXPECT_EQ(scim_by_id(translated).at("E2").supervisor_id, "E3");

    const DirectoryImport to_nothing = psp::import_scim_users(
        {unknown, known, scim_user("s-k", "E3", "Known"), scim_user("s-m", "", "No number")},
        "agency-default", by_number);
    EXPECT_TRUE(to_nothing.dropped_fields.contains(manager_value));
    EXPECT_EQ(scim_by_id(to_nothing).at("E1").supervisor_id, "");
    EXPECT_EQ(scim_by_id(to_nothing).at("E2").supervisor_id, "E3");
    ASSERT_EQ(to_nothing.rejected.size(), 1u);
    EXPECT_EQ(to_nothing.rejected[0].row, 4u);
}

}  // namespace
