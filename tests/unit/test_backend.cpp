// test_backend.cpp: a private SQLite file or PostgreSQL schema per test.
#include "test_backend.hpp"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "core/json_text.hpp"

namespace psp_test {
namespace {

std::string required_env(const char *name) {
    const char *value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string(name) +
                                 " is not set: run the PostgreSQL tests through scripts/test.sh, "
                                 "which starts a cluster (scripts/postgres-cluster.sh)");
    }
    return value;
}

// Unique across the test processes ctest runs in parallel and within one process.
std::string fresh_schema_name() {
    static std::atomic<int> counter{0};
    return "psp_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

void run_as_admin(const std::string &statement) {
    // DROP SCHEMA ... CASCADE would otherwise print a NOTICE per table.
    soci::session admin(soci::postgresql, required_env("PSP_TEST_PG_ADMIN") +
                                              " options='-c client_min_messages=warning'");
    admin << statement;
}

}  // namespace

bool testing_postgresql() {
    const char *backend = std::getenv("PSP_TEST_BACKEND");
    return backend != nullptr && std::string(backend) == "postgresql";
}

TestStorage::TestStorage(std::string sqlite_path) {
    if (!testing_postgresql()) {
        config_.connection = std::move(sqlite_path);
        return;
    }
    schema_ = fresh_schema_name();
    run_as_admin("CREATE SCHEMA " + schema_ + " AUTHORIZATION psp_plugin");
    config_.backend = psp::Backend::postgresql;
    config_.connection =
        required_env("PSP_TEST_PG_PLUGIN") + " options='-c search_path=" + schema_ + "'";
}

TestStorage::~TestStorage() {
    if (schema_.empty()) return;
    try {
        run_as_admin("DROP SCHEMA " + schema_ + " CASCADE");
    } catch (const std::exception &e) {
        ADD_FAILURE() << "could not drop the test schema " << schema_ << ": " << e.what();
    }
}

psp::StorageConfig TestStorage::config_with_pool(std::size_t pool_size) const {
    psp::StorageConfig config = config_;
    config.pool_size = pool_size;
    return config;
}

std::string TestStorage::config_json() const {
    return psp::Json{{"backend", config_.backend == psp::Backend::sqlite ? "sqlite" : "postgresql"},
                     {"connection", config_.connection}}
        .dump();
}

std::vector<std::string> table_names(psp::Database &db) {
    std::vector<std::string> names;
    const char *query =
        db.backend() == psp::Backend::sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
              " ORDER BY name"
            : "SELECT table_name FROM information_schema.tables"
              " WHERE table_schema = current_schema() ORDER BY table_name";
    db.read([&](soci::session &sql) {
        soci::rowset<std::string> rows = sql.prepare << query;
        names.assign(rows.begin(), rows.end());
    });
    return names;
}

std::vector<std::string> column_names(psp::Database &db, const std::string &table) {
    std::vector<std::string> names;
    db.read([&](soci::session &sql) {
        soci::rowset<std::string> rows =
            db.backend() == psp::Backend::sqlite
                ? (sql.prepare << "SELECT name FROM pragma_table_info(:t)", soci::use(table))
                : (sql.prepare << "SELECT column_name FROM information_schema.columns"
                                  " WHERE table_schema = current_schema() AND table_name = :t",
                   soci::use(table));
        names.assign(rows.begin(), rows.end());
    });
    return names;
}

}  // namespace psp_test
