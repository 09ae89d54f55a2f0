// test_fixtures.hpp: shared test data: employee records, SCIM users, a migrated SQLite database in
// a temporary folder, and a helper that captures the psp::Error a call throws.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/domain/employee.hpp"
#include "plugin/storage/database.hpp"
#include "test_backend.hpp"
#include "test_host.hpp"

namespace psp_test {

// An employee with derived, distinct field values (so equality checks compare real data).
psp::EmployeeRecord employee(const std::string &id, const std::string &supervisor_id = {});

// Ids "E0".."E<n-1>" as a chain of command: E0 at the top, each next one reporting to the
// previous one.
std::vector<psp::EmployeeRecord> chain_of(std::size_t n);

// Every field of a record as one text, for "this value appears nowhere" checks.
std::string all_text(const psp::EmployeeRecord &e);
std::string all_text(const std::vector<psp::EmployeeRecord> &records);

// A SCIM core User with the Enterprise extension.
psp::Json scim_user(const std::string &scim_id, const std::string &employee_number,
                    const std::string &display_name);
void set_scim_manager(psp::Json &user, const psp::Json &manager);

// A private database (a SQLite file in its own temporary folder, or a PostgreSQL schema: see
// test_backend.hpp) with every migration applied.
class TestDatabase {
  public:
    TestDatabase();
    psp::Database &db() { return *db_; }
    const std::string &path() const { return path_; }
    const psp::StorageConfig &config() const { return storage_.config(); }
    // One scalar query (COUNT, MAX, ...).
    long long scalar(const std::string &sql);
    // A statement outside the plugin's code, as an intruder with SQL access would run it.
    void execute(const std::string &sql);

  private:
    TempDir dir_;
    std::string path_;
    TestStorage storage_;
    std::unique_ptr<psp::Database> db_;
};

// Host role lists naming one role each, for calls made by a principal holding only that role.
struct OneRole {
    std::vector<std::string> coordinator{"coordinator"};
    std::vector<std::string> peer_supporter{"peer_supporter"};
    std::vector<std::string> employee{"employee"};
    std::vector<std::string> hr_admin{"hr_admin"};
    std::vector<std::string> auditor{"auditor"};
    std::vector<std::string> clinician{"clinician"};
    std::vector<std::string> it_admin{"it_admin"};
    std::vector<std::string> command_staff{"command_staff"};
};

// Built on first use: lists at namespace scope would be built before main, where nothing can
// catch what their constructors throw.
const OneRole &one_role();

// The psp::Error `body` throws; a test failure (and an internal error) when it throws none.
template <class Body>
psp::Error error_from(Body &&body) {
    try {
        std::forward<Body>(body)();
    } catch (const psp::Error &e) {
        return e;
    }
    ADD_FAILURE() << "expected a psp::Error, but nothing was thrown";
    return psp::Error(psp::ErrorCode::internal, "<nothing was thrown>");
}

// The error code's wire name, for readable assertion messages.
inline std::string code_of(const psp::Error &e) {
    return std::string(psp::error_code_name(e.code()));
}

}  // namespace psp_test
