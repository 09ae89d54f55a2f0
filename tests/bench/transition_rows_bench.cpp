// transition_rows_bench.cpp: the floor under a program transition's durable write (issue 25,
// item 5): the rows a transition must record (docs/durable-writes.md, "What a transition must
// write"), written by bare SOCI statements prepared once, in one transaction, on the plugin's own
// tables and indexes (its migrations make them). Nothing else: no replay check, no member read, no
// locks beyond the transaction's, no audit chain head, no JSON, no hashing.
//
// Beside the bare UPDATE-and-COMMIT of transition_bench.cpp and transition_postgres_bench.cpp it
// says what writing the record alone leaves of that rate: no implementation that writes these rows
// in one durable transaction can do better on the same disk or server. Beside the transitions it
// says what the plugin adds to the writes.
#include <benchmark/benchmark.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "bench_plugin.hpp"
#include "host_sim/scratch_schema.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/migrations.hpp"

// A namespace of its own: the bench target is a unity build, and transition_bench.cpp has names
// of the same kind.
namespace transition_rows {
namespace {

namespace fs = std::filesystem;
using psp::host_sim::ScratchSchema;

constexpr int kMaxThreads = 4;

// What a transition stores besides its keys, at the sizes the plugin's rows have.
const std::string kResponse(180, 'r');  // the stored answer (JSON text)
const std::string kDigest(64, 'f');     // a fingerprint or a chain hash (hex SHA-256)

// One thread's member and the rows it writes, each round one transaction: the member's status
// and revision (compare-and-set on the revision), the history event, the leave record, the stored
// answer, the audit entry. Made once per thread slot and kept from run to run, with its session.
class TransitionRows {
  public:
    TransitionRows(soci::session &sql, int slot, bool sqlite)
        : sql_(sql),
          begin_(sqlite ? "BEGIN IMMEDIATE" : "BEGIN"),
          member_("M" + std::to_string(slot)) {
        sql_ << "INSERT INTO program_members (employee_id, status, path, cycle, revision,"
                " nominated_by, status_since_ms, active_since_ms)"
                " VALUES (:e, 'active', 'full', 1, 0, '', 0, 0)",
            soci::use(member_);
        prepare();
    }

    void write_one() {
        ++round_;
        at_ = round_ * 1000;
        status_ = round_ % 2 == 0 ? "active" : "on_leave";
        key_ = member_ + "-" + std::to_string(round_);
        seq_ = next_seq_.fetch_add(1);
        sql_ << begin_;
        try {
            write_record();
        } catch (...) {
            sql_ << "ROLLBACK";  // the slot's next run starts outside a transaction
            throw;
        }
        sql_ << "COMMIT";
        ++revision_;
    }

  private:
    void write_record() {
        update_.execute(true);
        if (update_.get_affected_rows() != 1) {
            throw std::runtime_error("the member's revision moved");
        }
        event_.execute(true);
        leave_.execute(true);
        answer_.execute(true);
        audit_.execute(true);
    }
    void prepare() {
        prepare(update_,
                "UPDATE program_members SET status = :s, revision = revision + 1,"
                " status_since_ms = :t WHERE employee_id = :e AND revision = :old",
                status_, at_, member_, revision_);
        prepare(event_,
                "INSERT INTO program_events (employee_id, event_no, cycle, at_ms, event, status,"
                " actor, actor_role, detail) VALUES (:e, :n, 1, :t, 'leave_started', :s, 'C1',"
                " 'program_coordinator', '{}')",
                member_, round_, at_, status_);
        prepare(leave_,
                "INSERT INTO leaves (employee_id, leave_no, start_ms, planned_return, end_ms)"
                " VALUES (:e, :n, :t, '2026-12-31', 0)",
                member_, round_, at_);
        prepare(answer_,
                "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
                " VALUES (:k, 'leave.start', :f, :r, :t)",
                key_, kDigest, kResponse, at_);
        prepare(audit_,
                "INSERT INTO audit_log (seq, at_ms, principal, roles, method, outcome,"
                " prev_hash, hash) VALUES (:q, :t, 'C1', 'program_coordinator', 'leave.start',"
                " 'ok', :p, :h)",
                seq_, at_, kDigest, kDigest);
    }
    // Binds `values` by reference (each execution reads them as they are then) and prepares.
    template <typename... T>
    static void prepare(soci::statement &statement, const std::string &text, const T &...values) {
        (statement.exchange(soci::use(values)), ...);
        statement.alloc();
        statement.prepare(text);
        statement.define_and_bind();
    }

