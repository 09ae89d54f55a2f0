// migrations.hpp: versioned schema migrations of the plugin's own tables.
//
// Each migration runs in its own write transaction and records itself in schema_migrations, so a
// failed migration leaves the previous schema and data untouched, and two processes opening the
// same database at once apply each migration exactly once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace psp {

struct Migration {
    int version;
    std::string name;
    std::vector<std::string> statements;
};

// Every migration this build knows, in order.
const std::vector<Migration> &schema_migrations();

// Applies the pending migrations; returns the schema version reached. Throws
// Error(unsupported) when the database is newer than this build.
int apply_migrations(Database &db, int64_t now_ms);

// The version recorded in the database (0 for an empty one).
int current_schema_version(Database &db);

}  // namespace psp
