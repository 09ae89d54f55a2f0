// employee_allow_list.cpp: field checks for the minimal employee record.
#include "adapters/employee_allow_list.hpp"

#include <algorithm>
#include <array>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/core/plain_text.hpp"

namespace psp {
namespace {

constexpr std::array<std::string_view, 11> kFields = {
    "id",   "name",  "title",         "category", "agency",   "division",
    "unit", "shift", "supervisor_id", "active",   "hire_date"};

bool has_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// What trimmed() keeps, as a view: set() stores it straight into the record (100,000 users of a
// host pull each went through a temporary string per field).
std::string_view trimmed_view(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

}  // namespace

bool is_allow_listed_field(std::string_view field) {
    return std::find(kFields.begin(), kFields.end(), field) != kFields.end();
}

void require_no_rejections(const DirectoryImport &import, std::string_view source) {
    if (import.rejected.empty()) {
        return;
    }
    std::string message = "the " + std::string(source) +
                          " import was rejected whole: " + std::to_string(import.rejected.size()) +
                          " invalid row(s)";
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < import.rejected.size() && i < 10; ++i) {
        const RejectedRow &r = import.rejected[i];
        rows.push_back("row " + std::to_string(r.row) + ": " + r.reason);
        message += (i == 0 ? " (" : "; ") + rows.back();
    }
    message += "); the previous directory is unchanged";
    throw Error(ErrorCode::invalid_request, message, "/params", std::move(rows));
}

EmployeeRecordBuilder::EmployeeRecordBuilder(std::string default_agency) {
    record_.agency = std::move(default_agency);
}

void EmployeeRecordBuilder::note(std::string problem) {
    if (problem_.empty()) {
        problem_ = std::move(problem);
    }
}

bool EmployeeRecordBuilder::set(std::string_view field, std::string_view raw) {
    if (!is_allow_listed_field(field)) {
        return false;
    }
    const std::string_view value = trimmed_view(raw);
    const std::size_t limit =
        (field == "id" || field == "supervisor_id") ? kMaxIdLength : kMaxTextLength;
    if (value.size() > limit) {
        note(std::string(field) + " is longer than " + std::to_string(limit) + " bytes");
        return true;
    }
    if (has_control_characters(value) || find_invalid_utf8(value) != std::string_view::npos) {
        note(std::string(field) + " holds control characters or invalid UTF-8");
        return true;
    }
    if (field == "id") {
        record_.id = value;
    } else if (field == "name") {
        record_.name = value;
    } else if (field == "title") {
        record_.title = value;
    } else if (field == "agency") {
        if (!value.empty()) {
            record_.agency = value;
        }
    } else if (field == "division") {
        record_.division = value;
    } else if (field == "unit") {
        record_.unit = value;
    } else if (field == "shift") {
        record_.shift = value;
    } else if (field == "supervisor_id") {
        record_.supervisor_id = value;
    } else if (field == "hire_date") {
        if (value.empty() || parse_iso_date(value)) {
            record_.hire_date = value;
        } else {
            note("hire_date '" + std::string(value) +
                 "' is not a calendar date written YYYY-MM-DD");
        }
    } else if (field == "category") {
        if (const auto category = parse_staff_category(value)) {
            record_.category = *category;
        } else {
            note("category '" + std::string(value) + "' is not sworn, civilian or dispatcher");
        }
    } else if (field == "active") {
        const std::string lower = ascii_lowercased(value);
        if (lower == "true" || lower == "1" || lower == "yes") {
            record_.active = true;
        } else if (lower == "false" || lower == "0" || lower == "no") {
            record_.active = false;
        } else {
            note("active '" + std::string(value) + "' is not true or false");
        }
    }
    return true;
}

std::string EmployeeRecordBuilder::problem() const {
    if (!problem_.empty()) {
        return problem_;
    }
    if (record_.id.empty()) {
        return "id is missing";
    }
    if (record_.name.empty()) {
        return "name is missing for " + record_.id;
    }
    return {};
}

}  // namespace psp
