// scim_page_writer.hpp: the text of the simulated host's SCIM directory pages, written straight
// from the HR database's rows.
//
// Each user is a core User with the enterprise extension and the plugin's extension
// "urn:psp:scim:schemas:extension:peer-support:1.0:User" (staffCategory, unit, shift, hireDate),
// plus emails, phoneNumbers and addresses, which the plugin must drop. Every seventh employee (by
// number) has Entra ID's bare-string manager, so consumers see both forms in one export. The page
// is a ListResponse with totalResults, startIndex, itemsPerPage, Resources and a top-level
// "cursor".
//
// The bytes are those nlohmann::ordered_json's dump() gave for the same page, keys in the same
// order; building 1,000 users as JSON objects first allocated for every attribute and was most
// of the simulator's time in a 100,000-person pull.
#pragma once

#include <cstddef>
#include <string>

namespace psp::host_sim {

// One employee as the directory page query reads it, the manager's name joined in.
struct ScimUserRow {
    std::string scim_id, employee_number, given_name, family_name, title, staff_category, division,
        unit, shift, manager_scim_id, manager_name, email, phone, home_address, hire_date;
    int active = 1;
};

class ScimPageWriter {
  public:
    explicit ScimPageWriter(std::string agency_id);

    // Appends one user to the page's Resources. Throws std::runtime_error when a value is not
    // valid UTF-8 (a JSON text must be).
    void add_user(const ScimUserRow &row);
    std::size_t users() const { return users_; }

    // The whole ListResponse; the writer starts a new page afterwards.
    std::string finish_page(long long total_results, long long start_index,
                            const std::string &cursor);

  private:
    std::string agency_id_;
    std::string resources_;
    std::size_t users_ = 0;
};

}  // namespace psp::host_sim
