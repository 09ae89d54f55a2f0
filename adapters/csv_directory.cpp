// csv_directory.cpp: CSV rows through the allow-list.
#include "adapters/csv_directory.hpp"

#include <algorithm>
#include <map>

#include "adapters/csv_table.hpp"
#include "core/error.hpp"

namespace psp {
namespace {

std::string canonical_column(const std::string &header) {
    static const std::map<std::string, std::string> kAliases = {{"employee_id", "id"},
                                                                {"rank", "title"},
                                                                {"supervisor", "supervisor_id"},
                                                                {"staff_category", "category"}};
    const auto alias = kAliases.find(header);
    return alias == kAliases.end() ? header : alias->second;
}

}  // namespace

DirectoryImport import_csv_directory(std::string_view csv_text, const std::string &agency) {
    const CsvTable table = parse_csv_table(csv_text, "/params/csv");
    DirectoryImport import;
    std::vector<std::string> columns;
    for (const std::string &header : table.header) {
        columns.push_back(canonical_column(header));
        if (!is_allow_listed_field(columns.back())) {
            import.dropped_fields.insert(header);
        }
    }
    if (std::find(columns.begin(), columns.end(), "id") == columns.end()) {
        throw Error(ErrorCode::invalid_request, "the CSV header has no id column", "/params/csv");
    }
    for (const CsvRow &row : table.rows) {
        if (row.fields.size() != columns.size()) {
            import.rejected.push_back({row.line, "has " + std::to_string(row.fields.size()) +
                                                     " fields; the header has " +
                                                     std::to_string(columns.size())});
            continue;
        }
        EmployeeRecordBuilder builder(agency);
        for (std::size_t i = 0; i < columns.size(); ++i) {
            builder.set(columns[i], row.fields[i]);
        }
        if (std::string problem = builder.problem(); !problem.empty()) {
            import.rejected.push_back({row.line, std::move(problem)});
            continue;
        }
        import.records.push_back(builder.take());
    }
    return import;
}

}  // namespace psp
