// training_bench.cpp: training at agency scale.
//
// - Compliance for 4,000 PSPs with ten years of records each (two records a quarter, 320,000
//   rows; one PSP in ten with a leave), through compliance_of_all_psps, the query the overdue
//   list, the maintenance task and deselection use, reading the minutes summary (one row per
//   person and year). Baselines in the same run: the same query reading every record (the path
//   before the summary), and a bare SOCI scan of the records (person, day, minutes), the floor
//   for reading them once.
// - An import of 100,000 xAPI statements through the dispatcher (training_request text in, result
// out:
//   envelope parse, schema, adapter, checks, one transaction with audit). Baseline: a bare SOCI
//   bulk insert of the same rows into a table with the same UNIQUE statement id.
// Targets (issue 4): compliance under 100 ms, import over 50,000 statements/s.
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench_plugin.hpp"
#include "plugin/config/agency_config.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/instance/plugin_instance.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/migrations.hpp"
#include "plugin/storage/training_store.hpp"
#include "psp_plugin.h"

namespace {

namespace fs = std::filesystem;

constexpr int kTrainingPsps = 4000;
constexpr int kYears = 10;
constexpr int64_t kNowMs = 1'780'000'000'000;  // 2026-05-28
constexpr int kStatements = 100'000;

fs::path fresh_dir(const std::string &what) {
    static int counter = 0;
    fs::path dir =
        fs::temp_directory_path() / ("psp-bench-training-" + what + "-" +
                                     std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir);
    return dir;
}

std::string training_psp_id(int i) {
    return "E" + std::to_string(100000 + i);
}

// Two records a quarter for ten years before kNowMs, every PSP.
std::vector<psp::AttendanceRecord> ten_years() {
    std::vector<psp::AttendanceRecord> out;
    const psp::CivilDate first{date::year(2016), date::month(4), date::day(1)};
    for (int p = 0; p < kTrainingPsps; ++p) {
        for (int q = 0; q < kYears * 4; ++q) {
            const auto month = date::sys_days(first) + date::days(q * 91 + p % 60);
            for (int k = 0; k < 2; ++k) {
                psp::AttendanceRecord r;
                r.employee_id = training_psp_id(p);
                r.date = psp::CivilDate{month + date::days(k * 7)};
                r.minutes = 120 + (p % 3) * 15;
                r.topic_code = k == 0 ? "confidentiality" : "suicide_assessment";
                r.source = "csv";
                out.push_back(std::move(r));
            }
        }
    }
    return out;
}

// A migrated database with 4,000 PSPs and their records, built once.
class TenYears : public benchmark::Fixture {
  public:
    void SetUp(const benchmark::State &) override {
        if (db_) return;
        dir_ = fresh_dir("compliance");
        config_ = std::make_unique<psp::AgencyConfig>(psp::parse_agency_config(
            "bench", dir_.string().c_str(), R"({"policy": {"time_zone": "America/Chicago"}})"));
        db_ = std::make_unique<psp::Database>(config_->storage);
        psp::apply_migrations(*db_, kNowMs);
        db_->write([](soci::session &sql) {
            for (int p = 0; p < kTrainingPsps; ++p) {
                const std::string id = training_psp_id(p);
                const long long since = kNowMs - 10LL * 365 * 86'400'000;
                sql << "INSERT INTO program_members (employee_id, status, path, cycle, revision,"
                       " nominated_by, status_since_ms, active_since_ms) VALUES (:e, 'active',"
                       " 'selection', 1, 1, 'C', :s, :a)",
                    soci::use(id), soci::use(since), soci::use(since);
                if (p % 10 != 0) continue;
                const long long start = kNowMs - 400LL * 86'400'000;
                const long long end = kNowMs - 300LL * 86'400'000;
                sql << "INSERT INTO leaves (employee_id, leave_no, start_ms, planned_return,"
                       " end_ms) VALUES (:e, 1, :s, '', :x)",
                    soci::use(id), soci::use(start), soci::use(end);
            }
            psp::TrainingStore(sql).insert(ten_years(), kNowMs);
        });
    }
    static std::unique_ptr<psp::AgencyConfig> config_;
    static std::unique_ptr<psp::Database> db_;
    static fs::path dir_;
};
std::unique_ptr<psp::AgencyConfig> TenYears::config_;
std::unique_ptr<psp::Database> TenYears::db_;
fs::path TenYears::dir_;

BENCHMARK_DEFINE_F(TenYears, ComplianceOf4000Psps)(benchmark::State &state) {
    std::size_t lapsed = 0;
    for (auto _ : state) {
        db_->read([&](soci::session &sql) {
            const auto all = psp::compliance_of_all_psps(sql, *config_, kNowMs);
            lapsed = 0;
            for (const auto &entry : all)
                lapsed += entry.second.state == psp::ComplianceState::lapsed ? 1 : 0;
            if (all.size() != kTrainingPsps) state.SkipWithError("not every PSP has a status");
        });
    }
    state.counters["lapsed"] = static_cast<double>(lapsed);
    state.SetItemsProcessed(state.iterations() * kTrainingPsps);
}

BENCHMARK_DEFINE_F(TenYears, Baseline_ComplianceOf4000PspsFromRecords)
(benchmark::State &state) {
    for (auto _ : state) {
        db_->read([&](soci::session &sql) {
            benchmark::DoNotOptimize(
                psp::compliance_of_all_psps(sql, *config_, kNowMs, psp::MinutesSource::records));
        });
    }
    state.SetItemsProcessed(state.iterations() * kTrainingPsps);
}

void compliance_with_cycle_topics(benchmark::State &state, const psp::AgencyConfig &base,
                                  psp::Database &db, psp::MinutesSource source) {
    psp::AgencyConfig config = base;
    config.training.continuing.cycle_topics = {"suicide_assessment", "confidentiality"};
    for (auto _ : state) {
        db.read([&](soci::session &sql) {
            benchmark::DoNotOptimize(psp::compliance_of_all_psps(sql, config, kNowMs, source));
        });
    }
    state.SetItemsProcessed(state.iterations() * kTrainingPsps);
}

BENCHMARK_DEFINE_F(TenYears, ComplianceOf4000PspsWithCycleTopics)(benchmark::State &state) {
    compliance_with_cycle_topics(state, *config_, *db_, psp::MinutesSource::summary);
}

BENCHMARK_DEFINE_F(TenYears, Baseline_ComplianceOf4000PspsWithCycleTopicsFromRecords)
(benchmark::State &state) {
    compliance_with_cycle_topics(state, *config_, *db_, psp::MinutesSource::records);
}

BENCHMARK_DEFINE_F(TenYears, Baseline_SociScanOfTheRecords)(benchmark::State &state) {
    for (auto _ : state) {
        db_->read([&](soci::session &sql) {
            std::vector<std::string> ids(10000);
            std::vector<int> days(10000);
            std::vector<long long> minutes(10000);
            long long total = 0;
            soci::statement st = (sql.prepare << "SELECT employee_id, day, minutes FROM"
                                                 " training_attendance",
                                  soci::into(ids), soci::into(days), soci::into(minutes));
            st.execute();
            while (st.fetch()) {
                for (long long m : minutes) total += m;
                ids.resize(10000);
                days.resize(10000);
                minutes.resize(10000);
            }
            benchmark::DoNotOptimize(total);
        });
    }
    state.SetItemsProcessed(state.iterations() * kTrainingPsps);
}

std::string statement_id(int n) {
    char text[40];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", n);
    return text;
}

std::string training_request(const std::string &method, const psp::Json &params,
                             const std::string &key) {
    return psp::to_json_text(
        {{"method", method},
         {"principal", {{"id", "bench"}, {"roles", {"coordinator", "hr_admin"}}}},
         {"idempotency_key", key},
         {"params", params}});
}

std::string import_request() {
    psp::Json statements = psp::Json::array();
    for (int n = 0; n < kStatements; ++n) {
        statements.push_back(
            {{"id", statement_id(n)},
             {"actor",
              {{"account",
                {{"homePage", "https://hr"}, {"name", training_psp_id(n % kTrainingPsps)}}}}},
             {"verb", {{"id", "http://adlnet.gov/expapi/verbs/completed"}}},
             {"object", {{"id", "https://lms/a/crisis-intervention"}}},
             {"result", {{"duration", "PT1H30M"}}},
             {"timestamp", "2025-0" + std::to_string(1 + n % 9) + "-1" + std::to_string(n % 10) +
                               "T10:00:00-05:00"}});
    }
    return training_request("training.import", {{"format", "xapi"}, {"statements", statements}},
                            "import");
}

std::string directory_request() {
    psp::Json records = psp::Json::array();
    for (int p = 0; p < kTrainingPsps; ++p) {
        psp::Json e = {{"id", training_psp_id(p)}, {"name", "N" + std::to_string(p)}};
        if (p > 0) e["supervisor_id"] = training_psp_id(0);
        records.push_back(e);
    }
    return training_request("directory.sync",
                            {{"mode", "full"}, {"source", "records"}, {"records", records}}, "dir");
}

void BM_XapiImport100k_Dispatcher(benchmark::State &state) {
    const std::string import = import_request();
    const std::string directory = directory_request();
    state.counters["request_mb"] = static_cast<double>(import.size()) / 1e6;
    for (auto _ : state) {
        state.PauseTiming();
        const fs::path dir = fresh_dir("import");
        const std::string data_dir = dir.string();
        const psp_instance_config config = {sizeof(psp_instance_config), "bench", data_dir.c_str(),
                                            R"({"limits": {"max_request_bytes": 50331648},
                "policy": {"time_zone": "America/Chicago"}})"};
        auto instance =
            std::make_unique<psp::PluginInstance>(&psp_bench::bench_host_services(), config);
        instance->call(directory);
        state.ResumeTiming();
        const psp::Json result = instance->call(import);
        state.PauseTiming();
        if (result.value("imported", 0) != kStatements) state.SkipWithError(result.dump().c_str());
        instance.reset();
        fs::remove_all(dir);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * kStatements);
}

