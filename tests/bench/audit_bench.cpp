// audit_bench.cpp: audit.verify on a log of 1,000,000 entries (issue 20, item 4), as an agency
// accumulates in a few years (a long fuzzing run of `call` reached 600,000).
//
// Storage level, on a real SQLite file: the incremental check a host runs from its last anchor
// (the entries since, here 1,000 and 10,000), one page of a full check (the default 100,000
// entries per call), and the whole full check paged to the end. Baseline in the same run: SHA-256
// alone over the same entries, the floor any verification must pay.
#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "plugin/core/sha256.hpp"
#include "plugin/storage/audit_log.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/migrations.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int64_t kEntries = 1'000'000;

psp::AuditEntry entry_at(int64_t seq) {
    psp::AuditEntry e;
    e.seq = seq;
    e.at_ms = 1'700'000'000'000 + seq * 1000;
    e.principal = "E" + std::to_string(seq % 55'000);
    e.roles = seq % 3 == 0 ? "coordinator" : "peer_supporter";
    e.method = seq % 2 == 0 ? "selection.decide" : "training.record";
    e.outcome = seq % 17 == 0 ? "forbidden" : "ok";
    return e;
}

// One database with kEntries chained entries, built once (about half a minute) and shared.
class MillionEntryLog {
  public:
    MillionEntryLog()
        : dir_(fs::temp_directory_path() / ("psp-audit-bench-" + std::to_string(::getpid()))) {
        fs::create_directories(dir_);
        config_.backend = psp::Backend::sqlite;
        config_.connection = (dir_ / "audit.sqlite3").string();
        config_.pool_size = 1;
        db_ = std::make_unique<psp::Database>(config_);
        psp::apply_migrations(*db_, 0);
        std::string prev(64, '0');
        constexpr int64_t kBatch = 20'000;
        for (int64_t first = 1; first <= kEntries; first += kBatch) {
            std::vector<long long> seqs, ats;
            std::vector<std::string> principals, roles, methods, outcomes, prevs, hashes;
            for (int64_t seq = first; seq < first + kBatch && seq <= kEntries; ++seq) {
                psp::AuditEntry e = entry_at(seq);
                e.prev_hash = prev;
                e.hash = psp::audit_entry_hash(e);
                prev = e.hash;
                seqs.push_back(e.seq);
                ats.push_back(e.at_ms);
                principals.push_back(e.principal);
                roles.push_back(e.roles);
                methods.push_back(e.method);
                outcomes.push_back(e.outcome);
                prevs.push_back(e.prev_hash);
                hashes.push_back(e.hash);
                if (seq == kEntries - 10'000) {
                    anchor_10k_ = {seq, e.hash};
                } else if (seq == kEntries - 1'000) {
                    anchor_1k_ = {seq, e.hash};
                }
            }
            db_->write([&](soci::session &sql) {
                sql << "INSERT INTO audit_log (seq, at_ms, principal, roles, method, outcome,"
                       " prev_hash, hash) VALUES (:s, :a, :p, :r, :m, :o, :ph, :h)",
                    soci::use(seqs), soci::use(ats), soci::use(principals), soci::use(roles),
                    soci::use(methods), soci::use(outcomes), soci::use(prevs), soci::use(hashes);
            });
        }
        head_ = {kEntries, prev};
    }
    ~MillionEntryLog() {
        db_.reset();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    psp::AuditVerification verify(const psp::AuditAnchor &from, std::size_t limit) {
        psp::AuditVerification v;
        db_->read([&](soci::session &sql) { v = psp::AuditLog(sql).verify(from, head_, limit); });
        return v;
    }

    psp::AuditAnchor anchor_1k_, anchor_10k_, head_;

  private:
    fs::path dir_;
    psp::StorageConfig config_;
    std::unique_ptr<psp::Database> db_;
};

MillionEntryLog &million() {
    static MillionEntryLog log;
    return log;
}

void require_intact(benchmark::State &state, const psp::AuditVerification &v) {
    if (!v.intact) {
        state.SkipWithError(("audit chain reported broken: " + v.problem).c_str());
    }
}

// From the host's anchor to the head: what a host runs after each maintenance.run.
void BM_AuditVerify_FromAnchor(benchmark::State &state) {
    MillionEntryLog &log = million();
    const psp::AuditAnchor from = state.range(0) == 1000 ? log.anchor_1k_ : log.anchor_10k_;
    for (auto _ : state) {
        const psp::AuditVerification v = log.verify(from, 100'000);
        require_intact(state, v);
        benchmark::DoNotOptimize(v.entries_checked);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["log_entries"] = static_cast<double>(kEntries);
}

// One call of a full check: the default page of 100,000 entries, from the start.
void BM_AuditVerify_FullCheckPage(benchmark::State &state) {
    MillionEntryLog &log = million();
    for (auto _ : state) {
        const psp::AuditVerification v = log.verify({0, std::string(64, '0')}, 100'000);
        require_intact(state, v);
        benchmark::DoNotOptimize(v.verified_to.seq);
    }
    state.SetItemsProcessed(state.iterations() * 100'000);
}

// The whole full check, paged as a host would call it, to the end of the 1,000,000 entries.
void BM_AuditVerify_FullCheckAllPages(benchmark::State &state) {
    MillionEntryLog &log = million();
    for (auto _ : state) {
        psp::AuditAnchor from{0, std::string(64, '0')};
        int pages = 0;
        for (;;) {
            const psp::AuditVerification v = log.verify(from, 100'000);
            require_intact(state, v);
            ++pages;
            from = v.verified_to;
            if (v.complete() || !v.intact) {
                break;
            }
        }
        state.counters["pages"] = pages;
    }
    state.SetItemsProcessed(state.iterations() * kEntries);
}

// The floor: SHA-256 of the same length-prefixed entries, no database.
void BM_Baseline_Sha256Only(benchmark::State &state) {
    std::vector<psp::AuditEntry> entries;
    for (int64_t seq = 1; seq <= state.range(0); ++seq) {
        entries.push_back(entry_at(seq));
        entries.back().prev_hash = std::string(64, '0');
    }
    for (auto _ : state) {
        for (const psp::AuditEntry &e : entries) {
            benchmark::DoNotOptimize(psp::audit_entry_hash(e));
        }
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_AuditVerify_FromAnchor)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditVerify_FullCheckPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditVerify_FullCheckAllPages)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_Sha256Only)->Arg(100000)->Unit(benchmark::kMillisecond);
