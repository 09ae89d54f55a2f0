// sqlite_bulk_rows.hpp: one statement run for many rows on SQLite, bound from the caller's
// strings in place.
//
// SOCI's bulk binding wants a std::vector per column, and its SQLite backend copies every value
// once more before binding it: for a full directory sync of 100,000 employees the two copies took
// a third of the insert. Here each row's values are bound straight from where the caller keeps
// them (SQLITE_STATIC: they only need to live until the row is written), one prepared statement
// stepped and reset per row, inside the caller's transaction. PostgreSQL keeps SOCI's bulk
// binding (one round trip for every row); callers ask on_sqlite() which to take.
//
// Threading: as the session it runs on (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace soci {
class session;
}  // namespace soci

namespace sqlite_api {
struct sqlite3_stmt;
}  // namespace sqlite_api

namespace psp {

class SqliteBulkRows {
  public:
    // Whether `sql` is a SQLite session (the only kind this can run on).
    static bool on_sqlite(soci::session &sql);

    // Prepares `text` (positional parameters, ?1, ?2, ...) on `sql`, a SQLite session. Throws
    // soci::soci_error, as SOCI would, when it does not compile.
    SqliteBulkRows(soci::session &sql, const std::string &text);
    ~SqliteBulkRows();
    SqliteBulkRows(const SqliteBulkRows &) = delete;
    SqliteBulkRows &operator=(const SqliteBulkRows &) = delete;

    // Parameters of the next row, by 1-based position. `value`'s characters must stay where they
    // are until write_row() returns.
    void text(int position, std::string_view value);
    void integer(int position, std::int64_t value);
    // Writes the row bound; throws soci::soci_error naming SQLite's error when it fails.
    void write_row();

  private:
    [[noreturn]] void fail(int code, const char *doing);

    soci::session &sql_;
    sqlite_api::sqlite3_stmt *statement_ = nullptr;
};

}  // namespace psp
