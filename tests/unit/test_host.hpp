// test_host.hpp: what unit tests share: unique temporary folders, a real psp_host_services table
// of C-compatible functions (a controllable clock, a fetch that serves SCIM directory pages from
// memory and records every request), and a PluginInstance built on both.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/json_text.hpp"
#include "plugin/instance/plugin_instance.hpp"
#include "psp_plugin.h"
#include "test_backend.hpp"

namespace psp_test {

// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
  public:
    explicit TempDir(std::string_view label = "psp-unit");
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::filesystem::path &path() const { return path_; }
    // A path inside the folder (not created).
    std::string file(std::string_view name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

// One fetch the plugin made, as the host saw it.
struct FetchRequest {
    std::string scope;
    psp::Json query;  // the parsed query_json (null when it was not JSON)
};

// The host side of the ABI, controlled by the test. Not thread-safe: tests call from one thread.
class TestHost {
  public:
    TestHost();
    TestHost(const TestHost &) = delete;
    TestHost &operator=(const TestHost &) = delete;

    const psp_host_services *table() const { return &table_; }

    // The clock the plugin reads.
    int64_t now_ms = 1'700'000'000'000;

    // The "directory" scope: these SCIM users, served a page at a time as a ListResponse
    // honouring startIndex and count, with `directory_cursor` as the top-level cursor when set.
    std::vector<psp::Json> directory_users;
    std::string directory_cursor;
    // When set, fetch answers with this text verbatim instead of a page.
    std::function<std::string(const FetchRequest &)> page_override;
    // When not PSP_OK, fetch fails with this status and hands back nothing.
    psp_status fetch_status = PSP_OK;

    // What the plugin did.
    std::vector<FetchRequest> fetches;
    std::vector<std::string> log_lines;
    std::vector<std::string> notifications;
    // Buffers fetch handed out that the plugin has not released yet.
    int outstanding_buffers = 0;

    // Called by the C functions behind the table.
    psp_status serve_fetch(const char *scope, const char *query_json, char **out_json,
                           size_t *out_len);
    void release(void *ptr);

  private:
    psp_host_services table_{};
};

// A SCIM page exactly as TestHost serves it, for tests that check paging arithmetic.
psp::Json scim_page(const std::vector<psp::Json> &users, std::size_t start_index, std::size_t count,
                    const std::string &cursor);

// A PluginInstance over a TestHost and a fresh data folder, on its own database (a SQLite file in
// the folder, or a PostgreSQL schema: test_backend.hpp), plus a second connection to that database
// for looking at what it wrote.
class TestInstance {
  public:
    explicit TestInstance(const char *config_json = nullptr, std::string agency_id = "agency-test");

    TestHost host;
    TempDir dir;
    std::string agency_id;
    TestStorage storage;
    std::unique_ptr<psp::PluginInstance> instance;
    // Methods that answered successfully through call(), their results checked against the
    // published result schema.
    std::set<std::string> answered;

    // Builds a request envelope and calls the instance. Throws psp::Error on refusal.
    psp::Json call(const std::string &method, const std::vector<std::string> &roles,
                   const psp::Json &params = psp::Json::object(),
                   const std::string &idempotency_key = {}, const std::string &principal = "P1");
    // Another instance on the same data folder, database and config, as a second host process
    // (or this one after a restart) opens it, calling back into `other_host`.
    std::unique_ptr<psp::PluginInstance> open_again(const TestHost &other_host) const;
    // The SQLite file the instance uses (tests that read it call PSP_SQLITE_FILE_TEST() first).
    std::string database_path() const;
    // The instance's database, for a second connection to it.
    psp::StorageConfig storage_config() const { return storage.config_with_pool(1); }
    // Runs one scalar COUNT-style query on the instance's database.
    long long count(const std::string &sql) const;
    // The columns of one of the instance's tables.
    std::vector<std::string> columns(const std::string &table) const;
    // The instance's columns whose name contains any of `fragments`.
    std::vector<std::string> columns_named_like(const std::string &table,
                                                const std::vector<std::string> &fragments) const;
    // Every audit_log row as {seq, at_ms, principal, roles, method, outcome}, in seq order.
    std::vector<psp::Json> audit_rows() const;
    // Runs `look` on a second connection to the instance's database (kept on PostgreSQL).
    void peek(const std::function<void(psp::Database &)> &look) const;

  private:
    std::optional<std::string> config_json_;  // the config the instance was given (none: null)
    mutable std::unique_ptr<psp::Database> kept_peek_;  // PostgreSQL only
};

}  // namespace psp_test
