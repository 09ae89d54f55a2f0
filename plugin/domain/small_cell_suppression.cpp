// small_cell_suppression.cpp: primary suppression of small counts, then one certified rectangle
// (or, for a list, one certified pair) of suppressed figures around each of them. The header
// states the guarantee and why a rectangle certifies it.
#include "plugin/domain/small_cell_suppression.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();

// Every figure of a table (cells and totals) in one flat vector.
struct Figures {
    std::vector<int64_t> value;
    std::vector<bool> is_total;
    std::vector<bool> suppressed;

    void add(int64_t v, bool total) {
        value.push_back(v);
        is_total.push_back(total);
        suppressed.push_back(false);
    }
};

// A shift that keeps every sum: corners with sign +1 move with the protected figure (always the
// first corner), corners with -1 against it. Two corners for a list, four for a table.
struct Corner {
    std::size_t index;
    int sign;
};
struct Shift {
    std::array<Corner, 4> corners;
    std::size_t size;
    const Corner *begin() const { return corners.data(); }
    const Corner *end() const { return corners.data() + size; }
    const Corner &front() const { return corners[0]; }
};

// Within one line, moving one figure up is balanced by moving another member down, or by moving
// the line's total up with it.
int partner_sign(bool first_is_total, bool second_is_total) {
    return first_is_total || second_is_total ? +1 : -1;
}

struct Cost {
    int totals = 0;     // totals newly suppressed: the most visible loss
    int64_t cells = 0;  // the sum of the cells newly suppressed
    bool operator<(const Cost &o) const {
        return totals != o.totals ? totals < o.totals : cells < o.cells;
    }
};

// The shift's cost when it protects its first figure under `threshold`; nothing when it cannot:
// it must carry the figure up to the threshold and down by at least one.
std::optional<Cost> protecting_cost(const Figures &f, const Shift &shift, int64_t threshold) {
    int64_t up = kUnlimited, down = kUnlimited;
    for (const Corner &c : shift) {
        int64_t &limit = c.sign > 0 ? down : up;
        limit = std::min(limit, f.value[c.index]);
    }
    const int64_t v = f.value[shift.front().index];
    if (down < 1 || (up != kUnlimited && v + up < threshold)) {
        return std::nullopt;
    }
    Cost cost;
    for (const Corner &c : shift) {
        if (f.suppressed[c.index]) {
            continue;
        }
        if (f.is_total[c.index]) {
            ++cost.totals;
        } else {
            cost.cells += f.value[c.index];
        }
    }
    return cost;
}

// Suppresses the cheapest protecting shift among those `for_each_shift` offers (it calls its
// argument with each). Callers always offer one that qualifies (the shift through the figure's
// own totals), so finding none is a bug.
template <class ForEachShift>
void suppress_cheapest(Figures &f, ForEachShift for_each_shift, int64_t threshold) {
    std::optional<Shift> best;
    Cost best_cost;
    for_each_shift([&](const Shift &shift) {
        const std::optional<Cost> cost = protecting_cost(f, shift, threshold);
        if (cost && (!best || *cost < best_cost)) {
            best = shift;
            best_cost = *cost;
        }
    });
    if (!best) {
        throw Error(ErrorCode::internal, "small-count suppression found no protecting rectangle");
    }
    for (const Corner &c : *best) {
        f.suppressed[c.index] = true;
    }
}

bool is_small(int64_t v, int64_t threshold) {
    return v >= 1 && v < threshold;
}

void check_policy(const SuppressionPolicy &policy) {
    if (policy.threshold < 1) {
        throw Error(ErrorCode::invalid_request,
                    "the small-count threshold must be at least 1, not " +
                        std::to_string(policy.threshold));
    }
}

void check_count(int64_t v) {
    if (v < 0 || v > kMaxSuppressibleCount) {
        throw Error(ErrorCode::invalid_request, "a count must be between 0 and " +
                                                    std::to_string(kMaxSuppressibleCount) +
                                                    ", not " + std::to_string(v));
    }
}

// Sums a line of counts, checking each.
int64_t checked_sum(const std::vector<int64_t> &counts) {
    int64_t sum = 0;
    for (int64_t v : counts) {
        check_count(v);
        sum += v;
    }
    return sum;
}

// ---- two dimensions: an (R+1) x (C+1) grid, row R holding column totals, column C row totals.

struct Grid {
    std::size_t rows = 0, columns = 0;  // interior size
    std::size_t at(std::size_t r, std::size_t c) const { return r * (columns + 1) + c; }
};

