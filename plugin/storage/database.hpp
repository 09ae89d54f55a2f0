// database.hpp: the plugin's connection to its own database, through SOCI.
//
// SQLite (one file in the host's data folder, WAL, foreign keys on, durable commits) is the
// embedded default; PostgreSQL serves hosts that run on several servers. Sessions come from a pool
// because SOCI sessions are not thread-safe and one instance serves many host threads; the pool
// opens them on demand and closes idle ones (connection_pool.hpp), so a host can serve many
// agencies. Every
// write runs in a transaction that takes the write lock up front, so two writers never both
// read-then-write the same state.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace soci {
class session;
}  // namespace soci

namespace psp {

class ConnectionPool;
class SqliteGroupCommit;

enum class Backend { sqlite, postgresql };

struct StorageConfig {
    Backend backend = Backend::sqlite;
    std::string connection;     // SQLite: the database file's path; PostgreSQL: a libpq string
    std::size_t pool_size = 4;  // the most connections the instance opens at once
    // A connection unused this long is closed (storage.idle_seconds).
    std::chrono::milliseconds idle_close{std::chrono::seconds(60)};
    // How long a call waits for a connection when all are busy (storage.wait_seconds).
    std::chrono::milliseconds wait{std::chrono::seconds(10)};
};

class Database {
  public:
    // Opens one connection (so a wrong path or connection string fails here); the others open
    // when concurrent calls need them.
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

    // The instance's pool: how many connections are open, closing the idle ones.
    ConnectionPool &pool() { return *pool_; }

  private:
    class Lease;
    void write_locked(const std::string &member_id,
                      const std::function<void(soci::session &)> &work);

    Backend backend_;
    // Shared with the process's sweep of idle connections, which may hold it for a moment.
    std::shared_ptr<ConnectionPool> pool_;
    // SQLite: this instance's writers, sharing transactions and commits (write_locked).
    std::unique_ptr<SqliteGroupCommit> sqlite_writes_;
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
