// record_directory_test.cpp: plugin-format JSON records: every field mapped, wrong types and
// non-objects rejected with their position, extra fields dropped by name and never by value.
#include "adapters/record_directory.hpp"

#include <gtest/gtest.h>

#include "test_fixtures.hpp"

namespace {

using psp::DirectoryImport;
using psp::Json;

DirectoryImport import_records(const Json &records) {
    return psp::import_json_records(records, "agency-default");
}

Json full_record() {
    return {{"id", "E7"},          {"name", "Robin Park"},     {"title", "Sergeant"},
            {"category", "sworn"}, {"agency", "Metro PD"},     {"division", "Patrol"},
            {"unit", "K9"},        {"shift", "Nights"},        {"supervisor_id", "E1"},
            {"active", false},     {"hire_date", "2012-04-02"}};
}

TEST(RecordDirectory, MapsEveryField) {
    const Json record = full_record();
    const DirectoryImport result = import_records(Json::array({record}));
    ASSERT_TRUE(result.rejected.empty()) << result.rejected[0].reason;
    ASSERT_EQ(result.records.size(), 1u);
    const psp::EmployeeRecord &e = result.records[0];
    EXPECT_EQ(e.id, record["id"]);
    EXPECT_EQ(e.name, record["name"]);
    EXPECT_EQ(e.title, record["title"]);
    EXPECT_EQ(e.category, psp::StaffCategory::sworn);
    EXPECT_EQ(e.agency, record["agency"]);
    EXPECT_EQ(e.division, record["division"]);
    EXPECT_EQ(e.unit, record["unit"]);
    EXPECT_EQ(e.shift, record["shift"]);
    EXPECT_EQ(e.supervisor_id, record["supervisor_id"]);
    EXPECT_EQ(e.active, record["active"]);
    EXPECT_EQ(e.hire_date, record["hire_date"]);
    EXPECT_TRUE(result.dropped_fields.empty());
}

TEST(RecordDirectory, NullSupervisorMeansTopOfChartAndMissingAgencyTheDefault) {
    const DirectoryImport result =
        import_records(Json::array({{{"id", "E1"}, {"name", "Top"}, {"supervisor_id", nullptr}}}));
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].supervisor_id, "");
    EXPECT_EQ(result.records[0].agency, "agency-default");
}

TEST(RecordDirectory, ValuesAreTrimmed) {
    const DirectoryImport result =
        import_records(Json::array({{{"id", "  E1\t"}, {"name", " Top "}}}));
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].id, "E1");
    EXPECT_EQ(result.records[0].name, "Top");
}

TEST(RecordDirectory, WrongTypesAreRejectedWithTheirRow) {
    const DirectoryImport result = import_records(Json::array({
        {{"id", "E1"}, {"name", "Fine"}},
        {{"id", "E2"}, {"name", 42}},
        {{"id", "E3"}, {"name", "Three"}, {"active", "true"}},
        {{"id", "E4"}, {"name", "Four"}, {"supervisor_id", {{"value", "E1"}}}},
        {{"id", "E5"}, {"name", "Five"}, {"title", {"a", "b"}}},
        {{"id", 6}, {"name", "Six"}},
    }));
    ASSERT_EQ(result.rejected.size(), 5u);
    const std::vector<std::pair<std::size_t, std::string>> expected = {
        {2, "name"}, {3, "active"}, {4, "supervisor_id"}, {5, "title"}, {6, "id"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(result.rejected[i].row, expected[i].first);
        EXPECT_NE(result.rejected[i].reason.find(expected[i].second + " has the wrong type"),
                  std::string::npos)
            << result.rejected[i].reason;
    }
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].id, "E1");
}

TEST(RecordDirectory, NonObjectsAreRejected) {
    const DirectoryImport result = import_records(Json::array({"E1", 5, nullptr}));
    ASSERT_EQ(result.rejected.size(), 3u);
    EXPECT_EQ(result.rejected[2].row, 3u);
    EXPECT_TRUE(result.records.empty());
}

TEST(RecordDirectory, AnUnknownCategoryIsKeptAsUnknownAndCounted) {
    const DirectoryImport result = import_records(Json::array({
        {{"id", "E1"}, {"name", "A"}, {"category", "deputy"}, {"shift", "Days"}},
        {{"id", "E2"}, {"name", "B"}, {"category", "CIVILIAN"}, {"shift", "Days"}},
    }));
    ASSERT_TRUE(result.rejected.empty());
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].category, psp::StaffCategory::unknown);
    EXPECT_EQ(result.records[1].category, psp::StaffCategory::civilian);
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_EQ(result.warnings[0].row, 1u);
    EXPECT_EQ(result.warnings[0].message.find("deputy"), std::string::npos);
}

TEST(RecordDirectory, MalformedOrMistypedHireDateIsRejectedAndNullIsUnknown) {
    const DirectoryImport result = import_records(Json::array({
        {{"id", "E1"}, {"name", "A"}, {"hire_date", "2020-02-30"}},
        {{"id", "E2"}, {"name", "B"}, {"hire_date", 20200101}},
        {{"id", "E3"}, {"name", "C"}, {"hire_date", nullptr}},
    }));
    ASSERT_EQ(result.rejected.size(), 2u);
    EXPECT_EQ(result.rejected[0].reason,
              "hire_date '2020-02-30' is not a calendar date written YYYY-MM-DD");
    EXPECT_EQ(result.rejected[1].reason, "hire_date has the wrong type");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].hire_date, "");
}

TEST(RecordDirectory, ExtraFieldsAreDroppedByNameNeverByValue) {
    const std::string secret = "SECRET-VALUE";
    Json record = full_record();
    record["email"] = secret + "@example.org";
    record["disciplinary_history"] = {{"case", secret}};
    record["Name"] = secret;  // field names are case-sensitive: not "name"
    const DirectoryImport result = import_records(Json::array({record}));
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.dropped_fields,
              (std::set<std::string>{"email", "disciplinary_history", "Name"}));
    EXPECT_EQ(psp_test::all_text(result.records).find(secret), std::string::npos);
}

}  // namespace
