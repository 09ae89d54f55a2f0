// xapi_training_test.cpp: xAPI statements into attendance records: ISO 8601 durations and
// timestamps with offsets, UUID ids, actors by account or mapped mbox, accepted and refused
// verbs, activity ids as catalogue codes, and each malformed statement rejected with its row
// and reason.
#include "adapters/xapi_training.hpp"

#include <gtest/gtest.h>

#include "training_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::uuid_of;
using psp_test::xapi_statement;

// Built on first use: a calendar at namespace scope would be built before main, where nothing can
// catch what its constructor throws.
const psp::AgencyCalendar &la_calendar() {
    static const psp::AgencyCalendar calendar("America/Los_Angeles");
    return calendar;
}

psp::TrainingImport import_statements(
    const Json &statements, const std::unordered_map<std::string, std::string> &mbox = {}) {
    return psp::import_xapi_statements(statements, la_calendar(), mbox);
}

// The single rejection's reason ("" when the statement was accepted).
std::string rejection(const Json &statement,
                      const std::unordered_map<std::string, std::string> &mbox = {}) {
    const psp::TrainingImport result = import_statements(Json::array({statement}), mbox);
    return result.rejected.empty() ? "" : result.rejected.front().reason;
}

Json good(uint64_t n = 1) {
    return xapi_statement(uuid_of(n), "E1", "Crisis-Intervention", "2026-03-31T23:30:00-07:00",
                          "PT4H30M");
}

TEST(XapiTraining, DurationsInIso8601) {
    EXPECT_EQ(psp::parse_iso_duration("PT4H30M"), 4.5 * 3600);
    EXPECT_EQ(psp::parse_iso_duration("P1DT2H"), 26.0 * 3600);
    EXPECT_EQ(psp::parse_iso_duration("PT90M"), 5400.0);
    EXPECT_EQ(psp::parse_iso_duration("PT1.5H"), 5400.0);
    EXPECT_EQ(psp::parse_iso_duration("PT0,5H"), 1800.0);
    EXPECT_EQ(psp::parse_iso_duration("PT45S"), 45.0);
    EXPECT_EQ(psp::parse_iso_duration("P1W"), 7.0 * 86400);
    for (const char *bad : {"", "4H", "P", "PT", "P1DT", "P1Y", "P2M", "PT1H1H", "PTH", "-PT1H",
                            "PT1X", "pt1h", "P1H", "PT1.2.3H"}) {
        EXPECT_FALSE(psp::parse_iso_duration(bad).has_value()) << bad;
    }
}

TEST(XapiTraining, TimestampsWithOffsets) {
    const int64_t utc = *psp::parse_iso_timestamp("2026-04-01T06:30:00Z");
    EXPECT_EQ(psp::parse_iso_timestamp("2026-03-31T23:30:00-07:00"), utc);
    EXPECT_EQ(psp::parse_iso_timestamp("2026-03-31T23:30-0700"), utc);
    EXPECT_EQ(psp::parse_iso_timestamp("2026-04-01T12:00:00+05:30"), utc);
    EXPECT_EQ(psp::parse_iso_timestamp("2026-04-01T06:30:00.250Z"), utc + 250);
    EXPECT_EQ(psp::parse_iso_timestamp("2026-04-01T08:30:00+02"), utc);
    for (const char *bad :
         {"2026-04-01T06:30:00", "2026-04-01", "2026-02-30T00:00:00Z", "2026-04-01T25:00:00Z",
          "2026-04-01T06:30:00+25:00", "2026-04-01 06:30:00Z", "yesterday"}) {
        EXPECT_FALSE(psp::parse_iso_timestamp(bad).has_value()) << bad;
    }
}

