// database.cpp: pooled SOCI sessions, connection set-up and transactions.
#include "plugin/storage/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>
#include <random>

#include "plugin/core/error.hpp"
#include "plugin/core/sha256.hpp"
#include "plugin/storage/connection_pool.hpp"
#include "plugin/storage/prepared_statements.hpp"
#include "plugin/storage/sqlite_group_commit.hpp"

namespace psp {
namespace {

// SOCI's connection string for SQLite, with the path quoted so spaces survive. SOCI 4.0.3's parser
// has no escape for '"': a path holding one would silently open another file, so it is refused.
std::string sqlite_connection_string(const std::string &path) {
    if (path.find('"') != std::string::npos) {
        throw Error(ErrorCode::invalid_argument,
                    "the SQLite database path " + path +
                        " contains '\"', which the database driver cannot open safely");
    }
    return "db=\"" + path + "\" timeout=10";
}

// PRAGMAs run after connecting, not in the connection string: SOCI 4.0.3 would apply
// `synchronous` before the busy timeout and then fail with "database is locked" under load.
// SQLite counts every allocation it makes in process-wide statistics, under one global mutex
// (SQLITE_CONFIG_MEMSTATUS, on by default): every statement of every instance in the host then
// takes that mutex many times, and threads calling different agencies wait on each other. The
// plugin reads none of the statistics. The setting can only change before SQLite is first used
// in the process; when the host has used SQLite already it stays as the host left it
// (docs/integration.md, "Threads").
void configure_sqlite_library() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

void configure_sqlite(soci::session &sql) {
    sql << "PRAGMA busy_timeout = 10000";
    std::string mode;
    sql << "PRAGMA journal_mode = WAL", soci::into(mode);
    sql << "PRAGMA synchronous = FULL";
    sql << "PRAGMA foreign_keys = ON";
    // Deleted rows' bytes are overwritten, on every connection: a purge (activations, the stored
    // answers of confidential calls) must not leave identities in free pages or cell gaps.
    sql << "PRAGMA secure_delete = ON";
}

// The database file is created (or narrowed) to 0600 before SQLite opens it, whatever the host's
// umask: SQLite creates its -wal and -shm with the database file's permissions, so the three stay
// readable by the host's account only.
void restrict_sqlite_file(const std::string &path) {
    if (path.empty() || path.front() == ':' || path.rfind("file:", 0) == 0 ||
        path.find('"') != std::string::npos) {
        return;  // in-memory, a URI, or a path sqlite_connection_string refuses
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        throw Error(ErrorCode::storage_error,
                    "the plugin's database file " + path + " could not be created or opened");
    }
    const int changed = ::fchmod(fd, S_IRUSR | S_IWUSR);
    ::close(fd);
    for (const char *suffix : {"-wal", "-shm"}) {  // left by an earlier release, perhaps 0644
        ::chmod((path + suffix).c_str(), S_IRUSR | S_IWUSR);
    }
    if (changed != 0) {
        throw Error(ErrorCode::storage_error,
                    "the plugin's database file " + path + " could not be made private (0600)");
    }
}

[[noreturn]] void rethrow_as_storage_error(const std::exception &e) {
    throw Error(ErrorCode::storage_error,
                std::string("the database failed and nothing was changed: ") + e.what());
}

// The first keys of the plugin's PostgreSQL advisory locks ("PSPw", "PSPm", "PSPa", "PSPl"), so
// they never meet a host's; the second key is a hash of the schema (of the schema and the member).
constexpr int kAgencyLockKey = 0x50535077;
constexpr int kMemberLockKey = 0x5053506d;
constexpr int kAuditLockKey = 0x50535061;
constexpr int kAuditLaneKey = 0x5053506c;  // "PSPl": audit lanes (lock_audit_lane)

// A PostgreSQL write transaction (SQLite's are sqlite_group_commit's). Rolls back unless
// committed; never throws from the destructor.
class Transaction {
  public:
    // Transaction-level advisory locks keyed by the plugin's schema exclude the same writers for
    // every host process using that schema; without them two READ COMMITTED writers could both
    // read a state and both act on it, and the loser would meet a unique-key error instead of the
    // `conflict` it is owed. An agency-wide write takes the agency lock exclusively; a member's
    // write takes it shared, then the member's own lock, and extends the audit chain under the
    // chain's lock.
    Transaction(soci::session &sql, const std::string &member_id) : sql_(sql) {
        // BEGIN and the locks go as one round trip (a multi-statement text takes no parameters,
        // so the member is named by the hex digest of their id, which needs no quoting).
        if (member_id.empty()) {
            sql_ << "BEGIN; SELECT pg_advisory_xact_lock(" << kAgencyLockKey
                 << ", hashtext(current_schema()))";
            return;
        }
        sql_ << "BEGIN; SELECT pg_advisory_xact_lock_shared(" << kAgencyLockKey
             << ", hashtext(current_schema())), pg_advisory_xact_lock(" << kMemberLockKey
             << ", hashtext(current_schema() || '/" << sha256_hex(member_id) << "'))";
    }
    ~Transaction() {
        if (open_) {
            try {
                sql_ << "ROLLBACK";
            } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is already broken
            }
        }
    }
    void commit() {
        sql_ << "COMMIT";
        open_ = false;
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

  private:
    soci::session &sql_;
    bool open_ = true;
};

// A read's work as one SQLite read transaction. Without it each statement is its own
// transaction, and takes and releases SQLite's locks on the file and the WAL index: fcntl calls
// made under the SQLite unix VFS's one process-wide mutex, so a method that runs a dozen
// statements serialised every instance in the process on that mutex a dozen times (issue 25:
// reads on two agencies from two threads were slower than on one). One transaction also gives
// the method one snapshot. PostgreSQL reads are unchanged (each statement one round trip).
class ReadSnapshot {
  public:
    ReadSnapshot(soci::session &sql, Backend backend)
        : sql_(sql), open_(backend == Backend::sqlite) {
        if (open_) {
            PreparedQuery(sql_, "BEGIN").execute();
        }
    }
    ~ReadSnapshot() {
        if (open_) {
            try {
                PreparedQuery(sql_, "ROLLBACK").execute();
            } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is already broken
            }
        }
    }
    void end() {
        if (open_) {
            open_ = false;
            PreparedQuery(sql_, "COMMIT").execute();
        }
    }
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;

