// small_cell_suppression_test.cpp: small-count suppression, attacked. For worked, adversarial and
// seeded random tables and lists, an exact LP (feasible_intervals.hpp) computes what an attacker
// can infer about every suppressed figure from everything published, and the test asserts the
// header's guarantee: a small count's interval reaches the threshold and goes below its value; no
// other suppressed figure is determined. The attacker is shown to win against primary suppression
// alone, so the attack can fail. Bad input is refused.
#include "plugin/domain/small_cell_suppression.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <sstream>

#include "feasible_intervals.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::PublishedCount;
using psp::PublishedList;
using psp::PublishedTable;
using psp_test::FeasibleInterval;
using psp_test::FigureGrid;
using CountTable = std::vector<std::vector<int64_t>>;

using psp_test::describe;

// The true figures of a table as a grid with totals, the same layout as as_grid.
psp_test::CountGrid truth_grid_of(const CountTable &counts) {
    return psp_test::truth_grid(counts, counts.front().size());
}

using psp_test::guarantee_violation;

// Suppresses `counts` and attacks every suppressed figure; also checks that published figures
// are true and small ones are never published. Returns how many figures were suppressed.
int attack_table(const CountTable &counts, int64_t threshold) {
    const PublishedTable published = psp::suppress_small_counts(counts, {threshold});
    return psp_test::expect_table_resists(published, counts, counts.front().size(), threshold);
}

int attack_list(const std::vector<int64_t> &counts, int64_t threshold) {
    const PublishedList published = psp::suppress_small_counts(counts, {threshold});
    int64_t total = 0;
    for (int64_t v : counts) {
        total += v;
    }
    int suppressed = 0;
    for (std::size_t i = 0; i <= counts.size(); ++i) {
        const PublishedCount &shown = i < counts.size() ? published.cells[i] : published.total;
        const int64_t v = i < counts.size() ? counts[i] : total;
        if (shown) {
            EXPECT_EQ(*shown, v);
            EXPECT_FALSE(v >= 1 && v < threshold) << "published small count " << v;
            continue;
        }
        ++suppressed;
        EXPECT_EQ(guarantee_violation(v, psp_test::feasible_interval(published, i), threshold), "")
            << "list figure " << i;
    }
    return suppressed;
}

TEST(SmallCellSuppression, NothingSmallPublishesEverything) {
    const CountTable counts = {{5, 0, 9}, {12, 7, 0}};
    const PublishedTable t = psp::suppress_small_counts(counts, {});
    EXPECT_EQ(t.cells[0][0], 5);
    EXPECT_EQ(t.cells[0][1], 0);
    EXPECT_EQ(t.cells[1][2], 0);
    EXPECT_EQ(t.row_totals[1], 19);
    EXPECT_EQ(t.column_totals[0], 17);
    EXPECT_EQ(t.grand_total, 33);
}

TEST(SmallCellSuppression, OneSmallCellTakesTheCheapestRectangle) {
    // Category x quarter. The 2 needs partners in its row and column and an opposite corner; the
    // cheapest protecting choice is row 1 / column 1 (7, 6, 8), leaving every total published.
    const CountTable counts = {{2, 7, 30}, {6, 8, 40}, {50, 60, 70}};
    const PublishedTable t = psp::suppress_small_counts(counts, {});
    EXPECT_FALSE(t.cells[0][0]);
    EXPECT_FALSE(t.cells[0][1]);
    EXPECT_FALSE(t.cells[1][0]);
    EXPECT_FALSE(t.cells[1][1]);
    EXPECT_EQ(t.cells[0][2], 30);
    EXPECT_EQ(t.cells[2][0], 50);
    EXPECT_EQ(t.row_totals[0], 39);
    EXPECT_EQ(t.grand_total, 273);
    EXPECT_EQ(attack_table(counts, 5), 4);
}

