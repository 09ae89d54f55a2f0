// database_test.cpp: a read's one snapshot (SQLite), and the write transaction's promises on both
// backends: committed or rolled back whole, the work's own errors passed through, database
// failures translated, the pooled session left usable, and which writes a member's write excludes
// (on PostgreSQL, only agency-wide writes and writes for the same member; the audit chain still
// grows one entry after another).
#include "plugin/storage/database.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/storage/audit_log.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp_test::error_from;

void create_counter(psp_test::TestDatabase &database) {
    database.db().write([](soci::session &sql) {
        sql << "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)";
        sql << "INSERT INTO counter (id, n) VALUES (1, 0)";
    });
}

TEST(DatabaseWrite, CommitsWhatTheWorkDid) {
    psp_test::TestDatabase database;
    create_counter(database);
    for (int i = 0; i < 3; ++i) {
        database.db().write([](soci::session &sql) { sql << "UPDATE counter SET n = n + 1"; });
    }
    EXPECT_EQ(database.scalar("SELECT n FROM counter"), 3);
}

TEST(DatabaseWrite, RollsBackWhenTheWorkThrowsAndPassesItsErrorThrough) {
    psp_test::TestDatabase database;
    create_counter(database);
    const psp::Error e = error_from([&] {
        database.db().write([](soci::session &sql) {
            sql << "UPDATE counter SET n = 42";
            throw psp::Error(ErrorCode::conflict, "changed meanwhile");
        });
    });
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(database.scalar("SELECT n FROM counter"), 0);
}

// A read's work is one read transaction on SQLite: what another connection commits meanwhile is
// not seen half-way through (and the work takes SQLite's locks once, not once per statement).
TEST(DatabaseRead, OnSqliteTheWorkReadsOneSnapshot) {
    psp_test::TestDatabase database;
    if (database.db().backend() != psp::Backend::sqlite) {
        GTEST_SKIP() << "SQLite reads only: a PostgreSQL read runs each statement on its own";
    }
    create_counter(database);
    long long before = -1, after = -1;
    database.db().read([&](soci::session &sql) {
        sql << "SELECT n FROM counter", soci::into(before);
        // Another connection (a second host process, say) commits meanwhile.
        soci::session other(soci::sqlite3, "db=\"" + database.path() + "\"");
        other << "UPDATE counter SET n = 5";
        sql << "SELECT n FROM counter", soci::into(after);
    });
    EXPECT_EQ(before, 0);
    EXPECT_EQ(after, 0) << "the read saw a change committed after it began";
    EXPECT_EQ(database.scalar("SELECT n FROM counter"), 5);
}

// As many threads as the pool has connections, each inside a read that reads again (a conflict
// check asking for the org chart's revision): the nested reads run on each thread's own
// connection. Leasing another instead, every thread held one and waited for one: a deadlock.
TEST(DatabaseRead, ReadsNestedOnEveryPooledConnectionAtOnceFinish) {
    psp_test::TestDatabase database;  // a pool of 2
    create_counter(database);
    constexpr int kThreads = 2;
    std::atomic<int> inside{0};
    std::promise<void> finished;
    std::thread([&] {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&] {
                database.db().read([&](soci::session &) {
                    ++inside;
                    while (inside.load() < kThreads) {  // every connection is now held
                        std::this_thread::yield();
                    }
                    long long n = -1;
                    database.db().read(
                        [&](soci::session &sql) { sql << "SELECT n FROM counter", soci::into(n); });
                    EXPECT_EQ(n, 0);
                });
            });
        }
        for (std::thread &t : threads) {
            t.join();
        }
        finished.set_value();
    }).detach();
    EXPECT_EQ(finished.get_future().wait_for(std::chrono::seconds(20)), std::future_status::ready)
        << "nested reads waited for a connection the outer reads held";
}

TEST(DatabaseRead, AFailingReadLeavesThePooledSessionUsable) {
    psp_test::TestDatabase database;
    create_counter(database);
    EXPECT_THROW(database.db().read([](soci::session &sql) { sql << "SELECT nope FROM counter"; }),
                 psp::Error);
    long long n = -1;
    database.db().read([&](soci::session &sql) { sql << "SELECT n FROM counter", soci::into(n); });
    EXPECT_EQ(n, 0);
    database.db().write([](soci::session &sql) { sql << "UPDATE counter SET n = 2"; });
    EXPECT_EQ(database.scalar("SELECT n FROM counter"), 2);
}

TEST(DatabaseWrite, ADatabaseFailureIsAStorageErrorAndChangesNothing) {
    psp_test::TestDatabase database;
    create_counter(database);
    const psp::Error e = error_from([&] {
        database.db().write([](soci::session &sql) {
            sql << "UPDATE counter SET n = 7";
            sql << "INSERT INTO counter (id, n) VALUES (1, 1)";  // duplicate key
        });
    });
    EXPECT_EQ(e.code(), ErrorCode::storage_error);
    EXPECT_NE(std::string(e.what()).find("nothing was changed"), std::string::npos) << e.what();
    EXPECT_EQ(database.scalar("SELECT n FROM counter"), 0);
    // The pooled session is usable again: the failed transaction was rolled back, not left open.
    database.db().write([](soci::session &sql) { sql << "UPDATE counter SET n = 1"; });
    EXPECT_EQ(database.scalar("SELECT n FROM counter"), 1);
}

