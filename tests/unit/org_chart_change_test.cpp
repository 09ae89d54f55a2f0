// org_chart_change_test.cpp: change_keeps_chart_valid answers as validate_org_chart does on the
// whole chart afterwards, on chosen cases and on thousands of random charts and changes.
#include "plugin/domain/org_chart_change.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::EmployeeRecord;
using psp::OrgChartIndex;
using psp::OrgChartPolicy;
using psp_test::employee;

// The chart afterwards, in full, as the path that reads everything would build it.
std::vector<EmployeeRecord> applied(const std::vector<EmployeeRecord> &before,
                                    const std::vector<EmployeeRecord> &upserts,
                                    const std::vector<std::string> &removals) {
    std::map<std::string, EmployeeRecord> by_id;
    for (const EmployeeRecord &e : before) {
        by_id[e.id] = e;
    }
    for (const std::string &id : removals) {
        by_id.erase(id);
    }
    for (const EmployeeRecord &e : upserts) {
        by_id[e.id] = e;
    }
    std::vector<EmployeeRecord> out;
    for (auto &[id, e] : by_id) {
        out.push_back(e);
    }
    return out;
}

bool valid(const std::vector<EmployeeRecord> &chart, const OrgChartPolicy &policy) {
    try {
        psp::validate_org_chart(chart, policy);
        return true;
    } catch (const psp::Error &) {
        return false;
    }
}

bool kept(const std::vector<EmployeeRecord> &before, const std::vector<EmployeeRecord> &upserts,
          const std::vector<std::string> &removals, const OrgChartPolicy &policy = {}) {
    return psp::change_keeps_chart_valid(OrgChartIndex::build(before), upserts, removals, policy);
}

// CHIEF; A and B under CHIEF; C under A; D under C.
const std::vector<EmployeeRecord> kChart = {employee("CHIEF"), employee("A", "CHIEF"),
                                            employee("B", "CHIEF"), employee("C", "A"),
                                            employee("D", "C")};

TEST(OrgChartChange, OrdinaryChangesKeepTheChartValid) {
    EXPECT_TRUE(kept(kChart, {employee("E", "D"), employee("C", "B")}, {}));
    EXPECT_TRUE(kept(kChart, {employee("D", "B")}, {"C"}));  // C's only report moves first
    EXPECT_TRUE(kept(kChart, {employee("NEWCHIEF"), employee("CHIEF", "NEWCHIEF")}, {},
                     OrgChartPolicy{true}));
}

TEST(OrgChartChange, WhatAChangeCanBreakIsCaught) {
    EXPECT_FALSE(kept(kChart, {employee("CHIEF", "D")}, {}));   // a cycle through untouched
    EXPECT_FALSE(kept(kChart, {employee("A", "C")}, {}));       // a two-person cycle
    EXPECT_FALSE(kept(kChart, {employee("A", "A")}, {}));       // self-supervision
    EXPECT_FALSE(kept(kChart, {employee("E", "NOBODY")}, {}));  // a dangling supervisor
    EXPECT_FALSE(kept(kChart, {employee("E", "C")}, {"C"}));    // a removed supervisor
    EXPECT_FALSE(kept(kChart, {}, {"C"}));                      // D still reports to C
    EXPECT_FALSE(kept(kChart, {employee("E")}, {}, OrgChartPolicy{true}));     // a second top
    EXPECT_FALSE(kept(kChart, {}, {"NOBODY"}));                                // unknown removal
    EXPECT_FALSE(kept(kChart, {employee("E", "A"), employee("E", "B")}, {}));  // twice
    EXPECT_FALSE(kept(kChart, {employee("E", "A")}, {"E"}));                   // both lists
    // A cycle only among changed people, which no single walk from its own member closes first.
    EXPECT_FALSE(
        kept(kChart,
             {employee("X", "Y"), employee("Y", "Z"), employee("Z", "X"), employee("E", "X")}, {}));
}

// Exact, not merely safe: whenever the whole chart afterwards validates, so does the change, and
// never otherwise (changes without a repeated id, leaving someone in the chart).
TEST(OrgChartChange, AgreesWithWholeChartValidationOnRandomChanges) {
    std::mt19937 random(1205);
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        const unsigned size = 2 + random() % 14;
        std::vector<EmployeeRecord> before = {employee("P0")};
        for (unsigned i = 1; i < size; ++i) {
            before.push_back(employee("P" + std::to_string(i), "P" + std::to_string(random() % i)));
        }
        std::vector<EmployeeRecord> upserts;
        std::vector<std::string> removals;
        std::set<std::string> named;
        const unsigned edits = 1 + random() % 4;
        for (unsigned k = 0; k < edits; ++k) {
            const std::string who = "P" + std::to_string(random() % (size + 3));
            if (!named.insert(who).second) {
                continue;
            }
            const unsigned kind = random() % 5;
            const bool exists = std::stoul(who.substr(1)) < size;
            if (kind == 0 && exists) {
                removals.push_back(who);
            } else {
                const std::string boss =
                    kind == 1 ? "" : "P" + std::to_string(random() % (size + 2));
                upserts.push_back(employee(who, boss));
            }
        }
        const OrgChartPolicy policy{random() % 2 == 0};
        const std::vector<EmployeeRecord> after = applied(before, upserts, removals);
        if (after.empty()) {
            continue;
        }
        SCOPED_TRACE("round " + std::to_string(round));
        const bool whole = valid(after, policy);
        EXPECT_EQ(kept(before, upserts, removals, policy), whole);
        accepted += whole ? 1 : 0;
    }
    EXPECT_GT(accepted, 300);  // the random changes are not all refusals
}

}  // namespace
