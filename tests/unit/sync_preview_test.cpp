// sync_preview_test.cpp: directory.sync and training.import with dry_run: what would happen
// (counts, the first changes by employee id with the fields that differ, dropped fields, rejected
// rows, warnings, org-chart problems) and nothing written: not the directory, not its revision,
// not the idempotency table, not the audit log (a preview changes nothing, so there is nothing
// to audit). Also the sync answer's mapping and warnings on a real call.
#include <gtest/gtest.h>

#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::error_from;
using psp_test::one_role;

const char *const kCsvConfig = R"({"policy": {"directory": {"mapping": {"profile": "hris_csv",
    "category_values": {"Sworn Officer": "sworn", "Communications": "dispatcher"}}}}})";

class SyncPreview : public ::testing::Test {
  protected:
    SyncPreview() : t_(kCsvConfig) {
        t_.call("directory.sync", one_role().hr_admin, csv_sync(kFirst), "first");
    }

    static Json csv_sync(const std::string &csv, bool dry_run = false) {
        Json params = {{"mode", "full"}, {"source", "csv"}, {"csv", csv}};
        if (dry_run) {
            params["dry_run"] = true;
        }
        return params;
    }
    Json preview(const std::string &csv) {
        return t_.call("directory.sync", one_role().hr_admin, csv_sync(csv, true));
    }

    // Everything a sync or an import could write, and the directory itself.
    Json written() {
        Json state = Json::object();
        for (const char *table : {"employees", "audit_log", "idempotency", "host_identities",
                                  "training_attendance", "training_minutes"}) {
            state[table] = t_.count(std::string("SELECT COUNT(*) FROM ") + table);
        }
        state["revision"] = t_.count("SELECT MAX(revision) FROM directory_state");
        state["last_sync"] = t_.count("SELECT MAX(last_sync_ms) FROM directory_state");
        state["directory"] = t_.call("directory.search", one_role().hr_admin, {{"limit", 500}});
        return state;
    }

    static constexpr const char *kFirst =
        "Employee ID,First Name,Last Name,Employee Type,Department,Shift,Reports To\n"
        "1,Grace,Okonkwo,Sworn Officer,Admin,Days,\n"
        "2,Robert,Smith,Sworn Officer,Patrol,Nights,1\n"
        "3,Mari,Alvarez,Communications,Comms,Swing,1\n";

    psp_test::TestInstance t_;
};

TEST_F(SyncPreview, ShowsCountsChangesAndWarningsAndWritesNothing) {
    const Json before = written();
    const Json r = preview(
        "Employee ID,First Name,Last Name,Employee Type,Department,Shift,Reports To,Home Phone\n"
        "1,Grace,Okonkwo,Sworn Officer,Admin,Days,,555-0101\n"
        "2,Robert,Smith,Sworn Officer,Traffic,Days,1,555-0102\n"
        "4,Dee,Nunez,Temp Contractor,Records,,1,555-0104\n");
    EXPECT_EQ(r["dry_run"], true);
    EXPECT_EQ(r["mapping"], "hris_csv");
    EXPECT_EQ(r["added"], 1);
    EXPECT_EQ(r["updated"], 1);
    EXPECT_EQ(r["removed"], 1);
    EXPECT_EQ(r["unchanged"], 1);
    EXPECT_EQ(r["total"], 3);
    EXPECT_EQ(r["dropped_fields"], Json::array({"home phone"}));
    EXPECT_EQ(r["changes"], Json::parse(R"([
        {"employee_id": "2", "change": "updated", "fields": ["unit", "shift"]},
        {"employee_id": "3", "change": "removed", "fields": []},
        {"employee_id": "4", "change": "added", "fields": []}])"));
    EXPECT_EQ(r["warnings"]["count"], 2);
    EXPECT_EQ(r["warnings"]["by_field"], Json::parse(R"({"category": 1, "shift": 1})"));
    EXPECT_EQ(r["warnings"]["first"][0]["employee_id"], "4");
    EXPECT_EQ(r["rejected"]["count"], 0);
    EXPECT_EQ(r["org_chart_problems"], Json::array());
    EXPECT_EQ(r.dump().find("Contractor"), std::string::npos) << "a value in the answer";
    EXPECT_EQ(written(), before);
}

