// transition_postgres_bench.cpp: program state transitions per second on PostgreSQL from 4 host
// processes (issue 7's target: at least 1,000/s), each a `psp-host transition-worker` in free-run
// mode on its own PSP, timed from the moment all four have acknowledged their first transition
// (process start and plugin load excluded) to the last acknowledgement.
//
// Baseline in the same run: the bare SOCI transaction for a state change (one single-row UPDATE
// and a COMMIT) from 4 threads, each with its own connection, in the same cluster.
//
// Needs a cluster: scripts/bench-transitions.sh starts a durable one (fsync on). Without
// PSP_TEST_PG_ADMIN both benchmarks are skipped with an error.
#include <benchmark/benchmark.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench_plugin.hpp"
#include "host_sim/child_process.hpp"
#include "host_sim/scratch_schema.hpp"
#include "host_sim/transition_workspace.hpp"

namespace {

namespace fs = std::filesystem;
using namespace psp::host_sim;

constexpr int kProcesses = 4;
constexpr int64_t kRoundsPerProcess = 2000;
const char *const kNoCluster =
    "PSP_TEST_PG_ADMIN is unset: run scripts/bench-transitions.sh (a durable cluster)";

// Waits for `worker`'s next line, which must be `ack <round>`.
bool acknowledged(ChildProcess &worker, int64_t round) {
    return worker.read_line().value_or("") == "ack " + std::to_string(round);
}

void BM_Transitions_Postgres_4Processes(benchmark::State &state) {
    if (!ScratchSchema::available()) {
        state.SkipWithError(kNoCluster);
        return;
    }
    const ScratchSchema schema;
    const fs::path root = psp_bench::LoadedPlugin::fresh_dir("pg-transitions");
    const TransitionWorkspace workspace(
        root, load_plugin(PSP_BENCH_MANIFEST, HostScopePolicy({"directory"})), kProcesses,
        schema.storage());
    int64_t from = 0;
    for (auto _ : state) {
        std::vector<std::unique_ptr<ChildProcess>> workers;
        for (const std::string &psp : workspace.psps()) {
            workers.push_back(std::make_unique<ChildProcess>(
                workspace.worker_argv(PSP_HOST_EXE, PSP_BENCH_MANIFEST, psp, "bench",
                                      {"--free-run", std::to_string(kRoundsPerProcess), "--from",
                                       std::to_string(from)})));
        }
        bool ok = true;
        for (auto &w : workers) ok = ok && acknowledged(*w, from);
        const auto start = std::chrono::steady_clock::now();
        for (int64_t round = from + 1; ok && round < from + kRoundsPerProcess; ++round) {
            for (auto &w : workers) ok = ok && acknowledged(*w, round);
        }
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        for (auto &w : workers) ok = w->wait() == 0 && ok;
        if (!ok) {
            state.SkipWithError("a worker did not acknowledge every round (see its stderr)");
            break;
        }
        state.SetIterationTime(elapsed.count());
        from += kRoundsPerProcess;
    }
    state.SetItemsProcessed(state.iterations() * kProcesses * (kRoundsPerProcess - 1));
    fs::remove_all(root);
}
BENCHMARK(BM_Transitions_Postgres_4Processes)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// One row per thread in a scratch schema, made once.
const ScratchSchema &baseline_schema() {
    static const ScratchSchema schema;
    static const bool created = [] {
        soci::session sql(soci::postgresql, schema.storage().at("connection").get<std::string>());
        sql << "CREATE TABLE members (id INTEGER PRIMARY KEY, status TEXT, revision BIGINT)";
        for (int i = 0; i < kProcesses; ++i) {
            sql << "INSERT INTO members VALUES (:i, 'active', 0)", soci::use(i);
        }
        return true;
    }();
    (void)created;
    return schema;
}

void BM_Baseline_SociUpdateCommit_Postgres(benchmark::State &state) {
    if (!ScratchSchema::available()) {
        state.SkipWithError(kNoCluster);
        return;
    }
    soci::session sql(soci::postgresql,
                      baseline_schema().storage().at("connection").get<std::string>());
    const int id = state.thread_index();
    for (auto _ : state) {
        sql << "BEGIN";
        sql << "UPDATE members SET revision = revision + 1 WHERE id = :i", soci::use(id);
        sql << "COMMIT";
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_SociUpdateCommit_Postgres)->Threads(kProcesses)->UseRealTime();

}  // namespace
