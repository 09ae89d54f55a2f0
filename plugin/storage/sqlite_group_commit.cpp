// sqlite_group_commit.cpp: writers joining one SQLite transaction, the last committing for all.
#include "plugin/storage/sqlite_group_commit.hpp"

#include <soci/soci.h>

#include "plugin/storage/prepared_statements.hpp"

namespace psp {

SqliteGroupCommit::SqliteGroupCommit(ConnectionPool &pool, std::size_t max_batch)
    : pool_(pool), max_batch_(max_batch == 0 ? 1 : max_batch) {}

void SqliteGroupCommit::pass_turn() {
    busy_ = false;
    changed_.notify_all();
}

void SqliteGroupCommit::settle(Outcome &outcome, bool failed, const std::string &error) {
    outcome.settled = true;
    outcome.failed = failed;
    outcome.error = error;
    changed_.notify_all();
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
        rollback_quietly();
        step.transaction_lost = true;
        return step;
    }
    try {
        PreparedQuery(sql, "ROLLBACK TO psp_joined_write").execute();
        PreparedQuery(sql, "RELEASE psp_joined_write").execute();
    } catch (const std::exception &e) {
        // SQLite rolls a whole transaction back on some errors (a full disk, an I/O error), and
        // then the savepoint is gone: so are the changes of the writers before this one.
        rollback_quietly();
        step.transaction_lost = true;
        step.lost_why =
            std::string("a write of the same batch failed and took it back: ") + e.what();
    }
    return step;
}

void SqliteGroupCommit::run(const std::function<void(soci::session &)> &work) {
    std::unique_lock<std::mutex> lock(mutex_);
    ++waiting_;
    changed_.wait(lock, [&] { return !busy_; });
    --waiting_;
    busy_ = true;
    const bool first = !lease_;
    if (first) {
        lock.unlock();
        try {
            lease_.emplace(pool_);
            PreparedStatements::Current current(lease_->statements());
            PreparedQuery(lease_->session(), "BEGIN IMMEDIATE").execute();
        } catch (...) {
            lock.lock();
            lease_.reset();
            pass_turn();
            throw;
        }
        lock.lock();
        outcome_ = std::make_shared<Outcome>();
        joined_ = 0;
    }
    ++joined_;
    const std::shared_ptr<Outcome> outcome = outcome_;
    lock.unlock();

    const Step step = run_work(work, first);

    lock.lock();
    if (step.transaction_lost) {
        lease_.reset();
        settle(*outcome, true, step.lost_why);
        pass_turn();
        lock.unlock();
        std::rethrow_exception(step.failed);
    }
    if (waiting_ > 0 && joined_ < max_batch_) {
        pass_turn();  // the transaction stays open for the next writer, who may commit it
        if (step.failed) {
            lock.unlock();
            std::rethrow_exception(step.failed);
        }
        changed_.wait(lock, [&] { return outcome->settled; });
        if (outcome->failed) {
            throw soci::soci_error(outcome->error);
        }
        return;
    }
    lock.unlock();
    bool commit_failed = false;
    std::string commit_error;
    try {
        PreparedStatements::Current current(lease_->statements());
        PreparedQuery(lease_->session(), "COMMIT").execute();
    } catch (const std::exception &e) {
        commit_failed = true;
        commit_error = e.what();
        rollback_quietly();
    }
    lock.lock();
    lease_.reset();
    settle(*outcome, commit_failed, commit_error);
    pass_turn();
    lock.unlock();
    if (commit_failed) {
        throw soci::soci_error(commit_error);
    }
    if (step.failed) {
        std::rethrow_exception(step.failed);
    }
}

}  // namespace psp
