// group_commit_test.cpp: writers of one instance sharing SQLite commits, on real files.
//
// Many threads writing at once, some of whose writes fail: exactly the writes that returned are
// stored, each writer gets its own outcome, and (on SQLite) the writes took fewer commits than
// there were writes. A writer failing in a batch takes back only its own changes; one that breaks
// the shared transaction fails the batch's earlier writers too, and none of theirs is stored.
// The first test runs on PostgreSQL too, where each write keeps its own transaction.
#include "plugin/storage/sqlite_group_commit.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/storage/database.hpp"
#include "test_backend.hpp"
#include "test_host.hpp"

namespace {

using namespace std::chrono_literals;
using psp::ErrorCode;

// Counts the commits of every SQLite connection a test's writes ran on.
class CommitCounter {
  public:
    void watch(soci::session &sql) {
        auto *backend = static_cast<soci::sqlite3_session_backend *>(sql.get_backend());
        std::lock_guard<std::mutex> lock(mutex_);
        if (watched_.insert(backend->conn_).second) {
            sqlite_api::sqlite3_commit_hook(backend->conn_, &CommitCounter::on_commit, this);
        }
    }
    int commits() const { return commits_.load(); }

  private:
    static int on_commit(void *self) {
        ++static_cast<CommitCounter *>(self)->commits_;
        return 0;  // let it commit
    }
    std::mutex mutex_;
    std::set<sqlite_api::sqlite3 *> watched_;
    std::atomic<int> commits_{0};
};

class ConcurrentGroupCommit : public ::testing::Test {
  protected:
    ConcurrentGroupCommit() : dir_("psp-group-commit"), storage_(dir_.file("writes.sqlite3")) {
        db_ = std::make_unique<psp::Database>(storage_.config());
        db_->write([](soci::session &sql) {
            sql << "CREATE TABLE writes (writer INTEGER, n INTEGER, PRIMARY KEY (writer, n))";
        });
    }

    static void insert(soci::session &sql, int writer, int n) {
        sql << "INSERT INTO writes (writer, n) VALUES (:w, :n)", soci::use(writer), soci::use(n);
    }
    std::set<std::pair<int, int>> stored() {
        std::set<std::pair<int, int>> rows;
        db_->read([&](soci::session &sql) {
            soci::rowset<soci::row> result = sql.prepare << "SELECT writer, n FROM writes";
            for (const soci::row &row : result) {
                rows.insert({row.get<int>(0), row.get<int>(1)});
            }
        });
        return rows;
    }
    bool on_sqlite() const { return storage_.config().backend == psp::Backend::sqlite; }

    psp_test::TempDir dir_;
    psp_test::TestStorage storage_;
    std::unique_ptr<psp::Database> db_;
};

TEST_F(ConcurrentGroupCommit, EveryWriterGetsItsOwnOutcomeAndOnlyTheWritesThatReturnedAreStored) {
    constexpr int kWriters = 8;
    constexpr int kWrites = 60;
    CommitCounter counter;
    std::vector<std::future<std::set<std::pair<int, int>>>> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.push_back(std::async(std::launch::async, [&, w] {
            std::set<std::pair<int, int>> returned;
            for (int n = 0; n < kWrites; ++n) {
                const bool fails = (n + w) % 5 == 0;
                try {
                    db_->write([&](soci::session &sql) {
                        if (on_sqlite()) {
                            counter.watch(sql);
                        }
                        insert(sql, w, n);
                        std::this_thread::sleep_for(100us);  // writers overlap
                        if (fails) {
                            throw psp::Error(
                                ErrorCode::conflict,
                                "writer " + std::to_string(w) + " write " + std::to_string(n));
                        }
                    });
                    EXPECT_FALSE(fails) << w << "/" << n << " returned though its work threw";
                    returned.insert({w, n});
                } catch (const psp::Error &e) {
                    EXPECT_TRUE(fails) << w << "/" << n << ": " << e.what();
                    EXPECT_EQ(e.code(), ErrorCode::conflict) << e.what();
                    // Its own error, not another writer's.
                    EXPECT_EQ(std::string(e.what()),
                              "writer " + std::to_string(w) + " write " + std::to_string(n));
                }
            }
            return returned;
        }));
    }
    std::set<std::pair<int, int>> returned;
    for (auto &writer : writers) {
        const auto mine = writer.get();
        returned.insert(mine.begin(), mine.end());
    }
    EXPECT_EQ(returned.size(), static_cast<std::size_t>(kWriters * kWrites * 4 / 5));
    EXPECT_EQ(stored(), returned);
    if (on_sqlite()) {
        // Each write alone would be a commit of its own (failed ones none).
        EXPECT_GT(counter.commits(), 0);
        EXPECT_LT(counter.commits(), static_cast<int>(returned.size()))
            << "no two writes shared a commit";
    }
}

