// test_host.cpp: the C functions behind TestHost's table, temporary folders, TestInstance.
#include "test_host.hpp"
#include "plugin/methods/catalog.hpp"

#include <soci/soci.h>
#include <stdlib.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "adapters/scim_directory.hpp"
#include "plugin/core/schema_validation.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/storage/database.hpp"
#include "plugin/storage/row_values.hpp"

namespace psp_test {
namespace {

TestHost *host_of(void *host_data) {
    return static_cast<TestHost *>(host_data);
}

}  // namespace

extern "C" {

static int64_t test_host_now_ms(void *host_data) {
    return host_of(host_data)->now_ms;
}

static void test_host_log(void *host_data, int32_t level, const char *message) {
    host_of(host_data)->log_lines.push_back(std::to_string(level) + " " + message);
}

static psp_status test_host_fetch(void *host_data, const char *scope, const char *query_json,
                                  char **out_json, size_t *out_len) {
    return host_of(host_data)->serve_fetch(scope, query_json, out_json, out_len);
}

static psp_status test_host_notify(void *host_data, const char *notification_json) {
    host_of(host_data)->notifications.emplace_back(notification_json);
    return PSP_OK;
}

static void test_host_free(void *host_data, void *ptr) {
    host_of(host_data)->release(ptr);
}

}  // extern "C"

TempDir::TempDir(std::string_view label) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(label) + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

TestHost::TestHost() {
    table_.struct_size = sizeof(psp_host_services);
    table_.abi_major = PSP_ABI_VERSION_MAJOR;
    table_.host_data = this;
    table_.now_ms = &test_host_now_ms;
    table_.log = &test_host_log;
    table_.fetch = &test_host_fetch;
    table_.notify = &test_host_notify;
    table_.free = &test_host_free;
}

psp::Json scim_page(const std::vector<psp::Json> &users, std::size_t start_index, std::size_t count,
                    const std::string &cursor) {
    psp::Json resources = psp::Json::array();
    const std::size_t first = start_index == 0 ? 0 : start_index - 1;
    for (std::size_t i = first; i < users.size() && i < first + count; ++i) {
        resources.push_back(users[i]);
    }
    psp::Json page = {{"schemas", {psp::kScimListResponse}},
                      {"totalResults", users.size()},
                      {"startIndex", start_index},
                      {"itemsPerPage", resources.size()},
                      {"Resources", std::move(resources)}};
    if (!cursor.empty()) {
        page["cursor"] = cursor;
    }
    return page;
}

psp_status TestHost::serve_fetch(const char *scope, const char *query_json, char **out_json,
                                 size_t *out_len) {
    FetchRequest request{scope == nullptr ? "" : scope, nullptr};
    request.query = psp::Json::parse(query_json == nullptr ? "" : query_json, nullptr, false);
    if (request.query.is_discarded()) {
        request.query = nullptr;
    }
    fetches.push_back(request);
    *out_json = nullptr;
    *out_len = 0;
    if (fetch_status != PSP_OK) {
        return fetch_status;
    }
    // A host refuses every scope it did not grant; this one grants only "directory".
    if (request.scope != "directory") {
        return PSP_ERR_FORBIDDEN;
    }
    std::string answer;
    if (page_override) {
        answer = page_override(request);
    } else {
        const psp::Json &q = request.query;
        const std::size_t start = q.is_object() ? q.value("startIndex", std::size_t{1}) : 1;
        const std::size_t count = q.is_object() ? q.value("count", std::size_t{100}) : 100;
        answer = scim_page(directory_users, start, count, directory_cursor).dump();
    }
    char *buffer = static_cast<char *>(std::malloc(answer.size() == 0 ? 1 : answer.size()));
    if (buffer == nullptr) {
        return PSP_ERR_HOST;
    }
    // NOLINTNEXTLINE(bugprone-not-null-terminated-result): no NUL: the plugin must use the length
    std::memcpy(buffer, answer.data(), answer.size());
    *out_json = buffer;
    *out_len = answer.size();
    ++outstanding_buffers;
    return PSP_OK;
}

void TestHost::release(void *ptr) {
    if (ptr == nullptr) {
        return;
    }
    --outstanding_buffers;
    std::free(ptr);
}

namespace {

// The test's config with the test database as its "storage", unless the test sets storage itself.
std::string with_test_storage(const char *config_json, const TestStorage &storage) {
    psp::Json config = config_json == nullptr
                           ? psp::Json::object()
                           : psp::Json::parse(config_json, nullptr, /*allow_exceptions=*/false);
    if (!config.is_object() || config.contains("storage")) {
        return config_json;
    }
    config["storage"] = psp::Json::parse(storage.config_json());
    return config.dump();
}

}  // namespace

TestInstance::TestInstance(const char *config_json, std::string agency)
    : agency_id(std::move(agency)),
      storage((dir.path() / ("psp-" + agency_id + ".sqlite3")).string()) {
    // On SQLite the plugin's default file in the data folder is the test's; a malformed config
    // passes through untouched, for the tests of its refusal.
    if (testing_postgresql()) {
        config_json_ = with_test_storage(config_json, storage);
    } else if (config_json != nullptr) {
        config_json_ = config_json;
    }
    instance = open_again(host);
}

std::unique_ptr<psp::PluginInstance> TestInstance::open_again(const TestHost &other_host) const {
    psp_instance_config config{};
    config.struct_size = sizeof(psp_instance_config);
    config.agency_id = agency_id.c_str();
    const std::string data_dir = dir.path().string();
    config.data_dir = data_dir.c_str();
    config.config_json = config_json_ ? config_json_->c_str() : nullptr;
    return std::make_unique<psp::PluginInstance>(other_host.table(), config);
}

psp::Json TestInstance::call(const std::string &method, const std::vector<std::string> &roles,
                             const psp::Json &params, const std::string &idempotency_key,
                             const std::string &principal) {
    psp::Json request = {{"method", method},
                         {"principal", {{"id", principal}, {"roles", roles}}},
                         {"params", params}};
    if (!idempotency_key.empty()) {
        request["idempotency_key"] = idempotency_key;
    }
    psp::Json result = instance->call(psp::to_json_text(request));
    // Every successful answer in every unit test must match the schema plugin.info publishes.
    if (const psp::MethodSpec *spec = psp::method_catalog().find(method)) {
        psp::SchemaValidator(spec->result_schema).validate(result, "/result");
    }
    answered.insert(method);
    return result;
}

std::string TestInstance::database_path() const {
    return (dir.path() / ("psp-" + agency_id + ".sqlite3")).string();
}

long long TestInstance::count(const std::string &sql_text) const {
    long long n = -1;
    peek([&](psp::Database &db) {
        db.read([&](soci::session &sql) { sql << sql_text, soci::into(n); });
    });
    return n;
}

void TestInstance::peek(const std::function<void(psp::Database &)> &look) const {
    // A SQLite connection is opened per look: the instance, closing last, then checkpoints the
    // WAL into the file, which the file-reading tests rely on. A PostgreSQL connection is costly
    // to open, and is kept.
    if (!testing_postgresql()) {
        psp::Database db(storage_config());
        look(db);
        return;
    }
    if (!kept_peek_) {
        kept_peek_ = std::make_unique<psp::Database>(storage_config());
    }
    look(*kept_peek_);
}

std::vector<std::string> TestInstance::columns(const std::string &table) const {
    std::vector<std::string> names;
    peek([&](psp::Database &db) { names = column_names(db, table); });
    return names;
}

std::vector<std::string> TestInstance::columns_named_like(
    const std::string &table, const std::vector<std::string> &fragments) const {
    std::vector<std::string> found;
    for (const std::string &column : columns(table)) {
        for (const std::string &fragment : fragments) {
            if (column.find(fragment) != std::string::npos) {
                found.push_back(column);
                break;
            }
        }
    }
    return found;
}

std::vector<psp::Json> TestInstance::audit_rows() const {
    std::vector<psp::Json> rows;
    peek([&](psp::Database &db) {
        db.read([&](soci::session &sql) {
            soci::rowset<soci::row> result =
                (sql.prepare
                 << "SELECT seq, at_ms, principal, roles, method, outcome FROM audit_log"
                    " ORDER BY seq");
            for (const soci::row &r : result) {
                rows.push_back({{"seq", psp::integer_at(r, 0)},
                                {"at_ms", r.get<long long>(1)},
                                {"principal", r.get<std::string>(2)},
                                {"roles", r.get<std::string>(3)},
                                {"method", r.get<std::string>(4)},
                                {"outcome", r.get<std::string>(5)}});
            }
        });
    });
    return rows;
}

}  // namespace psp_test
