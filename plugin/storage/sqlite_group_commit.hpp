// sqlite_group_commit.hpp: one instance's SQLite writers sharing a transaction and its commit.
//
// SQLite has one writer at a time, and each durable commit waits for a flush of the write-ahead
// log, which costs more than most writes' own work: host threads writing to one agency at once
// got no more commits a second than one thread. Here the writers queue, and one of them (the
// leader) runs the queued works one after another in one transaction, each after the first behind
// a savepoint of its own (a work that fails takes back only its own changes), and commits them
// together: one flush for the batch. Writers that queue while the works run join the batch before
// its commit, so writers that a commit released together share the next one. Handing the
// transaction from thread to thread instead cost a thread wake-up per write, which on a busy 2-core
// machine took longer than the flush it saved. A writer returns only once its work is committed, or
// with its own error, or with the commit's error (then nothing of the batch was committed, and each
// writer of it is told).
//
// The first work of a transaction runs without a savepoint (if it fails, the transaction, which
// holds nothing else yet, is rolled back and the rest go on in a new one), so a writer alone
// costs what it did before.
//
// Threading: any threads at once. A work may run on another writer's thread (the leader's), which
// is inside a plugin call too, as the ABI allows host services to be called from; works never
// run at the same time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugin/storage/connection_pool.hpp"

namespace soci {
class session;
}  // namespace soci

namespace psp {

class SqliteGroupCommit {
  public:
    // `pool` must outlive this; at most `max_batch` works share one commit, so a writer's wait
    // stays bounded however many keep arriving.
    explicit SqliteGroupCommit(ConnectionPool &pool, std::size_t max_batch = 16);
    SqliteGroupCommit(const SqliteGroupCommit &) = delete;
    SqliteGroupCommit &operator=(const SqliteGroupCommit &) = delete;

    // Runs `work` in a shared write transaction and returns once it is committed. Throws what
    // `work` threw (its changes undone, the batch's others kept), or soci::soci_error when the
    // transaction could not begin or commit (nothing of the batch committed).
    void run(const std::function<void(soci::session &)> &work);

  private:
    struct Writer {
        const std::function<void(soci::session &)> *work;
        bool done = false;
        std::exception_ptr failed;  // the work's own error
        std::string batch_error;    // why its batch failed ("" when committed)
    };
    struct Step {
        std::exception_ptr failed;  // the work's own error
        bool transaction_lost =
            false;  // rolled back whole (or could not be undone to its savepoint)
        std::string lost_why;
    };

    // Runs `batch`, adding to it the writers that queue meanwhile (each then part of it).
    void run_batch(std::vector<Writer *> &batch);
    // Moves queued writers into `batch` until it holds `limit`; false when none waited.
    bool take_queued(std::vector<Writer *> &batch, std::size_t limit);
    Step run_work(const std::function<void(soci::session &)> &work, bool first);
    void rollback_quietly();

    ConnectionPool &pool_;
    const std::size_t max_batch_;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool leading_ = false;        // a writer is running batches
    std::deque<Writer *> queue_;  // writers whose work has not run yet, oldest first
    // The open transaction's connection: touched only by the leader.
    std::optional<ConnectionPool::Lease> lease_;
};

}  // namespace psp
