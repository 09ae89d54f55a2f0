// call_cost_bench.cpp: what one small call costs, and whether reads scale over threads.
//
// A 500-employee agency (20 of them active PSPs). directory.get and conflict.check (one pair)
// through the C ABI, beside the floor an integrator would write outside the project: the same
// request parsed with nlohmann/json, one prepared SQLite point query on an indexed 500-row table,
// the same answer built and serialised. Each at 1, 2 and 4 threads:
//   - ..._OwnInstance: each thread calls its own instance (an agency each, as a host with many
//     agencies does);
//   - ..._SharedInstance: every thread calls one instance;
//   - Floor_...: each thread has its own SQLite connection and prepared statement.
// Google Benchmark reports each thread's time per call; with real time, items_per_second is the
// throughput of all threads together, the figure to compare across thread counts.
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_plugin.hpp"
#include "plugin/core/json_text.hpp"

namespace {

namespace fs = std::filesystem;
using psp_bench::LoadedPlugin;
// SOCI's SQLite backend includes sqlite3.h inside this namespace.
using namespace sqlite_api;

constexpr std::size_t kCallCostEmployees = 500;
constexpr std::size_t kCallCostPsps = 20;
constexpr int kMaxCallThreads = 4;

std::unique_ptr<LoadedPlugin> make_agency() {
    auto plugin = std::make_unique<LoadedPlugin>();
    const auto synced =
        plugin->call(psp_bench::records_request(psp_bench::make_chart(kCallCostEmployees), 0));
    if (!synced.ok()) throw std::runtime_error(synced.response);
    psp_bench::add_active_psps(plugin->database_path(), kCallCostPsps);
    return plugin;
}

// kMaxCallThreads agencies, made once (before any timed thread starts) and kept for the run.
LoadedPlugin &agency(int index) {
    static std::array<std::unique_ptr<LoadedPlugin>, kMaxCallThreads> agencies;
    static std::once_flag made;
    std::call_once(made, [] {
        for (auto &a : agencies) a = make_agency();
    });
    return *agencies[static_cast<std::size_t>(index)];
}

std::string directory_get(int thread) {
    // A different employee per thread, so no two threads read the same row.
    return psp::to_json_text(
        {{"method", "directory.get"},
         {"principal", {{"id", "b"}, {"roles", {"hr_admin"}}}},
         {"params", {{"employee_id", "E1002" + std::to_string(10 + thread)}}}});
}

std::string conflict_check(int thread) {
    return psp::to_json_text({{"method", "conflict.check"},
                              {"principal", {{"id", "b"}, {"roles", {"coordinator"}}}},
                              {"params",
                               {{"psp_id", psp_bench::psp_id_at(static_cast<std::size_t>(thread))},
                                {"employee_id", "E1003" + std::to_string(10 + thread)}}}});
}

void run_calls(benchmark::State &state, LoadedPlugin &plugin, const std::string &request) {
    for (auto _ : state) psp_bench::require_ok(state, plugin.call(request));
    state.SetItemsProcessed(state.iterations());
}

void BM_DirectoryGet_OwnInstance(benchmark::State &state) {
    run_calls(state, agency(state.thread_index()), directory_get(state.thread_index()));
}
void BM_DirectoryGet_SharedInstance(benchmark::State &state) {
    run_calls(state, agency(0), directory_get(state.thread_index()));
}
void BM_ConflictCheck_OwnInstance(benchmark::State &state) {
    run_calls(state, agency(state.thread_index()), conflict_check(state.thread_index()));
}
void BM_ConflictCheck_SharedInstance(benchmark::State &state) {
    run_calls(state, agency(0), conflict_check(state.thread_index()));
}

// The floor's table: the employee record's columns, indexed by id, 500 rows.
class FloorTable {
  public:
    FloorTable() : dir_(LoadedPlugin::fresh_dir("floor")) {
        soci::session sql(soci::sqlite3, "db=\"" + path() + "\"");
        sql << "CREATE TABLE employees (id TEXT PRIMARY KEY, name TEXT, title TEXT, category TEXT,"
               " division TEXT, unit TEXT, shift TEXT, supervisor_id TEXT, active INTEGER,"
               " hire_date TEXT, agency TEXT)";
        soci::transaction tx(sql);
        for (const psp::EmployeeRecord &e : psp_bench::make_chart(kCallCostEmployees)) {
            sql << "INSERT INTO employees VALUES (:i, :n, :t, 'sworn', :d, :u, :s, :v, 1,"
                   " '2010-01-01', 'bench')",
                soci::use(e.id), soci::use(e.name), soci::use(e.title), soci::use(e.division),
                soci::use(e.unit), soci::use(e.shift), soci::use(e.supervisor_id);
        }
        tx.commit();
    }
    ~FloorTable() { fs::remove_all(dir_); }
    std::string path() const { return (dir_ / "floor.sqlite3").string(); }

