// org_chart_validation_test.cpp: each org-chart rule (duplicate ids, self-supervision, dangling
// supervisors, cycles, single root) with the offending records named, and a property test
// comparing the validator's verdict with a brute-force walk on ~200 random charts.
#include "plugin/domain/org_chart_validation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::EmployeeRecord;
using psp::ErrorCode;
using psp::OrgChartPolicy;
using psp_test::employee;
using psp_test::error_from;

std::set<std::string> as_set(const std::vector<std::string> &v) {
    return {v.begin(), v.end()};
}

psp::Error rejection(const std::vector<EmployeeRecord> &chart, OrgChartPolicy policy = {}) {
    return error_from([&] { psp::validate_org_chart(chart, policy); });
}

TEST(OrgChart, AcceptsAnEmptyChartAndAValidTree) {
    EXPECT_NO_THROW(psp::validate_org_chart({}, {}));
    EXPECT_NO_THROW(psp::validate_org_chart(
        {employee("CHIEF"), employee("A", "CHIEF"), employee("B", "CHIEF"), employee("A1", "A")},
        {.single_root = true}));
}

TEST(OrgChart, DuplicateIdsAreNamed) {
    const psp::Error e =
        rejection({employee("R"), employee("X", "R"), employee("Y", "R"), employee("X", "Y")});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(e.records(), std::vector<std::string>{"X"});
    EXPECT_NE(std::string(e.what()).find("duplicate"), std::string::npos) << e.what();
}

TEST(OrgChart, SelfSupervisionIsNamed) {
    const psp::Error e = rejection({employee("R"), employee("LOOP", "LOOP"), employee("Z", "R")});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(e.records(), std::vector<std::string>{"LOOP"});
    EXPECT_NE(std::string(e.what()).find("themselves"), std::string::npos) << e.what();
}

TEST(OrgChart, DanglingSupervisorNamesEmployeeAndMissingBoss) {
    const psp::Error e = rejection({employee("R"), employee("A", "R"), employee("B", "GHOST")});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    ASSERT_EQ(e.records().size(), 1u);
    EXPECT_NE(e.records()[0].find('B'), std::string::npos);
    EXPECT_NE(e.records()[0].find("GHOST"), std::string::npos);
}

TEST(OrgChart, CycleNamesExactlyItsMembers) {
    const psp::Error e =
        rejection({employee("R"), employee("OK", "R"), employee("C1", "C3"), employee("C2", "C1"),
                   employee("C3", "C2"), employee("TAIL", "C2")});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(as_set(e.records()), (std::set<std::string>{"C1", "C2", "C3"}));
    EXPECT_EQ(e.records().size(), 3u);
    EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos) << e.what();
}

TEST(OrgChart, ChartWithoutAnyRootIsACycle) {
    const psp::Error e = rejection({employee("A", "B"), employee("B", "A")});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(as_set(e.records()), (std::set<std::string>{"A", "B"}));
}

TEST(OrgChart, ManyRootsAllowedByDefault) {
    EXPECT_NO_THROW(psp::validate_org_chart({employee("R1"), employee("R2"), employee("A", "R1")},
                                            {.single_root = false}));
}

TEST(OrgChart, ManyRootsRefusedWithSingleRootPolicyAndNamed) {
    const psp::Error e =
        rejection({employee("R1"), employee("A", "R1"), employee("R2")}, {.single_root = true});
    EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
    EXPECT_EQ(as_set(e.records()), (std::set<std::string>{"R1", "R2"}));
}

TEST(OrgChart, AtMostTenRecordsAreNamed) {
    std::vector<EmployeeRecord> chart = {employee("R")};
    for (int i = 0; i < 25; ++i) {
        chart.push_back(employee("D" + std::to_string(i), "NOBODY"));
    }
    const psp::Error e = rejection(chart);
    EXPECT_EQ(e.records().size(), 10u);
}

