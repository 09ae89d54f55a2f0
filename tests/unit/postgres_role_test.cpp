// postgres_role_test.cpp: on PostgreSQL the plugin connects as `psp_plugin`, a role that owns its
// own schema and nothing else. The host's HR tables, disciplinary table included, live in the same
// database (schema `hr`, see scripts/postgres-cluster.sh) and must stay out of its reach, whatever
// SQL runs on its connection. SQLite has no roles: there the firewall is the separate file.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/storage/migrations.hpp"
#include "test_fixtures.hpp"

namespace {

using psp::ErrorCode;
using psp_test::error_from;

class PostgresRole : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!psp_test::testing_postgresql()) {
            GTEST_SKIP() << "PostgreSQL roles only";
        }
    }

    // A statement on the plugin's own connection; the error it must raise.
    psp::Error refused(const std::string &statement) {
        return error_from([&] { database_.execute(statement); });
    }

    psp_test::TestDatabase database_;
};

TEST_F(PostgresRole, TheHrTablesCannotBeRead) {
    for (const char *query :
         {"SELECT COUNT(*) FROM hr.employees", "SELECT COUNT(*) FROM hr.disciplinary_actions",
          "SELECT summary FROM hr.disciplinary_actions"}) {
        const psp::Error e = refused(query);
        EXPECT_EQ(e.code(), ErrorCode::storage_error) << query;
        EXPECT_NE(std::string(e.what()).find("permission denied"), std::string::npos) << e.what();
    }
}

TEST_F(PostgresRole, TheHrTablesCannotBeChangedOrGrantedToItself) {
    for (const char *statement :
         {"INSERT INTO hr.disciplinary_actions (employee_id, summary) VALUES ('E1', 'x')",
          "DELETE FROM hr.employees", "GRANT SELECT ON hr.disciplinary_actions TO psp_plugin",
          "ALTER TABLE hr.employees OWNER TO psp_plugin"}) {
        const psp::Error e = refused(statement);
        EXPECT_EQ(e.code(), ErrorCode::storage_error) << statement;
    }
}

TEST_F(PostgresRole, ItCannotCreateOutsideItsSchemaNorEscalate) {
    for (const char *statement :
         {"CREATE TABLE public.copy_of_hr (x TEXT)", "CREATE SCHEMA elsewhere",
          "CREATE ROLE helper LOGIN", "CREATE DATABASE other", "ALTER ROLE psp_plugin SUPERUSER",
          "SET ROLE psp_admin"}) {
        EXPECT_EQ(refused(statement).code(), ErrorCode::storage_error) << statement;
    }
}

// What the plugin does own: its tables, all of them in its own schema.
TEST_F(PostgresRole, EveryTableOfThePluginIsInItsOwnSchema) {
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM information_schema.tables"
                               " WHERE table_schema = current_schema()"),
              static_cast<long long>(psp_test::table_names(database_.db()).size()));
    EXPECT_GE(psp_test::table_names(database_.db()).size(), 20u);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'hr'"), 2)
        << "the catalogue shows the HR tables exist";
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'hr'"
                               " AND tableowner = 'psp_plugin'"),
              0);
    EXPECT_EQ(database_.scalar("SELECT COUNT(*) FROM information_schema.table_privileges"
                               " WHERE grantee = 'psp_plugin' AND table_schema = 'hr'"),
              0);
}

}  // namespace
