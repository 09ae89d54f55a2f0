// transition_race_test.cpp: two host processes on one database racing the same transitions
// (issue 7). Both `psp-host transition-worker`s get the same round at the same moment, as two
// coordinators would open the same review or decide it: exactly one wins, the other gets a clear
// `conflict`, and afterwards the PSP's history holds each transition exactly once and the audit
// chain verifies. On SQLite by default, on PostgreSQL with PSP_TEST_BACKEND=postgresql.
// PSP_RACE_ROUNDS overrides the number of rounds (5,000).
#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "host_sim/child_process.hpp"
#include "host_sim/transition_workload.hpp"
#include "transition_fixture.hpp"

namespace psp::host_sim::integration {
namespace {

struct RoundAnswers {
    int64_t round = 0;
    std::string first;   // the answer of the worker sent `go` first
    std::string second;  // of the other
};

// "won 7" from one worker and "conflict 7 ..." from the other, in either order.
::testing::AssertionResult one_won_one_conflict(const RoundAnswers &a) {
    const std::string won = "won " + std::to_string(a.round);
    const std::string conflict = "conflict " + std::to_string(a.round) + " ";
    const auto is_conflict = [&](const std::string &s) { return s.rfind(conflict, 0) == 0; };
    if ((a.first == won && is_conflict(a.second)) || (a.second == won && is_conflict(a.first))) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "round " << a.round << ": the workers answered \""
                                         << a.first << "\" and \"" << a.second << "\"";
}

TEST(TransitionRace, TwoHostProcessesRacingEachTransitionOneWinsTheOtherGetsConflict) {
    const int64_t rounds = env_count("PSP_RACE_ROUNDS", 5000);
    const TransitionAgency agency(1);
    const std::string psp = agency.psps().front();
    const std::size_t history_before = agency.history(psp).size();
    const int64_t audited_before = agency.audit_verification().at("entries_checked");

    ChildProcess workers[2] = {ChildProcess(agency.worker_argv(psp, "a")),
                               ChildProcess(agency.worker_argv(psp, "b"))};
    int64_t wins[2] = {0, 0};
    for (int64_t round = 0; round < rounds; ++round) {
        // Who hears first alternates, so neither worker always has a head start.
        ChildProcess &first = workers[round % 2];
        ChildProcess &second = workers[1 - round % 2];
        const std::string go = "go " + std::to_string(round);
        ASSERT_TRUE(first.send_line(go) && second.send_line(go)) << "a worker died";
        const RoundAnswers answers{round, first.read_line().value_or("(no answer)"),
                                   second.read_line().value_or("(no answer)")};
        ASSERT_TRUE(one_won_one_conflict(answers));
        ++wins[answers.first.rfind("won", 0) == 0 ? round % 2 : 1 - round % 2];
    }
    EXPECT_EQ(workers[0].wait(), 0);
    EXPECT_EQ(workers[1].wait(), 0);
    std::cout << "[race] " << rounds << " rounds: worker a won " << wins[0] << ", worker b won "
              << wins[1] << (agency.on_postgresql() ? " (PostgreSQL)" : " (SQLite)") << '\n';

    // Both won rounds: the workers really raced (neither was always first).
    EXPECT_GT(wins[0], 0);
    EXPECT_GT(wins[1], 0);

    // Nothing lost, nothing twice: one event per round, in the cycle's order.
    const std::vector<std::string> history = agency.history(psp);
    ASSERT_EQ(history.size(), history_before + static_cast<std::size_t>(rounds));
    for (int64_t round = 0; round < rounds; ++round) {
        ASSERT_EQ(history[history_before + round], transition_event(round)) << "round " << round;
    }
    EXPECT_EQ(agency.status(psp), status_after_rounds(rounds));
    // Every call is audited: the winner's change and the loser's refusal, one entry each; a
    // confidential call (leave.*) is counted for the quarter instead of entered on its own.
    int64_t audited_rounds = 0;
    for (int64_t round = 0; round < rounds; ++round) {
        audited_rounds +=
            transition_request("a", psp, round).method.rfind("leave.", 0) == 0 ? 0 : 1;
    }
    EXPECT_GT(audited_rounds, 0);
    EXPECT_LT(audited_rounds, rounds);
    const Json audit = agency.audit_verification();
    EXPECT_TRUE(audit.at("intact").get<bool>()) << audit.dump();
    EXPECT_EQ(audit.at("entries_checked").get<int64_t>(), audited_before + 2 * audited_rounds);
}

}  // namespace
}  // namespace psp::host_sim::integration
