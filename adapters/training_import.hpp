// training_import.hpp: what a training import adapter (CSV, xAPI) made of its input.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/employee_allow_list.hpp"
#include "plugin/domain/training_record.hpp"

namespace psp {

struct TrainingImport {
    std::vector<AttendanceRecord> records;
    std::vector<std::size_t> rows;         // the source row of each record, for later rejections
    std::set<std::string> dropped_fields;  // column names only, never values
    std::vector<RejectedRow> rejected;
    // xAPI names an activity, which may be a course or a topic; CSV says which in its column.
    bool course_may_be_topic = false;
};

// Imports are all or nothing: throws Error(invalid_request) at `field`, listing the first
// rejected rows and why, when there are any.
void require_no_rejected_rows(std::vector<RejectedRow> rejected, std::string_view source,
                              const std::string &field);

}  // namespace psp
