// command_staff_figures_test.cpp: command staff with statistics rights, attacking everything else
// they can reach (issue 20, items 3 and 10(d)). Every figure in coverage.report and
// readiness.report, and every refusal, is checked against what statistics.report publishes:
// a count that statistics.report suppresses must not come back anywhere else, and what-if
// projections over named employees are the coordinator's.
#include <gtest/gtest.h>

#include <regex>

#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::one_role;
using psp_test::ProgramAgency;

constexpr int64_t kThreshold = 5;  // policy.statistics.threshold's default

// statistics.report's agency view of `table`: its figure for each column (staff category).
std::map<std::string, Json> published_by_category(ProgramAgency &p, const std::string &table) {
    const Json report =
        p.as("CMD", one_role().command_staff, "statistics.report", {{"tables", {table}}});
    const Json &t = report.at("tables").at(0);
    std::map<std::string, Json> out;
    for (std::size_t c = 0; c < t.at("columns").size(); ++c) {
        out[t.at("columns")[c]] = t.at("column_totals")[c];
    }
    out[""] = t.at("total");
    return out;
}

bool is_small(const Json &figure) {
    return figure.is_number_integer() && figure.get<int64_t>() >= 1 &&
           figure.get<int64_t>() < kThreshold;
}

// Every standalone number in `text` (not part of a date, a rule id or a citation).
std::vector<int64_t> numbers_in(const std::string &text) {
    std::vector<int64_t> out;
    static const std::regex number(R"((^|[\s(])(\d+)(?=[\s)]|$))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), number);
         it != std::sregex_iterator(); ++it) {
        out.push_back(std::stoll((*it)[2].str()));
    }
    return out;
}

class CommandStaffFigures : public ::testing::Test {
  protected:
    void SetUp() override {
        // X1 is the agency's only dispatcher: a PSP count of 1 that statistics suppresses.
        for (const char *id : {"O1", "O4", "X1"}) {
            p_.make_active(id);
        }
    }
    ProgramAgency p_;
};

TEST_F(CommandStaffFigures, CoverageShowsOnlyWhatStatisticsPublish) {
    const std::map<std::string, Json> psps = published_by_category(p_, "coverage");
    const std::map<std::string, Json> headcount = published_by_category(p_, "headcount");
    ASSERT_TRUE(psps.at("dispatcher").is_null()) << "the attack needs a suppressed count";
    const Json r = p_.as("CMD", one_role().command_staff, "coverage.report");
    EXPECT_EQ(r.at("view"), "published_statistics");
    EXPECT_EQ(r.at("psps"), psps.at(""));
    EXPECT_EQ(r.at("headcount"), headcount.at(""));
    int cells = 0;
    for (const char *list : {"cells", "below_target"}) {
        for (const Json &cell : r.at(list)) {
            const std::string category = cell.at("category");
            EXPECT_EQ(cell.at("psps"), psps.at(category)) << cell;
            EXPECT_EQ(cell.at("headcount"), headcount.at(category)) << cell;
            EXPECT_FALSE(is_small(cell.at("psps"))) << cell;
            EXPECT_FALSE(is_small(cell.at("headcount"))) << cell;
            ++cells;
        }
    }
    EXPECT_GT(cells, 0);
    for (const Json &cell : r.at("partner_cover").at("cells")) {
        EXPECT_EQ(cell.at("psps"), 0) << "only a published zero says a cell has no PSP";
    }
    EXPECT_EQ(r.at("projection"), Json::array());
    // The coordinator still sees every cell exactly: the dispatcher PSP is there.
    const Json full = p_.as("COORD", one_role().coordinator, "coverage.report");
    EXPECT_EQ(full.at("view"), "cells");
    bool dispatcher = false;
    for (const Json &cell : full.at("cells")) {
        dispatcher = dispatcher || (cell.at("category") == "dispatcher" && cell.at("psps") == 1);
    }
    EXPECT_TRUE(dispatcher) << full;
}

TEST_F(CommandStaffFigures, DeparturesOverNamedEmployeesAreTheCoordinatorsOnly) {
    // "Is X1 an available PSP?" would be one departure away.
    const Json departures = {
        {"departures", {{{"employee_id", "X1"}, {"date", "2024-01-15"}, {"kind", "retirement"}}}}};
    for (const auto &[who, roles] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"CMD", one_role().command_staff}, {"HR", {"hr_admin"}}}) {
        const psp::Error e = p_.refused(who, roles, "coverage.report", departures);
        EXPECT_EQ(code_of(e), "forbidden") << who;
        EXPECT_EQ(e.field(), "/params/departures") << who;
    }
    EXPECT_FALSE(p_.as("COORD", one_role().coordinator, "coverage.report", departures)
                     .at("projection")
                     .empty());
}

TEST_F(CommandStaffFigures, ReadinessCarriesNoSmallCount) {
    // Three PSPs and two clinicians: both small counts.
    const Json r = p_.as("CMD", one_role().command_staff, "readiness.report");
    int details = 0;
    for (const Json &item : r.at("items")) {
        for (int64_t n : numbers_in(item.at("detail"))) {
            EXPECT_FALSE(n >= 1 && n < kThreshold) << item;
        }
        ++details;
    }
    EXPECT_GT(details, 0);
    // The coordinator reads the exact figures; the scan can fail.
    const std::string coordinator =
        p_.as("COORD", one_role().coordinator, "readiness.report").at("items").dump();
    EXPECT_NE(coordinator.find("2 active licensed clinician(s)"), std::string::npos) << coordinator;
}

TEST_F(CommandStaffFigures, RefusalsGiveNoCountsAndNameNoGroup) {
    const psp::Error e = p_.refused("CMD", one_role().command_staff, "statistics.report",
                                    {{"tables", {"coverage"}}, {"breakdown", "division"}});
    EXPECT_EQ(code_of(e), "invalid_request");
    EXPECT_EQ(e.field(), "/params/breakdown");
    const std::string text = e.what();
    for (const char *group : {"Patrol", "Investigations", "Command"}) {
        EXPECT_EQ(text.find(group), std::string::npos) << text;
    }
    EXPECT_EQ(numbers_in(std::regex_replace(text, std::regex(R"(\(5\))"), "")),
              std::vector<int64_t>{})
        << text;
    EXPECT_EQ(std::regex_search(text, std::regex("[0-46-9]")), false) << text;
}

}  // namespace
