// employee_allow_list.hpp: the one door through which host data becomes an employee record.
//
// Every adapter (plugin-format records, SCIM, CSV, host fetch) hands each source field to an
// EmployeeRecordBuilder. Fields on the allow-list are checked and kept; every other field is
// dropped and reported by name only, never by value, so nothing outside the minimal record
// (DESIGN.md) is ever stored, whatever a host export contains.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugin/domain/employee.hpp"

namespace psp {

struct RejectedRow {
    std::size_t row = 0;  // 1-based position in the source (a CSV line number, a list position)
    std::string reason;
};

// A record kept with a field the export did not determine (category or shift, by the agency's
// policy): named by row, employee id, field and the source field tried, never by value.
struct ImportWarning {
    std::size_t row = 0;
    std::string employee_id;
    std::string field;
    std::string message;
};

// What an adapter made of one export.
struct DirectoryImport {
    std::vector<EmployeeRecord> records;
    std::set<std::string> dropped_fields;  // names only
    std::vector<RejectedRow> rejected;
    std::vector<ImportWarning> warnings;
};

// Imports are all or nothing: throws Error(invalid_request) naming the first rejected rows of
// `source` when there are any.
void require_no_rejections(const DirectoryImport &import, std::string_view source);

// Limits on allow-listed values, so one export cannot bloat the database.
inline constexpr std::size_t kMaxIdLength = 128;
inline constexpr std::size_t kMaxTextLength = 256;

class EmployeeRecordBuilder {
  public:
    explicit EmployeeRecordBuilder(std::string default_agency);

    // Sets an allow-listed field from text (plugin field names: id, name, title, category,
    // agency, division, unit, shift, supervisor_id, active, hire_date). Returns false, keeping
    // nothing, when `field` is not on the allow-list.
    bool set(std::string_view field, std::string_view value);
    void set_active(bool active) { record_.active = active; }
    // A category the mapping determined (or explicitly unknown, by policy).
    void set_category(StaffCategory category) { record_.category = category; }

    // The record, or an empty string in `problem` when it is complete and valid.
    std::string problem() const;
    // The first problem a set() noted since the last call, cleared: lets a caller that sets
    // fields in stages tell which stage found it (directory_mapping.hpp's PendingRecord).
    std::string take_noted_problem() { return std::exchange(problem_, {}); }
    EmployeeRecord take() { return std::move(record_); }
    // take() into the end of `records`: one move where take() then push_back made two (100,000
    // rows of a host pull).
    void move_into(std::vector<EmployeeRecord> &records) { records.push_back(std::move(record_)); }

  private:
    void note(std::string problem);

    EmployeeRecord record_;
    std::string problem_;
};

// Whether `field` is one of the plugin's own record fields.
bool is_allow_listed_field(std::string_view field);

}  // namespace psp
