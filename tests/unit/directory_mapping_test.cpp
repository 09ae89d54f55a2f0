// directory_mapping_test.cpp: HR exports as real systems send them, read through the agency's
// mapping (policy.directory.mapping): the Entra ID, Okta and generic HRIS CSV profiles on
// fixtures shaped like their exports (tests/fixtures/exports/), extension attributes by path,
// value maps, and no silent defaults: a category or shift the export does not give is rejected
// or kept as unknown and counted, by policy, and a header without a name column says which
// columns it did not know.
#include "adapters/directory_mapping.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/csv_directory.hpp"
#include "adapters/record_directory.hpp"
#include "adapters/scim_directory.hpp"
#include "plugin/config/agency_config.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::DirectoryImport;
using psp::DirectoryMapping;
using psp::EmployeeRecord;
using psp::Json;
using psp::StaffCategory;
using psp_test::error_from;

const std::string kCustom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
const std::string kEnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

std::string fixture(const std::string &name) {
    std::ifstream in(std::string(PSP_SOURCE_DIR) + "/tests/fixtures/exports/" + name,
                     std::ios::binary);
    EXPECT_TRUE(in) << name;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The mapping as an agency configures it: through the whole configuration's schema and parser.
DirectoryMapping configured(const Json &mapping) {
    psp_test::TempDir dir;
    const Json config = {{"policy", {{"directory", {{"mapping", mapping}}}}}};
    return psp::parse_agency_config("agency-test", dir.path().c_str(), config.dump().c_str())
        .directory_mapping;
}

std::map<std::string, EmployeeRecord> mapped_by_id(const DirectoryImport &import) {
    std::map<std::string, EmployeeRecord> out;
    for (const EmployeeRecord &e : import.records) {
        out.emplace(e.id, e);
    }
    return out;
}

bool dropped(const DirectoryImport &import, const std::string &name) {
    return import.dropped_fields.contains(name);
}

TEST(DirectoryMapping, EntraIdExportWithACustomExtensionForCategoryAndShift) {
    const DirectoryMapping mapping = configured(
        {{"profile", "entra_id_scim"},
         {"scim", {{"category", {kCustom + ":employeeType"}}, {"shift", {kCustom + ":shiftName"}}}},
         {"shift_values", {{"B Watch", "Nights"}}}});
    const DirectoryImport result =
        psp::import_scim_list(Json::parse(fixture("entra_id_users.json")), "metro-pd", mapping);
    ASSERT_TRUE(result.rejected.empty()) << result.rejected.front().reason;
    const auto people = mapped_by_id(result);
    ASSERT_EQ(people.size(), 4u);
    EXPECT_EQ(people.at("100001").name, "Maria Walker");
    EXPECT_EQ(people.at("100001").category, StaffCategory::sworn);
    EXPECT_EQ(people.at("100001").unit, "Office of the Chief");
    EXPECT_EQ(people.at("100002").category, StaffCategory::sworn);  // a Deputy Chief, not civilian
    EXPECT_EQ(people.at("100002").supervisor_id, "100001");  // Entra's bare manager id, translated
    EXPECT_EQ(people.at("100003").category, StaffCategory::dispatcher);
    EXPECT_EQ(people.at("100003").shift, "Nights");  // through shift_values
    EXPECT_TRUE(people.at("100003").active);         // "True" as Entra sends it
    EXPECT_FALSE(people.at("100004").active);        // "False"
    // The analyst's export has no custom extension: kept, explicitly unknown, and said so.
    EXPECT_EQ(people.at("100004").category, StaffCategory::unknown);
    ASSERT_EQ(result.warnings.size(), 2u);
    EXPECT_EQ(result.warnings[0].employee_id, "100004");
    EXPECT_EQ(result.warnings[0].field, "category");
    EXPECT_NE(result.warnings[0].message.find(kCustom + ":employeeType"), std::string::npos)
        << result.warnings[0].message;
    EXPECT_EQ(result.warnings[1].field, "shift");
    for (const std::string &name : std::vector<std::string>{
             "userName", "emails", "phoneNumbers", "addresses", "externalId", "preferredLanguage",
             kEnterpriseUrn + ":costCenter", kCustom + ":badgeNumber"}) {
        EXPECT_TRUE(dropped(result, name)) << name;
    }
    EXPECT_FALSE(dropped(result, kCustom + ":employeeType"));
}

TEST(DirectoryMapping, EntraIdExportWithoutCategoryIsNeverSilentlyCivilian) {
    const DirectoryImport result =
        psp::import_scim_list(Json::parse(fixture("entra_id_users.json")), "metro-pd",
                              configured({{"profile", "entra_id_scim"}}));
    ASSERT_EQ(result.records.size(), 4u);
    std::size_t category_warnings = 0;
    for (const EmployeeRecord &e : result.records) {
        EXPECT_EQ(e.category, StaffCategory::unknown) << e.id;
        EXPECT_EQ(e.shift, "") << e.id;
    }
    for (const psp::ImportWarning &w : result.warnings) {
        category_warnings += w.field == "category" ? 1 : 0;
        EXPECT_EQ(w.message.find("Sworn Officer"), std::string::npos) << "a value in " << w.message;
    }
    EXPECT_EQ(category_warnings, 4u);
    EXPECT_EQ(result.warnings.size(), 8u);  // and four unknown shifts
}

TEST(DirectoryMapping, OktaExportUserTypeThroughTheCommonWords) {
    const DirectoryImport result =
        psp::import_scim_list(Json::parse(fixture("okta_users.json")), "county-so",
                              configured({{"profile", "okta_scim"}}));
    const auto people = mapped_by_id(result);
    ASSERT_EQ(people.size(), 3u);
    EXPECT_EQ(people.at("S-0001").category, StaffCategory::sworn);
    EXPECT_EQ(people.at("S-0001").agency, "County Sheriff's Office");
    EXPECT_EQ(people.at("S-0412").category, StaffCategory::dispatcher);
    EXPECT_EQ(people.at("S-0412").supervisor_id, "S-0001");  // manager.value, translated
    EXPECT_EQ(people.at("S-0412").unit, "Communications Center");
    // Okta's default userType says nothing about the kind of work.
    EXPECT_EQ(people.at("S-0533").category, StaffCategory::unknown);
    EXPECT_TRUE(dropped(result, "nickName"));
    EXPECT_TRUE(dropped(result, "groups"));
}

TEST(DirectoryMapping, OktaExportRejectsAnUndeterminedCategoryByPolicy) {
    const DirectoryImport result =
        psp::import_scim_list(Json::parse(fixture("okta_users.json")), "county-so",
                              configured({{"profile", "okta_scim"},
                                          {"when_category_unknown", "reject"},
                                          {"when_shift_unknown", "warn"}}));
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 3u);
    EXPECT_EQ(result.rejected[0].reason,
              "category cannot be determined: the value of userType is not in "
              "policy.directory.mapping.category_values");
    EXPECT_EQ(result.records.size(), 2u);
}

TEST(DirectoryMapping, HrisCsvExportWithFirstAndLastNameAndUsDates) {
    const DirectoryImport result = psp::import_csv_directory(fixture("hris_export.csv"), "metro-pd",
                                                             configured({{"profile", "hris_csv"}}));
    ASSERT_TRUE(result.rejected.empty()) << result.rejected.front().reason;
    const auto people = mapped_by_id(result);
    ASSERT_EQ(people.size(), 5u);
    const EmployeeRecord &chief = people.at("1001");
    EXPECT_EQ(chief.name, "Grace Okonkwo");
    EXPECT_EQ(chief.title, "Chief of Police");
    EXPECT_EQ(chief.category, StaffCategory::sworn);
    EXPECT_EQ(chief.division, "Office of the Chief");
    EXPECT_EQ(chief.unit, "Administration");
    EXPECT_EQ(chief.hire_date, "1998-06-01");
    EXPECT_EQ(people.at("1002").name, "Robert Smith, Jr.");
    EXPECT_EQ(people.at("1002").hire_date, "2009-03-07");
    EXPECT_EQ(people.at("1002").supervisor_id, "1001");
    EXPECT_EQ(people.at("1003").category, StaffCategory::dispatcher);
    EXPECT_EQ(people.at("1003").shift, "Swing");
    EXPECT_EQ(people.at("1004").category, StaffCategory::civilian);
    EXPECT_TRUE(people.at("1004").active);  // on leave is still employed
    EXPECT_FALSE(people.at("1005").active);
    EXPECT_TRUE(result.warnings.empty());
    EXPECT_EQ(result.dropped_fields, (std::set<std::string>{"home phone", "date of birth"}));
    EXPECT_EQ(psp_test::all_text(result.records).find("555-01"), std::string::npos);
}

TEST(DirectoryMapping, AgencyValueMapsAndHeadersReplaceTheProfiles) {
    const std::string csv =
        "Emp #,Display Name,Classification,Watch\n"
        "7,Sam Ortiz,LEO,A\n"
        "8,Kai Lund,Comms,C\n";
    const DirectoryImport result = psp::import_csv_directory(
        csv, "metro-pd",
        configured(
            {{"profile", "hris_csv"},
             {"csv", {{"id", {"Emp #"}}, {"category", {"Classification"}}, {"shift", {"Watch"}}}},
             {"category_values", {{"LEO", "sworn"}, {"Comms", "dispatcher"}}},
             {"shift_values", {{"A", "Days"}, {"C", "Nights"}}}}));
    const auto people = mapped_by_id(result);
    ASSERT_EQ(people.size(), 2u);
    EXPECT_EQ(people.at("7").category, StaffCategory::sworn);
    EXPECT_EQ(people.at("7").shift, "Days");
    EXPECT_EQ(people.at("8").category, StaffCategory::dispatcher);
    EXPECT_EQ(people.at("8").shift, "Nights");
    EXPECT_TRUE(result.dropped_fields.empty());
}

