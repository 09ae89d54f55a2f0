// csv_directory_test.cpp: CSV directory imports: RFC 4180 quoting (commas, doubled quotes, line
// breaks inside quotes), header aliases and case, a UTF-8 BOM, CRLF, rows with the wrong field
// count rejected with their line number, refusals (no id column, malformed quotes, no header),
// dropped columns reported by header name and never by value.
#include "adapters/csv_directory.hpp"

#include <gtest/gtest.h>

#include <map>

#include "adapters/csv_table.hpp"
#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::DirectoryImport;
using psp::EmployeeRecord;
using psp::ErrorCode;
using psp_test::error_from;

DirectoryImport import(const std::string &csv) {
    return psp::import_csv_directory(csv, "agency-default");
}

std::map<std::string, EmployeeRecord> by_id(const DirectoryImport &result) {
    std::map<std::string, EmployeeRecord> out;
    for (const EmployeeRecord &e : result.records) {
        out.emplace(e.id, e);
    }
    return out;
}

TEST(CsvDirectory, MapsEveryPluginColumn) {
    const DirectoryImport result = import(
        "id,name,title,category,agency,division,unit,shift,supervisor_id,active,hire_date\n"
        "E1,Dana Chief,Chief,sworn,Metro PD,Command,Office,Days,,true,1998-07-01\n"
        "E2,Lee Ray,Dispatcher II,dispatcher,,Comms,Center,Nights,E1,no,\n");
    ASSERT_TRUE(result.rejected.empty()) << result.rejected[0].reason;
    const auto records = by_id(result);
    ASSERT_EQ(records.size(), 2u);
    const EmployeeRecord &lee = records.at("E2");
    EXPECT_EQ(lee.name, "Lee Ray");
    EXPECT_EQ(lee.title, "Dispatcher II");
    EXPECT_EQ(lee.category, psp::StaffCategory::dispatcher);
    EXPECT_EQ(lee.agency, "agency-default");  // empty cell: the instance's agency
    EXPECT_EQ(lee.division, "Comms");
    EXPECT_EQ(lee.unit, "Center");
    EXPECT_EQ(lee.shift, "Nights");
    EXPECT_EQ(lee.supervisor_id, "E1");
    EXPECT_FALSE(lee.active);
    EXPECT_EQ(lee.hire_date, "");
    EXPECT_EQ(records.at("E1").hire_date, "1998-07-01");
    EXPECT_EQ(records.at("E1").agency, "Metro PD");
    EXPECT_TRUE(records.at("E1").active);
    EXPECT_TRUE(result.dropped_fields.empty());
}

TEST(CsvDirectory, QuotedFieldsFollowRfc4180) {
    const DirectoryImport result = import(
        "id,name,title,notes\n"
        "E1,\"Doe, Jane\",\"Sgt \"\"Ace\"\" Smith\",\"line one\nline two, still notes\"\n"
        "E2,Plain,\"\",x\n");
    ASSERT_TRUE(result.rejected.empty()) << result.rejected[0].reason;
    const auto records = by_id(result);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records.at("E1").name, "Doe, Jane");
    EXPECT_EQ(records.at("E1").title, "Sgt \"Ace\" Smith");
    EXPECT_EQ(records.at("E2").title, "");
}

TEST(CsvDirectory, LineBreakInsideAKeptFieldIsRejectedNotStored) {
    const DirectoryImport result = import("id,name\nE1,\"two\nlines\"\n");
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_NE(result.rejected[0].reason.find("name"), std::string::npos);
    EXPECT_TRUE(result.records.empty());
}

TEST(CsvDirectory, HeaderAliasesAndCaseAreRecognised) {
    const DirectoryImport result = import(
        " Employee_ID ,NAME,Rank,SUPERVISOR,Staff_Category\n"
        "E1,Top,Chief,,civilian\n"
        "E2,Next,Captain,E1,Sworn\n");
    ASSERT_TRUE(result.rejected.empty()) << result.rejected[0].reason;
    EXPECT_TRUE(result.dropped_fields.empty());
    const auto records = by_id(result);
    EXPECT_EQ(records.at("E2").title, "Captain");
    EXPECT_EQ(records.at("E2").supervisor_id, "E1");
    EXPECT_EQ(records.at("E2").category, psp::StaffCategory::sworn);
    EXPECT_EQ(records.at("E1").category, psp::StaffCategory::civilian);
}

TEST(CsvDirectory, LeadingBomIsIgnored) {
    const DirectoryImport result = import("\xEF\xBB\xBFid,name\nE1,Alex\n");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].id, "E1");
    EXPECT_TRUE(result.dropped_fields.empty());
}

TEST(CsvDirectory, CrLfLineEndingsWork) {
    const DirectoryImport result = import("id,name\r\nE1,Alex\r\nE2,Sam\r\n");
    EXPECT_EQ(by_id(result).size(), 2u);
    EXPECT_TRUE(result.rejected.empty());
    EXPECT_EQ(by_id(result).at("E2").name, "Sam");
}

