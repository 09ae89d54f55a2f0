// coverage_table_test.cpp: psp-host's readable coverage table.
#include "host_sim/coverage_table.hpp"

#include <gtest/gtest.h>

namespace {

nlohmann::json cell(const char *division, const char *shift, int headcount, int psps, int needed) {
    return {{"division", division},         {"shift", shift}, {"category", "sworn"},
            {"headcount", headcount},       {"psps", psps},   {"needed", needed},
            {"below_target", psps < needed}};
}

TEST(CoverageTable, ShowsCellsProjectionAndPartnerCells) {
    const nlohmann::json uncovered = cell("Patrol", "Night", 40, 0, 1);
    const nlohmann::json report = {
        {"target_employees_per_psp", 50},
        {"headcount", 140},
        {"psps", 3},
        {"cells", {cell("Patrol", "Day", 100, 3, 2), uncovered}},
        {"below_target", {uncovered}},
        {"projection",
         {{{"month", "2026-01"},
           {"headcount", 139},
           {"psps", 2},
           {"cells_below_target", 1},
           {"cells_without_psp", 1}}}},
        {"partner_cover", {{"partner_agencies", {"county-sheriff"}}, {"cells", {uncovered}}}}};
    const std::string table = psp::host_sim::coverage_table(report);
    EXPECT_NE(table.find("3 available PSPs for 140 employees"), std::string::npos) << table;
    EXPECT_NE(table.find("Patrol    Night      sworn            40     0       1  below target"),
              std::string::npos)
        << table;
    EXPECT_EQ(table.find("Day          sworn           100     3       2  below"),
              std::string::npos)
        << "a covered cell is not marked";
    EXPECT_NE(table.find("2026-01         139     2"), std::string::npos) << table;
    EXPECT_NE(table.find("[\"county-sheriff\"]"), std::string::npos) << table;
}

}  // namespace
