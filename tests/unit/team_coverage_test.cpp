// team_coverage_test.cpp: coverage cells, targets, the projection over known departures and the
// cells partner agencies would cover (IACP 3.8), in the domain and through coverage.report.
#include <gtest/gtest.h>

#include <fstream>

#include "plugin/core/plain_text.hpp"
#include "plugin/domain/team_coverage.hpp"
#include "program_fixture.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::Json;
using psp_test::code_of;
using psp_test::ProgramAgency;

psp::EmployeeRecord staff(const std::string &id, const std::string &division,
                          const std::string &shift, const std::string &supervisor = "BOSS") {
    psp::EmployeeRecord e = psp_test::employee(id, supervisor);
    e.division = division;
    e.shift = shift;
    e.category = psp::StaffCategory::sworn;
    return e;
}

TEST(TeamCoverage, CountsCellsAndProjectsDepartures) {
    std::vector<psp::EmployeeRecord> people = {staff("BOSS", "HQ", "Day", "")};
    for (int i = 0; i < 6; ++i) {
        people.push_back(staff("A" + std::to_string(i), "North", "Day"));
    }
    for (int i = 0; i < 3; ++i) {
        people.push_back(staff("B" + std::to_string(i), "North", "Night"));
    }
    people.back().active = false;  // B2 is not counted
    const psp::OrgChartIndex chart = psp::OrgChartIndex::build(people);
    const std::vector<psp::OrgChartIndex::Node> psps = {chart.find("A0"), chart.find("B0")};
    psp::CoveragePolicy policy;
    policy.employees_per_psp = 4;
    const psp::CivilDate today = *psp::parse_iso_date("2024-01-15");
    std::vector<psp::KnownDeparture> departures = {
        {chart.find("A0"), *psp::parse_iso_date("2024-03-31"), "retirement", "", "", false},
        {chart.find("B0"), *psp::parse_iso_date("2024-02-01"), "transfer", "", "Day", false},
    };
    const psp::CoverageReport r =
        psp::team_coverage(chart, psps, departures, policy, true, today, 12);
    ASSERT_EQ(r.cells.size(), 3u);  // HQ/Day, North/Day, North/Night
    EXPECT_EQ(r.headcount, 9);
    EXPECT_EQ(r.psps, 2);
    const psp::CoverageCell &north_day = r.cells[1];
    EXPECT_EQ(north_day.key.division, "North");
    EXPECT_EQ(north_day.headcount, 6);
    EXPECT_EQ(north_day.psps, 1);
    EXPECT_EQ(r.cells[2].headcount, 2);
    ASSERT_EQ(r.targets.size(), 1u) << "agency-wide by default";
    EXPECT_EQ(r.needed, 3);  // 9 employees, one PSP per 4
    EXPECT_TRUE(r.targets[0].below_target());
    ASSERT_EQ(r.projection.size(), 12u);
    EXPECT_EQ(r.projection[0].month, "2024-01");
    EXPECT_EQ(r.projection[0].psps, 2);
    EXPECT_EQ(r.projection[1].month, "2024-02");
    EXPECT_EQ(r.projection[1].cells_without_psp, 2) << "HQ, and North/Night after B0 moved";
    EXPECT_EQ(r.projection[2].psps, 1) << "A0 retired at the end of March";
    EXPECT_EQ(r.projection[2].headcount, 8);
    EXPECT_EQ(r.projection[11].month, "2024-12");
}

TEST(TeamCoverage, PromotionToSupervisorLeavesThePoolWherePolicySaysSo) {
    const std::vector<psp::EmployeeRecord> people = {staff("BOSS", "HQ", "Day", ""),
                                                     staff("A0", "HQ", "Day")};
    const psp::OrgChartIndex chart = psp::OrgChartIndex::build(people);
    const std::vector<psp::KnownDeparture> promotion = {
        {chart.find("A0"), *psp::parse_iso_date("2024-02-10"), "promotion", "", "", true}};
    const psp::CivilDate today = *psp::parse_iso_date("2024-01-15");
    const auto psps_after = [&](bool may_serve) {
        return psp::team_coverage(chart, {chart.find("A0")}, promotion, {}, may_serve, today, 3)
            .projection.back()
            .psps;
    };
    EXPECT_EQ(psps_after(true), 1);
    EXPECT_EQ(psps_after(false), 0);
}

