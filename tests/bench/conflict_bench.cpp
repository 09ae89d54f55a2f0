// conflict_bench.cpp: chain-of-command checks on the host simulator's 100,000-employee agency.
//
// (a) one check through the in-memory org chart index (random pairs, half of them a real
// supervisor above a report); (b) the same check as the recursive CTE an integrator would write
// otherwise, over the plugin's own employees table in a real SQLite file, in the same run, on the
// same pairs (the ratio is b / a); (c) building the index from 100,000 records, without and with
// acting assignments. Run with --benchmark_repetitions to get medians.
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "host_sim/agency_generator.hpp"
#include "plugin/domain/org_chart_index.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/directory_store.hpp"
#include "plugin/storage/migrations.hpp"

namespace {

namespace fs = std::filesystem;
using psp::OrgChartIndex;

constexpr std::size_t kAgencySize = 100'000;
constexpr std::size_t kPairs = 1 << 12;

// The generated agency as the plugin's records (what a host pull would give it).
const std::vector<psp::EmployeeRecord> &agency_records() {
    static const std::vector<psp::EmployeeRecord> records = [] {
        const auto agency = psp::host_sim::generate_agency(7, kAgencySize, "bench-pd");
        std::unordered_map<std::string, std::string> number_of;
        for (const auto &e : agency.employees) number_of[e.scim_id] = e.employee_number;
        std::vector<psp::EmployeeRecord> out;
        for (const auto &e : agency.employees) {
            psp::EmployeeRecord r;
            r.id = e.employee_number;
            r.name = e.given_name + " " + e.family_name;
            r.title = e.title;
            r.category = psp::parse_staff_category(e.staff_category).value();
            r.agency = agency.agency_id;
            r.division = e.division;
            r.unit = e.unit;
            r.shift = e.shift;
            r.supervisor_id = e.manager_scim_id.empty() ? "" : number_of.at(e.manager_scim_id);
            r.active = e.active;
            r.hire_date = e.hire_date;
            out.push_back(std::move(r));
        }
        return out;
    }();
    return records;
}

// Acting assignments between random people, as a host might report a handful of them.
std::vector<psp::ActingAssignment> random_acting(std::size_t count) {
    const auto &records = agency_records();
    std::mt19937_64 rng(11);
    std::vector<psp::ActingAssignment> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back({records[rng() % records.size()].id, records[rng() % records.size()].id});
    }
    return out;
}

// Pairs (a, b): even ones a random supervisor above a random person, odd ones two random people.
std::vector<std::pair<std::size_t, std::size_t>> check_pairs() {
    const auto &records = agency_records();
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < records.size(); ++i) position[records[i].id] = i;
    std::mt19937_64 rng(5);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < kPairs; ++i) {
        const std::size_t lower = rng() % records.size();
        std::size_t upper = rng() % records.size();
        if (i % 2 == 0) {
            upper = lower;
            for (std::size_t climb = 1 + rng() % 4;
                 climb > 0 && !records[upper].supervisor_id.empty(); --climb) {
                upper = position.at(records[upper].supervisor_id);
            }
        }
        pairs.emplace_back(upper, lower);
    }
    return pairs;
}

void BM_ChainOfCommand_Index(benchmark::State &state) {
    const OrgChartIndex index = OrgChartIndex::build(agency_records(), random_acting(50));
    std::vector<std::pair<OrgChartIndex::Node, OrgChartIndex::Node>> nodes;
    for (const auto &[a, b] : check_pairs()) {
        nodes.emplace_back(index.find(agency_records()[a].id), index.find(agency_records()[b].id));
    }
    std::size_t i = 0, conflicts = 0;
    for (auto _ : state) {
        const auto &[a, b] = nodes[i++ & (kPairs - 1)];
        const bool conflict = index.in_chain_of_command(a, b);
        benchmark::DoNotOptimize(conflict);
        conflicts += conflict;
    }
    state.counters["conflict_share"] = double(conflicts) / double(state.iterations());
}

// The plugin's employees table (migrations applied, the records stored through DirectoryStore),
// in a real SQLite file, queried through a plain SOCI session.
class ChartFile {
  public:
    ChartFile()
        : path_(fs::temp_directory_path() / ("psp-bench-chart-" + std::to_string(::getpid()))) {
        fs::remove(path_);
        psp::StorageConfig config;
        config.connection = path_.string();
        psp::Database db(config);
        psp::apply_migrations(db, 1);
        db.write([](soci::session &sql) { psp::DirectoryStore(sql).upsert(agency_records(), 1); });
    }
    ~ChartFile() { fs::remove(path_); }
    std::string path() const { return path_.string(); }

  private:
    fs::path path_;
};

// Walks up from both people; a conflict when either walk meets the other.
constexpr const char *kChainOfCommandCte =
    "WITH RECURSIVE up(side, id) AS ("
    " SELECT 0, supervisor_id FROM employees WHERE id = :a"
    " UNION ALL SELECT 1, supervisor_id FROM employees WHERE id = :b"
    " UNION ALL SELECT up.side, e.supervisor_id FROM employees e JOIN up ON e.id = up.id"
    "  WHERE up.id <> '')"
    " SELECT EXISTS (SELECT 1 FROM up WHERE (side = 0 AND id = :b2) OR (side = 1 AND id = :a2))";

void BM_ChainOfCommand_SqliteRecursiveCte(benchmark::State &state) {
    const ChartFile file;
    soci::session sql(soci::sqlite3, "db=" + file.path());
    std::string a, b;
    int conflict = 0;
    soci::statement query = (sql.prepare << kChainOfCommandCte, soci::use(a), soci::use(b),
                             soci::use(b), soci::use(a), soci::into(conflict));
    const auto pairs = check_pairs();
    std::size_t i = 0, conflicts = 0;
    for (auto _ : state) {
        const auto &[upper, lower] = pairs[i++ & (kPairs - 1)];
        a = agency_records()[upper].id;
        b = agency_records()[lower].id;
        query.execute(true);
        conflicts += conflict;
    }
    state.counters["conflict_share"] = double(conflicts) / double(state.iterations());
}

void BM_OrgChartIndexBuild(benchmark::State &state) {
    const auto &records = agency_records();
    const auto acting = random_acting(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        OrgChartIndex index = OrgChartIndex::build(records, acting);
        benchmark::DoNotOptimize(index);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(records.size()));
}

BENCHMARK(BM_ChainOfCommand_Index);
BENCHMARK(BM_ChainOfCommand_SqliteRecursiveCte)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OrgChartIndexBuild)->Arg(0)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace
