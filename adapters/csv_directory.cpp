// csv_directory.cpp: CSV rows through the mapping and the allow-list.
#include "adapters/csv_directory.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "adapters/csv_table.hpp"
#include "plugin/core/error.hpp"

namespace psp {
namespace {

// The fields a row cannot do without: refused at the header, before any row is read.
constexpr const char *kRequiredFields[] = {"id", "name"};

// Whether every column of a source is in the header.
bool present(const SourceNames &names, const std::map<std::string, std::size_t> &position) {
    return std::all_of(names.begin(), names.end(),
                       [&](const std::string &n) { return position.contains(n); });
}

// An unknown column that looks like it gives `field`, for the error's suggestion.
std::string likely_column(const std::string &field, const std::vector<std::string> &unknown) {
    const std::vector<std::string> hints =
        field == "id" ? std::vector<std::string>{"id", "number", "no", "badge"}
                      : std::vector<std::string>{"name"};
    for (const std::string &hint : hints) {
        for (const std::string &column : unknown) {
            if (column.find(hint) != std::string::npos) {
                return column;
            }
        }
    }
    return unknown.empty() ? "<column>" : unknown.front();
}

[[noreturn]] void missing_field(const std::string &field, const FieldSources &sources,
                                const std::vector<std::string> &unknown) {
    std::string tried;
    for (const SourceNames &names : sources) {
        std::string joined;
        for (const std::string &n : names) {
            joined += (joined.empty() ? "" : "+") + n;
        }
        tried += (tried.empty() ? "" : ", ") + joined;
    }
    std::string list;
    for (const std::string &column : unknown) {
        list += (list.empty() ? "" : ", ") + column;
    }
    throw Error(ErrorCode::invalid_request,
                "no column gives `" + field + "`; unknown columns: " +
                    (list.empty() ? "none" : list) + " (the mapping looks for: " + tried +
                    "); name the column in policy.directory.mapping.csv, for example {\"" + field +
                    "\": [\"" + likely_column(field, unknown) + "\"]}",
                "/params/csv", unknown);
}

}  // namespace

DirectoryImport import_csv_directory(std::string_view csv_text, const std::string &agency,
                                     const DirectoryMapping &mapping) {
    const CsvTable table = parse_csv_table(csv_text, "/params/csv");
    DirectoryImport import;
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        position.emplace(normalised_header(table.header[i]), i);
    }
    std::set<std::string> known;
    for (const auto &[field, sources] : mapping.csv) {
        for (const SourceNames &names : sources) {
            known.insert(names.begin(), names.end());
        }
    }
    std::vector<std::string> unknown;
    for (const std::string &header : table.header) {
        if (!known.contains(normalised_header(header))) {
            import.dropped_fields.insert(header);
            unknown.push_back(header);
        }
    }
    for (const std::string field : kRequiredFields) {
        const auto it = mapping.csv.find(field);
        const FieldSources none;
        const FieldSources &sources = it == mapping.csv.end() ? none : it->second;
        if (std::none_of(sources.begin(), sources.end(),
                         [&](const SourceNames &names) { return present(names, position); })) {
            missing_field(field, sources, unknown);
        }
    }
    for (const CsvRow &row : table.rows) {
        if (row.fields.size() != table.header.size()) {
            import.rejected.push_back({row.line, "has " + std::to_string(row.fields.size()) +
                                                     " fields; the header has " +
                                                     std::to_string(table.header.size())});
            continue;
        }
        const auto cell = [&](const std::string &column) {
            const auto at = position.find(column);
            return at == position.end() ? std::string() : row.fields[at->second];
        };
        SourcedFields fields;
        for (const auto &[field, sources] : mapping.csv) {
            FieldSources usable;
            for (const SourceNames &names : sources) {
                if (present(names, position)) {
                    usable.push_back(names);
                }
            }
            // A field no column gives is named by what the mapping looked for.
            fields[field] =
                usable.empty()
                    ? first_value(sources, [](const std::string &) { return std::string(); })
                    : first_value(usable, cell);
        }
        add_mapped_record(mapping, row.line, fields, agency, import);
    }
    return import;
}

}  // namespace psp
