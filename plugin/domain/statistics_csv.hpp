// statistics_csv.hpp: published statistics tables as one RFC 4180 CSV document, in long form so
// a spreadsheet can pivot it: one line per figure, "table,row,column,count".
//
// A row or column total has an empty label for the dimension it sums over ("" means "all");
// group labels are never empty (the methods label a person without a division "(none)"). A
// suppressed figure reads "suppressed". Fields are quoted when they hold a comma, a quote or a
// line break; a label a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
// carriage return: division names come from the host) is prefixed with an apostrophe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plugin/domain/management_statistics.hpp"

namespace psp {

std::string statistics_csv(const std::vector<StatisticsTable> &tables);

// One field, quoted and defused as above.
std::string csv_field(std::string_view text);

}  // namespace psp
