// prepared_statements_test.cpp: the per-connection statement cache on both backends: each text is
// prepared once and reused with new bindings, a reused statement never hides later commits, a
// failed execution leaves it usable, and a session without a cache gets the same results.
#include "plugin/storage/prepared_statements.hpp"

#include <gtest/gtest.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "plugin/core/error.hpp"
#include "plugin/storage/database.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::PreparedQuery;

const char *const kInsert = "INSERT INTO kv (k, v) VALUES (:k, :v)";
const char *const kSelect = "SELECT v FROM kv WHERE k = :k";

// A one-connection Database on the test database, so every call below meets the same cache.
class PreparedStatementsTest : public ::testing::Test {
  protected:
    PreparedStatementsTest() {
        psp::StorageConfig config = database_.config();
        config.pool_size = 1;
        db_ = std::make_unique<psp::Database>(config);
        db_->write(
            [](soci::session &sql) { sql << "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)"; });
    }

    void put(const std::string &k, int v) {
        db_->write(
            [&](soci::session &sql) { PreparedQuery(sql, kInsert).use(k).use(v).execute(); });
    }
    // The value of `k`, or -1 when there is no such row.
    int get(const std::string &k) {
        int v = -1;
        db_->read(
            [&](soci::session &sql) { PreparedQuery(sql, kSelect).use(k).into(v).execute(); });
        return v;
    }
    // Statements the connection holds prepared right now, as the database itself counts them.
    long long prepared_on_connection() {
        long long n = 0;
        db_->read([&](soci::session &sql) {
            if (db_->backend() == psp::Backend::postgresql) {
                sql << "SELECT COUNT(*) FROM pg_prepared_statements", soci::into(n);
                return;
            }
            auto *backend = static_cast<soci::sqlite3_session_backend *>(sql.get_backend());
            for (auto *st = sqlite_api::sqlite3_next_stmt(backend->conn_, nullptr); st != nullptr;
                 st = sqlite_api::sqlite3_next_stmt(backend->conn_, st)) {
                ++n;
            }
        });
        return n;
    }

    psp_test::TestDatabase database_;
    std::unique_ptr<psp::Database> db_;
};

TEST_F(PreparedStatementsTest, EachTextIsPreparedOnceAndReusedWithNewBindings) {
    for (int i = 0; i < 50; ++i) {
        put("key-" + std::to_string(i), i * 10);
    }
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(get("key-" + std::to_string(i)), i * 10);
    }
    EXPECT_EQ(get("absent"), -1);  // no row: the into() variable is left alone
    // The insert and the select, each prepared once, not a hundred statements (nor none: a
    // one-off would be gone once run); on SQLite, the write transaction's BEGIN IMMEDIATE, the
    // read transaction's BEGIN, and the COMMIT both end with, as well.
    EXPECT_EQ(prepared_on_connection(), db_->backend() == psp::Backend::sqlite ? 5 : 2);
}

TEST_F(PreparedStatementsTest, AReusedStatementNeverHidesALaterCommit) {
    put("a", 1);
    put("b", 2);
    EXPECT_EQ(get("a"), 1);  // leaves the select prepared after returning a row
    // Another connection changes both rows; this connection must see the change in its next
    // statement, whichever it is (an open SQLite statement would still hold the old snapshot).
    psp::Database other(database_.config());
    other.write([](soci::session &sql) { sql << "UPDATE kv SET v = v + 100"; });
    int b = -1;
    db_->read([&](soci::session &sql) { sql << "SELECT v FROM kv WHERE k = 'b'", soci::into(b); });
    EXPECT_EQ(b, 102);
    EXPECT_EQ(get("a"), 101);
    // And the connection can still write: no statement left open blocks its transaction.
    put("c", 3);
    EXPECT_EQ(get("c"), 3);
}

TEST_F(PreparedStatementsTest, AFailedExecutionLeavesTheStatementUsable) {
    put("a", 1);
    const psp::Error e = psp_test::error_from([&] { put("a", 2); });  // duplicate key
    EXPECT_EQ(e.code(), psp::ErrorCode::storage_error);
    put("b", 2);  // the same cached insert, bound afresh
    EXPECT_EQ(get("a"), 1);
    EXPECT_EQ(get("b"), 2);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv"), 2);
}

TEST_F(PreparedStatementsTest, TheSameTextNestedInItselfRunsAsAOneOff) {
    put("a", 1);
    put("b", 2);
    db_->read([&](soci::session &sql) {
        const std::string key_a = "a", key_b = "b";
        int a = -1, b = -1;
        PreparedQuery outer(sql, kSelect);
        outer.use(key_a).into(a);
        PreparedQuery inner(sql, kSelect);  // the cached statement is taken by `outer`
        inner.use(key_b).into(b);
        EXPECT_TRUE(inner.execute());
        EXPECT_TRUE(outer.execute());
        EXPECT_EQ(a, 1);
        EXPECT_EQ(b, 2);
    });
}

TEST_F(PreparedStatementsTest, ASessionWithoutACacheGetsTheSameResults) {
    put("a", 7);
    // The Database's session, but used outside any Database call: no cache is current.
    psp::Database other(database_.config());
    soci::session *outside = nullptr;
    other.read([&](soci::session &sql) { outside = &sql; });
    int v = -1;
    EXPECT_TRUE(PreparedQuery(*outside, kSelect).use(std::string("a")).into(v).execute());
    EXPECT_EQ(v, 7);
    EXPECT_FALSE(PreparedQuery(*outside, kSelect).use(std::string("none")).into(v).execute());
}

}  // namespace
