// training_methods_test.cpp: the training methods through a real instance and SQLite file:
// the catalogue (the 24 IACP 8.3 topics), courses and topics added by the coordinator, single
// records and CSV/xAPI imports (all or nothing, idempotent by statement id, every bad input
// refused with nothing changed), compliance (a PSP sees only their own), the overdue list, the
// maintenance task's notices (once per period) and the bulk query agreeing with the single one.
#include <gtest/gtest.h>

#include "plugin/config/agency_config.hpp"
#include "plugin/core/error.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/database.hpp"
#include "test_fixtures.hpp"
#include "training_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp::Json;
using psp_test::error_from;
using psp_test::local_ms;
using psp_test::one_role;
using psp_test::uuid_of;
using psp_test::xapi_statement;

constexpr const char *kLosAngeles = "America/Los_Angeles";
const char *const kConfig = R"({"policy": {"time_zone": "America/Los_Angeles"}})";

class TrainingMethods : public ::testing::Test {
  protected:
    explicit TrainingMethods(const char *config = kConfig) : t_(config) {
        t_.host.now_ms = local_ms("2026-02-10T09:00", kLosAngeles);
        t_.call("directory.sync", one_role().hr_admin,
                psp_test::directory_of({"CHIEF", "E1", "E2", "E3"}), "dir");
    }
    Json call(const std::string &method, const Json &params, const std::string &key = {},
              const std::vector<std::string> &roles = one_role().coordinator,
              const std::string &principal = "C1") {
        return t_.call(method, roles, params, key, principal);
    }
    psp::Error refusal(const std::string &method, const Json &params, const std::string &key = {},
                       const std::vector<std::string> &roles = one_role().coordinator,
                       const std::string &principal = "C1") {
        return error_from([&] { call(method, params, key, roles, principal); });
    }
    long long records() { return t_.count("SELECT COUNT(*) FROM training_attendance"); }
    // Rows of the minutes summary: a refused write must leave it as it was too.
    long long summary_rows() { return t_.count("SELECT COUNT(*) FROM training_minutes"); }
    Json record(const std::string &employee, const std::string &date, double hours,
                const std::string &topic = "confidentiality") {
        return {{"employee_id", employee}, {"date", date}, {"hours", hours}, {"topic", topic}};
    }
    Json xapi(const Json &statements) { return {{"format", "xapi"}, {"statements", statements}}; }
    Json csv(const std::string &text) { return {{"format", "csv"}, {"csv", text}}; }

    psp_test::TestInstance t_;
};

TEST_F(TrainingMethods, TheCatalogueHoldsThe24IacpTopics) {
    const Json c = call("training.catalog", Json::object(), {}, {"peer_supporter"});
    ASSERT_EQ(c["topics"].size(), 24u);
    EXPECT_EQ(
        c["topics"][0],
        (Json{{"code", "confidentiality"}, {"title", "Confidentiality"}, {"section", "8.3.1"}}));
    EXPECT_EQ(c["topics"][16]["code"], "suicide_assessment");
    EXPECT_EQ(c["topics"][16]["section"], "8.3.17");
    EXPECT_EQ(c["topics"][23]["section"], "8.3.24");
    EXPECT_EQ(c["topics"][23]["code"], "local_resources");
    EXPECT_TRUE(c["courses"].empty());
}

TEST_F(TrainingMethods, TheCoordinatorAddsTopicsAndCourses) {
    call("training.add_topic", {{"code", "fentanyl_exposure"}, {"title", "Fentanyl exposure"}},
         "t1");
    call("training.add_course",
         {{"code", "cism_basic"},
          {"title", "CISM basic"},
          {"hours", 16},
          {"provider", "ICISF"},
          {"topics", {"critical_incident_stress", "fentanyl_exposure"}}},
         "c1");
    const Json c = call("training.catalog", Json::object());
    EXPECT_EQ(c["topics"].size(), 25u);
    EXPECT_EQ(c["topics"][24]["code"], "fentanyl_exposure");
    ASSERT_EQ(c["courses"].size(), 1u);
    EXPECT_EQ(c["courses"][0]["hours"], 16.0);
    EXPECT_EQ(c["courses"][0]["topics"], (Json{"critical_incident_stress", "fentanyl_exposure"}));
}

