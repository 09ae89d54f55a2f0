// migrations.hpp: versioned schema migrations of the plugin's own tables.
//
// The pending migrations run in one write transaction and each records itself in
// schema_migrations, so a failed upgrade leaves the previous schema and data untouched (the
// previous release keeps working on it), and two processes opening the same database at once
// apply each migration exactly once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plugin/storage/database.hpp"

namespace psp {

struct Migration {
    int version;
    std::string name;
    std::vector<std::string> statements;
    // Run after `statements` on SQLite only: its storage layout (WITHOUT ROWID, rowid aliases)
    // has no PostgreSQL counterpart.
    std::vector<std::string> sqlite_statements;
};

// Every migration this build knows, in order.
const std::vector<Migration> &schema_migrations();

// Applies the pending migrations of `migrations` (this build's by default), all in ONE write
// transaction; returns the schema version reached. Throws Error(unsupported) when the database is
// newer than the list, and Error(internal) naming the migration and statement that failed, in
// which case the database keeps the version and data it had.
int apply_migrations(Database &db, int64_t now_ms,
                     const std::vector<Migration> &migrations = schema_migrations());

// The version recorded in the database (0 for an empty one).
int current_schema_version(Database &db);

}  // namespace psp
