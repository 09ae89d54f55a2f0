// sqlite_group_commit.hpp: one instance's SQLite writers sharing a transaction and its commit.
//
// SQLite has one writer at a time, and each durable commit waits for a flush of the write-ahead
// log, which costs more than most writes' own work: host threads writing to one agency at once
// got no more commits a second than one thread. Here a writer that arrives while another's work
// runs joins that writer's transaction, behind a savepoint of its own (a writer that fails takes
// back only its own changes), and the last writer of the batch commits for all: one flush for the
// batch. A writer returns only once its work is committed, or with its own error, or with the
// commit's error (then nothing of the batch was committed, and each writer of it is told).
//
// The first writer of a transaction runs without a savepoint (if it fails, the transaction, which
// holds nothing else yet, is rolled back), so a writer alone costs what it did before.
//
// Threading: any threads at once. Each writer's work runs on the writer's own thread, one work at
// a time, on the one pooled connection the transaction holds.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "plugin/storage/connection_pool.hpp"

namespace soci {
class session;
}  // namespace soci

namespace psp {

class SqliteGroupCommit {
  public:
    // `pool` must outlive this; at most `max_batch` writers share one commit, so a writer's wait
    // stays bounded however many keep arriving.
    explicit SqliteGroupCommit(ConnectionPool &pool, std::size_t max_batch = 16);
    SqliteGroupCommit(const SqliteGroupCommit &) = delete;
    SqliteGroupCommit &operator=(const SqliteGroupCommit &) = delete;

    // Runs `work` in the shared write transaction and returns once it is committed. Throws what
    // `work` threw (its changes undone, the batch's others kept), or soci::soci_error when the
    // transaction could not begin or commit (nothing of the batch committed).
    void run(const std::function<void(soci::session &)> &work);

  private:
    struct Outcome {
        bool settled = false;
        bool failed = false;
        std::string error;  // why the batch failed, told to each of its writers
    };
    struct Step {
        std::exception_ptr failed;  // the work's own error
        bool transaction_lost =
            false;  // rolled back whole (or could not be undone to its savepoint)
        std::string lost_why;
    };

    Step run_work(const std::function<void(soci::session &)> &work, bool first);
    void settle(Outcome &outcome, bool failed, const std::string &error);
    void pass_turn();
    void rollback_quietly();

    ConnectionPool &pool_;
    const std::size_t max_batch_;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool busy_ = false;                 // a writer is running its work (or opening, or committing)
    int waiting_ = 0;                   // writers waiting for their turn
    std::size_t joined_ = 0;            // writers in the open transaction
    std::shared_ptr<Outcome> outcome_;  // the open transaction's
    // The open transaction's connection: touched only by the writer whose turn it is.
    std::optional<ConnectionPool::Lease> lease_;
};

}  // namespace psp