TEST_F(TrainingMethods, CatalogueChangesAreRefusedClearly) {
    EXPECT_EQ(
        refusal("training.add_topic", {{"code", "confidentiality"}, {"title", "x"}}, "a").code(),
        ErrorCode::conflict);
    EXPECT_EQ(refusal("training.add_topic", {{"code", "Bad Code"}, {"title", "x"}}, "b").field(),
              "/params/code");
    const psp::Error unknown =
        refusal("training.add_course",
                {{"code", "c"}, {"title", "C"}, {"hours", 2}, {"topics", {"nope"}}}, "c");
    EXPECT_EQ(unknown.code(), ErrorCode::not_found);
    EXPECT_EQ(unknown.field(), "/params/topics/0");
    EXPECT_EQ(
        refusal("training.add_course", {{"code", "c"}, {"title", "C"}, {"hours", -2}}, "d").field(),
        "/params/hours");
    EXPECT_EQ(
        refusal("training.add_topic", {{"code", "x"}, {"title", "x"}}, "e", one_role().hr_admin)
            .code(),
        ErrorCode::forbidden);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM training_courses"), 0);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM training_topics"), 0);
}

TEST_F(TrainingMethods, OneRecordIsStored) {
    const Json r = call("training.record", record("E1", "2026-02-09", 1.5), "r1");
    EXPECT_EQ(r["imported"], 1);
    EXPECT_EQ(records(), 1);
    EXPECT_EQ(t_.count("SELECT minutes FROM training_attendance"), 90);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM training_attendance WHERE source = 'entry'"), 1);
}

TEST_F(TrainingMethods, BadRecordsAreRefusedAndChangeNothing) {
    EXPECT_EQ(refusal("training.record", record("E1", "2026-02-09", -1), "a").field(),
              "/params/hours");
    EXPECT_EQ(refusal("training.record", record("E1", "2026-02-09", 0), "b").field(),
              "/params/hours");
    EXPECT_EQ(refusal("training.record", record("E1", "2026-02-31", 1), "c").field(),
              "/params/date");
    const psp::Error future = refusal("training.record", record("E1", "2026-02-11", 1), "d");
    EXPECT_EQ(future.code(), ErrorCode::invalid_request);
    EXPECT_NE(std::string(future.what()).find("is in the future"), std::string::npos);
    const psp::Error stranger = refusal("training.record", record("NOBODY", "2026-02-09", 1), "e");
    EXPECT_NE(std::string(stranger.what()).find("NOBODY is not in the directory"),
              std::string::npos);
    EXPECT_NE(
        std::string(refusal("training.record", record("E1", "2026-02-09", 1, "nope"), "f").what())
            .find("'nope' is not a topic"),
        std::string::npos);
    Json both = record("E1", "2026-02-09", 1);
    both["course"] = "cism";
    EXPECT_NE(std::string(refusal("training.record", both, "g").what())
                  .find("a course or a topic, not both"),
              std::string::npos);
    EXPECT_EQ(
        refusal("training.record", record("E1", "2026-02-09", 1), "h", one_role().hr_admin).code(),
        ErrorCode::forbidden);
    EXPECT_EQ(records(), 0);
    EXPECT_EQ(summary_rows(), 0);
    // The failed writes burned no key: "d" works once the date is right.
    call("training.record", record("E1", "2026-02-10", 1), "d");
    EXPECT_EQ(records(), 1);
}

class TrainingWithTolerance : public TrainingMethods {
  protected:
    TrainingWithTolerance()
        : TrainingMethods(R"({"policy": {"time_zone": "America/Los_Angeles",
                             "training": {"future_tolerance_days": 2}}})") {}
};

TEST_F(TrainingWithTolerance, FutureDatesWithinThePolicysToleranceAreAccepted) {
    call("training.record", record("E1", "2026-02-12", 1), "a");
    EXPECT_EQ(refusal("training.record", record("E1", "2026-02-13", 1), "b").code(),
              ErrorCode::invalid_request);
    EXPECT_EQ(records(), 1);
}

