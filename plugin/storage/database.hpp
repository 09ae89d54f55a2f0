// database.hpp: the plugin's connection to its own database, through SOCI.
//
// SQLite (one file in the host's data folder, WAL, foreign keys on, durable commits) is the
// embedded default; PostgreSQL serves hosts that run on several servers. Sessions come from a pool
// because SOCI sessions are not thread-safe and one instance serves many host threads. Every
// write runs in a transaction that takes the write lock up front, so two writers never both
// read-then-write the same state.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace psp {

class PreparedStatements;

enum class Backend { sqlite, postgresql };

struct StorageConfig {
    Backend backend = Backend::sqlite;
    std::string connection;  // SQLite: the database file's path; PostgreSQL: a libpq string
    std::size_t pool_size = 4;
};

class Database {
  public:
    explicit Database(const StorageConfig &config);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    Backend backend() const { return backend_; }

    // Runs `work` in a write transaction: committed when it returns, rolled back when it throws.
    // A psp::Error from `work` passes through unchanged; a database failure becomes
    // Error(storage_error). The transaction excludes every other writer of the agency.
    void write(const std::function<void(soci::session &)> &work);
    // The same for a change confined to one program member's records (their member row, events,
    // leaves and reviews), plus the idempotency record and the audit entry. On PostgreSQL it
    // excludes only agency-wide writes and writes for the same member, so host processes working
    // on different members overlap; the audit chain is extended under its own lock
    // (lock_audit_chain). On SQLite, which has one writer at a time, it is write(work).
    void write_member(const std::string &member_id,
                      const std::function<void(soci::session &)> &work);
    // Runs `work` on a pooled session, outside any write transaction; on SQLite as one read
    // transaction (one snapshot). A read nested in another on the same thread runs on the outer
    // read's session. A psp::Error passes through; a database failure becomes
    // Error(storage_error).
    void read(const std::function<void(soci::session &)> &work);
    // SQLite only (nothing on PostgreSQL): copies the write-ahead log into the database and
    // empties it, waiting (busy timeout) for readers of older snapshots, so what a purge
    // overwrote is left in no file. Outside any transaction, which would hold the log.
    void truncate_wal();

  private:
    class Lease;
    void write_locked(const std::string &member_id,
                      const std::function<void(soci::session &)> &work);
    void open_connection(soci::session &session, const StorageConfig &config);

    Backend backend_;
    std::unique_ptr<soci::connection_pool> pool_;
    // One per pooled connection, by pool position; declared after pool_ so that they are
    // destroyed (their statements released) while the connections are still open.
    std::vector<std::unique_ptr<PreparedStatements>> statements_;
    // SQLite: this instance's writers, one at a time (write_locked).
    std::mutex sqlite_writer_;
};

// Inside a write transaction, before reading the audit chain's head to extend it: on PostgreSQL
// takes the chain's lock (held until the transaction ends), so that writers of different members
// append one after another; on SQLite the transaction already excludes every other writer.
void lock_audit_chain(soci::session &sql);
// The same without waiting: false when another transaction holds the chain (on SQLite, always
// true).
bool try_lock_audit_chain(soci::session &sql);
// Inside a write transaction: takes one of kAuditLanes audit lanes no other transaction holds
// (held until the transaction ends; waits only when every lane is held) and returns its number;
// on SQLite, lane 0.
inline constexpr int kAuditLanes = 8;
int lock_audit_lane(soci::session &sql);

}  // namespace psp
