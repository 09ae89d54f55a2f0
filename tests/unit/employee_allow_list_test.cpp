// employee_allow_list_test.cpp: the one door into the employee record: which fields are kept,
// length and control-character checks, active/category parsing, and require_no_rejections
// naming the rejected rows.
#include "adapters/employee_allow_list.hpp"

#include <gtest/gtest.h>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::DirectoryImport;
using psp::EmployeeRecordBuilder;
using psp_test::error_from;

TEST(AllowList, OnlyTheRecordFieldsAreAllowed) {
    for (const char *field : {"id", "name", "title", "category", "agency", "division", "unit",
                              "shift", "supervisor_id", "active", "hire_date"}) {
        EXPECT_TRUE(psp::is_allow_listed_field(field)) << field;
    }
    for (const char *field : {"email", "ssn", "discipline", "ID", "", "manager"}) {
        EXPECT_FALSE(psp::is_allow_listed_field(field)) << field;
    }
}

TEST(AllowList, BuilderRefusesFieldsOffTheList) {
    EmployeeRecordBuilder b("agency");
    EXPECT_FALSE(b.set("email", "a@b.c"));
    EXPECT_TRUE(b.set("id", "E1"));
    EXPECT_TRUE(b.set("name", "Alex"));
    EXPECT_EQ(b.problem(), "");
    const psp::EmployeeRecord e = b.take();
    EXPECT_EQ(psp_test::all_text(e).find("a@b.c"), std::string::npos);
}

TEST(AllowList, IdAndTextLengthLimits) {
    EmployeeRecordBuilder ok("a");
    ok.set("id", std::string(psp::kMaxIdLength, 'x'));
    ok.set("name", std::string(psp::kMaxTextLength, 'n'));
    EXPECT_EQ(ok.problem(), "");

    EmployeeRecordBuilder long_id("a");
    long_id.set("id", std::string(psp::kMaxIdLength + 1, 'x'));
    long_id.set("name", "Alex");
    EXPECT_NE(long_id.problem().find("id is longer"), std::string::npos) << long_id.problem();

    EmployeeRecordBuilder long_name("a");
    long_name.set("id", "E1");
    long_name.set("name", std::string(psp::kMaxTextLength + 1, 'n'));
    EXPECT_NE(long_name.problem().find("name is longer"), std::string::npos);
}

TEST(AllowList, ControlCharactersAndInvalidUtf8AreProblems) {
    for (const std::string &bad : {std::string("a\nb"), std::string("tab\x7F"),
                                   std::string("nul\0x", 5), std::string("\xC0\x80")}) {
        EmployeeRecordBuilder b("a");
        b.set("id", "E1");
        b.set("name", bad);
        EXPECT_NE(b.problem().find("name holds control characters"), std::string::npos);
    }
}

TEST(AllowList, ActiveAcceptsCommonSpellings) {
    for (const auto &[text, expected] : std::vector<std::pair<std::string, bool>>{{"true", true},
                                                                                  {"YES", true},
                                                                                  {"1", true},
                                                                                  {"False", false},
                                                                                  {"no", false},
                                                                                  {"0", false}}) {
        EmployeeRecordBuilder b("a");
        b.set("id", "E1");
        b.set("name", "N");
        b.set("active", text);
        EXPECT_EQ(b.problem(), "") << text;
        EXPECT_EQ(b.take().active, expected) << text;
    }
    EmployeeRecordBuilder bad("a");
    bad.set("id", "E1");
    bad.set("name", "N");
    bad.set("active", "maybe");
    EXPECT_NE(bad.problem().find("active"), std::string::npos);
}

TEST(AllowList, HireDateIsACalendarDayOrEmpty) {
    psp::EmployeeRecordBuilder b("agency");
    b.set("id", "E1");
    b.set("name", "N");
    EXPECT_TRUE(b.set("hire_date", " 2019-02-28 "));
    EXPECT_EQ(b.problem(), "");
    EXPECT_TRUE(b.set("hire_date", ""));
    EXPECT_EQ(b.problem(), "");
    EXPECT_EQ(b.take().hire_date, "");
    for (const char *bad : {"2019-02-29", "2019-2-28", "28/02/2019", "yesterday"}) {
        psp::EmployeeRecordBuilder c("agency");
        c.set("id", "E1");
        c.set("name", "N");
        c.set("hire_date", bad);
        EXPECT_EQ(c.problem(),
                  "hire_date '" + std::string(bad) + "' is not a calendar date written YYYY-MM-DD");
    }
}

TEST(AllowList, FirstProblemIsKept) {
    EmployeeRecordBuilder b("a");
    b.set("category", "deputy");
    b.set("active", "maybe");
    EXPECT_NE(b.problem().find("category"), std::string::npos) << b.problem();
}

TEST(AllowList, MissingIdOrNameIsAProblem) {
    EmployeeRecordBuilder no_id("a");
    no_id.set("name", "N");
    EXPECT_NE(no_id.problem().find("id is missing"), std::string::npos);
    EmployeeRecordBuilder no_name("a");
    no_name.set("id", "E9");
    EXPECT_NE(no_name.problem().find("name is missing for E9"), std::string::npos);
}

TEST(RequireNoRejections, PassesWithoutRejections) {
    DirectoryImport import;
    import.records.push_back(psp_test::employee("E1"));
    EXPECT_NO_THROW(psp::require_no_rejections(import, "csv"));
}

TEST(RequireNoRejections, MessageAndRecordsListTheRows) {
    DirectoryImport import;
    import.rejected = {{3, "has 2 fields; the header has 3"}, { 7, "name is missing for E7" }};
    const psp::Error e = error_from([&] { psp::require_no_rejections(import, "csv"); });
    EXPECT_EQ(e.code(), psp::ErrorCode::invalid_request);
    const std::string message = e.what();
    EXPECT_NE(message.find("csv"), std::string::npos) << message;
    EXPECT_NE(message.find("2 invalid row"), std::string::npos) << message;
    EXPECT_NE(message.find("row 3: has 2 fields"), std::string::npos) << message;
    EXPECT_NE(message.find("row 7: name is missing for E7"), std::string::npos) << message;
    EXPECT_EQ(e.records(), (std::vector<std::string>{"row 3: has 2 fields; the header has 3",
                                                     "row 7: name is missing for E7"}));
}

TEST(RequireNoRejections, NamesAtMostTenRowsButCountsAll) {
    DirectoryImport import;
    for (std::size_t row = 1; row <= 25; ++row) {
        import.rejected.push_back({row, "bad"});
    }
    const psp::Error e = error_from([&] { psp::require_no_rejections(import, "records"); });
    EXPECT_EQ(e.records().size(), 10u);
    EXPECT_NE(std::string(e.what()).find("25 invalid row"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("row 11:"), std::string::npos) << e.what();
}

}  // namespace
