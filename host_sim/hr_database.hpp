// hr_database.hpp: the simulated agency's HR database (SQLite through SOCI), as a host has one.
//
// Tables: employees (everything a host keeps, personal data included), disciplinary_actions (the
// trap the plugin must never reach) and a change log that gives incremental pulls their cursor.
// The host simulator answers the plugin's fetch of scope "directory" from here, as SCIM 2.0
// ListResponse pages; nothing here ever answers for the disciplinary table.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "host_sim/agency_generator.hpp"

namespace soci {
class session;
}

namespace psp::host_sim {

class HrDatabase {
  public:
    // Creates (replacing) the database file at `path` from a generated agency.
    static void create(const std::string &path, const GeneratedAgency &agency);

    // Opens an existing database; throws std::runtime_error when it is missing or not one.
    explicit HrDatabase(const std::string &path);
    ~HrDatabase();

    std::string agency_id();
    std::size_t employee_count();

    // One page of the directory scope: a SCIM ListResponse (core User + enterprise extension +
    // the plugin's extension "urn:psp:scim:schemas:extension:peer-support:1.0:User" with
    // staffCategory, unit, shift, hireDate; plus emails, phoneNumbers, addresses, which the plugin
    // must drop) with totalResults, startIndex (1-based), itemsPerPage, Resources, and a top-level
    // "cursor" string. With an empty `since_cursor` it lists everyone; otherwise only employees
    // changed after that cursor. Throws std::invalid_argument on a cursor it did not issue.
    // A page that continues the last one (its next startIndex, the same cursor, no change in
    // between) starts where that one stopped; any other is counted from the first row. The text
    // is written by ScimPageWriter (scim_page_writer.hpp).
    std::string directory_page(std::size_t start_index, std::size_t count,
                               const std::string &since_cursor);

    // HR changes, each recorded in the change log.
    void transfer(const std::string &employee_number, const std::string &division,
                  const std::string &unit, const std::string &shift);
    void set_manager(const std::string &employee_number, const std::string &manager_number);
    void deactivate(const std::string &employee_number);

    // The marker values in the disciplinary table (for the firewall tests).
    std::vector<std::string> disciplinary_markers();

    // Every employee number, as an attacker holding the directory would have them.
    std::vector<std::string> employee_numbers();

  private:
    struct PageResume;

    std::unique_ptr<soci::session> sql_;
    // Where the last directory page stopped: a pull reads its pages in order, and the next one
    // starts there with an index seek instead of skipping every earlier row again.
    std::unique_ptr<PageResume> resume_;
};

}  // namespace psp::host_sim