TEST(DirectoryMapping, CsvWithoutANameColumnNamesTheUnknownColumnsAndSuggestsAMapping) {
    const psp::Error e = error_from([] {
        psp::import_csv_directory("employee_id,display_name,sworn\nE1,Alex Doe,yes\n", "a");
    });
    EXPECT_EQ(e.field(), "/params/csv");
    const std::string message = e.what();
    EXPECT_NE(message.find("no column gives `name`; unknown columns: display_name, sworn"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(R"({"name": ["display_name"]})"), std::string::npos) << message;
    EXPECT_EQ(message.find("Alex"), std::string::npos);
}

TEST(DirectoryMapping, CsvWithoutACategoryColumnIsNotEveryoneSworn) {
    const DirectoryImport result =
        psp::import_csv_directory("id,name,shift\nE1,Dispatcher Dee,Days\n", "a");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].category, StaffCategory::unknown);
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_EQ(result.warnings[0].row, 2u);
    EXPECT_EQ(result.warnings[0].message,
              "category kept as unknown: no value in category, staff_category");
}

TEST(DirectoryMapping, RejectionNamesRowFieldAndSourceFieldNeverTheValue) {
    const DirectoryImport result = psp::import_csv_directory(
        "id,name,category,shift\nE1,Alex,Under Investigation,Days\nE2,Bo,sworn,\n", "a",
        configured({{"when_category_unknown", "reject"}, {"when_shift_unknown", "reject"}}));
    ASSERT_EQ(result.rejected.size(), 2u);
    EXPECT_EQ(result.rejected[0].row, 2u);
    EXPECT_EQ(result.rejected[0].reason,
              "category cannot be determined: the value of category is not in "
              "policy.directory.mapping.category_values");
    EXPECT_EQ(result.rejected[1].row, 3u);
    EXPECT_EQ(result.rejected[1].reason, "shift cannot be determined: no value in shift");
}

TEST(DirectoryMapping, AStatusValueNobodyMappedIsRejectedWithoutRepeatingIt) {
    const DirectoryImport result =
        psp::import_csv_directory("Employee ID,Full Name,Status\n9,Lee Park,Administrative Hold\n",
                                  "a", configured({{"profile", "hris_csv"}}));
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].reason,
              "active: the value of status is not in policy.directory.mapping.active_values");
}

TEST(DirectoryMapping, PluginRecordsKeepTheirCategoryAndCountMissingOnes) {
    const DirectoryImport result = psp::import_json_records(
        Json::array({{{"id", "E1"}, {"name", "A"}, {"category", "dispatcher"}, {"shift", "Days"}},
                     {{"id", "E2"}, {"name", "B"}, {"shift", "Days"}}}),
        "a");
    const auto people = mapped_by_id(result);
    EXPECT_EQ(people.at("E1").category, StaffCategory::dispatcher);
    EXPECT_EQ(people.at("E2").category, StaffCategory::unknown);
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_EQ(result.warnings[0].employee_id, "E2");
}

TEST(DirectoryMapping, ScimAttributePathsReachCoreSubAttributesAndExtensions) {
    const Json user = {{"name", {{"givenName", "Ana"}}},
                       {"active", false},
                       {kEnterpriseUrn, {{"manager", "m-1"}, {"division", "Patrol"}}}};
    EXPECT_EQ(psp::scim_attribute(user, "name.givenName"), "Ana");
    EXPECT_EQ(psp::scim_attribute(user, "active"), "false");
    EXPECT_EQ(psp::scim_attribute(user, kEnterpriseUrn + ":division"), "Patrol");
    EXPECT_EQ(psp::scim_attribute(user, kEnterpriseUrn + ":manager.value"), "m-1");
    EXPECT_EQ(psp::scim_attribute(user, kCustom + ":shift"), "");
    EXPECT_EQ(psp::scim_attribute(user, "name.familyName"), "");
}

TEST(DirectoryMapping, ConfigurationRejectsUnknownProfilesFieldsAndCategories) {
    for (const Json &bad : {Json{{"profile", "workday"}}, Json{{"csv", {{"ssn", {"SSN"}}}}},
                            Json{{"category_values", {{"Deputy", "deputy"}}}},
                            Json{{"when_category_unknown", "guess"}}}) {
        const psp::Error e = error_from([&] { configured(bad); });
        EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request) << bad.dump();
        EXPECT_EQ(e.field().rfind("/config/policy/directory/mapping", 0), 0u)
            << bad.dump() << " " << e.field();
    }
}

TEST(DirectoryMapping, HeadersAndValuesAreNormalised) {
    EXPECT_EQ(psp::normalised_header("  Employee  ID "), "employee_id");
    EXPECT_EQ(psp::normalised_header("reports-to"), "reports_to");
    EXPECT_EQ(psp::folded_value("  Sworn   Officer "), "sworn officer");
}

}  // namespace
