// directory_bench.cpp: the employee directory at agency scale (100,000 employees).
//
// Through the real C ABI (the .so loaded with dlopen, JSON included): a full directory.sync, a
// directory.get and a directory.search. Baselines in the same run: a bare SOCI bulk insert of the
// same rows into an unindexed SQLite table (the floor for a full sync), and the org-chart
// validation alone (the part of a sync that is pure computation).
#include <benchmark/benchmark.h>
#include <dlfcn.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/json_text.hpp"
#include "domain/org_chart_validation.hpp"
#include "psp_plugin.hpp"

namespace {

namespace fs = std::filesystem;

// A department-shaped tree: each supervisor has eight reports, employee 0 at the top.
std::vector<psp::EmployeeRecord> make_chart(std::size_t size) {
    static const char *const kShifts[] = {"Day", "Evening", "Night"};
    std::vector<psp::EmployeeRecord> chart(size);
    for (std::size_t i = 0; i < size; ++i) {
        psp::EmployeeRecord &e = chart[i];
        e.id = "E" + std::to_string(100000 + i);
        e.name = "Employee " + std::to_string(i);
        e.title = i == 0 ? "Chief of Police" : (i < 512 ? "Sergeant" : "Officer");
        e.division = "Division " + std::to_string(i % 5);
        e.unit = "Unit " + std::to_string(i % 97);
        e.shift = kShifts[i % 3];
        e.supervisor_id = i == 0 ? "" : chart[(i - 1) / 8].id;
    }
    return chart;
}

std::string records_request(const std::vector<psp::EmployeeRecord> &chart, int key) {
    psp::Json records = psp::Json::array();
    for (const psp::EmployeeRecord &e : chart) {
        records.push_back({{"id", e.id},
                           {"name", e.name},
                           {"title", e.title},
                           {"category", "sworn"},
                           {"division", e.division},
                           {"unit", e.unit},
                           {"shift", e.shift},
                           {"supervisor_id", e.supervisor_id}});
    }
    return psp::to_json_text(
        {{"method", "directory.sync"},
         {"principal", {{"id", "bench"}, {"roles", {"hr_admin"}}}},
         {"idempotency_key", "bench-" + std::to_string(key)},
         {"params", {{"mode", "full"}, {"source", "records"}, {"records", records}}}});
}

int64_t fixed_clock(void *) {
    return 1'780'000'000'000;
}
void quiet_log(void *, int32_t, const char *) {}
psp_status no_fetch(void *, const char *, const char *, char **, size_t *) {
    return PSP_ERR_FORBIDDEN;
}
psp_status accept_notify(void *, const char *) {
    return PSP_OK;
}
void host_free(void *, void *ptr) {
    std::free(ptr);
}

// The plugin loaded through dlopen, one instance on a fresh data folder.
class LoadedPlugin {
  public:
    LoadedPlugin() : dir_(fresh_dir("plugin")) {
        handle_ = dlopen(PSP_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
        if (handle_ == nullptr) throw std::runtime_error(dlerror());
        auto entry = reinterpret_cast<psp_plugin_entry_fn>(dlsym(handle_, PSP_PLUGIN_ENTRY_SYMBOL));
        api_.emplace(entry);
        host_ = {sizeof(psp_host_services),
                 PSP_ABI_VERSION_MAJOR,
                 nullptr,
                 &fixed_clock,
                 &quiet_log,
                 &no_fetch,
                 &accept_notify,
                 &host_free};
        const std::string dir = dir_.string();
        const psp_instance_config config = {sizeof(psp_instance_config), "bench", dir.c_str(),
                                            nullptr};
        instance_.emplace(*api_, host_, config);
    }
    ~LoadedPlugin() {
        instance_.reset();
        api_.reset();
        dlclose(handle_);
        fs::remove_all(dir_);
    }
    psp::abi::CallResult call(const std::string &request) const { return instance_->call(request); }

    static fs::path fresh_dir(const std::string &what) {
        static std::atomic<int> counter{0};
        fs::path dir =
            fs::temp_directory_path() / ("psp-bench-" + what + "-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
        fs::create_directories(dir);
        return dir;
    }

  private:
    fs::path dir_;
    void *handle_ = nullptr;
    psp_host_services host_{};
    std::optional<psp::abi::Api> api_;
    std::optional<psp::abi::Instance> instance_;
};

void require_ok(benchmark::State &state, const psp::abi::CallResult &result) {
    if (!result.ok()) state.SkipWithError(result.response.substr(0, 300).c_str());
}

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
