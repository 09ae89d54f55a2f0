// database_test.cpp: the write transaction's promises on both backends: committed or rolled back
// whole, the work's own errors passed through, database failures translated, and the pooled
// session left usable.
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include "core/error.hpp"
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

}  // namespace
