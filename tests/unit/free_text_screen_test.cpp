// free_text_screen_test.cpp: a host that writes disciplinary text into an allowed field (issue
// 20, item 8). The screen's patterns (defaults and the agency's own), a sync through the method
// that stores nothing of a flagged value and names it by employee id and field only (the
// database file's bytes are scanned), bad patterns refused with the offending one named, and
// every SCIM attribute the mapping does not keep named in the report, sub-attributes included.
#include "plugin/domain/free_text_screen.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "adapters/scim_directory.hpp"
#include "plugin/config/agency_config.hpp"
#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"
#include "test_host.hpp"

namespace {

using psp::FreeTextScreen;
using psp::Json;

TEST(FreeTextScreen, DefaultsCatchWhatTheAgencyKnowsIsDangerous) {
    const FreeTextScreen screen;
    for (const char *text :
         {"Police Officer (suspended pending IA 2025-017)", "Internal Affairs Liaison",
          "internal-affairs", "Officer - IA#2025-17", "IA2024/3 review", "Disciplinary Board",
          "pending discipline", "Misconduct unit", "on administrative leave", "SUSPENSION pending",
          "Sergeant (under investigation)"}) {
        EXPECT_TRUE(screen.matches(text)) << text;
    }
    for (const char *text : {"Police Officer", "Patrol", "Night", "Media Relations 2025-2026",
                             "Criminal Investigations", "Via 2025-017", "Suspender Repair",
                             "Records", "Administrative Services", ""}) {
        EXPECT_FALSE(screen.matches(text)) << text;
    }
}

TEST(FreeTextScreen, TheAgencysOwnPatternsAddToTheDefaults) {
    std::vector<std::string> patterns = FreeTextScreen::default_patterns();
    patterns.push_back("PIP");
    patterns.push_back("case #");
    const FreeTextScreen screen(patterns);
    EXPECT_TRUE(screen.matches("Officer on a PIP"));
    EXPECT_TRUE(screen.matches("Case 4411"));
    EXPECT_FALSE(screen.matches("Pipeline Unit"));
    EXPECT_FALSE(screen.matches("Case officer"));
    EXPECT_TRUE(screen.matches("suspended"));
}

// A word is tried only against patterns that can start with its first character: one that
// starts with digits ("#") is tried at every number, in any case of the words around it.
TEST(FreeTextScreen, APatternStartingWithDigitsIsTriedAtEveryNumber) {
    const FreeTextScreen screen(std::vector<std::string>{"# day leave", "Zeta"});
    EXPECT_TRUE(screen.matches("30 day leave"));
    EXPECT_TRUE(screen.matches("Officer on 30-Day LEAVE"));
    EXPECT_TRUE(screen.matches("ZETA team"));
    EXPECT_FALSE(screen.matches("day leave"));
    EXPECT_FALSE(screen.matches("Patrol 3, Division 7"));
    EXPECT_FALSE(screen.matches("Alphazeta"));
}

TEST(FreeTextScreen, BadPatternsAreRefusedByPosition) {
    const auto refusal = [](const char *config) {
        return psp_test::error_from([&] { psp::parse_agency_config("a", "/tmp", config); });
    };
    psp::Error e =
        refusal(R"({"policy":{"directory":{"screen":{"patterns":["ok", "sus*pended"]}}}})");
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/config/policy/directory/screen/patterns/1");
    EXPECT_NE(std::string(e.what()).find("end of a word"), std::string::npos) << e.what();
    e = refusal(R"({"policy":{"directory":{"screen":{"patterns":["--"]}}}})");
    EXPECT_EQ(e.field(), "/config/policy/directory/screen/patterns/0");
    e = refusal(R"({"policy":{"directory":{"screen":{"pattern":["IA"]}}}})");
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    // With the defaults turned off only the agency's patterns apply.
    const psp::AgencyConfig own = psp::parse_agency_config(
        "a", "/tmp",
        R"({"policy":{"directory":{"screen":{"defaults":false,"patterns":["PIP"]}}}})");
    EXPECT_FALSE(own.directory_screen.matches("suspended"));
    EXPECT_TRUE(own.directory_screen.matches("on a PIP"));
}

TEST(FreeTextScreen, ASyncStoresNoFlaggedValueAndNamesItByIdAndField) {
    PSP_SQLITE_FILE_TEST();
    psp_test::TestInstance t;
    const std::string secret = "Police Officer (suspended pending IA 2025-017)";
    const Json records = {
        {{"id", "E1"}, {"name", "Chief Example"}, {"category", "sworn"}, {"title", "Chief"}},
        {{"id", "E2"},
         {"name", "Officer Example"},
         {"category", "sworn"},
         {"supervisor_id", "E1"},
         {"title", secret},
         {"unit", "Internal Affairs Review Squad"},
         {"division", "Patrol"}}};
    const Json r = t.call("directory.sync", {"hr_admin"},
                          {{"mode", "full"}, {"source", "records"}, {"records", records}}, "k1");
    EXPECT_EQ(r.at("screened_fields"), Json::array({{{"employee_id", "E2"}, {"field", "title"}},
                                                    {{"employee_id", "E2"}, {"field", "unit"}}}));
    EXPECT_EQ(r.dump().find("2025-017"), std::string::npos);
    EXPECT_EQ(r.dump().find("Internal"), std::string::npos);
    const Json e2 = t.call("directory.get", {"hr_admin"}, {{"employee_id", "E2"}});
    EXPECT_EQ(e2.at("employee").at("title"), "");
    EXPECT_EQ(e2.at("employee").at("unit"), "");
    EXPECT_EQ(e2.at("employee").at("division"), "Patrol");
    EXPECT_EQ(t.count("SELECT COUNT(*) FROM employees"), 2);
    // Nothing of the value anywhere in the file, its WAL or the audit.
    for (const std::string &file : {t.database_path(), t.database_path() + "-wal"}) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        EXPECT_EQ(bytes.find("2025-017"), std::string::npos) << file;
        EXPECT_EQ(bytes.find("Internal Affairs"), std::string::npos) << file;
    }
}

