// org_chart_index_test.cpp: the chain-of-command index against a brute-force walk (supervisor ids
// and acting pairs followed one level at a time) on random charts with acting assignments and
// depth limits, a 100,000-deep chain, unknown ids, has_reports, and the interned facts.
#include "plugin/domain/org_chart_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>

#include "test_fixtures.hpp"

namespace {

using psp::ActingAssignment;
using psp::EmployeeRecord;
using psp::OrgChartIndex;
using psp_test::employee;

// Fewest levels from `lower` up to `upper` following supervisor ids and acting pairs; -1 when
// `upper` is not above `lower` (or is `lower`).
int brute_force_levels(const std::vector<EmployeeRecord> &chart,
                       const std::vector<ActingAssignment> &acting, const std::string &upper,
                       const std::string &lower) {
    std::multimap<std::string, std::string> above;
    for (const EmployeeRecord &e : chart) {
        if (!e.supervisor_id.empty()) {
            above.emplace(e.id, e.supervisor_id);
        }
    }
    for (const ActingAssignment &a : acting) {
        above.emplace(a.employee_id, a.supervisor_id);
    }
    std::map<std::string, int> levels = {{lower, 0}};
    std::deque<std::string> queue = {lower};
    while (!queue.empty()) {
        const std::string id = queue.front();
        queue.pop_front();
        const auto [first, last] = above.equal_range(id);
        for (auto it = first; it != last; ++it) {
            if (levels.contains(it->second)) {
                continue;
            }
            levels[it->second] = levels[id] + 1;
            if (it->second == upper) {
                return levels[it->second];
            }
            queue.push_back(it->second);
        }
    }
    return -1;
}

struct RandomChart {
    std::vector<EmployeeRecord> employees;
    std::vector<ActingAssignment> acting;
};

// A forest of `size` people in shuffled record order: some long chains, wide teams, a few roots,
// and `acting_count` acting pairs (some chained: an acting supervisor who has one too).
RandomChart random_chart(unsigned seed, std::size_t size, std::size_t acting_count) {
    std::mt19937 rng(seed);
    RandomChart chart;
    auto id = [](std::size_t i) { return "P" + std::to_string(i); };
    for (std::size_t i = 0; i < size; ++i) {
        std::string supervisor;
        const unsigned roll = rng() % 100;
        if (i > 0 && roll >= 3) {
            supervisor = id(roll < 40 ? i - 1 : rng() % i);
        }
        chart.employees.push_back(employee(id(i), supervisor));
    }
    std::shuffle(chart.employees.begin(), chart.employees.end(), rng);
    std::vector<std::size_t> targets;
    for (std::size_t k = 0; k < acting_count; ++k) {
        const std::size_t lower =
            k % 3 == 0 && !targets.empty() ? targets[rng() % targets.size()] : rng() % size;
        const std::size_t upper = rng() % size;
        if (lower == upper) {
            continue;
        }
        chart.acting.push_back({id(lower), id(upper)});
        targets.push_back(upper);
    }
    return chart;
}

void expect_matches_brute_force(const RandomChart &chart, const std::vector<std::size_t> &uppers,
                                const std::vector<std::size_t> &lowers) {
    const OrgChartIndex index = OrgChartIndex::build(chart.employees, chart.acting);
    for (std::size_t u : uppers) {
        for (std::size_t l : lowers) {
            const std::string &upper = chart.employees[u].id, &lower = chart.employees[l].id;
            const int levels = brute_force_levels(chart.employees, chart.acting, upper, lower);
            for (unsigned depth : {0u, 1u, 2u, 3u, 5u, 8u}) {
                const bool expected = levels > 0 && (depth == 0 || levels <= int(depth));
                ASSERT_EQ(index.supervises(index.find(upper), index.find(lower), depth), expected)
                    << upper << " over " << lower << " within " << depth
                    << " (brute force: " << levels << " levels)";
            }
        }
    }
}

std::vector<std::size_t> all_of(std::size_t n) {
    std::vector<std::size_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = i;
    }
    return out;
}