TEST_F(TrainingMethods, CsvImportIsAllOrNothingWithAReport) {
    const std::string bad =
        "employee_id,date,hours,topic,notes\n"
        "E1,2026-01-10,4,confidentiality,x\n"
        "E2,2026-01-10,-4,confidentiality,x\n"
        "E9,2026-01-10,4,confidentiality,x\n"
        "E3,2026-03-10,4,confidentiality,x\n"
        "E3,2026-01-10,4,unheard_of,x\n";
    const psp::Error e = refusal("training.import", csv(bad), "i1", one_role().hr_admin);
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/csv");
    ASSERT_EQ(e.records().size(), 4u);
    EXPECT_EQ(e.records()[0], "row 3: hours must be more than 0");
    EXPECT_EQ(e.records()[1], "row 4: employee E9 is not in the directory");
    EXPECT_NE(e.records()[2].find("row 5: date 2026-03-10 is in the future"), std::string::npos);
    EXPECT_EQ(e.records()[3], "row 6: 'unheard_of' is not a topic in the catalogue");
    EXPECT_EQ(records(), 0);
    EXPECT_EQ(summary_rows(), 0);
    const Json ok = call("training.import",
                         csv("employee_id,date,hours,topic,notes\n"
                             "E1,2026-01-10,4,confidentiality,x\n"),
                         "i2", one_role().hr_admin);
    EXPECT_EQ(ok["imported"], 1);
    EXPECT_EQ(ok["dropped_fields"], (Json{"notes"}));
    EXPECT_EQ(records(), 1);
}

TEST_F(TrainingMethods, XapiImportIsIdempotentByStatementId) {
    call("training.add_course",
         {{"code", "cism_basic"}, {"title", "CISM"}, {"hours", 16}, {"topics", {"burnout"}}}, "c1");
    const Json statements = Json::array(
        {xapi_statement(uuid_of(1), "E1", "cism-basic", "2026-01-10T10:00:00-08:00", ""),
         xapi_statement(uuid_of(2), "E2", "Suicide-Assessment", "2026-01-11T10:00:00Z", "PT2H")});
    const Json first = call("training.import", xapi(statements), "x1");
    EXPECT_EQ(first["imported"], 2);
    EXPECT_EQ(first["unchanged"], 0);
    EXPECT_EQ(t_.count("SELECT minutes FROM training_attendance WHERE employee_id = 'E1'"),
              16 * 60);  // the course's hours: the statement had no duration
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM training_attendance WHERE topic_code ="
                       " 'suicide_assessment' AND course_code = ''"),
              1);
    const Json again = call("training.import", xapi(statements), "x2");
    EXPECT_EQ(again["imported"], 0);
    EXPECT_EQ(again["unchanged"], 2);
    EXPECT_EQ(records(), 2);
    // Upper-case ids are the same statements.
    Json upper = statements;
    std::string id = uuid_of(1);
    for (char &c : id) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    upper[0]["id"] = id;
    EXPECT_EQ(call("training.import", xapi(upper), "x3")["unchanged"], 2);
}

TEST_F(TrainingMethods, AStatementIdWithDifferentContentIsRejected) {
    const Json one =
        Json::array({xapi_statement(uuid_of(1), "E1", "burnout", "2026-01-10T10:00:00Z", "PT1H")});
    call("training.import", xapi(one), "x1");
    Json changed = one;
    changed[0]["result"]["duration"] = "PT3H";
    changed.push_back(xapi_statement(uuid_of(2), "E2", "burnout", "2026-01-10T10:00:00Z", "PT1H"));
    const psp::Error e = refusal("training.import", xapi(changed), "x2");
    ASSERT_EQ(e.records().size(), 1u);
    EXPECT_NE(e.records()[0].find("row 1: statement id " + uuid_of(1) +
                                  " was imported before with different content"),
              std::string::npos);
    EXPECT_EQ(records(), 1);
    EXPECT_EQ(t_.count("SELECT minutes FROM training_attendance"), 60);
    EXPECT_EQ(t_.count("SELECT m01 FROM training_minutes WHERE employee_id = 'E1'"), 60);
}