TEST(OrgChart, LongChainIsValidAndLinear) {
    // 20,000 levels: a recursive or quadratic walk would be visibly slow or overflow the stack.
    EXPECT_NO_THROW(psp::validate_org_chart(psp_test::chain_of(20'000), {.single_root = true}));
}

// ---- Property test -------------------------------------------------------------------------

struct Chart {
    std::vector<EmployeeRecord> employees;
    bool single_root = false;
};

// A random forest, then (for two thirds of the charts) one supervisor pointer rewired: either to
// a random employee, which may or may not close a cycle, or to a descendant, which always does.
Chart random_valid_chart(std::mt19937 &rng) {
    const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
    std::vector<std::string> ids(n);
    for (std::size_t i = 0; i < n; ++i) {
        ids[i] = "N" + std::to_string(i);
    }
    std::vector<long> parent(n, -1);
    std::bernoulli_distribution is_root(0.08);
    for (std::size_t i = 1; i < n; ++i) {
        if (!is_root(rng)) {
            parent[i] = std::uniform_int_distribution<long>(0, long(i) - 1)(rng);
        }
    }
    const int mutation = std::uniform_int_distribution<int>(0, 2)(rng);
    if (mutation > 0) {
        const std::size_t a = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
        std::vector<std::size_t> descendants;
        for (std::size_t i = 0; i < n; ++i) {
            for (long p = long(i); p != -1; p = parent[p]) {
                if (std::size_t(p) == a && i != a) {
                    descendants.push_back(i);
                }
            }
        }
        if (mutation == 1 || descendants.empty()) {
            parent[a] = std::uniform_int_distribution<long>(0, long(n) - 1)(rng);
        } else {
            parent[a] = long(descendants[std::uniform_int_distribution<std::size_t>(
                0, descendants.size() - 1)(rng)]);
        }
    }
    Chart chart;
    chart.single_root = std::bernoulli_distribution(0.3)(rng);
    for (std::size_t i = 0; i < n; ++i) {
        chart.employees.push_back(employee(ids[i], parent[i] < 0 ? "" : ids[parent[i]]));
    }
    std::shuffle(chart.employees.begin(), chart.employees.end(), rng);
    return chart;
}

// From every employee, follow supervisors for at most n steps; not reaching the top means a
// cycle. A node "is on a cycle" when the walk from it comes back to it.
struct BruteForce {
    std::map<std::string, std::string> boss;

    explicit BruteForce(const std::vector<EmployeeRecord> &chart) {
        for (const EmployeeRecord &e : chart) {
            boss[e.id] = e.supervisor_id;
        }
    }
    bool reaches_top(const std::string &start) const {
        std::string node = start;
        for (std::size_t step = 0; step <= boss.size(); ++step) {
            if (node.empty()) {
                return true;
            }
            node = boss.at(node);
        }
        return false;
    }
    bool on_cycle(const std::string &start) const {
        std::string node = boss.at(start);
        for (std::size_t step = 0; step < boss.size() && !node.empty(); ++step) {
            if (node == start) {
                return true;
            }
            node = boss.at(node);
        }
        return false;
    }
    bool has_cycle() const {
        return std::any_of(boss.begin(), boss.end(),
                           [&](const auto &entry) { return !reaches_top(entry.first); });
    }
    std::size_t roots() const {
        return std::count_if(boss.begin(), boss.end(),
                             [](const auto &entry) { return entry.second.empty(); });
    }
};

TEST(OrgChartProperty, VerdictMatchesBruteForceOnRandomCharts) {
    std::mt19937 rng(20240611);
    int accepted = 0;
    int cyclic = 0;
    for (int round = 0; round < 200; ++round) {
        const Chart chart = random_valid_chart(rng);
        const BruteForce oracle(chart.employees);
        const bool cycle = oracle.has_cycle();
        const bool expect_valid = !cycle && (!chart.single_root || oracle.roots() == 1);
        bool valid = true;
        std::vector<std::string> named;
        try {
            psp::validate_org_chart(chart.employees, {.single_root = chart.single_root});
        } catch (const psp::Error &e) {
            valid = false;
            named = e.records();
            EXPECT_EQ(e.code(), ErrorCode::invalid_org_chart);
        }
        ASSERT_EQ(valid, expect_valid)
            << "round " << round << ", " << chart.employees.size() << " employees, cycle=" << cycle;
        if (cycle) {
            // The records named are members of a cycle, not bystanders below it.
            ASSERT_FALSE(named.empty());
            for (const std::string &id : named) {
                EXPECT_TRUE(oracle.on_cycle(id)) << id << " is not on a cycle, round " << round;
            }
        }
        accepted += valid ? 1 : 0;
        cyclic += cycle ? 1 : 0;
    }
    // Both verdicts must be well represented for the comparison to mean anything.
    EXPECT_GT(accepted, 40);
    EXPECT_GT(cyclic, 40);
}

}  // namespace