TEST(SmallCellSuppression, ZerosArePublishedAndNeverComplements) {
    const CountTable counts = {{3, 0, 9}, {0, 0, 0}, {8, 0, 11}};
    const PublishedTable t = psp::suppress_small_counts(counts, {});
    for (std::size_t c = 0; c < 3; ++c) {
        EXPECT_EQ(t.cells[1][c], 0);
    }
    EXPECT_EQ(t.cells[0][1], 0);
    EXPECT_EQ(t.row_totals[1], 0);
    attack_table(counts, 5);
}

TEST(SmallCellSuppression, ALoneCellInItsRowIsProtectedByTheRowTotal) {
    // Row 0 has one non-zero cell: its row total equals it, so the total must go too.
    const CountTable counts = {{0, 3, 0}, {9, 12, 20}, {14, 6, 30}};
    const PublishedTable t = psp::suppress_small_counts(counts, {});
    EXPECT_FALSE(t.cells[0][1]);
    EXPECT_FALSE(t.row_totals[0]);
    attack_table(counts, 5);
}

TEST(SmallCellSuppression, SmallTotalsAreSuppressedToo) {
    const CountTable counts = {{1, 2}, {0, 1}};  // grand total 4
    const PublishedTable t = psp::suppress_small_counts(counts, {});
    EXPECT_FALSE(t.grand_total);
    EXPECT_FALSE(t.row_totals[0]);
    attack_table(counts, 5);
}

TEST(SmallCellSuppression, ThresholdOneSuppressesNothing) {
    const CountTable counts = {{1, 2}, {3, 4}};
    const PublishedTable t = psp::suppress_small_counts(counts, {1});
    EXPECT_EQ(t.cells[0][0], 1);
    EXPECT_EQ(t.grand_total, 10);
}

TEST(SmallCellSuppression, EmptyTableIsEmpty) {
    EXPECT_TRUE(psp::suppress_small_counts(CountTable{}, {}).cells.empty());
    EXPECT_TRUE(psp::suppress_small_counts(CountTable{{}, {}}, {}).cells.empty());
    EXPECT_EQ(psp::suppress_small_counts(std::vector<int64_t>{}, {}).total, 0);
}

TEST(SmallCellSuppression, BadInputIsRefused) {
    using psp_test::error_from;
    const auto table = [](CountTable counts, int64_t threshold) {
        return error_from([&] { psp::suppress_small_counts(counts, {threshold}); });
    };
    const psp::Error ragged = table({{1, 2}, {3}}, 5);
    EXPECT_EQ(ragged.code(), psp::ErrorCode::invalid_request);
    EXPECT_NE(std::string(ragged.what()).find("columns"), std::string::npos);
    EXPECT_EQ(table({{1, -2}}, 5).code(), psp::ErrorCode::invalid_request);
    EXPECT_EQ(table({{psp::kMaxSuppressibleCount + 1}}, 5).code(), psp::ErrorCode::invalid_request);
    const psp::Error threshold = table({{1}}, 0);
    EXPECT_NE(std::string(threshold.what()).find("threshold"), std::string::npos);
    EXPECT_EQ(error_from([] {
                  psp::suppress_small_counts(std::vector<int64_t>{4, -1}, {});
              }).code(),
              psp::ErrorCode::invalid_request);
}

TEST(SmallCellSuppressionAttack, PrimarySuppressionAloneIsBroken) {
    // Without complements the attacker recovers the 2 from its row total: the attack works.
    FigureGrid naive = {{std::nullopt, 7, 30, 39}, {6, 8, 40, 54}, {8, 15, 70, 93}};
    const FeasibleInterval iv = psp_test::feasible_interval(naive, 0, 0);
    EXPECT_EQ(iv.lo, 2);
    EXPECT_EQ(iv.hi, 2);
    EXPECT_NE(guarantee_violation(2, iv, 5), "");
}

