// test_fixtures.cpp: shared test data and the migrated test database.
#include "test_fixtures.hpp"

#include <soci/soci.h>

#include "adapters/scim_directory.hpp"
#include "plugin/storage/migrations.hpp"

namespace psp_test {

psp::EmployeeRecord employee(const std::string &id, const std::string &supervisor_id) {
    psp::EmployeeRecord e;
    e.id = id;
    e.name = "Name of " + id;
    e.title = "Title of " + id;
    e.category = id.size() % 2 == 0 ? psp::StaffCategory::sworn : psp::StaffCategory::civilian;
    e.agency = "agency-test";
    e.division = "Division of " + id;
    e.unit = "Unit of " + id;
    e.shift = "Shift of " + id;
    e.supervisor_id = supervisor_id;
    e.active = true;
    e.hire_date = "20" + std::to_string(10 + id.size() % 10) + "-0" +
                  std::to_string(1 + id.size() % 9) + "-15";
    return e;
}

std::vector<psp::EmployeeRecord> chain_of(std::size_t n) {
    std::vector<psp::EmployeeRecord> out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(employee("E" + std::to_string(i), i == 0 ? "" : "E" + std::to_string(i - 1)));
    }
    return out;
}

std::string all_text(const psp::EmployeeRecord &e) {
    return e.id + "|" + e.name + "|" + e.title + "|" +
           std::string(staff_category_name(e.category)) + "|" + e.agency + "|" + e.division + "|" +
           e.unit + "|" + e.shift + "|" + e.supervisor_id + "|" + (e.active ? "true" : "false") +
           "|" + e.hire_date;
}

std::string all_text(const std::vector<psp::EmployeeRecord> &records) {
    std::string text;
    for (const psp::EmployeeRecord &e : records) {
        text += all_text(e) + "\n";
    }
    return text;
}

psp::Json scim_user(const std::string &scim_id, const std::string &employee_number,
                    const std::string &display_name) {
    psp::Json user = {
        {"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User", psp::kScimEnterpriseUser}},
        {"id", scim_id},
        {"displayName", display_name},
        {"active", true}};
    psp::Json enterprise = psp::Json::object();
    if (!employee_number.empty()) {
        enterprise["employeeNumber"] = employee_number;
    }
    user[std::string(psp::kScimEnterpriseUser)] = enterprise;
    return user;
}

void set_scim_manager(psp::Json &user, const psp::Json &manager) {
    user[std::string(psp::kScimEnterpriseUser)]["manager"] = manager;
}

TestDatabase::TestDatabase()
    : dir_("psp-unit-db"), path_(dir_.file("test.sqlite3")), storage_(path_) {
    db_ = std::make_unique<psp::Database>(storage_.config_with_pool(2));
    psp::apply_migrations(*db_, 1'000);
}

const OneRole &one_role() {
    static const OneRole roles;
    return roles;
}

long long TestDatabase::scalar(const std::string &sql_text) {
    long long value = -1;
    db_->read([&](soci::session &sql) { sql << sql_text, soci::into(value); });
    return value;
}

void TestDatabase::execute(const std::string &sql_text) {
    db_->write([&](soci::session &sql) { sql << sql_text; });
}

}  // namespace psp_test