void BM_Baseline_SociInsertOfTheSameRows(benchmark::State &state) {
    std::vector<std::string> ids, people, topics;
    std::vector<long long> seq, minutes;
    for (int n = 0; n < kStatements; ++n) {
        ids.push_back(statement_id(n));
        people.push_back(training_psp_id(n % kTrainingPsps));
        topics.push_back("crisis_intervention");
        seq.push_back(n + 1);
        minutes.push_back(90);
    }
    for (auto _ : state) {
        state.PauseTiming();
        const fs::path dir = fresh_dir("baseline");
        soci::session sql(soci::sqlite3, "db=\"" + (dir / "b.sqlite3").string() + "\"");
        sql << "PRAGMA journal_mode = WAL";
        sql << "CREATE TABLE a (seq BIGINT PRIMARY KEY, employee_id TEXT, topic_code TEXT,"
               " minutes BIGINT, statement_id TEXT UNIQUE)";
        state.ResumeTiming();
        soci::transaction tx(sql);
        sql << "INSERT INTO a VALUES (:q, :e, :t, :m, :s)", soci::use(seq), soci::use(people),
            soci::use(topics), soci::use(minutes), soci::use(ids);
        tx.commit();
        state.PauseTiming();
        sql.close();
        fs::remove_all(dir);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * kStatements);
}