    soci::session &sql_;
    std::string begin_, member_, key_, status_;
    long long round_ = 0, at_ = 0, seq_ = 0;
    int revision_ = 0;
    soci::statement update_{sql_}, event_{sql_}, leave_{sql_}, answer_{sql_}, audit_{sql_};
    static std::atomic<long long> next_seq_;  // audit entries of every thread, one sequence
};
std::atomic<long long> TransitionRows::next_seq_{1};

// The plugin's tables (its migrations, through its own storage layer) and a session and member
// per thread slot, made once and kept for every run.
struct RowsFloor {
    std::unique_ptr<soci::session> sessions[kMaxThreads];
    std::unique_ptr<TransitionRows> rows[kMaxThreads];

    RowsFloor(const psp::StorageConfig &storage, const std::string &connect_string,
              const soci::backend_factory &backend) {
        {
            psp::Database db(storage);
            psp::apply_migrations(db, 0);
        }
        const bool sqlite = storage.backend == psp::Backend::sqlite;
        for (int slot = 0; slot < kMaxThreads; ++slot) {
            sessions[slot] = std::make_unique<soci::session>(backend, connect_string);
            if (sqlite) {  // as the bare UPDATE's baseline and the plugin open their files
                *sessions[slot] << "PRAGMA busy_timeout = 10000";
                *sessions[slot] << "PRAGMA synchronous = FULL";
            }
            rows[slot] = std::make_unique<TransitionRows>(*sessions[slot], slot, sqlite);
        }
    }
};

void write_rows(benchmark::State &state, RowsFloor &floor) {
    TransitionRows &rows = *floor.rows[state.thread_index()];
    for (auto _ : state) {
        try {
            rows.write_one();
        } catch (const std::exception &e) {
            state.SkipWithError(e.what());
            break;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

struct SqliteFloor {
    fs::path dir = psp_bench::LoadedPlugin::fresh_dir("transition-rows");
    RowsFloor floor;

    SqliteFloor()
        : floor(storage(dir), "db=\"" + (dir / "psp.sqlite3").string() + "\"", soci::sqlite3) {}
    ~SqliteFloor() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    static psp::StorageConfig storage(const fs::path &dir) {
        psp::StorageConfig config;
        config.connection = (dir / "psp.sqlite3").string();
        return config;
    }
};

void BM_Baseline_TransitionRows_Sqlite(benchmark::State &state) {
    static SqliteFloor sqlite;  // thread-safe initialisation: every bench thread asks
    write_rows(state, sqlite.floor);
}
BENCHMARK(BM_Baseline_TransitionRows_Sqlite)->Threads(1)->Threads(4)->UseRealTime();

struct PostgresFloor {
    ScratchSchema schema;
    RowsFloor floor{storage(schema), connection(schema), soci::postgresql};

    static std::string connection(const ScratchSchema &schema) {
        return schema.storage().at("connection").get<std::string>();
    }
    static psp::StorageConfig storage(const ScratchSchema &schema) {
        psp::StorageConfig config;
        config.backend = psp::Backend::postgresql;
        config.connection = connection(schema);
        return config;
    }
};

// From 4 threads, each with its own connection, as the bare UPDATE's PostgreSQL baseline.
void BM_Baseline_TransitionRows_Postgres(benchmark::State &state) {
    if (!ScratchSchema::available()) {
        state.SkipWithError("PSP_TEST_PG_ADMIN is unset: run scripts/bench-transitions.sh");
        return;
    }
    static PostgresFloor postgres;
    write_rows(state, postgres.floor);
}
BENCHMARK(BM_Baseline_TransitionRows_Postgres)->Threads(kMaxThreads)->UseRealTime();

}  // namespace
}  // namespace transition_rows