  private:
    soci::session &sql_;
    bool open_;
};

}  // namespace

// A pooled connection held for one call, with its statement cache current on this thread. The
// pooled session itself is handed to the work (not a soci::session proxy of it), because the
// cache recognises its connection by address.
class Database::Lease {
  public:
    explicit Lease(Database &db) : lease_(*db.pool_), current_(lease_.statements()) {}
    soci::session &session() { return lease_.session(); }

  private:
    ConnectionPool::Lease lease_;          // given back last,
    PreparedStatements::Current current_;  // after the cache stops being current
};

namespace {

void open_connection(soci::session &session, const StorageConfig &config) {
    if (config.backend == Backend::sqlite) {
        configure_sqlite_library();
        session.open(soci::sqlite3, sqlite_connection_string(config.connection));
        configure_sqlite(session);
    } else {
        session.open(soci::postgresql, config.connection);
        // libpq prints the server's notices ("relation ... already exists, skipping") on the
        // host process's stderr; a plugin must not write there, and warnings still come through.
        session << "SET client_min_messages = warning";
    }
}

}  // namespace

Database::Database(const StorageConfig &config) : backend_(config.backend) {
    if (config.backend == Backend::sqlite) {
        restrict_sqlite_file(config.connection);
    }
    ConnectionPool::Settings settings;
    settings.max_connections = config.pool_size == 0 ? 1 : config.pool_size;
    settings.idle_close = config.idle_close;
    settings.wait = config.wait;
    pool_ = ConnectionPool::create(
        settings, [config](soci::session &session) { open_connection(session, config); },
        config.backend == Backend::postgresql ? ServerConnectionLimit::for_server(config.connection)
                                              : nullptr);
    if (config.backend == Backend::sqlite) {
        sqlite_writes_ = std::make_unique<SqliteGroupCommit>(*pool_);
    }
    try {
        Lease first(*this);
    } catch (const soci::soci_error &e) {
        throw Error(ErrorCode::storage_error,
                    std::string("the plugin's database could not be opened: ") + e.what());
    }
}

Database::~Database() {
    // Closed here, on the host's thread, even when the process's sweep holds the pool a moment.
    pool_->close_idle();
}

void Database::write(const std::function<void(soci::session &)> &work) {
    write_locked({}, work);
}

void Database::write_member(const std::string &member_id,
                            const std::function<void(soci::session &)> &work) {
    if (member_id.empty()) {
        throw Error(ErrorCode::internal, "a member's write names no member");
    }
    write_locked(member_id, work);
}

