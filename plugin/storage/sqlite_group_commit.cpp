// sqlite_group_commit.cpp: queued SQLite writes run by one leader in one transaction.
#include "plugin/storage/sqlite_group_commit.hpp"

#include <soci/soci.h>

#include "plugin/storage/prepared_statements.hpp"

namespace psp {

SqliteGroupCommit::SqliteGroupCommit(ConnectionPool &pool, std::size_t max_batch)
    : pool_(pool), max_batch_(max_batch == 0 ? 1 : max_batch) {}

void SqliteGroupCommit::run(const std::function<void(soci::session &)> &work) {
    Writer me{&work};
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(&me);
    changed_.wait(lock, [&] { return me.done || !leading_; });
    if (!me.done) {
        // Lead until this writer's own work is done, then let a waiting writer take over.
        leading_ = true;
        while (!me.done) {
            std::vector<Writer *> batch;
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
            lock.unlock();
            run_batch(batch);
            lock.lock();
            for (Writer *writer : batch) {
                writer->done = true;
            }
            changed_.notify_all();
        }
        leading_ = false;
        changed_.notify_all();
    }
    lock.unlock();
    if (!me.batch_error.empty()) {
        throw soci::soci_error(me.batch_error);
    }
    if (me.failed) {
        std::rethrow_exception(me.failed);
    }
}

bool SqliteGroupCommit::take_queued(std::vector<Writer *> &batch, std::size_t limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    bool took = false;
    while (!queue_.empty() && batch.size() < limit) {
        batch.push_back(queue_.front());
        queue_.pop_front();
        took = true;
    }
    return took;
}

void SqliteGroupCommit::run_batch(std::vector<Writer *> &batch) {
    std::size_t next = 0;
    while (next < batch.size()) {
        const std::size_t limit = next + max_batch_;  // works in this transaction, at most
        std::vector<Writer *> in_transaction;
        auto fail_all = [](const std::vector<Writer *> &writers, const std::string &why) {
            for (Writer *writer : writers) {
                writer->batch_error = why.empty() ? std::string("the commit failed") : why;
            }
        };
        try {
            lease_.emplace(pool_);
            PreparedStatements::Current current(lease_->statements());
            PreparedQuery(lease_->session(), "BEGIN IMMEDIATE").execute();
        } catch (const std::exception &e) {
            lease_.reset();
            fail_all({batch.begin() + static_cast<std::ptrdiff_t>(next), batch.end()}, e.what());
            return;
        }
        bool lost = false;
        do {
            for (; next < batch.size() && !lost; ++next) {
                Writer &writer = *batch[next];
                const Step step = run_work(*writer.work, in_transaction.empty());
                writer.failed = step.failed;
                if (step.transaction_lost) {
                    fail_all(in_transaction, step.lost_why);
                    lost = true;
                } else if (!step.failed) {
                    in_transaction.push_back(&writer);
                }
            }
            // Writers that queued while these works ran join before the commit. Without this,
            // writers coming back from one commit together split into alternating batches (one,
            // then the rest), and at 4 threads a batch held 2.1 writes on average.
        } while (!lost && take_queued(batch, limit));
        if (!lost) {
            try {
                PreparedStatements::Current current(lease_->statements());
                PreparedQuery(lease_->session(), "COMMIT").execute();
            } catch (const std::exception &e) {
                rollback_quietly();
                fail_all(in_transaction, e.what());
            }
        }
        lease_.reset();
    }
}

void SqliteGroupCommit::rollback_quietly() {
    try {
        PreparedQuery(lease_->session(), "ROLLBACK").execute();
    } catch (...) {  // NOLINT(bugprone-empty-catch): SQLite may have rolled back already
    }
}

SqliteGroupCommit::Step SqliteGroupCommit::run_work(
    const std::function<void(soci::session &)> &work, bool first) {
    soci::session &sql = lease_->session();
    PreparedStatements::Current current(lease_->statements());
    Step step;
    try {
        if (!first) {
            PreparedQuery(sql, "SAVEPOINT psp_joined_write").execute();
        }
        work(sql);
        if (!first) {
            PreparedQuery(sql, "RELEASE psp_joined_write").execute();
        }
        return step;
    } catch (...) {
        step.failed = std::current_exception();
    }
    if (first) {
        // Nothing else is in the transaction yet: roll it back, the rest go on in a new one.
        rollback_quietly();
        step.transaction_lost = true;
        return step;
    }
    try {
        PreparedQuery(sql, "ROLLBACK TO psp_joined_write").execute();
        PreparedQuery(sql, "RELEASE psp_joined_write").execute();
    } catch (const std::exception &e) {
        // SQLite rolls a whole transaction back on some errors (a full disk, an I/O error), and
        // then the savepoint is gone: so are the changes of the works before this one.
        rollback_quietly();
        step.transaction_lost = true;
        step.lost_why =
            std::string("a write of the same batch failed and took it back: ") + e.what();
    }
    return step;
}

}  // namespace psp
