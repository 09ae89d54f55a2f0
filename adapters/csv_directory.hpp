// csv_directory.hpp: a directory export as CSV with a header row.
//
// Columns are matched by header name through the agency's mapping (directory_mapping.hpp),
// case-insensitively and with spaces, '-' and '_' alike ("Employee ID" is employee_id); a field
// may come from several columns joined (a first and a last name). The default profile ("plugin")
// reads the plugin's field names (id, name, title, category, agency, division, unit, shift,
// supervisor_id, active, hire_date) and the aliases employee_id, rank, supervisor and
// staff_category. Every other column is dropped and reported by its header name. A header that
// gives no id or no name is refused whole, naming the unknown columns and a mapping to try.
#pragma once

#include <string>
#include <string_view>

#include "adapters/directory_mapping.hpp"
#include "adapters/employee_allow_list.hpp"

namespace psp {

DirectoryImport import_csv_directory(std::string_view csv_text, const std::string &default_agency,
                                     const DirectoryMapping &mapping = default_directory_mapping());

}  // namespace psp