Figures grid_figures(const Grid &g, const std::vector<std::vector<int64_t>> &counts) {
    Figures f;
    std::vector<int64_t> column_totals(g.columns, 0);
    for (const std::vector<int64_t> &row : counts) {
        for (std::size_t c = 0; c < g.columns; ++c) {
            f.add(row[c], false);
            column_totals[c] += row[c];
        }
        f.add(checked_sum(row), true);
    }
    int64_t grand = 0;
    for (int64_t v : column_totals) {
        f.add(v, true);
        grand += v;
    }
    f.add(grand, true);
    return f;
}

// Every rectangle with the figure at (a, c) as a corner, handed to `visit`.
template <class Visit>
void for_each_rectangle(const Grid &g, std::size_t a, std::size_t c, Visit &&visit) {
    for (std::size_t b = 0; b <= g.rows; ++b) {
        if (b == a) {
            continue;
        }
        const int sb = partner_sign(a == g.rows, b == g.rows);
        for (std::size_t d = 0; d <= g.columns; ++d) {
            if (d == c) {
                continue;
            }
            const int sd = partner_sign(c == g.columns, d == g.columns);
            visit(Shift{
                {{{g.at(a, c), +1}, {g.at(a, d), sd}, {g.at(b, c), sb}, {g.at(b, d), sb * sd}}},
                4});
        }
    }
}

PublishedCount published_count(const Figures &f, std::size_t i) {
    return f.suppressed[i] ? PublishedCount{} : PublishedCount{f.value[i]};
}

PublishedTable publish(const Grid &g, const Figures &f) {
    PublishedTable t;
    for (std::size_t r = 0; r < g.rows; ++r) {
        std::vector<PublishedCount> row;
        for (std::size_t c = 0; c < g.columns; ++c) {
            row.push_back(published_count(f, g.at(r, c)));
        }
        t.cells.push_back(std::move(row));
        t.row_totals.push_back(published_count(f, g.at(r, g.columns)));
    }
    for (std::size_t c = 0; c < g.columns; ++c) {
        t.column_totals.push_back(published_count(f, g.at(g.rows, c)));
    }
    t.grand_total = published_count(f, g.at(g.rows, g.columns));
    return t;
}

// ---- one dimension: cells 0..n-1, the total at n.

template <class Visit>
void for_each_pair(std::size_t n, std::size_t p, Visit &&visit) {
    for (std::size_t q = 0; q <= n; ++q) {
        if (q != p) {
            visit(Shift{{{{p, +1}, {q, partner_sign(p == n, q == n)}}}, 2});
        }
    }
}

}  // namespace

PublishedTable suppress_small_counts(const std::vector<std::vector<int64_t>> &counts,
                                     const SuppressionPolicy &policy) {
    check_policy(policy);
    Grid g{counts.size(), counts.empty() ? 0 : counts.front().size()};
    for (const std::vector<int64_t> &row : counts) {
        if (row.size() != g.columns) {
            throw Error(ErrorCode::invalid_request,
                        "every row of a count table must have " + std::to_string(g.columns) +
                            " columns; one has " + std::to_string(row.size()));
        }
    }
    if (g.rows == 0 || g.columns == 0) {
        return PublishedTable{};
    }
    Figures f = grid_figures(g, counts);
    for (std::size_t r = 0; r <= g.rows; ++r) {
        for (std::size_t c = 0; c <= g.columns; ++c) {
            if (is_small(f.value[g.at(r, c)], policy.threshold)) {
                suppress_cheapest(
                    f, [&](auto &&visit) { for_each_rectangle(g, r, c, visit); }, policy.threshold);
            }
        }
    }
    return publish(g, f);
}

PublishedList suppress_small_counts(const std::vector<int64_t> &counts,
                                    const SuppressionPolicy &policy) {
    check_policy(policy);
    Figures f;
    for (int64_t v : counts) {
        f.add(v, false);
    }
    f.add(checked_sum(counts), true);
    const std::size_t n = counts.size();
    for (std::size_t p = 0; p <= n; ++p) {
        if (is_small(f.value[p], policy.threshold)) {
            suppress_cheapest(
                f, [&](auto &&visit) { for_each_pair(n, p, visit); }, policy.threshold);
        }
    }
    PublishedList list;
    for (std::size_t i = 0; i < n; ++i) {
        list.cells.push_back(published_count(f, i));
    }
    list.total = published_count(f, n);
    return list;
}

}  // namespace psp
