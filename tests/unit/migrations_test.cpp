// migrations_test.cpp: schema migrations on real SQLite (and PostgreSQL): a fresh database reaches
// the newest version, applying twice changes nothing (one row per migration) and prints nothing, a
// database from a newer plugin is refused as unsupported and left untouched.
#include "plugin/storage/migrations.hpp"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "plugin/core/error.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp_test::error_from;

class Migrations : public ::testing::Test {
  protected:
    Migrations() : storage_(dir_.file("m.sqlite3")) {
        db_ = std::make_unique<psp::Database>(storage_.config_with_pool(1));
    }

    long long scalar(const std::string &sql_text) {
        long long value = -1;
        db_->read([&](soci::session &sql) { sql << sql_text, soci::into(value); });
        return value;
    }

    int newest() const { return psp::schema_migrations().back().version; }

    psp_test::TempDir dir_;
    psp_test::TestStorage storage_;
    std::unique_ptr<psp::Database> db_;
};

TEST_F(Migrations, VersionsAreAscendingAndUnique) {
    std::set<int> seen;
    int previous = 0;
    for (const psp::Migration &m : psp::schema_migrations()) {
        EXPECT_GT(m.version, previous);
        EXPECT_TRUE(seen.insert(m.version).second);
        EXPECT_FALSE(m.name.empty());
        EXPECT_FALSE(m.statements.empty() && m.sqlite_statements.empty());
        previous = m.version;
    }
}

TEST_F(Migrations, FreshDatabaseStartsAtZero) {
    EXPECT_EQ(psp::current_schema_version(*db_), 0);
}

TEST_F(Migrations, ApplyReachesTheNewestVersion) {
    EXPECT_EQ(psp::apply_migrations(*db_, 77), newest());
    EXPECT_EQ(psp::current_schema_version(*db_), newest());
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"),
              static_cast<long long>(psp::schema_migrations().size()));
    EXPECT_EQ(scalar("SELECT MIN(applied_ms) FROM schema_migrations"), 77);
    for (const char *table : {"employees", "directory_state", "audit_log", "idempotency"}) {
        EXPECT_EQ(scalar(std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
    }
}

TEST_F(Migrations, ApplyingTwiceIsIdempotent) {
    const int first = psp::apply_migrations(*db_, 1);
    const int second = psp::apply_migrations(*db_, 2);
    EXPECT_EQ(first, second);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"),
              static_cast<long long>(psp::schema_migrations().size()));
    EXPECT_EQ(scalar("SELECT COUNT(DISTINCT version) FROM schema_migrations"),
              static_cast<long long>(psp::schema_migrations().size()));
    EXPECT_EQ(scalar("SELECT MAX(applied_ms) FROM schema_migrations"), 1)
        << "the second run recorded a migration again";
}

// On PostgreSQL the second run's CREATE TABLE IF NOT EXISTS draws a server notice, which libpq
// would print on the host process's stderr.
TEST_F(Migrations, ApplyingTwiceWritesNothingOnTheHostsStderr) {
    psp::apply_migrations(*db_, 1);
    ::testing::internal::CaptureStderr();
    psp::apply_migrations(*db_, 2);
    psp::current_schema_version(*db_);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(Migrations, DataSurvivesReapplying) {
    psp::apply_migrations(*db_, 1);
    db_->write([](soci::session &sql) {
        sql << "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
               " VALUES ('k', 'm', 'f', '{}', 1)";
    });
    psp::apply_migrations(*db_, 2);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM idempotency"), 1);
}

TEST_F(Migrations, DatabaseFromANewerPluginIsUnsupported) {
    psp::apply_migrations(*db_, 1);
    const int future = newest() + 1;
    db_->write([&](soci::session &sql) {
        sql << "INSERT INTO schema_migrations (version, name, applied_ms)"
               " VALUES (:v, 'from the future', 3)",
            soci::use(future);
    });
    const psp::Error e = error_from([&] { psp::apply_migrations(*db_, 4); });
    EXPECT_EQ(e.code(), ErrorCode::unsupported);
    EXPECT_NE(std::string(e.what()).find(std::to_string(future)), std::string::npos) << e.what();
    EXPECT_EQ(psp::current_schema_version(*db_), future);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE applied_ms = 4"), 0);
}

TEST_F(Migrations, DatabaseReopenedByASecondConnectionKeepsItsVersion) {
    psp::apply_migrations(*db_, 1);
    db_.reset();
    psp::Database reopened(storage_.config());
    EXPECT_EQ(psp::current_schema_version(reopened), newest());
    EXPECT_EQ(psp::apply_migrations(reopened, 9), newest());
}

}  // namespace

// An upgrade from a release's schema over two new migrations, the second failing at its second
// statement: nothing of either is left, the version is the release's, its data is intact, and
// the error names the migration and the statement.
TEST_F(Migrations, AnUpgradeFailingHalfwayLeavesTheReleaseSchemaAndData) {
    psp::apply_migrations(*db_, 1);
    db_->write([](soci::session &sql) {
        sql << "INSERT INTO idempotency (idem_key, method, fingerprint, response, at_ms)"
               " VALUES ('k', 'm', 'f', '{}', 1)";
    });
    std::vector<psp::Migration> next = psp::schema_migrations();
    next.push_back({newest() + 1,
                    "adds a table and a column",
                    {"CREATE TABLE upgrade_probe (x INTEGER)",
                     "ALTER TABLE idempotency ADD COLUMN probe INTEGER NOT NULL DEFAULT 0"}});
    next.push_back({newest() + 2,
                    "fails halfway",
                    {"INSERT INTO upgrade_probe (x) VALUES (1)",
                     "CREATE TABLE employees (id TEXT)",  // exists: this statement fails
                     "CREATE TABLE never_reached (y INTEGER)"}});
    const psp::Error e = error_from([&] { psp::apply_migrations(*db_, 5, next); });
    EXPECT_EQ(e.code(), ErrorCode::internal);
    const std::string what = e.what();
    EXPECT_NE(what.find("migration " + std::to_string(newest() + 2)), std::string::npos) << what;
    EXPECT_NE(what.find("statement 2 of 3"), std::string::npos) << what;
    EXPECT_EQ(psp::current_schema_version(*db_), newest());
    const std::vector<std::string> tables = psp_test::table_names(*db_);
    EXPECT_EQ(std::count(tables.begin(), tables.end(), "upgrade_probe"), 0);
    EXPECT_EQ(std::count(tables.begin(), tables.end(), "never_reached"), 0);
    const std::vector<std::string> columns = psp_test::column_names(*db_, "idempotency");
    EXPECT_EQ(std::count(columns.begin(), columns.end(), "probe"), 0);
    EXPECT_EQ(std::count(columns.begin(), columns.end(), "fingerprint"), 1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM idempotency"), 1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE applied_ms = 5"), 0);
    // The fixed release then upgrades cleanly over the same file.
    next.back().statements[1] = "CREATE TABLE upgrade_fixed (z INTEGER)";
    EXPECT_EQ(psp::apply_migrations(*db_, 6, next), newest() + 2);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM upgrade_probe"), 1);
}
