// transition_crash_test.cpp: crash safety and host retries on SQLite (issue 7). A
// `psp-host transition-worker` performs thousands of transitions and is SIGKILLed at random
// moments; each restart re-sends the round after its last acknowledgement with the SAME
// idempotency key, whether or not the killed worker had committed it (its answer was lost: the
// host's retry after a timeout). Afterwards every acknowledged transition is there exactly once,
// PRAGMA integrity_check is ok and the audit chain verifies.
// PSP_CRASH_KILLS (25), PSP_CRASH_ROUNDS (5,000) and PSP_CRASH_SEED (random) override.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <random>
#include <thread>

#include "host_sim/child_process.hpp"
#include "host_sim/transition_workload.hpp"
#include "transition_fixture.hpp"

namespace psp::host_sim::integration {
namespace {

struct CrashTotals {
    int64_t kills = 0;
    int64_t acked = 0;            // rounds acknowledged by the workers that were killed
    int64_t unacked_commits = 0;  // rounds a killed worker committed but could not acknowledge
};

struct WorkerRun {
    int64_t next = 0;     // the round after the last one the worker acknowledged
    bool killed = false;  // false when it finished every round before the kill came
};

// Runs a free-running worker from round `from` and kills it `delay` after its first
// acknowledgement.
WorkerRun run_until_killed(const TransitionAgency &agency, int64_t from, int64_t rounds,
                           std::chrono::milliseconds delay) {
    const std::string psp = agency.psps().front();
    ChildProcess worker(agency.worker_argv(
        psp, "crash",
        {"--free-run", std::to_string(rounds - from), "--from", std::to_string(from)}));
    std::thread killer;
    int64_t next = from;
    while (const auto line = worker.read_line()) {
        EXPECT_EQ(*line, "ack " + std::to_string(next)) << "acknowledgements come in order";
        if (*line != "ack " + std::to_string(next)) {
            break;
        }
        if (next++ == from) {
            killer = std::thread([&worker, delay] {
                std::this_thread::sleep_for(delay);
                worker.kill_now();
            });
        }
    }
    if (killer.joinable()) {
        killer.join();
    }
    const int status = worker.wait();
    // A worker that fails on its own is a bug, not a crash this test injected.
    EXPECT_TRUE(status == 0 || status == 128 + SIGKILL) << "the worker exited with " << status;
    return {next, status == 128 + SIGKILL};
}

std::string integrity_check(const std::filesystem::path &database) {
    soci::session sql(soci::sqlite3, "db=\"" + database.string() + "\" readonly=true");
    std::string result;
    sql << "PRAGMA integrity_check", soci::into(result);
    return result;
}

TEST(TransitionCrash, SigkillAtRandomMomentsLosesNoAcknowledgedTransition) {
    if (testing_postgresql()) {
        GTEST_SKIP() << "SIGKILL crash safety is a SQLite test";
    }
    const TransitionAgency agency(1);
    const int64_t kills = env_count("PSP_CRASH_KILLS", 25);
    const int64_t rounds = env_count("PSP_CRASH_ROUNDS", 5000);
    const auto seed = static_cast<uint64_t>(env_count("PSP_CRASH_SEED", std::random_device{}()));
    std::cout << "[crash] seed " << seed << " (PSP_CRASH_SEED=" << seed << " repeats it)\n";
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int> delay_ms(5, 100);
    const std::string psp = agency.psps().front();
    const std::size_t history_before = agency.history(psp).size();

    CrashTotals totals;
    int64_t next = 0;
    while (totals.kills < kills && next < rounds) {
        const WorkerRun run =
            run_until_killed(agency, next, rounds, std::chrono::milliseconds(delay_ms(random)));
        next = run.next;
        if (run.killed) {
            ++totals.kills;
        }
        // The round in flight at the kill committed or did not; nothing else is possible.
        const auto committed = static_cast<int64_t>(agency.history(psp).size() - history_before);
        ASSERT_TRUE(committed == next || committed == next + 1)
            << committed << " rounds committed, " << next << " acknowledged";
        totals.unacked_commits += committed - next;
    }
    totals.acked = next;
    // The last run finishes the work without a kill.
    ChildProcess last(agency.worker_argv(
        psp, "crash",
        {"--free-run", std::to_string(rounds - next), "--from", std::to_string(next)}));
    for (; next < rounds; ++next) {
        ASSERT_EQ(last.read_line().value_or("(end)"), "ack " + std::to_string(next));
    }
    EXPECT_EQ(last.wait(), 0);

    const std::vector<std::string> history = agency.history(psp);
    const auto lost =
        static_cast<int64_t>(history_before) + rounds - static_cast<int64_t>(history.size());
    std::cout << "[crash] " << totals.kills << " kills, " << totals.acked
              << " transitions acknowledged by killed workers, " << rounds << " in all, "
              << totals.unacked_commits
              << " committed but unacknowledged and re-sent with their key (effect once), lost "
              << lost << '\n';
    ASSERT_EQ(lost, 0);
    for (int64_t round = 0; round < rounds; ++round) {
        ASSERT_EQ(history[history_before + round], transition_event(round)) << "round " << round;
    }
    EXPECT_EQ(agency.status(psp), status_after_rounds(rounds));
    EXPECT_TRUE(agency.audit_verification().at("intact").get<bool>());
    EXPECT_EQ(integrity_check(agency.sqlite_file()), "ok");
}

}  // namespace
}  // namespace psp::host_sim::integration