// What each writer of in_one_batch was told: its error text, "" when it returned.
struct BatchOutcome {
    std::string leader, first, second;
};

// Runs a leader's write that changes nothing, then `first` and `second`, as one batch in that
// order: the leader's work holds the transaction open until both have queued (a tenth of a
// second apart), and writers that queue while a transaction's works run join it.
BatchOutcome in_one_batch(psp::Database &db, const std::function<void(soci::session &)> &first,
                          const std::function<void(soci::session &)> &second) {
    std::promise<void> leader_running;
    std::promise<void> both_started;
    auto outcome = [](const std::function<void()> &call) {
        try {
            call();
            return std::string();
        } catch (const std::exception &e) {
            return std::string(e.what()).empty() ? std::string("?") : std::string(e.what());
        }
    };
    auto leader = std::async(std::launch::async, [&] {
        return outcome([&] {
            db.write([&](soci::session &) {
                leader_running.set_value();
                both_started.get_future().wait();
                std::this_thread::sleep_for(300ms);  // both are queued by now
            });
        });
    });
    leader_running.get_future().wait();
    auto a = std::async(std::launch::async, [&] { return outcome([&] { db.write(first); }); });
    std::this_thread::sleep_for(100ms);
    auto b = std::async(std::launch::async, [&] { return outcome([&] { db.write(second); }); });
    std::this_thread::sleep_for(20ms);
    both_started.set_value();
    return {leader.get(), a.get(), b.get()};
}

TEST_F(ConcurrentGroupCommit, AWriterFailingInABatchTakesBackOnlyItsOwnChanges) {
    if (!on_sqlite()) {
        GTEST_SKIP() << "PostgreSQL writes keep a transaction each";
    }
    CommitCounter counter;
    const BatchOutcome told = in_one_batch(
        *db_,
        [&](soci::session &sql) {
            counter.watch(sql);
            insert(sql, 1, 1);
        },
        [&](soci::session &sql) {
            insert(sql, 2, 1);
            throw psp::Error(ErrorCode::conflict, "the second writer's own refusal");
        });
    EXPECT_EQ(told.leader, "");
    EXPECT_EQ(told.first, "");
    EXPECT_EQ(told.second, "the second writer's own refusal");
    EXPECT_EQ(stored(), (std::set<std::pair<int, int>>{{1, 1}}));
    EXPECT_EQ(counter.commits(), 1);
}

TEST_F(ConcurrentGroupCommit, AWriterThatBreaksTheSharedTransactionFailsTheWholeBatch) {
    if (!on_sqlite()) {
        GTEST_SKIP() << "PostgreSQL writes keep a transaction each";
    }
    const BatchOutcome told = in_one_batch(
        *db_, [&](soci::session &sql) { insert(sql, 1, 1); },
        [&](soci::session &sql) {
            insert(sql, 2, 1);
            sql << "ROLLBACK";  // what SQLite itself does on a full disk or an I/O error
            throw psp::Error(ErrorCode::storage_error, "the second writer's disk is full");
        });
    // Every other writer of the batch, the one that led it included, is told.
    for (const std::string &told_other : {told.leader, told.first}) {
        EXPECT_NE(told_other.find("a write of the same batch failed"), std::string::npos)
            << told_other;
    }
    EXPECT_EQ(told.second, "the second writer's disk is full");
    EXPECT_TRUE(stored().empty());
    // And the next write starts a transaction of its own.
    db_->write([&](soci::session &sql) { insert(sql, 3, 1); });
    EXPECT_EQ(stored(), (std::set<std::pair<int, int>>{{3, 1}}));
}

}  // namespace