TEST(ScimDrops, EveryDroppedAttributeIsNamed) {
    Json user = psp_test::scim_user("scim-1", "E100", "Dana Chief, Jr.");
    user["name"] = {{"givenName", "Dana"}, {"familyName", "Chief"}, {"honorificSuffix", "Jr."}};
    user["meta"] = {{"resourceType", "User"}, {"created", "2020-01-01T00:00:00Z"}};
    user[std::string(psp::kScimEnterpriseUser)]["manager"] = {
        {"value", "scim-0"}, {"displayName", "Boss Person"}, {"$ref", "../Users/scim-0"}};
    const psp::DirectoryImport import = psp::import_scim_users({user}, "agency");
    const std::string urn(psp::kScimEnterpriseUser);
    for (const std::string &name :
         {std::string("name.givenName"), std::string("name.familyName"),
          std::string("name.honorificSuffix"), std::string("meta.resourceType"),
          std::string("meta.created"), urn + ":manager.displayName", urn + ":manager.$ref"}) {
        EXPECT_TRUE(import.dropped_fields.contains(name)) << name;
    }
    // By name only: no value is reported.
    for (const std::string &f : import.dropped_fields) {
        EXPECT_EQ(f.find("Boss"), std::string::npos) << f;
        EXPECT_EQ(f.find("Jr."), std::string::npos) << f;
    }
    // Without a displayName, the parts of the name that are read are not reported.
    user.erase("displayName");
    const psp::DirectoryImport parts = psp::import_scim_users({user}, "agency");
    EXPECT_FALSE(parts.dropped_fields.contains("name.givenName"));
    EXPECT_TRUE(parts.dropped_fields.contains("name.honorificSuffix"));
}

}  // namespace