TEST_F(SyncPreview, ListsRejectedRowsAndOrgChartProblemsInsteadOfRefusing) {
    const Json before = written();
    const Json r = preview(
        "Employee ID,First Name,Last Name,Employee Type,Department,Shift,Reports To,Status\n"
        "1,Grace,Okonkwo,Sworn Officer,Admin,Days,2,Active\n"
        "2,Robert,Smith,Sworn Officer,Patrol,Nights,1,Active\n"
        "3,Mari,Alvarez,Communications,Comms,Swing,1,Suspended\n");
    EXPECT_EQ(r["rejected"]["count"], 1);
    EXPECT_EQ(r["rejected"]["first"][0]["row"], 4);
    EXPECT_EQ(r["rejected"]["first"][0]["reason"],
              "active: the value of status is not in policy.directory.mapping.active_values");
    ASSERT_EQ(r["org_chart_problems"].size(), 1u);
    EXPECT_EQ(r["org_chart_problems"][0]["code"], "invalid_org_chart");
    EXPECT_EQ(written(), before);
    // The same export for real is refused whole, as before.
    const psp::Error e = error_from([&] {
        t_.call("directory.sync", one_role().hr_admin,
                csv_sync("Employee ID,Full Name,Status\n1,Grace,Suspended\n"), "real");
    });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(written()["employees"], before["employees"]);
}

TEST_F(SyncPreview, NeedsNoIdempotencyKeyButARealSyncStillDoes) {
    EXPECT_NO_THROW(preview(kFirst));
    const psp::Error e =
        error_from([&] { t_.call("directory.sync", one_role().hr_admin, csv_sync(kFirst)); });
    EXPECT_EQ(e.field(), "/idempotency_key");
}

TEST_F(SyncPreview, IsForDirectoryWritersOnly) {
    const psp::Error e = error_from(
        [&] { t_.call("directory.sync", one_role().coordinator, csv_sync(kFirst, true)); });
    EXPECT_EQ(e.code(), psp::ErrorCode::forbidden);
}

TEST_F(SyncPreview, ARealSyncAnswersWithItsMappingAndWarnings) {
    const Json r = t_.call(
        "directory.sync", one_role().hr_admin,
        csv_sync("Employee ID,Full Name,Reports To\n1,Grace Okonkwo,\n2,Robert Smith,1\n"), "w");
    EXPECT_EQ(r["dry_run"], false);
    EXPECT_EQ(r["mapping"], "hris_csv");
    EXPECT_EQ(r["warnings"]["count"], 4);
    EXPECT_EQ(r["warnings"]["by_field"], Json::parse(R"({"category": 2, "shift": 2})"));
    const Json e = t_.call("directory.get", one_role().hr_admin, {{"employee_id", "2"}});
    EXPECT_EQ(e["employee"]["category"], "unknown");
    const Json unknown =
        t_.call("directory.search", one_role().hr_admin, {{"category", "unknown"}});
    EXPECT_EQ(unknown["employees"].size(), 2u);
}

TEST_F(SyncPreview, TrainingImportPreviewStoresNothing) {
    t_.host.now_ms = 1'770'000'000'000;  // 2026-02-02
    const Json before = written();
    const Json r = t_.call("training.import", one_role().coordinator,
                           {{"format", "csv"},
                            {"dry_run", true},
                            {"csv",
                             "employee_id,date,hours,topic,remarks\n"
                             "2,2026-01-05,2,confidentiality,late\n"
                             "1,2026-01-06,1.5,confidentiality,\n"
                             "9,2026-01-07,1,confidentiality,\n"}},
                           {}, "C1");
    EXPECT_EQ(r["dry_run"], true);
    EXPECT_EQ(r["imported"], 2);
    EXPECT_EQ(r["dropped_fields"], Json::array({"remarks"}));
    ASSERT_EQ(r["records"].size(), 2u);
    EXPECT_EQ(r["records"][0]["employee_id"], "1");
    EXPECT_EQ(r["records"][1]["hours"], 2);
    EXPECT_EQ(r["rejected"]["count"], 1);
    EXPECT_EQ(r["rejected"]["first"][0]["row"], 4);
    EXPECT_EQ(written(), before);
}

}  // namespace