TEST(CsvDirectory, WrongFieldCountRejectsTheRowWithItsLineNumber) {
    const DirectoryImport result = import(
        "id,name,title\n"
        "E1,Alex,Chief\n"
        "E2,Sam\n"
        "E3,Kim,Officer\n"
        "E4,Lou,Officer,extra\n");
    ASSERT_EQ(result.rejected.size(), 2u);
    EXPECT_EQ(result.rejected[0].row, 3u);
    EXPECT_EQ(result.rejected[1].row, 5u);
    EXPECT_NE(result.rejected[0].reason.find("2 fields"), std::string::npos)
        << result.rejected[0].reason;
    EXPECT_EQ(by_id(result).size(), 2u);
}

TEST(CsvDirectory, RejectedRowNumberCountsBlankLines) {
    const DirectoryImport result = import("id,name\n\nE1,Alex\n\n\nE2\n");
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 6u);
}

TEST(CsvDirectory, RowNumbersCountBlankCrLfLinesOnce) {
    const DirectoryImport result =
        psp::import_csv_directory("id,name\r\n\r\nE1,Alex\r\n   \r\nE2\r\n", "agency-default");
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 5u);
}

TEST(CsvDirectory, RowNumbersAreRecordsSoAQuotedLineBreakDoesNotAdvanceThem) {
    const DirectoryImport result = import("id,name,notes\nE1,Alex,\"two\nlines\"\nE2,Sam\n");
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 3u);  // the third record, as a spreadsheet shows it
}

TEST(CsvDirectory, MalformedHireDateRejectsTheRowWithItsLineNumber) {
    const DirectoryImport result =
        import("id,name,hire_date\nE1,Ann,2020-01-31\nE2,Bo,2020-13-01\n");
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 3u);
    EXPECT_EQ(result.rejected[0].reason,
              "hire_date '2020-13-01' is not a calendar date written YYYY-MM-DD");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].hire_date, "2020-01-31");
}

TEST(CsvDirectory, RowWithoutNameIsRejected) {
    const DirectoryImport result = import("id,name\nE1,\n");
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].row, 2u);
    EXPECT_NE(result.rejected[0].reason.find("name"), std::string::npos);
}

TEST(CsvDirectory, MissingIdColumnIsRefused) {
    const psp::Error e = error_from([] { import("name,title\nAlex,Chief\n"); });
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_EQ(e.field(), "/params/csv");
}

TEST(CsvDirectory, MalformedQuotesAreRefused) {
    const psp::Error unterminated = error_from([] { import("id,name\nE1,\"never closed\n"); });
    EXPECT_EQ(unterminated.code(), ErrorCode::invalid_request);
    EXPECT_EQ(unterminated.field(), "/params/csv");
    const psp::Error stray = error_from([] { import("id,name\nE1,\"quoted\"tail\n"); });
    EXPECT_EQ(stray.code(), ErrorCode::invalid_request);
}

TEST(CsvDirectory, EmptyTextHasNoHeader) {
    const psp::Error e = error_from([] { import(""); });
    EXPECT_EQ(e.code(), ErrorCode::invalid_request);
    EXPECT_NE(std::string(e.what()).find("header"), std::string::npos) << e.what();
}

TEST(CsvDirectory, HeaderOnlyIsAnEmptyDirectory) {
    const DirectoryImport result = import("id,name\n");
    EXPECT_TRUE(result.records.empty());
    EXPECT_TRUE(result.rejected.empty());
}

TEST(CsvDirectory, DroppedColumnsAreReportedByHeaderNameNeverByValue) {
    const std::string secret = "SECRET-VALUE";
    const DirectoryImport result = import(
        "id,name,home_address,ssn,discipline_notes\n"
        "E1,Alex," +
        secret + " Road," + secret + ",\"" + secret + ", pending\"\n");
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.dropped_fields,
              (std::set<std::string>{"home_address", "ssn", "discipline_notes"}));
    EXPECT_EQ(psp_test::all_text(result.records).find(secret), std::string::npos);
}

TEST(CsvTable, HeaderIsTrimmedAndLowerCasedAndLinesAreRecordNumbers) {
    const psp::CsvTable table = psp::parse_csv_table("\xEF\xBB\xBF ID ,Name\nE1,a\nE2,b\n", "/f");
    EXPECT_EQ(table.header, (std::vector<std::string>{"id", "name"}));
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0].line, 2u);
    EXPECT_EQ(table.rows[1].line, 3u);
    EXPECT_EQ(table.rows[1].fields, (std::vector<std::string>{"E2", "b"}));
}

TEST(CsvTable, ErrorsNameTheGivenField) {
    EXPECT_EQ(error_from([] { psp::parse_csv_table("a\n\"x", "/params/training"); }).field(),
              "/params/training");
}

}  // namespace
