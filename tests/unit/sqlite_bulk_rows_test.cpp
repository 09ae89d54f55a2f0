// sqlite_bulk_rows_test.cpp: rows bound from the caller's strings and written one statement step
// at a time: empty text stays text (the columns are NOT NULL), a row SQLite refuses throws with
// SQLite's own words and leaves the statement usable, and nothing is written outside the
// caller's transaction. SQLite only: PostgreSQL keeps SOCI's bulk binding.
#include "plugin/storage/sqlite_bulk_rows.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <stdexcept>
#include <string>

#include "plugin/storage/database.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::SqliteBulkRows;

class SqliteBulkRowsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (database_.db().backend() != psp::Backend::sqlite) {
            GTEST_SKIP() << "SQLite only: PostgreSQL writes through SOCI's bulk binding";
        }
        database_.execute(
            "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL, n INTEGER NOT NULL"
            " CHECK (n >= 0))");
    }

    psp_test::TestDatabase database_;
};

TEST_F(SqliteBulkRowsTest, WritesEveryRowFromTheCallersStrings) {
    database_.db().write([](soci::session &sql) {
        ASSERT_TRUE(SqliteBulkRows::on_sqlite(sql));
        SqliteBulkRows rows(sql, "INSERT INTO kv (k, v, n) VALUES (?1, ?2, ?3)");
        for (int i = 0; i < 3; ++i) {
            std::string key = "k" + std::to_string(i);  // a fresh buffer each row
            std::string value =
                i == 1 ? std::string() : std::string(40, static_cast<char>('a' + i));
            rows.text(1, key);
            rows.text(2, value);
            rows.integer(3, 1'000'000'000'000LL + i);
            rows.write_row();
        }
    });
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv"), 3);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv WHERE v = '' AND typeof(v) = 'text'"), 1);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv WHERE v = '" + std::string(40, 'c') + "'"),
              1);
    EXPECT_EQ(database_.scalar("SELECT MAX(n) FROM kv"), 1'000'000'000'002LL);
}

TEST_F(SqliteBulkRowsTest, ARefusedRowThrowsSqlitesWordsAndTheStatementGoesOn) {
    database_.db().write([](soci::session &sql) {
        SqliteBulkRows rows(sql, "INSERT INTO kv (k, v, n) VALUES (?1, ?2, ?3)");
        rows.text(1, "bad");
        rows.text(2, "x");
        rows.integer(3, -1);
        try {
            rows.write_row();
            ADD_FAILURE() << "a row breaking the CHECK was written";
        } catch (const soci::soci_error &e) {
            EXPECT_NE(std::string(e.what()).find("CHECK constraint failed"), std::string::npos)
                << e.what();
        }
        rows.text(1, "good");
        rows.text(2, "y");
        rows.integer(3, 1);
        rows.write_row();
    });
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv"), 1);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv WHERE k = 'good'"), 1);
}

TEST_F(SqliteBulkRowsTest, RowsOfAFailedTransactionAreNotWritten) {
    EXPECT_THROW(database_.db().write([](soci::session &sql) {
        SqliteBulkRows rows(sql, "INSERT INTO kv (k, v, n) VALUES (?1, ?2, ?3)");
        rows.text(1, "k");
        rows.text(2, "v");
        rows.integer(3, 0);
        rows.write_row();
        throw std::runtime_error("the work fails after its rows");
    }),
                 std::runtime_error);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM kv"), 0);
}

TEST_F(SqliteBulkRowsTest, AStatementThatDoesNotCompileThrows) {
    database_.db().write([](soci::session &sql) {
        EXPECT_THROW(SqliteBulkRows(sql, "INSERT INTO no_such_table VALUES (?1)"),
                     soci::soci_error);
    });
}

}  // namespace
