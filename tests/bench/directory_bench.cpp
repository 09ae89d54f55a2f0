// directory_bench.cpp: the employee directory at agency scale (100,000 employees).
//
// Through the real C ABI (the .so loaded with dlopen, JSON included): a full directory.sync (from
// records, and pulled from the host as SCIM pages), a directory.get and a directory.search.
// Baselines in the same run: a bare SOCI bulk insert of the same rows into an unindexed SQLite
// table (the floor for a full sync), and the org-chart validation alone (the part of a sync that is
// pure computation).
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench_plugin.hpp"
#include "host_sim/agency_generator.hpp"
#include "host_sim/directory_scope_query.hpp"
#include "host_sim/hr_database.hpp"
#include "plugin/domain/org_chart_validation.hpp"

namespace {

namespace fs = std::filesystem;
using psp_bench::LoadedPlugin;
using psp_bench::make_chart;
using psp_bench::records_request;
using psp_bench::require_ok;

// Times one directory.sync per iteration, each on a fresh instance: creating the instance and
// closing its database are not part of the sync.
template <class MakePlugin, class MakeRequest>
void time_fresh_syncs(benchmark::State &state, MakePlugin make_plugin, MakeRequest make_request) {
    int key = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::unique_ptr<LoadedPlugin> plugin = make_plugin();
        const std::string request = make_request(++key);
        state.ResumeTiming();
        require_ok(state, plugin->call(request));
        state.PauseTiming();
        plugin.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_DirectorySyncFull_CAbi(benchmark::State &state) {
    const auto chart = make_chart(static_cast<std::size_t>(state.range(0)));
    time_fresh_syncs(
        state, [] { return std::make_unique<LoadedPlugin>(); },
        [&](int key) { return records_request(chart, key); });
}

// The host simulator's directory pages for a generated agency (the people `psp-host generate
// --seed 7` makes), rendered once and answered by startIndex: the host's side of a fetch is then
// one copy, so a pull through it measures the plugin's share of `psp-host`'s host pull
// (scripts/bench-host-pull.sh runs that whole, with its peak resident memory).
class PrerenderedDirectory {
  public:
    static constexpr std::size_t kPageSize = 1000;

    explicit PrerenderedDirectory(std::size_t size) {
        const fs::path dir = LoadedPlugin::fresh_dir("hr");
        const std::string path = (dir / "hr.sqlite3").string();
        psp::host_sim::HrDatabase::create(path, psp::host_sim::generate_agency(7, size, "bench"));
        {
            psp::host_sim::HrDatabase hr(path);
            for (std::size_t start = 1; start <= size; start += kPageSize) {
                pages_.emplace(start, hr.directory_page(start, kPageSize, ""));
            }
        }
        fs::remove_all(dir);
        host_ = psp_bench::bench_host_services();
        host_.host_data = this;
        host_.fetch = &PrerenderedDirectory::fetch;
    }

    const psp_host_services &host() const { return host_; }

  private:
    static psp_status fetch(void *host_data, const char *scope, const char *query_json,
                            char **out_json, size_t *out_len) {
        const auto *self = static_cast<const PrerenderedDirectory *>(host_data);
        std::size_t start_index = 0;
        try {  // nothing may be thrown back through the plugin
            start_index = psp::host_sim::parse_directory_scope_query(query_json).start_index;
        } catch (const std::exception &) {
            return PSP_ERR_INVALID_REQUEST;
        }
        const auto page = self->pages_.find(start_index);
        if (std::string_view(scope) != "directory" || page == self->pages_.end()) {
            return PSP_ERR_INVALID_REQUEST;
        }
        *out_json = static_cast<char *>(std::malloc(page->second.size()));
        if (*out_json == nullptr) return PSP_ERR_HOST;
        std::memcpy(*out_json, page->second.data(), page->second.size());
        *out_len = page->second.size();
        return PSP_OK;
    }

    std::map<std::size_t, std::string> pages_;
    psp_host_services host_{};
};

// A full directory.sync with source "host": every page fetched through the host's fetch, mapped
// through the SCIM adapter, then the same sync as BM_DirectorySyncFull_CAbi.
void BM_DirectorySyncHostPull_CAbi(benchmark::State &state) {
    const PrerenderedDirectory directory(static_cast<std::size_t>(state.range(0)));
    time_fresh_syncs(
        state, [&] { return std::make_unique<LoadedPlugin>(directory.host(), std::string()); },
        [](int key) {
            return R"({"method":"directory.sync","principal":{"id":"bench","roles":["hr_admin"]},)"
                   R"("idempotency_key":"bench-pull-)" +
                   std::to_string(key) + R"(","params":{"mode":"full","source":"host"}})";
        });
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
BENCHMARK(BM_DirectorySyncHostPull_CAbi)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_OrgChartValidation)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
