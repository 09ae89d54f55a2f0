// sqlite_bulk_rows.cpp: a prepared SQLite statement, bound and stepped row by row.
#include "plugin/storage/sqlite_bulk_rows.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace psp {
namespace {

// SOCI exports no type information for its backends, hence the name check and static_cast (as in
// prepared_statements.cpp).
sqlite_api::sqlite3 *connection_of(soci::session &sql) {
    return static_cast<soci::sqlite3_session_backend *>(sql.get_backend())->conn_;
}

// SQLITE_STATIC, spelled out: the macro names its type outside sqlite_api.
const sqlite_api::sqlite3_destructor_type kStatic = nullptr;

}  // namespace

bool SqliteBulkRows::on_sqlite(soci::session &sql) {
    return sql.get_backend_name() == "sqlite3";
}

SqliteBulkRows::SqliteBulkRows(soci::session &sql, const std::string &text) : sql_(sql) {
    const int code = sqlite_api::sqlite3_prepare_v2(
        connection_of(sql_), text.c_str(), static_cast<int>(text.size() + 1), &statement_, nullptr);
    if (code != SQLITE_OK) {
        fail(code, "preparing");
    }
}

SqliteBulkRows::~SqliteBulkRows() {
    sqlite_api::sqlite3_finalize(statement_);
}

void SqliteBulkRows::text(int position, std::string_view value) {
    // A non-null pointer even for "": SQLite binds NULL for a null pointer, and the columns are
    // NOT NULL.
    const int code =
        sqlite_api::sqlite3_bind_text(statement_, position, value.empty() ? "" : value.data(),
                                      static_cast<int>(value.size()), kStatic);
    if (code != SQLITE_OK) {
        fail(code, "binding");
    }
}

void SqliteBulkRows::integer(int position, std::int64_t value) {
    const int code = sqlite_api::sqlite3_bind_int64(statement_, position, value);
    if (code != SQLITE_OK) {
        fail(code, "binding");
    }
}

void SqliteBulkRows::write_row() {
    const int code = sqlite_api::sqlite3_step(statement_);
    if (code != SQLITE_DONE) {
        fail(code, "writing a row");  // fail() resets the statement once it has the message
    }
    sqlite_api::sqlite3_reset(statement_);
}

void SqliteBulkRows::fail(int code, const char *doing) {
    // The connection's message says more than the code's (which constraint, which column).
    const char *message = sqlite_api::sqlite3_errmsg(connection_of(sql_));
    std::string what = std::string("sqlite3 failed ") + doing + ": " +
                       (message != nullptr ? message : sqlite_api::sqlite3_errstr(code));
    if (statement_ != nullptr) {
        sqlite_api::sqlite3_reset(statement_);
        sqlite_api::sqlite3_clear_bindings(statement_);
    }
    throw soci::soci_error(what);
}

}  // namespace psp
