// feasible_intervals.hpp: the attacker's side of small-count suppression. Given what a table
// publishes (some figures, the rest suppressed) and that it adds up with non-negative counts, the
// exact interval each suppressed figure can take, by linear programming (a small two-phase
// simplex with Bland's rule). A table with margins has a totally unimodular constraint matrix, so
// the LP bounds are integers and equal the bounds over integer completions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/domain/small_cell_suppression.hpp"

namespace psp_test {

struct FeasibleInterval {
    int64_t lo = 0;
    std::optional<int64_t> hi;  // nothing: unbounded above
};

// A published table as one (rows+1) x (columns+1) grid: row `rows` holds the column totals,
// column `columns` the row totals, the corner the grand total.
using FigureGrid = std::vector<std::vector<psp::PublishedCount>>;
FigureGrid as_grid(const psp::PublishedTable &t);

// The interval of the suppressed figure at (r, c) in the grid. Throws std::runtime_error when the
// published figures admit no completion at all.
FeasibleInterval feasible_interval(const FigureGrid &grid, std::size_t r, std::size_t c);

// The same for a list and its total: index cells.size() is the total.
FeasibleInterval feasible_interval(const psp::PublishedList &list, std::size_t i);

// True counts, rows x `columns`, and the same figures in the as_grid layout (cells and row
// totals, then the totals line), for comparing what was published against the truth.
using CountGrid = std::vector<std::vector<int64_t>>;
CountGrid truth_grid(const CountGrid &counts, std::size_t columns);

// "3 1 | 0 7 | ": the counts, for a failure message.
std::string describe(const CountGrid &counts);

// The guarantee of small_cell_suppression.hpp for one suppressed figure of true value `v` whose
// feasible interval is `iv`: empty when it holds, otherwise what an attacker learns.
std::string guarantee_violation(int64_t v, const FeasibleInterval &iv, int64_t threshold);

// GoogleTest expectations on a published table against the true counts (rows x `columns`):
// published figures are true and never small, every suppressed one keeps the guarantee under
// the LP attack. Returns how many figures were suppressed.
int expect_table_resists(const psp::PublishedTable &published, const CountGrid &counts,
                         std::size_t columns, int64_t threshold);

}  // namespace psp_test
