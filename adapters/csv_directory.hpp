// csv_directory.hpp: a directory export as CSV with a header row.
//
// Columns are matched by header name, case-insensitively: the plugin's field names (id, name,
// title, category, agency, division, unit, shift, supervisor_id, active) and the aliases
// employee_id, rank, supervisor and staff_category. Every other column is dropped and reported by
// its header name.
#pragma once

#include <string>
#include <string_view>

#include "adapters/employee_allow_list.hpp"

namespace psp {

DirectoryImport import_csv_directory(std::string_view csv_text, const std::string &default_agency);

}  // namespace psp