TEST(SmallCellSuppressionAttack, SolverAgreesWithBruteForceOnTinyTables) {
    // Every 2x2 table with cells 0..6, with every interior cell and the grand total hidden and
    // the margins shown: the LP interval equals the enumerated integer range.
    for (int code = 0; code < 7 * 7 * 7 * 7; code += 11) {
        const int64_t a = code % 7, b = code / 7 % 7, c = code / 49 % 7, d = code / 343;
        FigureGrid grid = {{std::nullopt, std::nullopt, a + b},
                           {std::nullopt, std::nullopt, c + d},
                           {a + c, b + d, std::nullopt}};
        int64_t lo = 100, hi = -1;
        for (int64_t x = 0; x <= a + b; ++x) {  // x fixes the rest: b'=a+b-x, c'=a+c-x, d'
            const int64_t y = a + b - x, z = a + c - x, w = c + d - z;
            if (y < 0 || z < 0 || w < 0 || y + w != b + d) {
                continue;
            }
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
        const FeasibleInterval iv = psp_test::feasible_interval(grid, 0, 0);
        EXPECT_EQ(iv.lo, lo) << a << b << c << d;
        EXPECT_EQ(iv.hi, hi) << a << b << c << d;
        const FeasibleInterval grand = psp_test::feasible_interval(grid, 2, 2);
        EXPECT_EQ(grand.lo, a + b + c + d);
        EXPECT_EQ(grand.hi, a + b + c + d);
    }
}

// Every integer completion of a published 2x2 table with interior cells in [0, bound]: the
// smallest and largest value each figure takes, by grid position.
std::map<std::pair<std::size_t, std::size_t>, std::pair<int64_t, int64_t>> enumerate_2x2(
    const FigureGrid &grid, int64_t bound) {
    std::map<std::pair<std::size_t, std::size_t>, std::pair<int64_t, int64_t>> range;
    int64_t x[4];
    for (x[0] = 0; x[0] <= bound; ++x[0]) {
        for (x[1] = 0; x[1] <= bound; ++x[1]) {
            for (x[2] = 0; x[2] <= bound; ++x[2]) {
                for (x[3] = 0; x[3] <= bound; ++x[3]) {
                    const int64_t full[3][3] = {
                        {x[0], x[1], x[0] + x[1]},
                        {x[2], x[3], x[2] + x[3]},
                        {x[0] + x[2], x[1] + x[3], x[0] + x[1] + x[2] + x[3]}};
                    bool fits = true;
                    for (std::size_t r = 0; r < 3 && fits; ++r) {
                        for (std::size_t c = 0; c < 3 && fits; ++c) {
                            fits = !grid[r][c] || *grid[r][c] == full[r][c];
                        }
                    }
                    if (!fits) {
                        continue;
                    }
                    for (std::size_t r = 0; r < 3; ++r) {
                        for (std::size_t c = 0; c < 3; ++c) {
                            auto [it, fresh] = range.try_emplace({r, c}, full[r][c], full[r][c]);
                            it->second.first = std::min(it->second.first, full[r][c]);
                            it->second.second = std::max(it->second.second, full[r][c]);
                        }
                    }
                }
            }
        }
    }
    return range;
}

TEST(SmallCellSuppressionAttack, SolverAgreesWithBruteForceOnSuppressedTables) {
    // Sampled 2x2 tables with cells 0..5, suppressed, then attacked both ways.
    int compared = 0;
    for (int code = 0; code < 6 * 6 * 6 * 6; code += 13) {
        const CountTable counts = {{code % 6, code / 6 % 6}, {code / 36 % 6, code / 216}};
        const FigureGrid grid = psp_test::as_grid(psp::suppress_small_counts(counts, {}));
        const int64_t bound = truth_grid_of(counts)[2][2] + 6;
        const auto range = enumerate_2x2(grid, bound);
        for (const auto &[at, lo_hi] : range) {
            if (grid[at.first][at.second]) {
                continue;
            }
            const FeasibleInterval iv = psp_test::feasible_interval(grid, at.first, at.second);
            EXPECT_EQ(iv.lo, lo_hi.first) << describe(counts);
            if (iv.hi) {
                EXPECT_EQ(*iv.hi, lo_hi.second) << describe(counts);
            } else {
                EXPECT_GE(lo_hi.second, bound) << describe(counts);
            }
            ++compared;
        }
    }
    EXPECT_GT(compared, 50);
}

TEST(SmallCellSuppressionAttack, AdversarialTables) {
    const std::vector<CountTable> tables = {
        {{1}},
        {{4}},
        {{7}},
        {{1, 1}, {1, 1}},
        {{1, 2, 3}, {4, 1, 2}, {3, 4, 1}},
        {{1, 50, 50}, {50, 50, 50}},
        {{1, 0, 0}, {0, 0, 0}, {0, 0, 100}},
        {{0, 0, 4}, {0, 0, 0}, {9, 9, 9}},
        {{2, 0}, {0, 2}},
        {{100, 100, 1}, {100, 100, 0}, {100, 100, 0}},
        {{3, 3, 3, 3}, {20, 20, 20, 20}},
        {{1}, {2}, {3}, {40}},
        {{1, 2, 3, 4, 40}},
        {{4, 6}, {6, 4}},
        {{0, 0}, {0, 0}},
        {{5, 5, 5}, {5, 1, 5}, {5, 5, 5}},
    };
    for (const CountTable &t : tables) {
        attack_table(t, 5);
    }
    attack_table({{9, 9, 2}, {9, 9, 9}}, 10);  // another policy threshold
}

TEST(SmallCellSuppressionAttack, RandomTables) {
    std::mt19937 rng(20261123);
    int suppressed = 0;
    for (int round = 0; round < 300; ++round) {
        // Mostly small tables; every fourth as large as a year of categories by quarter.
        const bool large = round % 4 == 0;
        const std::size_t rows = 1 + rng() % (large ? 9 : 4), columns = 1 + rng() % (large ? 8 : 5);
        // Mostly small counts, some zeros and some large: the cases that stress complements.
        CountTable t(rows, std::vector<int64_t>(columns));
        for (auto &row : t) {
            for (int64_t &v : row) {
                const unsigned kind = rng() % 10;
                v = static_cast<int64_t>(kind < 2   ? 0
                                         : kind < 6 ? 1 + rng() % 4
                                         : kind < 8 ? 5 + rng() % 10
                                                    : rng() % 60);
            }
        }
        suppressed += attack_table(t, 2 + static_cast<int64_t>(rng() % 6));
    }
    EXPECT_GT(suppressed, 1000) << "the random tables should exercise suppression";
}

TEST(SmallCellSuppressionList, ASmallCellIsPairedWithTheSmallestSafeOne) {
    const PublishedList l = psp::suppress_small_counts(std::vector<int64_t>{2, 30, 9, 0}, {});
    EXPECT_FALSE(l.cells[0]);
    EXPECT_FALSE(l.cells[2]);
    EXPECT_EQ(l.cells[1], 30);
    EXPECT_EQ(l.cells[3], 0);
    EXPECT_EQ(l.total, 41);
}

TEST(SmallCellSuppressionList, AttackedLists) {
    const std::vector<std::vector<int64_t>> lists = {
        {3}, {3, 0, 0}, {1, 1}, {1, 2, 30}, {4, 40}, {0, 0}, {6, 7}, {1, 1, 1, 1, 1, 1}};
    for (const auto &l : lists) {
        attack_list(l, 5);
    }
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        std::vector<int64_t> l(1 + rng() % 6);
        for (int64_t &v : l) {
            v = static_cast<int64_t>(rng() % 3 == 0 ? rng() % 5 : rng() % 30);
        }
        attack_list(l, 5);
    }
}

}  // namespace
