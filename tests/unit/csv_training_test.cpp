// csv_training_test.cpp: attendance CSV: the column allow-list (other columns dropped unread
// and named), case-insensitive headers, required columns, and rows with a wrong field count, a
// bad date or bad hours rejected with their line number.
#include "adapters/csv_training.hpp"

#include <gtest/gtest.h>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp_test::error_from;

TEST(CsvTraining, MapsTheAllowListedColumns) {
    const psp::TrainingImport result = psp::import_csv_training(
        "Employee_ID,Date,Hours,Course,Topic,Provider,Supervisor_Remarks\n"
        "E1,2026-03-31,4.5,cism_basic,,Academy,SECRET-REMARK\n"
        "E2,2026-01-02, 2 ,,suicide_assessment,,\n");
    ASSERT_TRUE(result.rejected.empty()) << result.rejected.front().reason;
    ASSERT_EQ(result.records.size(), 2u);
    const psp::AttendanceRecord &a = result.records[0];
    EXPECT_EQ(a.employee_id, "E1");
    EXPECT_EQ(psp::format_iso_date(a.date), "2026-03-31");
    EXPECT_EQ(a.minutes, 270);
    EXPECT_EQ(a.course_code, "cism_basic");
    EXPECT_EQ(a.topic_code, "");
    EXPECT_EQ(a.provider, "Academy");
    EXPECT_EQ(a.source, "csv");
    EXPECT_EQ(result.records[1].topic_code, "suicide_assessment");
    EXPECT_EQ(result.records[1].minutes, 120);
    EXPECT_EQ(result.dropped_fields, (std::set<std::string>{"supervisor_remarks"}));
    EXPECT_EQ(result.rows, (std::vector<std::size_t>{2, 3}));
    EXPECT_FALSE(result.course_may_be_topic);
    for (const psp::AttendanceRecord &r : result.records) {
        EXPECT_EQ(r.provider.find("SECRET"), std::string::npos);
    }
}

TEST(CsvTraining, BadRowsAreRejectedWithTheirLine) {
    const psp::TrainingImport result = psp::import_csv_training(
        "employee_id,date,hours,topic\n"
        "E1,2026-02-30,4,confidentiality\n"
        "E2,2026-02-01,four,confidentiality\n"
        "E3,2026-02-01,4\n"
        ",2026-02-01,4,confidentiality\n"
        "E5,2026-02-01,-3,confidentiality\n");
    ASSERT_EQ(result.rejected.size(), 4u);
    EXPECT_EQ(result.rejected[0].row, 2u);
    EXPECT_EQ(result.rejected[0].reason, "date '2026-02-30' is not YYYY-MM-DD");
    EXPECT_EQ(result.rejected[1].reason, "hours 'four' is not a number");
    EXPECT_EQ(result.rejected[2].reason, "has 3 fields; the header has 4");
    EXPECT_EQ(result.rejected[3].reason, "employee_id is missing");
    // Negative hours pass the adapter as negative and are refused by the record check.
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_LT(result.records.front().minutes, 0);
}

TEST(CsvTraining, RequiredColumnsAreNamed) {
    const psp::Error no_hours =
        error_from([] { psp::import_csv_training("employee_id,date,topic\nE1,2026-01-01,x\n"); });
    EXPECT_EQ(no_hours.code(), ErrorCode::invalid_request);
    EXPECT_EQ(std::string(no_hours.what()), "the CSV header has no hours column");
    EXPECT_EQ(no_hours.field(), "/params/csv");
    const psp::Error no_activity =
        error_from([] { psp::import_csv_training("employee_id,date,hours\nE1,2026-01-01,1\n"); });
    EXPECT_EQ(std::string(no_activity.what()), "the CSV header has no course or topic column");
    EXPECT_EQ(error_from([] { psp::import_csv_training("\"unclosed\n"); }).code(),
              ErrorCode::invalid_request);
}

}  // namespace