TEST_F(TrainingMethods, MalformedXapiIsRefusedRowByRowAndChangesNothing) {
    Json statements =
        Json::array({Json("not a statement"),
                     xapi_statement("42", "E1", "burnout", "2026-01-10T10:00:00Z", "PT1H"),
                     xapi_statement(uuid_of(3), "E1", "burnout", "last Tuesday", "PT1H"),
                     xapi_statement(uuid_of(4), "E1", "burnout", "2026-01-10T10:00:00", "PT1H"),
                     xapi_statement(uuid_of(5), "E1", "burnout", "2026-01-10T10:00:00Z", "an hour"),
                     xapi_statement(uuid_of(6), "E1", "burnout", "2026-01-10T10:00:00Z", "PT1H"),
                     xapi_statement(uuid_of(7), "E2", "burnout", "2026-01-10T10:00:00Z", "PT1H")});
    statements[5].erase("verb");
    statements[6]["object"] = "burnout";
    const psp::Error e = refusal("training.import", xapi(statements), "x1");
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/statements");
    ASSERT_EQ(e.records().size(), 7u);
    EXPECT_EQ(e.records()[0], "row 1: the statement is not an object");
    EXPECT_EQ(e.records()[1], "row 2: statement id '42' is not a UUID");
    EXPECT_NE(e.records()[2].find("row 3: timestamp 'last Tuesday' is not ISO 8601"),
              std::string::npos);
    EXPECT_NE(e.records()[3].find("with a UTC offset"), std::string::npos) << e.records()[3];
    EXPECT_NE(e.records()[4].find("row 5: result.duration 'an hour'"), std::string::npos);
    EXPECT_EQ(e.records()[5], "row 6: statement.verb is missing");
    EXPECT_EQ(e.records()[6], "row 7: object is not an object");
    EXPECT_EQ(records(), 0);
    EXPECT_EQ(summary_rows(), 0);
}

// 29 February exists in leap years only, whichever way a record arrives.
TEST_F(TrainingMethods, Feb29IsADateInLeapYearsOnly) {
    call("training.record", record("E1", "2024-02-29", 2), "leap");
    EXPECT_EQ(t_.count("SELECT day FROM training_attendance"), 19782);  // 2024-02-29
    EXPECT_EQ(t_.count("SELECT m02 FROM training_minutes WHERE year = 2024"), 120);
    const psp::Error entry = refusal("training.record", record("E1", "2025-02-29", 2), "r2");
    EXPECT_EQ(entry.code(), ErrorCode::invalid_request);
    EXPECT_EQ(entry.field(), "/params/date");
    const psp::Error sheet = refusal(
        "training.import", csv("employee_id,date,hours,topic\nE2,2023-02-29,2,burnout\n"), "c1");
    EXPECT_EQ(sheet.field(), "/params/csv");
    ASSERT_EQ(sheet.records().size(), 1u);
    EXPECT_NE(sheet.records()[0].find("row 2:"), std::string::npos) << sheet.records()[0];
    const psp::Error statement =
        refusal("training.import",
                xapi(Json::array(
                    {xapi_statement(uuid_of(1), "E2", "burnout", "2025-02-29T10:00:00Z", "PT1H")})),
                "x1");
    ASSERT_EQ(statement.records().size(), 1u);
    EXPECT_NE(statement.records()[0].find("row 1: timestamp '2025-02-29T10:00:00Z'"),
              std::string::npos)
        << statement.records()[0];
    EXPECT_EQ(records(), 1);
    EXPECT_EQ(summary_rows(), 1);
}

