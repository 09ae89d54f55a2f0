// csv_training.cpp: CSV rows through the training column allow-list.
#include "adapters/csv_training.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "adapters/csv_table.hpp"
#include "plugin/core/error.hpp"
#include "plugin/core/plain_text.hpp"

namespace psp {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"employee_id", "date",  "hours",
                                                      "course",      "topic", "provider"};
const char *const kField = "/params/csv";

// Column name -> position, for the allow-listed columns present.
struct Layout {
    std::array<int, kColumns.size()> position{};

    int of(std::string_view name) const {
        const auto it = std::find(kColumns.begin(), kColumns.end(), name);
        return position[static_cast<std::size_t>(it - kColumns.begin())];
    }
};

Layout layout_of(const CsvTable &table, TrainingImport &import) {
    Layout layout;
    layout.position.fill(-1);
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        const auto it = std::find(kColumns.begin(), kColumns.end(), table.header[i]);
        if (it == kColumns.end()) {
            import.dropped_fields.insert(table.header[i]);  // dropped unread: never stored
        } else {
            layout.position[static_cast<std::size_t>(it - kColumns.begin())] = static_cast<int>(i);
        }
    }
    for (const char *required : {"employee_id", "date", "hours"}) {
        if (layout.of(required) < 0) {
            throw Error(ErrorCode::invalid_request,
                        std::string("the CSV header has no ") + required + " column", kField);
        }
    }
    if (layout.of("course") < 0 && layout.of("topic") < 0) {
        throw Error(ErrorCode::invalid_request, "the CSV header has no course or topic column",
                    kField);
    }
    return layout;
}

std::string cell(const CsvRow &row, const Layout &layout, std::string_view column) {
    const int at = layout.of(column);
    return at < 0 ? std::string() : trimmed(row.fields[static_cast<std::size_t>(at)]);
}

// The row as a record, or the reason it is not one.
std::string read_row(const CsvRow &row, const Layout &layout, AttendanceRecord &r) {
    r.employee_id = cell(row, layout, "employee_id");
    if (r.employee_id.empty()) {
        return "employee_id is missing";
    }
    if (r.employee_id.size() > kMaxIdLength) {
        return "employee_id is too long";
    }
    const std::string day = cell(row, layout, "date");
    const std::optional<CivilDate> date = parse_iso_date(day);
    if (!date) {
        return "date '" + day.substr(0, 32) + "' is not YYYY-MM-DD";
    }
    r.date = *date;
    const std::string hours = cell(row, layout, "hours");
    char *end = nullptr;
    const double value = std::strtod(hours.c_str(), &end);
    if (hours.empty() || end != hours.c_str() + hours.size() || !std::isfinite(value)) {
        return "hours '" + hours.substr(0, 32) + "' is not a number";
    }
    r.minutes = value < 0 ? -1 : minutes_from_hours(value);
    r.course_code = cell(row, layout, "course");
    r.topic_code = cell(row, layout, "topic");
    r.provider = cell(row, layout, "provider");
    r.source = "csv";
    return {};
}

}  // namespace

TrainingImport import_csv_training(std::string_view csv_text) {
    const CsvTable table = parse_csv_table(csv_text, kField);
    TrainingImport import;
    const Layout layout = layout_of(table, import);
    for (const CsvRow &row : table.rows) {
        if (row.fields.size() != table.header.size()) {
            import.rejected.push_back({row.line, "has " + std::to_string(row.fields.size()) +
                                                     " fields; the header has " +
                                                     std::to_string(table.header.size())});
            continue;
        }
        AttendanceRecord r;
        if (std::string problem = read_row(row, layout, r); !problem.empty()) {
            import.rejected.push_back({row.line, std::move(problem)});
            continue;
        }
        import.records.push_back(std::move(r));
        import.rows.push_back(row.line);
    }
    return import;
}

}  // namespace psp
