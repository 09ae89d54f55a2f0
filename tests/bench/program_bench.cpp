// program_bench.cpp: the roster and the coverage report on a 100,000-employee agency with 4,000
// active PSPs (issue 3's target: each under 50 ms through the C ABI, JSON included).
//
// Baselines in the same run: the bare SQL an integrator would write for the same facts (the
// PSPs' directory rows joined from program_members; headcount grouped by division, shift and
// category), run through SOCI on the same file.
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "bench_plugin.hpp"
#include "plugin/core/json_text.hpp"

namespace {

using psp_bench::LoadedPlugin;
using psp_bench::require_ok;

constexpr std::size_t kEmployees = 100'000;
constexpr std::size_t kPsps = 4'000;

class ProgramAgency : public benchmark::Fixture {
  public:
    void SetUp(const benchmark::State &) override {
        if (plugin_) return;
        plugin_ = std::make_unique<LoadedPlugin>();
        const auto synced =
            plugin_->call(psp_bench::records_request(psp_bench::make_chart(kEmployees), 0));
        if (!synced.ok()) throw std::runtime_error(synced.response);
        psp_bench::add_active_psps(plugin_->database_path(), kPsps);
    }
    static std::unique_ptr<LoadedPlugin> plugin_;
};
std::unique_ptr<LoadedPlugin> ProgramAgency::plugin_;

std::string request(const std::string &method, const std::string &principal,
                    const std::string &role, const psp::Json &params) {
    return psp::to_json_text({{"method", method},
                              {"principal", {{"id", principal}, {"roles", {role}}}},
                              {"params", params}});
}

BENCHMARK_DEFINE_F(ProgramAgency, RosterForAnOfficer_CAbi)(benchmark::State &state) {
    const std::string call =
        request("roster.available", "E150000", "employee", psp::Json::object());
    std::size_t psps = 0;
    for (auto _ : state) {
        const auto result = plugin_->call(call);
        require_ok(state, result);
        psps = psp::Json::parse(result.response).at("result").at("psps").size();
    }
    state.counters["psps_offered"] = static_cast<double>(psps);
}

BENCHMARK_DEFINE_F(ProgramAgency, CoverageReport12Months_CAbi)(benchmark::State &state) {
    psp::Json departures = psp::Json::array();
    for (int i = 0; i < 200; ++i) {
        departures.push_back({{"employee_id", "E" + std::to_string(100000 + 7 + i * 25)},
                              {"date", "2026-0" + std::to_string(1 + i % 9) + "-15"},
                              {"kind", i % 2 == 0 ? "retirement" : "transfer"},
                              {"to", {{"shift", "Night"}}}});
    }
    const std::string call = request("coverage.report", "E100001", "coordinator",
                                     {{"months", 12}, {"departures", departures}});
    for (auto _ : state) require_ok(state, plugin_->call(call));
}

BENCHMARK_DEFINE_F(ProgramAgency, Baseline_SqlPspRows)(benchmark::State &state) {
    soci::session sql(soci::sqlite3, "db=\"" + plugin_->database_path() + "\"");
    for (auto _ : state) {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT e.id, e.name, e.title, e.division, e.shift, e.category"
                            " FROM employees e JOIN program_members m ON m.employee_id = e.id"
                            " WHERE m.status = 'active'");
        std::size_t n = 0;
        for (const soci::row &row : rows) n += row.size();
        benchmark::DoNotOptimize(n);
    }
}

BENCHMARK_DEFINE_F(ProgramAgency, Baseline_SqlHeadcountByCell)(benchmark::State &state) {
    soci::session sql(soci::sqlite3, "db=\"" + plugin_->database_path() + "\"");
    for (auto _ : state) {
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT division, shift, category, COUNT(*) FROM employees"
                            " WHERE active = 1 GROUP BY division, shift, category");
        std::size_t n = 0;
        for (const soci::row &row : rows) n += row.size();
        benchmark::DoNotOptimize(n);
    }
}

BENCHMARK_REGISTER_F(ProgramAgency, RosterForAnOfficer_CAbi)->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(ProgramAgency, CoverageReport12Months_CAbi)->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(ProgramAgency, Baseline_SqlPspRows)->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(ProgramAgency, Baseline_SqlHeadcountByCell)->Unit(benchmark::kMillisecond);

}  // namespace
