// transition_bench.cpp: program state transitions per second on SQLite, WAL with durable commits
// (issue 7's target: at least 2,000/s), from 1 and 4 host threads, each on its own PSP, through
// the C ABI as psp-host calls it (the transition workload's four-round cycle).
//
// Baseline in the same run: the bare SOCI transaction an integrator would write for a state
// change (one single-row UPDATE and a COMMIT) on a SQLite file with the same pragmas. Each durable
// commit waits for an fsync of the WAL, so the baseline is also the disk's ceiling for one
// commit per transition; TMPDIR=/dev/shm (no real fsync) shows what the plugin itself costs.
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <array>
#include <filesystem>
#include <memory>

#include "bench_plugin.hpp"
#include "host_sim/agency_session.hpp"
#include "host_sim/transition_workload.hpp"
#include "host_sim/transition_workspace.hpp"

namespace {

namespace fs = std::filesystem;
using namespace psp::host_sim;

constexpr int kMaxThreads = 4;

// One agency with a PSP per thread, made once and shared by every run; each PSP's next round
// carries over from run to run so the cycle never breaks.
struct SqliteAgency {
    fs::path root = psp_bench::LoadedPlugin::fresh_dir("transitions");
    std::shared_ptr<const psp::host_sim::LoadedPlugin> plugin =
        load_plugin(PSP_BENCH_MANIFEST, HostScopePolicy({"directory"}));
    TransitionWorkspace workspace{root, plugin, kMaxThreads};
    AgencySession session{plugin, workspace.work_dir(), workspace.work_dir().load_state()};
    std::array<int64_t, kMaxThreads> next_round{};

    ~SqliteAgency() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
};

SqliteAgency &sqlite_agency() {
    static SqliteAgency agency;  // thread-safe initialisation: every bench thread asks
    return agency;
}

void BM_Transitions_Sqlite(benchmark::State &state) {
    SqliteAgency &agency = sqlite_agency();
    const std::string &psp = agency.workspace.psps().at(state.thread_index());
    int64_t &round = agency.next_round.at(state.thread_index());
    for (auto _ : state) {
        const CallOutcome outcome = agency.session.call(transition_request("bench", psp, round));
        if (!outcome.ok()) {
            state.SkipWithError(outcome.response.dump().substr(0, 300).c_str());
            break;
        }
        ++round;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Transitions_Sqlite)->Threads(1)->Threads(4)->UseRealTime();

// A table of one row per thread in a WAL file with synchronous=FULL, as the plugin opens its own;
// removed at exit.
struct BaselineFile {
    fs::path dir = psp_bench::LoadedPlugin::fresh_dir("update-baseline");
    std::string path = (dir / "t.sqlite3").string();

    BaselineFile() {
        soci::session sql(soci::sqlite3, "db=\"" + path + "\"");
        sql << "PRAGMA journal_mode = WAL";
        sql << "CREATE TABLE members (id INTEGER PRIMARY KEY, status TEXT, revision BIGINT)";
        for (int i = 0; i < kMaxThreads; ++i) {
            sql << "INSERT INTO members VALUES (:i, 'active', 0)", soci::use(i);
        }
    }
    ~BaselineFile() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

const std::string &baseline_file() {
    static const BaselineFile file;  // thread-safe initialisation: every bench thread asks
    return file.path;
}

void BM_Baseline_SociUpdateCommit_Sqlite(benchmark::State &state) {
    soci::session sql(soci::sqlite3, "db=\"" + baseline_file() + "\"");
    sql << "PRAGMA busy_timeout = 10000";
    sql << "PRAGMA synchronous = FULL";
    const int id = state.thread_index();
    for (auto _ : state) {
        sql << "BEGIN IMMEDIATE";
        sql << "UPDATE members SET revision = revision + 1 WHERE id = :i", soci::use(id);
        sql << "COMMIT";
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_SociUpdateCommit_Sqlite)->Threads(1)->Threads(4)->UseRealTime();

}  // namespace
