// coverage_table.hpp: coverage.report's answer as a table a coordinator can read in a terminal.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace psp::host_sim {

// One line per division x shift x category cell (headcount, PSPs, needed, a mark when below
// target), then the month-by-month projection and the cells partner agencies would cover.
std::string coverage_table(const nlohmann::json &coverage_result);

}  // namespace psp::host_sim