TEST(XapiTraining, UuidsAreNormalizedToLowerCase) {
    EXPECT_EQ(psp::normalized_uuid("3F2504E0-4F89-11D3-9A0C-0305E82C3301"),
              "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    EXPECT_FALSE(psp::normalized_uuid("3f2504e0-4f89-11d3-9a0c-0305e82c330").has_value());
    EXPECT_FALSE(psp::normalized_uuid("3f2504e0x4f89-11d3-9a0c-0305e82c3301").has_value());
    EXPECT_FALSE(psp::normalized_uuid("zf2504e0-4f89-11d3-9a0c-0305e82c3301").has_value());
}

TEST(XapiTraining, AStatementBecomesARecordDatedInTheAgencyZone) {
    Json s = good();
    s["context"] = {{"platform", "Regional Academy"}};
    s["result"]["score"] = {{"scaled", 0.9}};  // ignored, stored nowhere
    const psp::TrainingImport result = import_statements(Json::array({s}));
    ASSERT_TRUE(result.rejected.empty()) << result.rejected.front().reason;
    ASSERT_EQ(result.records.size(), 1u);
    const psp::AttendanceRecord &r = result.records.front();
    EXPECT_EQ(r.employee_id, "E1");
    EXPECT_EQ(psp::format_iso_date(r.date), "2026-03-31");  // 2026-04-01 in UTC
    EXPECT_EQ(r.minutes, 270);
    EXPECT_EQ(r.course_code, "crisis_intervention");
    EXPECT_EQ(r.provider, "Regional Academy");
    EXPECT_EQ(r.statement_id, uuid_of(1));
    EXPECT_EQ(r.source, "xapi");
    EXPECT_TRUE(result.course_may_be_topic);
}

TEST(XapiTraining, AttendedIsAcceptedAndADurationIsOptional) {
    Json s = good();
    s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/attended";
    s.erase("result");
    const psp::TrainingImport result = import_statements(Json::array({s}));
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records.front().minutes, 0);  // the course's hours are filled later
}

TEST(XapiTraining, ActorsByAccountOrByAMappedMbox) {
    Json s = good();
    s["actor"] = {{"mbox", "mailto:dana@pd.example"}};
    EXPECT_NE(rejection(s).find("mbox_map"), std::string::npos);
    const psp::TrainingImport mapped =
        import_statements(Json::array({s}), {{"mailto:dana@pd.example", "E7"}});
    ASSERT_EQ(mapped.records.size(), 1u);
    EXPECT_EQ(mapped.records.front().employee_id, "E7");
    s["actor"] = {{"mbox", "dana@pd.example"}};
    EXPECT_NE(rejection(s).find("mailto:"), std::string::npos);
    s["actor"] = {{"mbox_sha1sum", "abc"}};
    EXPECT_EQ(rejection(s), "actor has neither account nor mbox");
    s["actor"] = {{"account", {{"name", "E1"}}}};
    EXPECT_EQ(rejection(s), "actor.account.homePage is missing");
    s["actor"] = {{"account", {{"homePage", "https://hr.example"}, {"name", ""}}}};
    EXPECT_EQ(rejection(s), "actor.account.name is not a non-empty string");
}

TEST(XapiTraining, OtherVerbsAreRejected) {
    Json s = good();
    s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/experienced";
    EXPECT_EQ(rejection(s),
              "verb http://adlnet.gov/expapi/verbs/experienced is not completed or attended");
}

TEST(XapiTraining, MalformedStatementsAreRejectedWithTheirReason) {
    const auto without = [](const char *key) {
        Json s = good();
        s.erase(key);
        return s;
    };
    EXPECT_EQ(rejection(Json("not a statement")), "the statement is not an object");
    EXPECT_EQ(rejection(without("id")), "statement.id is missing");
    EXPECT_EQ(rejection(without("actor")), "statement.actor is missing");
    EXPECT_EQ(rejection(without("verb")), "statement.verb is missing");
    EXPECT_EQ(rejection(without("object")), "statement.object is missing");
    EXPECT_EQ(rejection(without("timestamp")), "statement.timestamp is missing");
    Json s = good();
    s["id"] = "42";
    EXPECT_EQ(rejection(s), "statement id '42' is not a UUID");
    s = good();
    s["timestamp"] = "2026-03-31T23:30:00";
    EXPECT_NE(rejection(s).find("with a UTC offset"), std::string::npos);
    s = good();
    s["result"]["duration"] = "4 hours";
    EXPECT_EQ(rejection(s), "result.duration '4 hours' is not ISO 8601");
    s = good();
    s["object"] = {{"id", 7}};
    EXPECT_EQ(rejection(s), "object.id is not a non-empty string");
}

TEST(XapiTraining, ADuplicateIdInOneImportIsRejectedAtItsRow) {
    const Json statements = Json::array({good(1), good(2), good(1)});
    const psp::TrainingImport result = import_statements(statements);
    EXPECT_EQ(result.records.size(), 2u);
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected.front().row, 3u);
    EXPECT_EQ(result.rejected.front().reason,
              "statement id " + uuid_of(1) + " appears again (first at row 1)");
    EXPECT_EQ(result.rows, (std::vector<std::size_t>{1, 2}));
}

}  // namespace
