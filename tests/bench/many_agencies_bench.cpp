// many_agencies_bench.cpp: many agencies in one host process, what they cost in memory and in
// database connections.
//
//   - ManyAgencies_Sqlite/1000: 1,000 instances (one agency each, its own SQLite file) created,
//     loaded with 500 employees (directory.sync) and all alive together, then each answers a
//     directory.get. Counters: the process's resident memory once all have answered (rss_mib),
//     its growth per agency (rss_kib_per_agency), the creation and load time per agency.
//   - ManyAgencies_Baseline_BareSqlite/1000, the same run's baseline: 1,000 bare SOCI SQLite
//     sessions, each on its own file holding the same 500 rows, each answering one point read:
//     the least 1,000 open SQLite databases cost.
//   - ManyAgencies_Postgres/200: 200 instances on one PostgreSQL server (a schema each), loaded,
//     then four host threads calling every agency in turn. A sampler counts the server's
//     connections (pg_stat_activity) all along: the peak stays within the process's per-server
//     limit (PSP_PG_CONNECTIONS_PER_SERVER, 64 by default), under the default max_connections of
//     100. Skipped when no cluster is configured (scripts/postgres-cluster.sh).
//
// Run alone (each is one long iteration):
//   build/release/tests/bench/psp_bench --benchmark_filter=ManyAgencies
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_plugin.hpp"
#include "host_sim/scratch_schema.hpp"
#include "plugin/core/json_text.hpp"