// ---- Write scopes
// ---------------------------------------------------------------------------------

using namespace std::chrono_literals;

// A write (agency-wide when `member` is empty) that records itself and then stays open, holding
// its locks, until released.
class HeldWrite {
  public:
    HeldWrite(psp::Database &db, const std::string &member) {
        std::future<void> inside = entered_.get_future();
        std::future<void> released = release_.get_future();
        done_ = std::async(std::launch::async, [&db, member, this, released = std::move(released)] {
            auto work = [&](soci::session &sql) {
                sql << "INSERT INTO marks (member) VALUES (:m)", soci::use(member);
                entered_.set_value();
                released.wait();
            };
            member.empty() ? db.write(work) : db.write_member(member, work);
        });
        inside.wait();
    }
    ~HeldWrite() { release(); }
    HeldWrite(const HeldWrite &) = delete;
    HeldWrite &operator=(const HeldWrite &) = delete;

    void release() {
        if (released_) {
            return;
        }
        released_ = true;
        release_.set_value();
        done_.get();
    }

  private:
    std::promise<void> entered_;
    std::promise<void> release_;
    std::future<void> done_;
    bool released_ = false;
};

// A second write, started now: recorded once it commits.
std::future<void> start_write(psp::Database &db, const std::string &member) {
    return std::async(std::launch::async, [&db, member] {
        auto work = [&](soci::session &sql) {
            sql << "INSERT INTO marks (member) VALUES (:m)", soci::use(member);
        };
        member.empty() ? db.write(work) : db.write_member(member, work);
    });
}

class WriteScopeTest : public ::testing::Test {
  protected:
    WriteScopeTest() {
        psp::StorageConfig config = database_.config();
        config.pool_size = 4;
        db_ = std::make_unique<psp::Database>(config);
        db_->write([](soci::session &sql) { sql << "CREATE TABLE marks (member TEXT)"; });
    }
    bool on_postgresql() const { return db_->backend() == psp::Backend::postgresql; }

    psp_test::TestDatabase database_;
    std::unique_ptr<psp::Database> db_;
};

TEST_F(WriteScopeTest, WritesForDifferentMembersOverlapOnPostgresqlOnly) {
    HeldWrite first(*db_, "E1");
    std::future<void> second = start_write(*db_, "E2");
    if (on_postgresql()) {
        EXPECT_EQ(second.wait_for(10s), std::future_status::ready);
    } else {  // SQLite: one writer at a time, whatever the scope
        EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);
    }
    first.release();
    second.get();
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM marks"), 2);
}

TEST_F(WriteScopeTest, AWriteForTheSameMemberWaitsForTheFirst) {
    HeldWrite first(*db_, "E1");
    std::future<void> second = start_write(*db_, "E1");
    EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);
    first.release();
    second.get();
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM marks WHERE member = 'E1'"), 2);
}

TEST_F(WriteScopeTest, AgencyWideAndMemberWritesExcludeEachOther) {
    {
        HeldWrite member(*db_, "E1");
        std::future<void> agency = start_write(*db_, "");
        EXPECT_EQ(agency.wait_for(300ms), std::future_status::timeout);
        member.release();
        agency.get();
    }
    HeldWrite agency(*db_, "");
    std::future<void> member = start_write(*db_, "E1");
    EXPECT_EQ(member.wait_for(300ms), std::future_status::timeout);
    agency.release();
    member.get();
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM marks"), 4);
}

TEST_F(WriteScopeTest, AMembersWriteNeedsAMember) {
    const psp::Error e = error_from([&] { db_->write_member("", [](soci::session &) {}); });
    EXPECT_EQ(e.code(), ErrorCode::internal);
}

TEST_F(WriteScopeTest, ConcurrentMemberWritesExtendTheAuditChainOneAfterAnother) {
    constexpr int kThreads = 4, kWrites = 40;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([this, t, &failures] {
            const std::string member = "E" + std::to_string(t);
            for (int i = 0; i < kWrites; ++i) {
                try {
                    db_->write_member(member, [&](soci::session &sql) {
                        psp::AuditLog(sql).append(i, member, "peer_supporter", "leave.start", "ok");
                    });
                } catch (const psp::Error &) {  // two appenders took the same place in the chain
                    ++failures;
                }
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
    // On PostgreSQL a writer that found the chain held staged its entry; the reads of the log
    // (audit.read, audit.verify) chain what is staged first, as this does.
    db_->write([](soci::session &sql) { psp::AuditLog(sql).chain_staged(); });
    psp::AuditVerification verification;
    db_->read([&](soci::session &sql) { verification = psp::AuditLog(sql).verify(); });
    EXPECT_TRUE(verification.intact) << verification.problem;
    EXPECT_EQ(verification.entries_checked, kThreads * kWrites);
}

}  // namespace
