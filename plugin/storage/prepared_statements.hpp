// prepared_statements.hpp: the statements every write runs, prepared once per pooled connection.
//
// Each write runs the same dozen statements: its idempotency record, the audit chain's head and
// append, the program member's read and transition. SOCI 4.0.3 keeps no statement cache, so each
// was compiled on every call: a quarter of a SQLite transition's CPU went to SQLite's parser, and
// PostgreSQL parsed and planned every one on the server, inside the write lock. Kept prepared,
// each runs as one execute (one round trip on PostgreSQL).
//
// Database owns one cache per pooled connection and makes it current on the thread holding that
// connection (Database::write and Database::read). A session that did not come from a Database
// (a test's or a benchmark's own) has no cache: PreparedQuery then prepares the statement for the
// one call, with the same results.
//
// Threading: a cache belongs to one connection, which one thread uses at a time.
#pragma once

#include <soci/soci.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace psp {

class PreparedStatements {
  public:
    explicit PreparedStatements(soci::session &sql);
    ~PreparedStatements();
    PreparedStatements(const PreparedStatements &) = delete;
    PreparedStatements &operator=(const PreparedStatements &) = delete;

    // How many distinct statements this connection has prepared.
    std::size_t size() const { return entries_.size(); }

    // While a Current lives, PreparedQuery on this cache's session, on this thread, uses it.
    class Current {
      public:
        explicit Current(PreparedStatements &cache);
        ~Current();
        Current(const Current &) = delete;
        Current &operator=(const Current &) = delete;

      private:
        PreparedStatements *previous_;
    };

  private:
    friend class PreparedQuery;
    struct Entry {
        Entry(soci::session &sql, bool on_sqlite) : statement(sql), on_sqlite(on_sqlite) {}
        soci::statement statement;
        bool on_sqlite;
        bool in_use = false;
    };
    // The prepared statement for `text` if it is free, else nullptr.
    Entry *checkout(const std::string &text);

    soci::session &sql_;
    bool on_sqlite_;
    std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

// One execution of `text`: bind with use() and into(), then execute(). The statement comes from
// the session's current cache when there is one; the bindings are cleared when this goes, so
// the cached statement holds no reference to the caller's variables.
class PreparedQuery {
  public:
    PreparedQuery(soci::session &sql, const std::string &text);
    ~PreparedQuery();
    PreparedQuery(const PreparedQuery &) = delete;
    PreparedQuery &operator=(const PreparedQuery &) = delete;

    template <typename T>
    PreparedQuery &use(const T &value) {
        statement().exchange(soci::use(value));
        return *this;
    }
    template <typename T>
    PreparedQuery &into(T &value) {
        statement().exchange(soci::into(value));
        return *this;
    }

    // Runs the statement once; true when it returned a row (read into the into() variables).
    bool execute();
    // Runs the statement for its rows: each call reads the next row into the into() variables;
    // false after the last. (A read of many rows, kept prepared as a one-row read is.)
    bool next();
    // Rows changed by the last execute().
    long long affected_rows() { return statement().get_affected_rows(); }

  private:
    soci::statement &statement() { return entry_ ? entry_->statement : *own_; }

    PreparedStatements::Entry *entry_ = nullptr;
    bool started_ = false;
    std::unique_ptr<soci::statement> own_;  // when no cache serves this session
};

}  // namespace psp
