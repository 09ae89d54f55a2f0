// transition_worker_test.cpp: `psp-host transition-worker`'s answers other than a won race: the
// loser's conflict names the state the PSP is in, a call the plugin refuses for another reason is
// an `error` line with its code, a line that is not `go <round>` ends the worker, and a --storage
// that is not a JSON object is refused.
#include <gtest/gtest.h>

#include "host_sim/child_process.hpp"
#include "transition_fixture.hpp"

namespace psp::host_sim::integration {
namespace {

TEST(TransitionWorker, ARoundOutOfTurnIsAConflictNamingThePspsState) {
    const TransitionAgency agency(1);
    const std::string psp = agency.psps().front();
    ChildProcess worker(agency.worker_argv(psp, "w"));
    ASSERT_TRUE(worker.send_line("go 1"));  // leave.end while the PSP is active
    EXPECT_EQ(worker.read_line().value_or("(end)"),
              "conflict 1 " + psp + " is active; returning from leave needs on_leave");
    EXPECT_EQ(worker.wait(), 0);
    EXPECT_EQ(agency.status(psp), "active");
}

TEST(TransitionWorker, AnEmployeeWhoNeverAppliedIsAnErrorWithItsCode) {
    const TransitionAgency agency(1);
    ChildProcess worker(agency.worker_argv("E000050", "w"));
    ASSERT_TRUE(worker.send_line("go 2"));  // review.open
    EXPECT_EQ(worker.read_line().value_or("(end)"),
              "error 2 not_found E000050 has never applied to the peer support program");
    EXPECT_EQ(worker.wait(), 0);
}

TEST(TransitionWorker, ALineThatIsNotGoEndsTheWorker) {
    const TransitionAgency agency(1);
    ChildProcess worker(agency.worker_argv(agency.psps().front(), "w"));
    ASSERT_TRUE(worker.send_line("go fast"));
    EXPECT_EQ(worker.read_line().value_or("(end)"),
              "error - protocol expected `go <round>`, got: go fast");
    EXPECT_EQ(worker.read_line(), std::nullopt);
    EXPECT_EQ(worker.wait(), 1);
}

TEST(TransitionWorker, StorageThatIsNotAJsonObjectIsRefusedBeforeAnyCall) {
    if (testing_postgresql()) {
        GTEST_SKIP() << "the worker's command line has a --storage already";
    }
    const TransitionAgency agency(1);
    ChildProcess worker(agency.worker_argv(agency.psps().front(), "w", {"--storage", "[1]"}));
    EXPECT_EQ(worker.read_line(), std::nullopt);
    EXPECT_EQ(worker.wait(), 2);  // psp-host: --storage must be a JSON object: [1]
}

}  // namespace
}  // namespace psp::host_sim::integration
