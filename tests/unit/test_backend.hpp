// test_backend.hpp: which database the unit tests run on, and a fresh, private database per test.
//
// By default every test gets its own SQLite file. With PSP_TEST_BACKEND=postgresql (set by the
// ctest entries prefixed "postgresql.") each test gets its own schema in the PostgreSQL cluster
// that scripts/postgres-cluster.sh started: created by the cluster's admin (PSP_TEST_PG_ADMIN),
// owned by the restricted `psp_plugin` role the plugin connects as (PSP_TEST_PG_PLUGIN), dropped
// afterwards.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host_sim/scratch_schema.hpp"
#include "plugin/storage/database.hpp"

namespace psp_test {

// True when this test run uses PostgreSQL.
bool testing_postgresql();

// Skips the current test on PostgreSQL; for tests that read the SQLite file itself.
#define PSP_SQLITE_FILE_TEST()                                                         \
    do {                                                                               \
        if (::psp_test::testing_postgresql()) GTEST_SKIP() << "reads the SQLite file"; \
    } while (0)

// A private database for one test: a SQLite file at `sqlite_path`, or a new PostgreSQL schema.
class TestStorage {
  public:
    explicit TestStorage(std::string sqlite_path);
    ~TestStorage();
    TestStorage(const TestStorage &) = delete;
    TestStorage &operator=(const TestStorage &) = delete;

    // What the plugin is configured with ("storage" in the instance's config) and what tests use
    // to look at the same data from outside.
    const psp::StorageConfig &config() const { return config_; }
    psp::StorageConfig config_with_pool(std::size_t pool_size) const;
    // The "storage" object of an instance config naming this database.
    std::string config_json() const;

  private:
    psp::StorageConfig config_;
    std::unique_ptr<psp::host_sim::ScratchSchema> schema_;  // PostgreSQL only
};

// Every table of the schema the database's sessions work in, sorted.
std::vector<std::string> table_names(psp::Database &db);
// Every column of one of those tables.
std::vector<std::string> column_names(psp::Database &db, const std::string &table);

}  // namespace psp_test
