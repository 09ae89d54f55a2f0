// migrations.cpp: the schema, one migration at a time. Append; never edit a released migration.
#include "storage/migrations.hpp"

#include <soci/soci.h>

#include "core/error.hpp"

namespace psp {
namespace {

const char *const kMigrationTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_ms BIGINT NOT NULL)";

int read_version(soci::session &sql) {
    int version = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
}

}  // namespace

const std::vector<Migration> &schema_migrations() {
    static const std::vector<Migration> migrations = {
        {1,
         "employee directory, audit log, idempotency",
         {
             "CREATE TABLE employees ("
             " id TEXT PRIMARY KEY,"
             " name TEXT NOT NULL,"
             " title TEXT NOT NULL,"
             " category TEXT NOT NULL,"
             " agency TEXT NOT NULL,"
             " division TEXT NOT NULL,"
             " unit TEXT NOT NULL,"
             " shift TEXT NOT NULL,"
             " supervisor_id TEXT NOT NULL,"
             " active INTEGER NOT NULL,"
             " updated_ms BIGINT NOT NULL)",
             "CREATE INDEX employees_by_supervisor ON employees (supervisor_id)",
             "CREATE INDEX employees_by_division ON employees (division, shift)",
             "CREATE TABLE directory_state ("
             " id INTEGER PRIMARY KEY CHECK (id = 1),"
             " last_sync_ms BIGINT NOT NULL,"
             " last_mode TEXT NOT NULL,"
             " host_cursor TEXT NOT NULL)",
             "CREATE TABLE audit_log ("
             " seq BIGINT PRIMARY KEY,"
             " at_ms BIGINT NOT NULL,"
             " principal TEXT NOT NULL,"
             " roles TEXT NOT NULL,"
             " method TEXT NOT NULL,"
             " outcome TEXT NOT NULL,"
             " prev_hash TEXT NOT NULL,"
             " hash TEXT NOT NULL)",
             "CREATE TABLE idempotency ("
             " idem_key TEXT PRIMARY KEY,"
             " method TEXT NOT NULL,"
             " fingerprint TEXT NOT NULL,"
             " response TEXT NOT NULL,"
             " at_ms BIGINT NOT NULL)",
         }},
        {2,
         "host identities for incremental directory pulls",
         {
             "CREATE TABLE host_identities ("
             " host_id TEXT PRIMARY KEY,"
             " employee_id TEXT NOT NULL)",
         }},
    };
    return migrations;
}

int current_schema_version(Database &db) {
    int version = 0;
    db.read([&](soci::session &sql) {
        sql << kMigrationTable;
        version = read_version(sql);
    });
    return version;
}

int apply_migrations(Database &db, int64_t now_ms) {
    db.write([](soci::session &sql) { sql << kMigrationTable; });
    const int newest = schema_migrations().back().version;
    int reached = 0;
    for (const Migration &migration : schema_migrations()) {
        db.write([&](soci::session &sql) {
            const int version = read_version(sql);
            if (version > newest) {
                throw Error(ErrorCode::unsupported,
                            "the database has schema version " + std::to_string(version) +
                                ", newer than this plugin's " + std::to_string(newest) +
                                "; install the newer plugin or restore a backup");
            }
            reached = version;
            if (version >= migration.version) return;
            for (const std::string &statement : migration.statements) sql << statement;
            sql << "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (:v, :n, :t)",
                soci::use(migration.version), soci::use(migration.name), soci::use(now_ms);
            reached = migration.version;
        });
    }
    return reached;
}

}  // namespace psp
