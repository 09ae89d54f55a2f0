// prepared_statements.cpp: the per-connection statement cache and one execution through it.
#include "plugin/storage/prepared_statements.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace psp {
namespace {

// The cache serving the connection this thread holds, set by PreparedStatements::Current.
thread_local PreparedStatements *t_current = nullptr;

// SQLite keeps a statement that returned a row open, and an open statement holds its read
// snapshot: the connection's next autocommit read would not see later commits, and checkpoints
// could not pass it. A cached statement is therefore reset as soon as its call is done.
// PostgreSQL's results are complete when execute returns, so there is nothing to reset there.
// (SOCI exports no type information for its backends, hence the backend name and static_cast.)
void release_sqlite_statement(soci::statement &statement) {
    auto *backend = static_cast<soci::sqlite3_statement_backend *>(statement.get_backend());
    if (backend->stmt_ != nullptr) {
        sqlite_api::sqlite3_reset(backend->stmt_);
        sqlite_api::sqlite3_clear_bindings(backend->stmt_);
    }
}

}  // namespace

PreparedStatements::PreparedStatements(soci::session &sql)
    : sql_(sql), on_sqlite_(sql.get_backend_name() == "sqlite3") {}

PreparedStatements::~PreparedStatements() = default;

PreparedStatements::Current::Current(PreparedStatements &cache) : previous_(t_current) {
    t_current = &cache;
}

PreparedStatements::Current::~Current() {
    t_current = previous_;
}

PreparedStatements::Entry *PreparedStatements::checkout(const std::string &text) {
    auto found = entries_.find(text);
    if (found == entries_.end()) {
        auto entry = std::make_unique<Entry>(sql_, on_sqlite_);
        entry->statement.alloc();
        entry->statement.prepare(text);  // a failure leaves nothing cached
        found = entries_.emplace(text, std::move(entry)).first;
    }
    Entry *entry = found->second.get();
    if (entry->in_use) {
        return nullptr;  // the same text nested in itself: a one-off serves it
    }
    entry->in_use = true;
    return entry;
}

PreparedQuery::PreparedQuery(soci::session &sql, const std::string &text) {
    if (t_current != nullptr && &t_current->sql_ == &sql) {
        entry_ = t_current->checkout(text);
    }
    if (entry_ == nullptr) {
        own_ = std::make_unique<soci::statement>(sql);
        own_->alloc();
        own_->prepare(text, soci::details::st_one_time_query);
    }
}

PreparedQuery::~PreparedQuery() {
    if (entry_ == nullptr) {
        return;
    }
    entry_->statement.bind_clean_up();
    if (entry_->on_sqlite) {
        release_sqlite_statement(entry_->statement);
    }
    entry_->in_use = false;
}

bool PreparedQuery::next() {
    soci::statement &st = statement();
    if (!started_) {
        started_ = true;
        st.define_and_bind();
        st.execute(false);
    }
    return st.fetch();
}

bool PreparedQuery::execute() {
    soci::statement &st = statement();
    st.define_and_bind();
    return st.execute(true);
}

}  // namespace psp
