// coverage_table_test.cpp: psp-host's readable coverage table.
#include "host_sim/coverage_table.hpp"

#include <gtest/gtest.h>

namespace {

nlohmann::json cell(const char *division, const char *shift, int headcount, int psps) {
    return {{"division", division},
            {"shift", shift},
            {"category", "sworn"},
            {"headcount", headcount},
            {"psps", psps}};
}

TEST(CoverageTable, ShowsCellsProjectionAndPartnerCells) {
    const nlohmann::json uncovered = cell("Patrol", "Night", 40, 0);
    const nlohmann::json night = {
        {"shift", "Night"}, {"headcount", 40}, {"psps", 0}, {"needed", 1}, {"below_target", true}};
    const nlohmann::json report = {
        {"target_employees_per_psp", 50},
        {"headcount", 140},
        {"psps", 3},
        {"needed", 3},
        {"cells", {cell("Patrol", "Day", 100, 3), uncovered}},
        {"targets",
         {{{"shift", "Day"},
           {"headcount", 100},
           {"psps", 3},
           {"needed", 2},
           {"below_target", false}},
          night}},
        {"below_target", {night}},
        {"projection",
         {{{"month", "2026-01"},
           {"headcount", 139},
           {"psps", 2},
           {"needed", 3},
           {"targets_below_target", 1},
           {"cells_without_psp", 1}}}},
        {"partner_cover", {{"partner_agencies", {"county-sheriff"}}, {"cells", {uncovered}}}}};
    const std::string table = psp::host_sim::coverage_table(report);
    EXPECT_NE(table.find("3 available PSPs for 140 employees"), std::string::npos) << table;
    EXPECT_NE(table.find("Patrol    Night      sworn            40     0\n"), std::string::npos)
        << table;
    EXPECT_NE(table.find("Night                                  40 employees     0 PSPs     1 "
                         "needed  below target"),
              std::string::npos)
        << table;
    EXPECT_EQ(table.find("Day                                   100 employees     3 PSPs     2 "
                         "needed  below"),
              std::string::npos)
        << "a group on target is not marked";
    EXPECT_NE(table.find("2026-01         139     2"), std::string::npos) << table;
    EXPECT_NE(table.find("[\"county-sheriff\"]"), std::string::npos) << table;
}

}  // namespace
