// small_cell_suppression.hpp: statistical disclosure control for the count tables command staff
// see (IACP 3.1, 6.7): small counts are suppressed, and enough other figures with them that no
// suppressed count can be worked back out of what is published.
//
// The attacker we defend against knows every published figure, that the table adds up (each row
// total is the sum of its row, each column total of its column, the grand total of everything)
// and that counts are non-negative integers. From that, each suppressed figure has an exact
// feasible interval [lo, hi]. The guarantee, for threshold t:
//   - a figure with 1 <= value < t ("primary") has hi >= t and lo <= value - 1: the published
//     table is consistent with it being at or above the threshold (nobody can show it is a small
//     count) and with it being smaller than it is (nobody can pin it from below either);
//   - every other suppressed figure ("complementary") has lo < hi: none is determined exactly.
// Zeros are published: a zero names nobody. They are never chosen as complements (they add no
// uncertainty), and because the guarantee is about the attacker's exact interval given every
// published figure, zeros included, a zero beside a suppressed cell cannot narrow it further.
// Totals under the threshold are small counts too and are suppressed like cells.
//
// Method: a simplified form of the hypercube method (Repsilber; tau-ARGUS "HYPERCUBE"). For each
// primary figure p we choose a rectangle of four figures {p, same row, same column, opposite
// corner} (a corner may be a total) along which the table can be shifted by +d / -d without
// changing any published figure. Such a shift is a certificate: every shifted table is a valid
// completion, so p's interval is at least as wide as the shift allows. We take the cheapest
// rectangle whose shift moves p up to t and down by at least one, cost being first the number
// of totals it newly suppresses, then the sum of the newly suppressed cells. Since suppressing
// more figures only widens intervals, certificates stay valid as later rectangles are added; no
// fixed-point iteration is needed and every line holding a suppressed figure holds at least two.
// The rectangle {cell, its row total, its column total, grand total} always qualifies, so a
// protection always exists. The result is sound, not minimal (tau-ARGUS's optimal method solves
// an integer program for that). Cost: every rectangle is tried for every small figure, so
// O(small figures x rows x columns): well under a millisecond for categories by quarters, about
// 1.5 s for a 100 x 100 table full of small counts.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace psp {

struct SuppressionPolicy {
    int64_t threshold = 5;  // counts 1..threshold-1 are small; threshold 1 suppresses nothing
};

// A figure as published: its value, or nothing ("suppressed").
using PublishedCount = std::optional<int64_t>;

struct PublishedTable {
    std::vector<std::vector<PublishedCount>> cells;  // rows x columns
    std::vector<PublishedCount> row_totals;
    std::vector<PublishedCount> column_totals;
    PublishedCount grand_total;
};

struct PublishedList {
    std::vector<PublishedCount> cells;
    PublishedCount total;
};

// Counts must be non-negative (and at most kMaxSuppressibleCount) and rows of equal length;
// otherwise Error(invalid_request). Zero rows or zero columns give an empty table.
PublishedTable suppress_small_counts(const std::vector<std::vector<int64_t>> &counts,
                                     const SuppressionPolicy &policy);

// The one-dimensional form: a list of counts and their total.
PublishedList suppress_small_counts(const std::vector<int64_t> &counts,
                                    const SuppressionPolicy &policy);

// Keeps every sum of a table far from overflow.
inline constexpr int64_t kMaxSuppressibleCount = int64_t{1} << 40;

}  // namespace psp
