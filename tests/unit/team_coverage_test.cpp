// team_coverage_test.cpp: coverage cells, targets, the projection over known departures and the
// cells partner agencies would cover (IACP 3.8), in the domain and through coverage.report.
#include <gtest/gtest.h>

#include "domain/team_coverage.hpp"
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
    EXPECT_EQ(north_day.needed, 2);
    EXPECT_TRUE(north_day.below_target());
    EXPECT_EQ(r.cells[2].headcount, 2);
    EXPECT_FALSE(r.cells[2].below_target());
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
        p.as("CMD", {"command_staff"}, "coverage.report",
             {{"months", 6},
              {"departures",
               {{{"employee_id", "O1"}, {"date", "2023-12-15"}, {"kind", "retirement"}}}}});
    EXPECT_EQ(r.at("headcount"), 14);
    EXPECT_EQ(r.at("psps"), 1);
    EXPECT_EQ(r.at("projection").size(), 6u);
    EXPECT_EQ(r.at("projection")[0].at("psps"), 1);
    EXPECT_EQ(r.at("projection")[1].at("psps"), 0);
    EXPECT_EQ(r.at("partner_cover").at("partner_agencies"), Json::array({"county-sheriff"}));
    bool patrol_day_covered = false;
    for (const Json &cell : r.at("cells")) {
        if (cell.at("division") == "Patrol" && cell.at("shift") == "Day") {
            EXPECT_EQ(cell.at("headcount"), 5);
            EXPECT_EQ(cell.at("psps"), 1);
            EXPECT_EQ(cell.at("needed"), 2);
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
        "CMD", {"command_staff"}, "coverage.report",
        {{"departures",
          {{{"employee_id", "NOBODY"}, {"date", "2023-12-15"}, {"kind", "retirement"}}}}});
    EXPECT_EQ(code_of(unknown), "not_found");
    EXPECT_EQ(unknown.field(), "/params/departures/0/employee_id");
    EXPECT_EQ(code_of(p.refused(
                  "CMD", {"command_staff"}, "coverage.report",
                  {{"departures",
                    {{{"employee_id", "O1"}, {"date", "2023-13-15"}, {"kind", "retirement"}}}}})),
              "invalid_request");
}

}  // namespace
