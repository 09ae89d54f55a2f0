// record_directory.cpp: plugin-format JSON records through the allow-list.
#include "adapters/record_directory.hpp"

namespace psp {
namespace {

// Text of a scalar, or nullopt for objects and arrays (which no record field takes).
std::optional<std::string> record_scalar_text(const Json &value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_null()) {
        return std::string();
    }
    return std::nullopt;
}

}  // namespace

DirectoryImport import_json_records(const Json &records, const std::string &default_agency,
                                    const DirectoryMapping &mapping) {
    DirectoryImport import;
    std::size_t row = 0;
    for (const Json &item : records) {
        ++row;
        if (!item.is_object()) {
            import.rejected.push_back({row, "a record must be a JSON object"});
            continue;
        }
        SourcedFields fields;
        std::string problem;
        for (const auto &[field, value] : item.items()) {
            if (!is_allow_listed_field(field)) {
                import.dropped_fields.insert(field);
                continue;
            }
            const auto text = record_scalar_text(value);
            if (!text || (field == "active" && !value.is_boolean())) {
                if (problem.empty()) {
                    problem = field + " has the wrong type";
                }
                continue;
            }
            fields[field] = {*text, field};
        }
        for (const char *field : {"id", "name", "category", "shift"}) {
            fields.try_emplace(field, SourcedValue{{}, field});
        }
        if (!problem.empty()) {
            import.rejected.push_back({row, problem});
            continue;
        }
        add_mapped_record(mapping, row, fields, default_agency, import);
    }
    return import;
}

}  // namespace psp