TEST(OrgChartIndex, SmallRandomChartsMatchABruteForceWalkOnEveryPair) {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        const std::size_t size = 10 + seed * 5;
        const RandomChart chart = random_chart(seed, size, seed % 4 == 0 ? 0 : seed);
        expect_matches_brute_force(chart, all_of(size), all_of(size));
    }
}

TEST(OrgChartIndex, LargerRandomChartsMatchABruteForceWalkOnSampledPairs) {
    for (unsigned seed : {101u, 202u, 303u}) {
        const std::size_t size = 3000;
        const RandomChart chart = random_chart(seed, size, 40);
        std::mt19937 rng(seed);
        std::vector<std::size_t> uppers, lowers;
        for (int i = 0; i < 12; ++i) {
            uppers.push_back(rng() % size);
        }
        for (int i = 0; i < 40; ++i) {
            lowers.push_back(rng() % size);
        }
        expect_matches_brute_force(chart, uppers, lowers);
    }
}

TEST(OrgChartIndex, ActingChainsCountOneLevelPerAssignment) {
    // CHIEF > A > A1 and CHIEF > B > B1 > B2; B2 acts under A1, and A1 acts under X (a root).
    const std::vector<EmployeeRecord> chart = {
        employee("CHIEF"),   employee("A", "CHIEF"), employee("A1", "A"), employee("B", "CHIEF"),
        employee("B1", "B"), employee("B2", "B1"),   employee("X")};
    const OrgChartIndex index =
        OrgChartIndex::build(chart, {{"B2", "A1"}, {"A1", "X"}, {"NOBODY", "A"}, {"A", "A"}});
    auto over = [&](const char *upper, const char *lower, unsigned depth = 0) {
        return index.supervises(index.find(upper), index.find(lower), depth);
    };
    EXPECT_EQ(index.acting_count(), 2u);
    EXPECT_TRUE(over("A1", "B2", 1));
    EXPECT_TRUE(over("A", "B2", 2));
    EXPECT_FALSE(over("A", "B2", 1));
    EXPECT_TRUE(over("X", "B2", 2));
    EXPECT_FALSE(over("X", "B2", 1));
    EXPECT_TRUE(over("X", "A1"));
    EXPECT_FALSE(over("X", "A"));
    EXPECT_TRUE(over("CHIEF", "B2", 3));  // permanently, through B1 and B
    EXPECT_FALSE(over("B2", "A1"));
    EXPECT_TRUE(index.in_chain_of_command(index.find("B2"), index.find("A")));
    EXPECT_FALSE(index.in_chain_of_command(index.find("B1"), index.find("A1")));
}

TEST(OrgChartIndex, AnAcyclicReadingOfACyclicActingPairStillNeverSupervisesOneself) {
    // A leads B permanently; B acts over A: each is above the other, nobody above themself.
    const OrgChartIndex index =
        OrgChartIndex::build({employee("A"), employee("B", "A")}, {{"A", "B"}});
    const auto a = index.find("A"), b = index.find("B");
    EXPECT_TRUE(index.supervises(a, b));
    EXPECT_TRUE(index.supervises(b, a));
    EXPECT_FALSE(index.supervises(a, a));
    EXPECT_FALSE(index.supervises(b, b));
}

