// directory_bench.cpp: the employee directory at agency scale (100,000 employees).
//
// Through the real C ABI (the .so loaded with dlopen, JSON included): a full directory.sync (from
// records, and pulled from the host as SCIM pages), an incremental one changing 1% of 100,000, a
// directory.get and a directory.search. Baselines in the same run: bare SOCI bulk inserts of the
// same rows (three columns into a table of its own, as since 0.1; and every column into the
// plugin's own employees table, created by its migrations, with the indexes its reads need), a
// bare SOCI upsert of the same 1% into that table holding 100,000 rows, and the org-chart
// validation alone (the part of a sync that is pure computation).
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
using psp_bench::sync_request;

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

// The columns the plugin stores for `chart`, bound in bulk by SOCI.
struct FullRows {
    std::vector<std::string> id, name, title, category, agency, division, unit, shift, supervisor,
        hire_date;
    std::vector<int> active;
    std::vector<long long> updated;

    FullRows(const std::vector<psp::EmployeeRecord> &chart, long long now_ms) {
        for (const psp::EmployeeRecord &e : chart) {
            id.push_back(e.id);
            name.push_back(e.name);
            title.push_back(e.title);
            category.emplace_back("sworn");
            agency.emplace_back("bench");
            division.push_back(e.division);
            unit.push_back(e.unit);
            shift.push_back(e.shift);
            supervisor.push_back(e.supervisor_id);
            hire_date.emplace_back();
            active.push_back(1);
            updated.push_back(now_ms);
        }
    }

    // Into the plugin's employees table; `upsert` as a sync writes, else a plain INSERT.
    void write(soci::session &sql, bool upsert) {
        const std::string conflict =
            upsert ? " ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title,"
                     " category = excluded.category, agency = excluded.agency,"
                     " division = excluded.division, unit = excluded.unit, shift = excluded.shift,"
                     " supervisor_id = excluded.supervisor_id, active = excluded.active,"
                     " hire_date = excluded.hire_date, updated_ms = excluded.updated_ms"
                   : "";
        sql << "INSERT INTO employees (id, name, title, category, agency, division, unit, shift,"
               " supervisor_id, active, hire_date, updated_ms) VALUES (:i, :n, :t, :c, :a, :d,"
               " :u, :s, :p, :x, :h, :m)" +
                   conflict,
            soci::use(id), soci::use(name), soci::use(title), soci::use(category),
            soci::use(agency), soci::use(division), soci::use(unit), soci::use(shift),
            soci::use(supervisor), soci::use(active), soci::use(hire_date), soci::use(updated);
    }
};

// A plugin's database, opened beside it with the plugin's durability settings.
std::unique_ptr<soci::session> open_beside(const LoadedPlugin &plugin) {
    auto sql =
        std::make_unique<soci::session>(soci::sqlite3, "db=\"" + plugin.database_path() + "\"");
    *sql << "PRAGMA synchronous = FULL";
    return sql;
}

void BM_Baseline_SociBulkInsertFullRows(benchmark::State &state) {
    FullRows rows(make_chart(static_cast<std::size_t>(state.range(0))), 1);
    for (auto _ : state) {
        state.PauseTiming();
        auto plugin = std::make_unique<LoadedPlugin>();  // its migrations make the table
        auto sql = open_beside(*plugin);
        state.ResumeTiming();
        soci::transaction tx(*sql);
        rows.write(*sql, false);
        tx.commit();
        state.PauseTiming();
        sql.reset();
        plugin.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Every 100th employee of `chart` with a new title: what one incremental sync changes.
std::vector<psp::EmployeeRecord> one_percent_retitled(const std::vector<psp::EmployeeRecord> &chart,
                                                      int round) {
    std::vector<psp::EmployeeRecord> changed;
    for (std::size_t i = 0; i < chart.size(); i += 100) {
        changed.push_back(chart[i]);
        changed.back().title = "Title " + std::to_string(round);
    }
    return changed;
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

// 1,000 of 100,000 changed (a new title each round), as a host's nightly delta would.
BENCHMARK_F(SyncedDirectory, DirectorySyncIncremental1Pct_CAbi)(benchmark::State &state) {
    const auto chart = make_chart(100'000);
    static int round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        ++round;
        const std::string request = sync_request(one_percent_retitled(chart, round), "incremental",
                                                 "incremental-" + std::to_string(round));
        state.ResumeTiming();
        require_ok(state, plugin_->call(request));
    }
    state.SetItemsProcessed(state.iterations() * 1'000);
}

// The floor for the same delta: a bare SOCI upsert of the same 1,000 rows and a commit, on the
// plugin's employees table holding 100,000.
void BM_Baseline_SociUpsert1PctOf100k(benchmark::State &state) {
    const auto chart = make_chart(100'000);
    LoadedPlugin plugin;
    auto sql = open_beside(plugin);
    {
        FullRows all(chart, 1);
        soci::transaction tx(*sql);
        all.write(*sql, false);
        tx.commit();
    }
    int round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        ++round;
        FullRows changed(one_percent_retitled(chart, round), round);
        state.ResumeTiming();
        soci::transaction tx(*sql);
        changed.write(*sql, true);
        tx.commit();
    }
    state.SetItemsProcessed(state.iterations() * 1'000);
}

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
BENCHMARK(BM_Baseline_SociBulkInsertFullRows)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_DirectorySyncFull_CAbi)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_DirectorySyncHostPull_CAbi)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_Baseline_SociUpsert1PctOf100k)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_OrgChartValidation)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
