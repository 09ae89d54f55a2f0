// test_backend.cpp: a private SQLite file or PostgreSQL schema per test.
#include "test_backend.hpp"

#include <soci/soci.h>

#include <cstdlib>

#include "plugin/core/json_text.hpp"

namespace psp_test {

bool testing_postgresql() {
    const char *backend = std::getenv("PSP_TEST_BACKEND");
    return backend != nullptr && std::string(backend) == "postgresql";
}

TestStorage::TestStorage(std::string sqlite_path) {
    if (!testing_postgresql()) {
        config_.connection = std::move(sqlite_path);
        return;
    }
    schema_ = std::make_unique<psp::host_sim::ScratchSchema>();
    config_.backend = psp::Backend::postgresql;
    config_.connection = schema_->storage().at("connection").get<std::string>();
}

TestStorage::~TestStorage() = default;

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