// The same rows with every column the plugin stores, into the plugin's own training_attendance
// table (made by its migrations, with the indexes compliance reads need), in one transaction.
void BM_Baseline_SociInsertOfTheSameRowsFullColumns(benchmark::State &state) {
    std::vector<std::string> people, days_text, courses, topics, providers, sources, ids;
    std::vector<long long> seq, day, month, minutes, recorded;
    for (int n = 0; n < kStatements; ++n) {
        seq.push_back(n + 1);
        people.push_back(training_psp_id(n % kTrainingPsps));
        day.push_back(20'000 + n % 270);
        month.push_back(2025 * 12 + n % 9);
        courses.emplace_back();
        topics.emplace_back("crisis_intervention");
        minutes.push_back(90);
        providers.emplace_back("https://lms");
        sources.emplace_back("xapi");
        ids.push_back(statement_id(n));
        recorded.push_back(1);
    }
    for (auto _ : state) {
        state.PauseTiming();
        const fs::path dir = fresh_dir("baseline-full");
        {
            const psp_instance_config config = {sizeof(psp_instance_config), "bench", dir.c_str(),
                                                nullptr};
            psp::PluginInstance made(&psp_bench::bench_host_services(), config);  // migrations
        }
        soci::session sql(soci::sqlite3, "db=\"" + (dir / "psp-bench.sqlite3").string() + "\"");
        sql << "PRAGMA synchronous = FULL";
        state.ResumeTiming();
        soci::transaction tx(sql);
        sql << "INSERT INTO training_attendance (seq, employee_id, day, month_index, course_code,"
               " topic_code, minutes, provider, source, statement_id, recorded_ms) VALUES (:q, :e,"
               " :d, :m, :c, :t, :n, :p, :s, :i, :r)",
            soci::use(seq), soci::use(people), soci::use(day), soci::use(month), soci::use(courses),
            soci::use(topics), soci::use(minutes), soci::use(providers), soci::use(sources),
            soci::use(ids), soci::use(recorded);
        tx.commit();
        state.PauseTiming();
        sql.close();
        fs::remove_all(dir);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * kStatements);
}

BENCHMARK_REGISTER_F(TenYears, ComplianceOf4000Psps)->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(TenYears, Baseline_ComplianceOf4000PspsFromRecords)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(TenYears, ComplianceOf4000PspsWithCycleTopics)->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(TenYears, Baseline_ComplianceOf4000PspsWithCycleTopicsFromRecords)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_REGISTER_F(TenYears, Baseline_SociScanOfTheRecords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XapiImport100k_Dispatcher)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Baseline_SociInsertOfTheSameRows)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Baseline_SociInsertOfTheSameRowsFullColumns)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