TEST_F(TrainingMethods, BadXapiImportsChangeNothing) {
    Json statements =
        Json::array({xapi_statement(uuid_of(1), "E1", "burnout", "2026-01-10T10:00:00Z", "PT1H"),
                     xapi_statement(uuid_of(1), "E2", "burnout", "2026-01-10T10:00:00Z", "PT1H"),
                     xapi_statement(uuid_of(3), "E3", "burnout", "2026-01-10T10:00:00Z", "-PT1H"),
                     xapi_statement(uuid_of(4), "E3", "burnout", "2026-01-10T10:00:00Z", ""),
                     Json{{"id", uuid_of(5)}}});
    statements.push_back(statements[0]);
    statements.back()["id"] = uuid_of(6);
    statements.back()["actor"] = {{"mbox", "mailto:e1@pd.example"}};
    const psp::Error e = refusal("training.import", xapi(statements), "x1");
    EXPECT_EQ(e.field(), "/params/statements");
    ASSERT_EQ(e.records().size(), 5u);
    EXPECT_NE(e.records()[0].find("row 2: statement id"), std::string::npos);
    EXPECT_NE(e.records()[1].find("row 3: result.duration"), std::string::npos);
    EXPECT_NE(e.records()[2].find("row 4: result.duration is missing"), std::string::npos);
    EXPECT_NE(e.records()[3].find("row 5: statement.actor is missing"), std::string::npos);
    EXPECT_NE(e.records()[4].find("row 6: actor.mbox"), std::string::npos);
    EXPECT_EQ(records(), 0);
    EXPECT_EQ(summary_rows(), 0);
    // With the mapping the mbox row is fine.
    Json mapped = xapi(Json::array({statements[5]}));
    mapped["mbox_map"] = {{"mailto:e1@pd.example", "E1"}};
    EXPECT_EQ(call("training.import", mapped, "x2")["imported"], 1);
    EXPECT_EQ(refusal("training.import", {{"format", "xapi"}, {"csv", "a"}}, "x3").field(),
              "/params/statements");
    EXPECT_EQ(refusal("training.import",
                      {{"format", "csv"}, {"csv", "a"}, {"statements", Json::array()}}, "x4")
                  .field(),
              "/params/statements");
    EXPECT_EQ(refusal("training.import", xapi(Json::array()), "x5", {"peer_supporter"}).code(),
              ErrorCode::forbidden);
}

// PSPs: E1 compliant, E2 short last quarter, E3 not a PSP.
class TrainingStatus : public TrainingMethods {
  protected:
    TrainingStatus() {
        psp_test::add_psp(t_, "E1", local_ms("2025-07-01T00:00", kLosAngeles));
        psp_test::add_psp(t_, "E2", local_ms("2025-07-01T00:00", kLosAngeles), "on_leave");
        psp_test::add_psp(t_, "CHIEF", local_ms("2025-07-01T00:00", kLosAngeles), "deselected");
        t_.host.now_ms = local_ms("2026-01-05T09:00", kLosAngeles);
        call("training.import",
             csv("employee_id,date,hours,topic\n"
                 "E1,2025-08-01,4,confidentiality\n"
                 "E1,2025-11-01,4,confidentiality\n"
                 "E2,2025-08-01,4,confidentiality\n"
                 "E2,2025-11-01,1,confidentiality\n"
                 "E3,2025-11-01,40,referral\n"),
             "setup");
    }
};

TEST_F(TrainingStatus, OnePspsStatusWithInitialTraining) {
    const Json e1 = call("training.compliance", {{"employee_id", "E1"}});
    EXPECT_EQ(e1["status"], "compliant");
    EXPECT_EQ(e1["period"], "2026-Q1");
    EXPECT_EQ(e1["period_start"], "2026-01-01");
    EXPECT_EQ(e1["period_end"], "2026-03-31");
    EXPECT_EQ(e1["hours_required"], 4.0);
    EXPECT_EQ(e1["overdue_since"], nullptr);
    // add_psp's 40 hours of initial training and the 8 of continuing training since.
    EXPECT_EQ(e1["initial"]["complete"], true);
    EXPECT_EQ(e1["initial"]["hours_done"], 48.0);
    const Json e2 = call("training.compliance", {{"employee_id", "E2"}}, {}, one_role().hr_admin);
    EXPECT_EQ(e2["status"], "overdue");
    EXPECT_EQ(e2["hours_outstanding"], 3.0);
    EXPECT_EQ(e2["overdue_since"], "2026-01-01");
    EXPECT_EQ(refusal("training.compliance", {{"employee_id", "E3"}}).code(), ErrorCode::not_found);
    EXPECT_EQ(refusal("training.compliance", {{"employee_id", "CHIEF"}}).code(),
              ErrorCode::not_found);  // deselected: no longer a PSP
}

TEST_F(TrainingStatus, APeerSupporterSeesOnlyTheirOwn) {
    EXPECT_EQ(call("training.compliance", {{"employee_id", "E1"}}, {}, {"peer_supporter"},
                   "E1")["status"],
              "compliant");
    const psp::Error other =
        refusal("training.compliance", {{"employee_id", "E2"}}, {}, {"peer_supporter"}, "E1");
    EXPECT_EQ(other.code(), ErrorCode::forbidden);
    EXPECT_EQ(
        refusal("training.compliance", {{"employee_id", "E1"}}, {}, {"employee"}, "E1").code(),
        ErrorCode::forbidden);
}

TEST_F(TrainingStatus, TheOverdueListAndLapsing) {
    Json list = call("training.overdue", Json::object());
    EXPECT_EQ(list["as_of"], "2026-01-05");
    ASSERT_EQ(list["psps"].size(), 1u);
    EXPECT_EQ(list["psps"][0]["employee_id"], "E2");
    EXPECT_EQ(list["psps"][0]["status"], "overdue");
    EXPECT_EQ(refusal("training.overdue", Json::object(), {}, one_role().hr_admin).code(),
              ErrorCode::forbidden);
    t_.host.now_ms = local_ms("2026-02-01T09:00", kLosAngeles);
    list = call("training.overdue", Json::object());
    EXPECT_EQ(list["psps"][0]["status"], "lapsed");
}

TEST_F(TrainingStatus, MaintenanceNotifiesOncePerPeriod) {
    const Json first = t_.call("maintenance.run", {"it_admin"}, Json::object(), "m1");
    EXPECT_EQ(first["tasks"]["training"]["overdue_notices"], 1);
    EXPECT_EQ(first["tasks"]["training"]["due_soon_notices"], 0);
    EXPECT_EQ(first["tasks"]["training"]["deselection_proposals"], 0);
    ASSERT_EQ(t_.host.notifications.size(), 1u);
    EXPECT_EQ(Json::parse(t_.host.notifications[0]),
              (Json{{"kind", "training_overdue"}, {"employee_id", "E2"}, {"period", "2026-Q1"}}));
    // The next run in the same period sends no second overdue notice; E2 is now past the grace
    // period, so a deselection review is proposed to the coordinator, once.
    t_.host.now_ms = local_ms("2026-02-01T09:00", kLosAngeles);
    const Json second = t_.call("maintenance.run", {"it_admin"}, Json::object(), "m2");
    EXPECT_EQ(second["tasks"]["training"]["overdue_notices"], 0);
    EXPECT_EQ(second["tasks"]["training"]["deselection_proposals"], 1);
    ASSERT_EQ(t_.host.notifications.size(), 2u);
    EXPECT_EQ(Json::parse(t_.host.notifications[1]), (Json{{"kind", "deselection_proposed"},
                                                           {"employee_id", "E2"},
                                                           {"grounds", "training_failure"}}));
    const Json third = t_.call("maintenance.run", {"it_admin"}, Json::object(), "m2b");
    EXPECT_EQ(third["tasks"]["training"]["deselection_proposals"], 0);
    // Late March: E1 has no Q1 hours yet and is due soon.
    t_.host.now_ms = local_ms("2026-03-25T09:00", kLosAngeles);
    t_.call("maintenance.run", {"it_admin"}, Json::object(), "m3");
    ASSERT_EQ(t_.host.notifications.size(), 3u);
    EXPECT_EQ(Json::parse(t_.host.notifications[2])["kind"], "training_due_soon");
    // A new quarter: both are reminded that they are overdue for 2026-Q2.
    t_.host.now_ms = local_ms("2026-04-02T09:00", kLosAngeles);
    t_.call("maintenance.run", {"it_admin"}, Json::object(), "m4");
    int overdue_q2 = 0;
    for (const std::string &n : t_.host.notifications) {
        const Json j = Json::parse(n);
        overdue_q2 += j["kind"] == "training_overdue" && j.value("period", "") == "2026-Q2";
    }
    EXPECT_EQ(overdue_q2, 2);
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM training_notifications WHERE kind <> "
                       "'deselection_proposed'"),
              4);
}

