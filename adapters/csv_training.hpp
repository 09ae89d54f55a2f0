// csv_training.hpp: attendance records as CSV with a header row.
//
// Columns, matched by header name case-insensitively: employee_id, date (YYYY-MM-DD, the
// agency's local date), hours (a decimal number), course or topic (one of the two per row, a
// catalogue code) and provider (optional). Any other column is dropped unread and named in the
// report, so a column such as a supervisor's remarks never reaches the plugin.
#pragma once

#include <string_view>

#include "adapters/training_import.hpp"

namespace psp {

TrainingImport import_csv_training(std::string_view csv_text);

}  // namespace psp