  private:
    fs::path dir_;
};

const FloorTable &floor_table() {
    static const FloorTable table;
    return table;
}

// One thread's connection and statement, prepared once as a careful integrator would.
class FloorReader {
  public:
    explicit FloorReader(const std::string &path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK ||
            sqlite3_prepare_v2(db_,
                               "SELECT id, name, title, category, division, unit, shift,"
                               " supervisor_id, active, hire_date, agency FROM employees"
                               " WHERE id = ?",
                               -1, &statement_, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(db_));
        }
    }
    ~FloorReader() {
        sqlite3_finalize(statement_);
        sqlite3_close(db_);
    }
    FloorReader(const FloorReader &) = delete;
    FloorReader &operator=(const FloorReader &) = delete;

    std::string answer(const std::string &request) {
        const psp::Json call = psp::Json::parse(request);
        const std::string id = call.at("params").at("employee_id").get<std::string>();
        sqlite3_bind_text(statement_, 1, id.c_str(), static_cast<int>(id.size()), SQLITE_STATIC);
        psp::Json employee = psp::Json::object();
        if (sqlite3_step(statement_) == SQLITE_ROW) {
            static const char *const kNames[] = {"id",       "name", "title", "category",
                                                 "division", "unit", "shift", "supervisor_id"};
            for (int c = 0; c < 8; ++c) {
                employee[kNames[c]] =
                    reinterpret_cast<const char *>(sqlite3_column_text(statement_, c));
            }
            employee["active"] = sqlite3_column_int(statement_, 8) != 0;
            employee["hire_date"] =
                reinterpret_cast<const char *>(sqlite3_column_text(statement_, 9));
            employee["agency"] =
                reinterpret_cast<const char *>(sqlite3_column_text(statement_, 10));
        }
        sqlite3_reset(statement_);
        return psp::Json{{"ok", true}, {"result", {{"employee", employee}}}}.dump();
    }

  private:
    sqlite3 *db_ = nullptr;
    sqlite3_stmt *statement_ = nullptr;
};

void BM_Floor_PointRead(benchmark::State &state) {
    FloorReader reader(floor_table().path());
    const std::string request = directory_get(state.thread_index());
    for (auto _ : state) {
        const std::string answer = reader.answer(request);
        benchmark::DoNotOptimize(answer.data());
    }
    state.SetItemsProcessed(state.iterations());
}

// Set-up (the agencies, the floor's table) happens before the first timed run.
void make_everything(const benchmark::State &) {
    agency(0);
    floor_table();
}

// Warmed up first: the floor at one thread is the first benchmark of a run, and without a warm-up
// it paid for the cold caches and CPU clock that every later figure was spared (its 2-thread rate
// came out 2.5 times its 1-thread rate on 2 cores).
#define PSP_CALL_COST_BENCH(fn)           \
    BENCHMARK(fn)                         \
        ->Setup(make_everything)          \
        ->MinWarmUpTime(0.5)              \
        ->ThreadRange(1, kMaxCallThreads) \
        ->UseRealTime()

PSP_CALL_COST_BENCH(BM_Floor_PointRead);
PSP_CALL_COST_BENCH(BM_DirectoryGet_OwnInstance);
PSP_CALL_COST_BENCH(BM_DirectoryGet_SharedInstance);
PSP_CALL_COST_BENCH(BM_ConflictCheck_OwnInstance);
PSP_CALL_COST_BENCH(BM_ConflictCheck_SharedInstance);

}  // namespace