TEST(TeamCoverage, ReportThroughTheDispatcherNamesNoOne) {
    ProgramAgency p(R"({"policy": {"coverage": {"employees_per_psp": 4,
                                                "partner_agencies": ["county-sheriff"]}}})");
    p.make_active("O1");
    const Json r =
        p.as("COORD", psp_test::one_role().coordinator, "coverage.report",
             {{"months", 6},
              {"departures",
               {{{"employee_id", "O1"}, {"date", "2023-12-15"}, {"kind", "retirement"}}}}});
    EXPECT_EQ(r.at("headcount"), 14);
    EXPECT_EQ(r.at("psps"), 1);
    EXPECT_EQ(r.at("needed"), 4);  // agency-wide: 14 employees, one PSP per 4
    EXPECT_EQ(r.at("projection").size(), 6u);
    EXPECT_EQ(r.at("projection")[0].at("psps"), 1);
    EXPECT_EQ(r.at("projection")[1].at("psps"), 0);
    EXPECT_EQ(r.at("partner_cover").at("partner_agencies"), Json::array({"county-sheriff"}));
    bool patrol_day_covered = false;
    for (const Json &cell : r.at("cells")) {
        if (cell.at("division") == "Patrol" && cell.at("shift") == "Day") {
            EXPECT_EQ(cell.at("headcount"), 5);
            EXPECT_EQ(cell.at("psps"), 1);
            patrol_day_covered = true;
        }
    }
    EXPECT_TRUE(patrol_day_covered);
    EXPECT_EQ(r.at("partner_cover").at("cells").size(), r.at("cells").size() - 1);
    const std::string text = r.dump();
    for (const char *id : {"\"O1\"", "Name O1", "CHIEF"}) {
        EXPECT_EQ(text.find(id), std::string::npos) << id;
    }
    const psp::Error unknown = p.refused(
        "COORD", psp_test::one_role().coordinator, "coverage.report",
        {{"departures",
          {{{"employee_id", "NOBODY"}, {"date", "2023-12-15"}, {"kind", "retirement"}}}}});
    EXPECT_EQ(code_of(unknown), "not_found");
    EXPECT_EQ(unknown.field(), "/params/departures/0/employee_id");
    EXPECT_EQ(code_of(p.refused(
                  "COORD", psp_test::one_role().coordinator, "coverage.report",
                  {{"departures",
                    {{{"employee_id", "O1"}, {"date", "2023-13-15"}, {"kind", "retirement"}}}}})),
              "invalid_request");
}

}  // namespace

namespace {

using psp::trimmed;

std::vector<std::string> split(const std::string &text, char separator) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at = text.find(separator); at != std::string::npos;
         at = text.find(separator, start)) {
        out.push_back(trimmed(text.substr(start, at - start)));
        start = at + 1;
    }
    out.push_back(trimmed(text.substr(start)));
    return out;
}

// docs/coverage.md's worked examples, each agency built and its target computed as the plugin
// computes it.
TEST(TeamCoverage, TheDocsWorkedExamplesHold) {
    std::ifstream in(std::string(PSP_SOURCE_DIR) + "/docs/coverage.md");
    ASSERT_TRUE(in) << "docs/coverage.md";
    std::string line;
    bool inside = false;
    int rows = 0;
    std::vector<psp::EmployeeRecord> people;
    while (std::getline(in, line)) {
        if (line.find("coverage-examples:begin") != std::string::npos) {
            inside = true;
            continue;
        }
        if (line.find("coverage-examples:end") != std::string::npos) {
            break;
        }
        if (!inside || line.rfind("| ", 0) != 0 || line.find("| agency") == 0) {
            continue;
        }
        const std::vector<std::string> cols = split(line.substr(1, line.size() - 2), '|');
        ASSERT_EQ(cols.size(), 4u) << line;
        if (cols[1] != "(same)") {
            people = {psp_test::employee("P0", "")};
            people[0].active = false;  // the chart's root, not counted
            for (const std::string &group : split(cols[1], ';')) {
                const std::vector<std::string> where = split(group.substr(0, group.find(':')), '/');
                const int n = std::stoi(group.substr(group.find(':') + 1));
                for (int i = 0; i < n; ++i) {
                    psp::EmployeeRecord e =
                        psp_test::employee("P" + std::to_string(people.size()), "P0");
                    e.division = where[0];
                    e.shift = where[1];
                    e.category = *psp::parse_staff_category(where[2]);
                    people.push_back(e);
                }
            }
        }
        psp::CoveragePolicy policy;
        if (cols[2] != "agency-wide") {
            for (const std::string &dimension : split(cols[2].substr(0, cols[2].find(" (")), ',')) {
                policy.target_by.push_back(dimension);
            }
        }
        const psp::OrgChartIndex chart = psp::OrgChartIndex::build(people);
        const psp::CoverageReport r =
            psp::team_coverage(chart, {}, {}, policy, true, *psp::parse_iso_date("2026-01-05"), 0);
        EXPECT_EQ(r.headcount, std::stoi(cols[0])) << line;
        EXPECT_EQ(r.needed, std::stoi(cols[3])) << line;
        ++rows;
    }
    EXPECT_EQ(rows, 10);
}

}  // namespace
