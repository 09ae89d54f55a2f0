// management_statistics.hpp: the anonymous count tables command staff read (IACP 3.1, 6.7), and
// how each is published so that no small count can be worked out, not even by putting several
// answers side by side.
//
// Two shapes of table:
// - By quarter (contacts, activations, check-ins, referrals): rows are categories, columns are
//   quarters. Each quarter's column is protected on its own, as a list with its total
//   (small_cell_suppression.hpp), so a quarter is published the same whatever range is asked
//   for: two overlapping ranges cannot be played against each other. A row total over the range,
//   and the grand total, are published only when every figure they add up is published: then
//   they are sums anyone could take and add no equation an attacker could use.
// - By group (training compliance, coverage, headcount): rows are divisions or shifts, or one
//   row for the agency; columns are categories. The division and the shift tables are each
//   protected as a table with margins; their totals line is the agency's figures, and every
//   view hides every agency figure either table hides, so the agency view and a breakdown
//   always publish the same agency figures. A breakdown is refused outright when a division or
//   shift has fewer people in the table's population than the threshold (but some): its row
//   would describe identifiable people even where its cells are not small (group_singling_out;
//   the methods check it before publishing).
// Known limit: the division and the shift tables of one population are protected each against
// its own margins, not jointly against a person-level cross-tabulation of both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

#include "plugin/domain/small_cell_suppression.hpp"

namespace psp {

// ---- quarters, as an index: year * 4 + (quarter - 1).

// "2026-Q1" (year 1970..9999, quarter 1..4); nothing for anything else.
std::optional<int64_t> parse_quarter(std::string_view label);
std::string quarter_name(int64_t index);

// Longest range of quarters one request may cover: ten years.
inline constexpr int64_t kMaxStatisticsQuarters = 40;

// ---- tables.

struct CountTable {
    std::string name;              // "contacts"
    std::string title;             // "Contacts by category and quarter"
    std::string row_dimension;     // "category", "division", ...
    std::string column_dimension;  // "quarter", "state", ...
    std::vector<std::string> row_labels;
    std::vector<std::string> column_labels;
    std::vector<std::vector<int64_t>> counts;  // rows x columns
};

struct StatisticsTable {
    std::string name, title, row_dimension, column_dimension;
    std::vector<std::string> row_labels;
    std::vector<std::string> column_labels;
    PublishedTable figures;  // cells, row totals, column totals, grand total
};

// A table whose columns are quarters, protected column by column (see above).
StatisticsTable publish_by_quarter(const CountTable &table, const SuppressionPolicy &policy);

enum class Breakdown { agency, division, shift };

inline constexpr auto kBreakdownNames = enum_table<Breakdown>({
    {Breakdown::agency, "agency"},
    {Breakdown::division, "division"},
    {Breakdown::shift, "shift"},
});
inline std::string_view breakdown_name(Breakdown breakdown) {
    return kBreakdownNames[breakdown];
}

// One population counted by division and by shift (same columns in both).
struct GroupedCounts {
    CountTable by_division;
    CountTable by_shift;
};

// The view asked for, protected as described above. The agency view is one row labelled "agency"
// whose figures are the totals line; every view takes its name and title from by_division.
StatisticsTable publish_by_group(const GroupedCounts &counts, Breakdown breakdown,
                                 const SuppressionPolicy &policy);

// The people in one division or shift of a table's population.
struct GroupSize {
    std::string group;
    int64_t people = 0;
};
// The first group with 1..threshold-1 people; nothing when none (groups with nobody name nobody).
std::optional<GroupSize> group_singling_out(const std::vector<GroupSize> &groups,
                                            const SuppressionPolicy &policy);

// The share `part` of `whole`, from published figures only: nothing when either is suppressed
// or the whole is zero, so a rate never reveals more than the figures beside it.
std::optional<double> published_share(const std::vector<PublishedCount> &parts,
                                      PublishedCount whole);

}  // namespace psp
