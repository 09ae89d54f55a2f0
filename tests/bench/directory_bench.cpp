// directory_bench.cpp: the employee directory at agency scale (100,000 employees).
//
// Through the real C ABI (the .so loaded with dlopen, JSON included): a full directory.sync, a
// directory.get and a directory.search. Baselines in the same run: a bare SOCI bulk insert of the
// same rows into an unindexed SQLite table (the floor for a full sync), and the org-chart
// validation alone (the part of a sync that is pure computation).
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_plugin.hpp"
#include "plugin/domain/org_chart_validation.hpp"

namespace {

namespace fs = std::filesystem;
using psp_bench::LoadedPlugin;
using psp_bench::make_chart;
using psp_bench::records_request;
using psp_bench::require_ok;

void BM_DirectorySyncFull_CAbi(benchmark::State &state) {
    const auto chart = make_chart(static_cast<std::size_t>(state.range(0)));
    int key = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto plugin = std::make_unique<LoadedPlugin>();
        const std::string request = records_request(chart, ++key);
        state.ResumeTiming();
        require_ok(state, plugin->call(request));
        state.PauseTiming();
        plugin.reset();  // closing the database is not part of the sync
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Baseline_SociBulkInsert(benchmark::State &state) {
    const auto chart = make_chart(static_cast<std::size_t>(state.range(0)));
    std::vector<std::string> ids, names, supervisors;
    for (const auto &e : chart) {
        ids.push_back(e.id);
        names.push_back(e.name);
        supervisors.push_back(e.supervisor_id);
    }
    for (auto _ : state) {
        state.PauseTiming();
        const fs::path dir = LoadedPlugin::fresh_dir("baseline");
        soci::session sql(soci::sqlite3, "db=\"" + (dir / "b.sqlite3").string() + "\"");
        sql << "PRAGMA journal_mode = WAL";
        sql << "PRAGMA synchronous = FULL";
        sql << "CREATE TABLE e (id TEXT PRIMARY KEY, name TEXT, supervisor_id TEXT)";
        state.ResumeTiming();
        soci::transaction tx(sql);
        sql << "INSERT INTO e VALUES (:i, :n, :s)", soci::use(ids), soci::use(names),
            soci::use(supervisors);
        tx.commit();
        state.PauseTiming();
        sql.close();
        fs::remove_all(dir);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_OrgChartValidation(benchmark::State &state) {
    const auto chart = make_chart(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) psp::validate_org_chart(chart, {true});
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Read methods on a synced 100,000-employee directory.
class SyncedDirectory : public benchmark::Fixture {
  public:
    void SetUp(const benchmark::State &) override {
        if (plugin_) return;
        plugin_ = std::make_unique<LoadedPlugin>();
        const auto result = plugin_->call(records_request(make_chart(100'000), 0));
        if (!result.ok()) throw std::runtime_error(result.response);
    }
    static std::unique_ptr<LoadedPlugin> plugin_;
};
std::unique_ptr<LoadedPlugin> SyncedDirectory::plugin_;

BENCHMARK_F(SyncedDirectory, DirectoryGet_CAbi)(benchmark::State &state) {
    const std::string request =
        R"({"method":"directory.get","principal":{"id":"b","roles":["hr_admin"]},)"
        R"("params":{"employee_id":"E150000"}})";
    for (auto _ : state) require_ok(state, plugin_->call(request));
}

BENCHMARK_F(SyncedDirectory, DirectorySearchDivisionShift_CAbi)(benchmark::State &state) {
    const std::string request =
        R"({"method":"directory.search","principal":{"id":"b","roles":["hr_admin"]},)"
        R"("params":{"division":"Division 3","shift":"Night","limit":50}})";
    for (auto _ : state) require_ok(state, plugin_->call(request));
}

BENCHMARK(BM_Baseline_SociBulkInsert)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_DirectorySyncFull_CAbi)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_OrgChartValidation)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
