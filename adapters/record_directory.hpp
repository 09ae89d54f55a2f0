// record_directory.hpp: directory records in the plugin's own JSON field names.
//
//   [{"id": "E1", "name": "...", "title": "...", "category": "sworn", "division": "...",
//     "unit": "...", "shift": "...", "supervisor_id": "E0", "active": true}, ...]
//
// Fields other than the allow-listed ones are dropped and reported by name.
#pragma once

#include <string>

#include "adapters/directory_mapping.hpp"
#include "adapters/employee_allow_list.hpp"
#include "plugin/core/json_text.hpp"

namespace psp {

// Category, shift and active values go through the mapping's value maps and unknown policy.
DirectoryImport import_json_records(const Json &records, const std::string &default_agency,
                                    const DirectoryMapping &mapping = default_directory_mapping());

}  // namespace psp
