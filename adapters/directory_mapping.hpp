// directory_mapping.hpp: which field of an agency's HR export gives each field of the employee
// record, and how its values translate: agency configuration (policy.directory.mapping).
//
// Real HR systems do not export the plugin's field names: Entra ID and Okta send no staff
// category, a payroll CSV calls its id column "Employee ID" and splits the name in two. A mapping
// names, for every kept field, the SCIM attribute paths (core, enterprise or any extension) and
// the CSV headers (one, or several joined, such as a first and a last name) that give it, in order
// of preference, and translates category, shift and active values through value maps. A value
// the mapping cannot determine is never guessed: by policy the row is rejected (naming the row,
// the field and the source field, never the value) or kept as explicitly unknown and counted as
// a warning.
//
// This layer only chooses and translates sources; the allow-list (employee_allow_list.hpp) still
// decides what may be kept and checks every value.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/employee_allow_list.hpp"
#include "plugin/core/json_text.hpp"
#include "plugin/domain/employee.hpp"

namespace psp {

enum class UnknownValuePolicy { reject, warn };

// One way to read a field: one source name, or several whose values are joined with a space.
using SourceNames = std::vector<std::string>;
// The ways to read a field, in order of preference: the first that gives a value wins.
using FieldSources = std::vector<SourceNames>;

struct DirectoryMapping {
    std::string profile = "plugin";
    // Record field -> SCIM attribute paths ("displayName", "name.givenName",
    // "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value").
    std::map<std::string, FieldSources> scim;
    // Record field -> CSV headers, normalised (normalised_header()).
    std::map<std::string, FieldSources> csv;
    // Folded source value (folded_value()) -> what it means.
    std::map<std::string, StaffCategory> category_values;
    std::map<std::string, std::string> shift_values;
    std::map<std::string, bool> active_values;
    UnknownValuePolicy when_category_unknown = UnknownValuePolicy::warn;
    UnknownValuePolicy when_shift_unknown = UnknownValuePolicy::warn;
};

// The profiles, by name: "plugin" (the default), "entra_id_scim", "okta_scim", "hris_csv".
const std::vector<std::string> &directory_mapping_profiles();
const DirectoryMapping &directory_mapping_profile(std::string_view name);
const DirectoryMapping &default_directory_mapping();

// The JSON Schema of policy.directory.mapping, and its parser (`json` has passed the schema):
// the profile first, then the fields and value maps given, which replace or extend the profile's.
const Json &directory_mapping_schema();
DirectoryMapping parse_directory_mapping(const Json &json);

// Trimmed, lower-cased, inner runs of spaces, '-' and '_' made one '_': "Employee ID" and
// "employee_id" are the same header.
std::string normalised_header(std::string_view header);
// Trimmed, lower-cased, inner runs of white space made one space: how value maps match.
std::string folded_value(std::string_view value);

// What `!folded_value(value).empty()` says: whether a source gave a value at all.
bool has_content(std::string_view value);

// A field's value as an adapter read it, with the name of the source field that gave it (or the
// sources tried, when none did), for messages that name fields and never values.
struct SourcedValue {
    std::string value;
    std::string source;
};
using SourcedFields = std::map<std::string, SourcedValue>;

// The first of `sources` that gives a value (the values of a joined source joined with a space),
// named by its source field; or an empty value named by every source tried.
SourcedValue first_value(const FieldSources &sources,
                         const std::function<std::string(const std::string &)> &value_of);

// Translates and checks one row's fields (category, shift, active and hire_date through the
// mapping; everything through the allow-list) and adds the record to `import`, or the row to its
// rejections; a category or shift kept as unknown adds a warning.
void add_mapped_record(const DirectoryMapping &mapping, std::size_t row,
                       const SourcedFields &fields, const std::string &default_agency,
                       DirectoryImport &import);

// add_mapped_record in two steps, for a paged SCIM pull: a manager reference names the manager's
// SCIM id, which may belong to someone on a later page, so the supervisor can only be settled
// once the last page is in. The first step decides everything else about the row and keeps
// only what the second needs, so a page's JSON can be freed as soon as it is read; the second
// gives the same record, rejection and warnings add_mapped_record would have.
struct PendingRecord {
    std::size_t row = 0;
    EmployeeRecordBuilder builder;  // every field but supervisor_id set
    // Rejected whatever the supervisor is: a problem found before supervisor_id is checked.
    std::string rejection;
    // The rejection when the supervisor passes its checks; empty keeps the record.
    std::string otherwise;
    std::vector<ImportWarning> warnings;  // added only when the record is kept
};

// Reads every field of `fields` but supervisor_id (whose value it ignores).
PendingRecord pend_mapped_record(const DirectoryMapping &mapping, std::size_t row,
                                 const SourcedFields &fields, const std::string &default_agency);
// Settles the row with its (translated) supervisor id, adding it to `import`.
void add_pending_record(PendingRecord &&pending, std::string_view supervisor_id,
                        DirectoryImport &import);

}  // namespace psp
