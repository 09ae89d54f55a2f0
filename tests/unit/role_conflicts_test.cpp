// role_conflicts_test.cpp: the conflict rules and the proposal ranking against brute force on
// small generated charts: a walk up every supervisor link (permanent and acting) for the chain
// of command, and a full sort for the ranking.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "plugin/domain/psp_proposals.hpp"
#include "plugin/domain/role_conflicts.hpp"

namespace {

using psp::ConflictFacts;
using psp::OrgChartIndex;
using Node = OrgChartIndex::Node;

struct ConflictChart {
    std::vector<psp::EmployeeRecord> records;
    std::vector<psp::ActingAssignment> acting;
};

ConflictChart generate(std::mt19937 &rng, std::size_t n) {
    ConflictChart c;
    for (std::size_t i = 0; i < n; ++i) {
        psp::EmployeeRecord e;
        e.id = "E" + std::to_string(1000 + (i * 7919) % 9000);  // ids not in node order
        e.name = e.id;
        e.shift = rng() % 2 ? "Day" : "Night";
        e.category = static_cast<psp::StaffCategory>(rng() % 3);
        e.division = "D";
        if (i > 0) {
            e.supervisor_id = c.records[rng() % i].id;
        }
        c.records.push_back(e);
    }
    for (std::size_t k = 0; k < n / 6; ++k) {
        c.acting.push_back({c.records[rng() % n].id, c.records[rng() % n].id});
    }
    return c;
}

// Levels from `lower` up to `upper` by the shortest supervisor path, or -1.
int levels_above(const ConflictChart &c, const std::string &upper, const std::string &lower) {
    std::map<std::string, std::vector<std::string>> up;
    for (const auto &e : c.records) {
        if (!e.supervisor_id.empty()) {
            up[e.id].push_back(e.supervisor_id);
        }
    }
    for (const auto &a : c.acting) {
        if (a.employee_id != a.supervisor_id) {
            up[a.employee_id].push_back(a.supervisor_id);
        }
    }
    std::map<std::string, int> dist = {{lower, 0}};
    std::vector<std::string> queue = {lower};
    for (std::size_t i = 0; i < queue.size(); ++i) {
        for (const std::string &next : up[queue[i]]) {
            if (dist.contains(next)) {
                continue;
            }
            dist[next] = dist[queue[i]] + 1;
            if (next == upper) {
                return dist[next];
            }
            queue.push_back(next);
        }
    }
    return -1;
}

bool brute_chain(const ConflictChart &c, const std::string &a, const std::string &b,
                 unsigned depth) {
    for (const int levels : {levels_above(c, a, b), levels_above(c, b, a)}) {
        if (a != b && levels > 0 && (depth == 0 || levels <= static_cast<int>(depth))) {
            return true;
        }
    }
    return false;
}

TEST(RoleConflicts, EveryRuleMatchesBruteForceOnGeneratedCharts) {
    std::mt19937 rng(20240501);
    int conflicts_seen = 0, chains_seen = 0;
    for (int round = 0; round < 30; ++round) {
        const ConflictChart c = generate(rng, 8 + rng() % 30);
        const OrgChartIndex chart = OrgChartIndex::build(c.records, c.acting);
        const unsigned depth = round % 3 == 0 ? 0 : 1 + rng() % 3;
        ConflictFacts facts(chart, depth);
        const std::size_t n = chart.size();
        std::map<Node, std::vector<std::string>> members;
        std::set<std::pair<Node, Node>> declared;
        std::map<Node, std::set<int64_t>> incidents;
        for (Node v = 0; v < n; ++v) {
            if (rng() % 3 == 0) {
                std::vector<std::string> reasons;
                if (rng() % 4 == 0) {
                    reasons.push_back("on_leave");
                }
                members[v] = reasons;
                facts.add_member(v, reasons);
            }
            if (rng() % 4 == 0) {
                const auto incident = static_cast<int64_t>(1 + rng() % 3);
                incidents[v].insert(incident);
                facts.add_involvement(v, incident);
            }
        }
        for (int k = 0; k < 5; ++k) {
            const Node p = rng() % n, e = rng() % n;
            declared.insert({p, e});
            facts.add_declaration(p, e, k % 2 ? "family" : "");
        }
        for (Node p = 0; p < n; ++p) {
            for (Node e = 0; e < n; ++e) {
                std::vector<std::string> expected;
                if (p == e) {
                    expected.push_back("self");
                }
                if (!members.contains(p)) {
                    expected.push_back("not_a_psp");
                } else {
                    for (const auto &r : members[p]) {
                        expected.push_back("psp_unavailable:" + r);
                    }
                }
                const bool chain = brute_chain(c, chart.id_of(p), chart.id_of(e), depth);
                if (chain) {
                    expected.push_back("chain_of_command");
                }
                if (declared.contains({p, e})) {
                    expected.push_back("declared_conflict");
                }
                std::vector<int64_t> shared;
                std::set_intersection(incidents[p].begin(), incidents[p].end(),
                                      incidents[e].begin(), incidents[e].end(),
                                      std::back_inserter(shared));
                if (p != e && !shared.empty()) {
                    expected.push_back("same_incident");
                }
                ASSERT_EQ(facts.rules(p, e), expected)
                    << chart.id_of(p) << " / " << chart.id_of(e) << " depth " << depth;
                ASSERT_EQ(facts.eligible(p, e), expected.empty());
                conflicts_seen += expected.empty() ? 0 : 1;
                chains_seen += chain ? 1 : 0;
            }
        }
    }
    EXPECT_GT(chains_seen, 100);  // the charts exercise the rule
    EXPECT_GT(conflicts_seen, chains_seen);
}

TEST(RoleConflicts, DeclaredCategoryIsKeptPerPair) {
    const OrgChartIndex chart =
        OrgChartIndex::build({psp::EmployeeRecord{.id = "A"}, psp::EmployeeRecord{.id = "B"},
                              psp::EmployeeRecord{.id = "C"}});
    ConflictFacts facts(chart, 0);
    facts.add_declaration(chart.find("A"), chart.find("B"), "friend");
    ASSERT_NE(facts.declared_category(chart.find("A"), chart.find("B")), nullptr);
    EXPECT_EQ(*facts.declared_category(chart.find("A"), chart.find("B")), "friend");
    EXPECT_EQ(facts.declared_category(chart.find("B"), chart.find("A")), nullptr);
    EXPECT_EQ(facts.declared_category(chart.find("A"), chart.find("C")), nullptr);
}

TEST(PspProposals, RankingMatchesAFullSortOnGeneratedCharts) {
    std::mt19937 rng(77);
    for (int round = 0; round < 20; ++round) {
        const ConflictChart c = generate(rng, 20 + rng() % 40);
        const OrgChartIndex chart = OrgChartIndex::build(c.records, c.acting);
        ConflictFacts facts(chart, 0);
        std::vector<Node> psps;
        std::vector<uint32_t> load(chart.size(), 0);
        for (Node v = 0; v < chart.size(); ++v) {
            if (rng() % 2 == 0) {
                continue;
            }
            facts.add_member(v, {});
            psps.push_back(v);
            load[v] = rng() % 3;
        }
        for (Node v = 0; v < chart.size(); v += 5) {
            facts.add_involvement(v, 1);
        }
        psp::PspRanker ranker(facts, psps, load);
        // Every employee, with the ranker's per-(shift, kind) orders reused across them.
        for (Node employee = 0; employee < chart.size(); ++employee) {
            const std::vector<Node> declined = {psps.empty() ? 0 : psps[employee % psps.size()]};
            std::vector<Node> expected;
            for (Node p : psps) {
                if (p != declined.front() && facts.eligible(p, employee)) {
                    expected.push_back(p);
                }
            }
            const auto &who = chart.facts(employee);
            std::sort(expected.begin(), expected.end(), [&](Node a, Node b) {
                const auto key = [&](Node x) {
                    return std::make_tuple(chart.facts(x).shift != who.shift,
                                           chart.facts(x).category != who.category, load[x],
                                           chart.id_of(x));
                };
                return key(a) < key(b);
            });
            for (std::size_t limit : {std::size_t{3}, std::size_t{100}}) {
                std::vector<Node> want(expected.begin(),
                                       expected.begin() + static_cast<std::ptrdiff_t>(
                                                              std::min(limit, expected.size())));
                ASSERT_EQ(ranker.rank(employee, declined, limit), want) << chart.id_of(employee);
            }
        }
    }
}

}  // namespace