namespace {

namespace fs = std::filesystem;
using psp_bench::LoadedPlugin;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kEmployeesPerAgency = 500;

// The process's resident set, in bytes, after handing freed heap back to the system (so that a
// benchmark run before this one does not lend it memory that then looks free).
double resident_bytes() {
    ::malloc_trim(0);
    std::ifstream statm("/proc/self/statm");
    long long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

std::string get_request(std::size_t i) {
    return psp::to_json_text(
        {{"method", "directory.get"},
         {"principal", {{"id", "b"}, {"roles", {"hr_admin"}}}},
         {"params", {{"employee_id", "E1000" + std::to_string(10 + i % 90)}}}});
}

void report_memory(benchmark::State &state, double before, double after, std::size_t agencies) {
    state.counters["rss_mib"] = after / (1024.0 * 1024.0);
    state.counters["rss_kib_per_agency"] =
        (after - before) / 1024.0 / static_cast<double>(agencies);
}

void BM_ManyAgencies_Sqlite(benchmark::State &state) {
    const auto agencies = static_cast<std::size_t>(state.range(0));
    const std::string load =
        psp_bench::records_request(psp_bench::make_chart(kEmployeesPerAgency), 0);
    for (auto _ : state) {
        const double before = resident_bytes();
        std::vector<std::unique_ptr<LoadedPlugin>> plugins;
        plugins.reserve(agencies);
        const auto start = Clock::now();
        for (std::size_t i = 0; i < agencies; ++i) {
            plugins.push_back(std::make_unique<LoadedPlugin>());
            psp_bench::require_ok(state, plugins.back()->call(load));
        }
        const std::chrono::duration<double, std::milli> created = Clock::now() - start;
        for (std::size_t i = 0; i < agencies; ++i) {
            psp_bench::require_ok(state, plugins[i]->call(get_request(i)));
        }
        report_memory(state, before, resident_bytes(), agencies);
        state.counters["create_and_load_ms_per_agency"] =
            created.count() / static_cast<double>(agencies);
        state.PauseTiming();  // tearing down is not the figure
        plugins.clear();
        state.ResumeTiming();
    }
}

// One bare database: the employee record's columns, 500 rows, one connection and one read.
class BareAgency {
  public:
    explicit BareAgency(const std::vector<psp::EmployeeRecord> &chart)
        : dir_(LoadedPlugin::fresh_dir("bare")),
          sql_(soci::sqlite3, "db=\"" + (dir_ / "bare.sqlite3").string() + "\"") {
        sql_ << "PRAGMA journal_mode = WAL";
        sql_ << "CREATE TABLE employees (id TEXT PRIMARY KEY, name TEXT, title TEXT,"
                " category TEXT, division TEXT, unit TEXT, shift TEXT, supervisor_id TEXT)";
        soci::transaction tx(sql_);
        for (const psp::EmployeeRecord &e : chart) {
            sql_ << "INSERT INTO employees VALUES (:i, :n, :t, 'sworn', :d, :u, :s, :v)",
                soci::use(e.id), soci::use(e.name), soci::use(e.title), soci::use(e.division),
                soci::use(e.unit), soci::use(e.shift), soci::use(e.supervisor_id);
        }
        tx.commit();
    }
    ~BareAgency() { fs::remove_all(dir_); }
    BareAgency(const BareAgency &) = delete;
    BareAgency &operator=(const BareAgency &) = delete;

    std::string read(const std::string &id) {
        std::string name;
        sql_ << "SELECT name FROM employees WHERE id = :i", soci::use(id), soci::into(name);
        return name;
    }

  private:
    fs::path dir_;
    soci::session sql_;
};

void BM_ManyAgencies_Baseline_BareSqlite(benchmark::State &state) {
    const auto agencies = static_cast<std::size_t>(state.range(0));
    const auto chart = psp_bench::make_chart(kEmployeesPerAgency);
    for (auto _ : state) {
        const double before = resident_bytes();
        std::vector<std::unique_ptr<BareAgency>> bare;
        bare.reserve(agencies);
        for (std::size_t i = 0; i < agencies; ++i) {
            bare.push_back(std::make_unique<BareAgency>(chart));
        }
        for (std::size_t i = 0; i < agencies; ++i) {
            benchmark::DoNotOptimize(bare[i]->read("E1000" + std::to_string(10 + i % 90)));
        }
        report_memory(state, before, resident_bytes(), agencies);
        state.PauseTiming();
        bare.clear();
        state.ResumeTiming();
    }
}

// Counts the server's connections every few milliseconds until stopped; keeps the peaks.
class ConnectionSampler {
  public:
    ConnectionSampler() : admin_(soci::postgresql, std::getenv("PSP_TEST_PG_ADMIN")) {
        admin_ << "SHOW max_connections", soci::into(max_connections_);
        thread_ = std::thread([this] {
            while (!stop_) {
                int all = 0, plugin = 0;
                admin_ << "SELECT count(*), count(*) FILTER (WHERE usename = 'psp_plugin')"
                          " FROM pg_stat_activity",
                    soci::into(all), soci::into(plugin);
                peak_all_ = std::max(peak_all_.load(), all);
                peak_plugin_ = std::max(peak_plugin_.load(), plugin);
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
    }
    ~ConnectionSampler() { stop(); }
    ConnectionSampler(const ConnectionSampler &) = delete;
    ConnectionSampler &operator=(const ConnectionSampler &) = delete;
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int peak_all() const { return peak_all_; }
    int peak_plugin() const { return peak_plugin_; }
    int max_connections() const { return std::stoi(max_connections_); }

  private:
    soci::session admin_;
    std::string max_connections_;
    std::atomic<bool> stop_{false};
    std::atomic<int> peak_all_{0}, peak_plugin_{0};
    std::thread thread_;
};

void BM_ManyAgencies_Postgres(benchmark::State &state) {
    using psp::host_sim::ScratchSchema;
    if (!ScratchSchema::available()) {
        state.SkipWithError(
            "no PostgreSQL cluster: start one with scripts/postgres-cluster.sh "
            "and source its env");
        return;
    }
    const auto agencies = static_cast<std::size_t>(state.range(0));
    constexpr int kThreads = 4, kRounds = 3;
    const std::string load =
        psp_bench::records_request(psp_bench::make_chart(kEmployeesPerAgency), 0);
    for (auto _ : state) {
        std::vector<std::unique_ptr<ScratchSchema>> schemas;
        std::vector<std::unique_ptr<LoadedPlugin>> plugins;
        ConnectionSampler sampler;
        for (std::size_t i = 0; i < agencies; ++i) {
            schemas.push_back(std::make_unique<ScratchSchema>());
            const psp::Json config = {{"storage", schemas.back()->storage()}};
            plugins.push_back(std::make_unique<LoadedPlugin>(config.dump()));
            psp_bench::require_ok(state, plugins.back()->call(load));
        }
        // Every thread calls every agency, each from a different starting point.
        std::atomic<int> failures{0};
        const auto start = Clock::now();
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t k = 0; k < agencies * kRounds; ++k) {
                    const std::size_t i =
                        (k + static_cast<std::size_t>(t) * agencies / kThreads) % agencies;
                    if (!plugins[i]->call(get_request(i)).ok()) ++failures;
                }
            });
        }
        for (std::thread &thread : threads) thread.join();
        const std::chrono::duration<double, std::micro> answered = Clock::now() - start;
        sampler.stop();
        if (failures > 0) state.SkipWithError("some calls failed");
        state.counters["peak_server_connections"] = sampler.peak_all();
        state.counters["peak_plugin_connections"] = sampler.peak_plugin();
        state.counters["server_max_connections"] = sampler.max_connections();
        state.counters["call_us"] =
            answered.count() * kThreads / static_cast<double>(agencies * kRounds * kThreads);
        state.PauseTiming();
        plugins.clear();
        schemas.clear();
        state.ResumeTiming();
    }
}

BENCHMARK(BM_ManyAgencies_Baseline_BareSqlite)
    ->Arg(1000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ManyAgencies_Sqlite)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ManyAgencies_Postgres)->Arg(200)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