void Database::write_locked(const std::string &member_id,
                            const std::function<void(soci::session &)> &work) {
    try {
        if (backend_ == Backend::sqlite) {
            // One writer at a time, and writers arriving meanwhile share its commit (a durable
            // commit's flush costs more than most writes): sqlite_group_commit.hpp. Polling for
            // SQLite's write lock instead (its busy handler sleeps 1, 2, 5, 10 ms and more) lost
            // most of the disk's commit rate; the busy handler still arbitrates with other
            // processes.
            sqlite_writes_->run(work);
            return;
        }
        Lease lease(*this);
        Transaction transaction(lease.session(), member_id);
        work(lease.session());
        transaction.commit();
    } catch (const Error &) {
        throw;
    } catch (const soci::soci_error &e) {
        rethrow_as_storage_error(e);
    }
}

namespace {

// The read this thread is running, if any: a read nested in it (the org chart's revision, asked
// from inside a conflict check's read) runs on the same connection and snapshot. Leasing a
// second connection instead deadlocked: with as many calls as the pool has connections, each
// held one and waited for another (four threads on one instance's conflict.check).
struct HeldRead {
    const Database *db = nullptr;
    soci::session *session = nullptr;
};
thread_local HeldRead t_held_read;

class HoldingRead {
  public:
    HoldingRead(const Database *db, soci::session *session) : previous_(t_held_read) {
        t_held_read = {db, session};
    }
    ~HoldingRead() { t_held_read = previous_; }
    HoldingRead(const HoldingRead &) = delete;
    HoldingRead &operator=(const HoldingRead &) = delete;

  private:
    HeldRead previous_;
};

}  // namespace

void Database::read(const std::function<void(soci::session &)> &work) {
    if (t_held_read.db == this) {
        work(*t_held_read.session);
        return;
    }
    try {
        Lease lease(*this);
        ReadSnapshot snapshot(lease.session(), backend_);
        {
            HoldingRead holding(this, &lease.session());
            work(lease.session());
        }
        snapshot.end();
    } catch (const Error &) {
        throw;
    } catch (const soci::soci_error &e) {
        rethrow_as_storage_error(e);
    }
}

void Database::truncate_wal() {
    if (backend_ != Backend::sqlite) {
        return;
    }
    try {
        Lease lease(*this);
        int busy = 0, log_frames = 0, checkpointed = 0;
        lease.session() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy),
            soci::into(log_frames), soci::into(checkpointed);
    } catch (const soci::soci_error &e) {
        rethrow_as_storage_error(e);
    }
}

void lock_audit_chain(soci::session &sql) {
    if (sql.get_backend_name() != "postgresql") {
        return;
    }
    static const std::string lock = "SELECT pg_advisory_xact_lock(" +
                                    std::to_string(kAuditLockKey) + ", hashtext(current_schema()))";
    PreparedQuery(sql, lock).execute();
}

bool try_lock_audit_chain(soci::session &sql) {
    if (sql.get_backend_name() != "postgresql") {
        return true;
    }
    static const std::string lock = "SELECT CASE WHEN pg_try_advisory_xact_lock(" +
                                    std::to_string(kAuditLockKey) +
                                    ", hashtext(current_schema())) THEN 1 ELSE 0 END";
    int got = 0;
    PreparedQuery(sql, lock).into(got).execute();
    return got == 1;
}

int lock_audit_lane(soci::session &sql) {
    if (sql.get_backend_name() != "postgresql") {
        return 0;
    }
    // The first free lane from this thread's own on (one round trip: the LIMIT stops at the
    // first lock taken); when every lane is held, wait for this thread's lane. A thread keeps to
    // one lane while it is free, so its entries follow one another in it.
    static const std::string lane_key = "hashtext(current_schema() || '/' || lane)";
    static const std::string try_lanes =
        "SELECT lane FROM (SELECT (g + :start) % " + std::to_string(kAuditLanes) +
        " AS lane FROM generate_series(0, " + std::to_string(kAuditLanes - 1) +
        ") AS g) AS lanes WHERE pg_try_advisory_xact_lock(" + std::to_string(kAuditLaneKey) + ", " +
        lane_key + ") LIMIT 1";
    static const std::string wait_lane =
        "SELECT pg_advisory_xact_lock(" + std::to_string(kAuditLaneKey) +
        ", hashtext(current_schema() || '/' || CAST(:lane AS INTEGER)))";
    thread_local const int start = static_cast<int>(std::random_device{}() % kAuditLanes);
    int lane = 0;
    if (PreparedQuery(sql, try_lanes).use(start).into(lane).execute()) {
        return lane;
    }
    PreparedQuery(sql, wait_lane).use(start).execute();
    return start;
}

}  // namespace psp