TEST_F(TrainingStatus, LapsedPspsAndTheBulkQueryAgreeWithTheSingleOne) {
    psp_test::add_leave(t_, "E2", 1, local_ms("2025-10-01T00:00", kLosAngeles), 0);
    psp_test::add_psp(t_, "E3", local_ms("2025-01-01T00:00", kLosAngeles));
    psp::Database db(t_.storage_config());
    const psp::AgencyConfig config =
        psp::parse_agency_config("agency-test", t_.dir.path().string().c_str(), kConfig);
    for (const char *when : {"2026-01-05T09:00", "2026-03-25T09:00", "2026-07-01T09:00"}) {
        const int64_t now = local_ms(when, kLosAngeles);
        db.read([&](soci::session &sql) {
            const auto all = psp::compliance_of_all_psps(sql, config, now);
            EXPECT_EQ(all.size(), 3u);
            for (const auto &[id, bulk] : all) {
                const auto single = psp::psp_compliance(sql, config, id, now);
                ASSERT_TRUE(single.has_value());
                EXPECT_EQ(bulk.state, single->state) << id << " " << when;
                EXPECT_EQ(bulk.minutes_outstanding, single->minutes_outstanding) << id;
                EXPECT_EQ(bulk.minutes_this_period, single->minutes_this_period) << id;
            }
        });
    }
    db.read([&](soci::session &sql) {
        // E2's open leave since Oct 1 paused the clock; E1 and E3 have nothing for 2026-Q1 (E3's
        // 40 hours in November paid its short 2025 quarters back).
        EXPECT_EQ(psp::lapsed_psps(sql, config, local_ms("2026-05-15T09:00", kLosAngeles)),
                  (std::vector<std::string>{"E1", "E3"}));
        EXPECT_TRUE(
            psp::lapsed_psps(sql, config, local_ms("2026-03-01T09:00", kLosAngeles)).empty());
        EXPECT_TRUE(psp::initial_training_status(sql, config, "E3").complete);
    });
}

TEST_F(TrainingMethods, ARecordLateOnMarch31InLosAngelesCountsForQ1) {
    psp_test::add_psp(t_, "E1", local_ms("2025-01-01T00:00", kLosAngeles));
    t_.host.now_ms = local_ms("2025-04-02T09:00", kLosAngeles);
    call("training.import",
         xapi(Json::array(
             {xapi_statement(uuid_of(1), "E1", "burnout", "2025-04-01T06:30:00Z", "PT4H")})),
         "x1");
    EXPECT_EQ(t_.count("SELECT COUNT(*) FROM training_attendance WHERE day = 20178"), 1);
    const Json s = call("training.compliance", {{"employee_id", "E1"}});
    EXPECT_EQ(s["status"], "compliant");
    EXPECT_EQ(s["hours_this_period"], 0.0);  // the four hours were Q1's
    EXPECT_EQ(s["hours_outstanding"], 0.0);
    // The summary files them under March too, so the bulk query (the overdue list) agrees.
    EXPECT_EQ(t_.count("SELECT m03 FROM training_minutes WHERE year = 2025"), 240);
    EXPECT_TRUE(call("training.overdue", Json::object())["psps"].empty());
}

// The last day of a quarter and the first of the next, as CSV dates (already local): Sep 30
// pays Q3, Oct 1 counts for Q4. Had Sep 30 fallen in Q4, Q3 would be short and E1 overdue.
TEST_F(TrainingMethods, TheLastDayOfAQuarterCountsForItAndTheNextDayForTheNext) {
    psp::Json rows =
        csv("employee_id,date,hours,topic\n"
            "E1,2025-09-30,4,burnout\n"
            "E1,2025-10-01,1,burnout\n");
    psp_test::add_psp(t_, "E1", local_ms("2025-07-01T00:00", kLosAngeles));
    t_.host.now_ms = local_ms("2025-10-05T09:00", kLosAngeles);
    call("training.import", rows, "c1");
    const Json s = call("training.compliance", {{"employee_id", "E1"}});
    EXPECT_EQ(s["status"], "compliant");
    EXPECT_EQ(s["period"], "2025-Q4");
    EXPECT_EQ(s["hours_this_period"], 1.0);
    EXPECT_EQ(s["hours_outstanding"], 0.0);
    EXPECT_TRUE(call("training.overdue", Json::object())["psps"].empty());
    t_.host.now_ms = local_ms("2026-01-02T09:00", kLosAngeles);
    const Json later = call("training.overdue", Json::object());
    ASSERT_EQ(later["psps"].size(), 1u);  // Q4 had 1 hour of 4
    EXPECT_EQ(later["psps"][0]["overdue_since"], "2026-01-01");
    EXPECT_EQ(later["psps"][0]["hours_outstanding"], 3.0);
}

}  // namespace