TEST(OrgChartIndex, AHundredThousandDeepChainNeedsNoRecursion) {
    const std::size_t n = 100'000;
    std::vector<EmployeeRecord> chain = psp_test::chain_of(n);
    std::reverse(chain.begin(), chain.end());  // bottom first: record order is not chart order
    const OrgChartIndex index = OrgChartIndex::build(chain);
    const auto top = index.find("E0"), bottom = index.find("E99999"), middle = index.find("E50000");
    EXPECT_EQ(index.depth(bottom), n - 1);
    EXPECT_TRUE(index.supervises(top, bottom));
    EXPECT_TRUE(index.supervises(top, bottom, n - 1));
    EXPECT_FALSE(index.supervises(top, bottom, n - 2));
    EXPECT_FALSE(index.supervises(bottom, top));
    EXPECT_TRUE(index.supervises(middle, bottom, 49'999));
    EXPECT_FALSE(index.supervises(middle, bottom, 49'998));

    // An acting pair skipping nine levels: E99990 is one level above the bottom.
    const OrgChartIndex acting = OrgChartIndex::build(chain, {{"E99999", "E99990"}});
    EXPECT_TRUE(acting.supervises(acting.find("E99990"), bottom, 1));
    EXPECT_TRUE(acting.supervises(acting.find("E99989"), bottom, 2));
    EXPECT_TRUE(acting.supervises(middle, bottom, 49'991));
    EXPECT_FALSE(acting.supervises(middle, bottom, 49'990));
    EXPECT_TRUE(acting.supervises(top, bottom, 99'991));
    EXPECT_FALSE(acting.supervises(top, bottom, 99'990));
}

TEST(OrgChartIndex, UnknownIdsAreNposAndSuperviseNobody) {
    const OrgChartIndex index = OrgChartIndex::build(psp_test::chain_of(3));
    EXPECT_EQ(index.find("NOBODY"), OrgChartIndex::npos);
    EXPECT_EQ(index.find(""), OrgChartIndex::npos);
    EXPECT_FALSE(index.supervises(OrgChartIndex::npos, index.find("E2")));
    EXPECT_FALSE(index.supervises(index.find("E0"), OrgChartIndex::npos));
    EXPECT_FALSE(index.has_reports(OrgChartIndex::npos));
    EXPECT_EQ(OrgChartIndex().size(), 0u);
    EXPECT_EQ(OrgChartIndex().find("E0"), OrgChartIndex::npos);
}

TEST(OrgChartIndex, HasReportsCountsPermanentAndActingReports) {
    const OrgChartIndex index = OrgChartIndex::build(
        {employee("CHIEF"), employee("A", "CHIEF"), employee("B", "CHIEF"), employee("C", "A")},
        {{"C", "B"}});
    EXPECT_TRUE(index.has_reports(index.find("CHIEF")));
    EXPECT_TRUE(index.has_reports(index.find("A")));
    EXPECT_TRUE(index.has_reports(index.find("B")));  // acting only
    EXPECT_FALSE(index.has_reports(index.find("C")));
}

TEST(OrgChartIndex, FactsInternDivisionsAndShifts) {
    EmployeeRecord a = employee("A"), b = employee("B", "A"), c = employee("C", "A");
    a.division = b.division = "Patrol";
    c.division = "Communications";
    a.shift = c.shift = "Night";
    b.shift = "Day";
    c.category = psp::StaffCategory::dispatcher;
    c.active = false;
    const OrgChartIndex index = OrgChartIndex::build({a, b, c});
    EXPECT_EQ(index.division_names(), (std::vector<std::string>{"Patrol", "Communications"}));
    EXPECT_EQ(index.shift_names(), (std::vector<std::string>{"Night", "Day"}));
    const auto &facts = index.facts(index.find("C"));
    EXPECT_EQ(index.division_names()[facts.division], "Communications");
    EXPECT_EQ(index.shift_names()[facts.shift], "Night");
    EXPECT_EQ(facts.category, psp::StaffCategory::dispatcher);
    EXPECT_FALSE(facts.active);
    EXPECT_EQ(index.facts(index.find("A")).division, index.facts(index.find("B")).division);
    EXPECT_EQ(index.id_of(index.find("B")), "B");
}

TEST(OrgChartIndex, ACopyFindsIdsInItsOwnStrings) {
    OrgChartIndex copy;
    {
        const OrgChartIndex original = OrgChartIndex::build(psp_test::chain_of(5), {{"E4", "E0"}});
        copy = original;
    }
    EXPECT_EQ(copy.find("E3"), 3u);
    EXPECT_TRUE(copy.supervises(copy.find("E0"), copy.find("E4"), 1));
}

}  // namespace
