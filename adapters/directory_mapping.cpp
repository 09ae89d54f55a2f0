// directory_mapping.cpp: the ready-made profiles, the configuration's schema, and the
// translation of one row's values.
#include "adapters/directory_mapping.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/error.hpp"

namespace psp {
namespace {

const std::string kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";
const std::string kPluginExtension = "urn:psp:scim:schemas:extension:peer-support:1.0:User:";

constexpr const char *kMappedFields[] = {"id",       "name", "title", "category",      "agency",
                                         "division", "unit", "shift", "supervisor_id", "active",
                                         "hire_date"};

FieldSources one_each(std::initializer_list<std::string> names) {
    FieldSources sources;
    for (const std::string &name : names) {
        sources.push_back({name});
    }
    return sources;
}

// The plugin's own names: what the adapters read before mappings existed.
std::map<std::string, FieldSources> plugin_scim() {
    return {
        {"id", one_each({kEnterprise + "employeeNumber", "id"})},
        {"name", {{"displayName"}, {"name.formatted"}, {"name.givenName", "name.familyName"}}},
        {"title", one_each({"title"})},
        {"category", one_each({kPluginExtension + "staffCategory", "userType"})},
        {"agency", one_each({kEnterprise + "organization"})},
        {"division", one_each({kEnterprise + "division"})},
        {"unit", one_each({kPluginExtension + "unit", kEnterprise + "department"})},
        {"shift", one_each({kPluginExtension + "shift"})},
        {"supervisor_id", one_each({kEnterprise + "manager.value"})},
        {"active", one_each({"active"})},
        {"hire_date", one_each({kPluginExtension + "hireDate"})},
    };
}

std::map<std::string, FieldSources> plugin_csv() {
    return {
        {"id", one_each({"id", "employee_id"})},
        {"name", one_each({"name"})},
        {"title", one_each({"title", "rank"})},
        {"category", one_each({"category", "staff_category"})},
        {"agency", one_each({"agency"})},
        {"division", one_each({"division"})},
        {"unit", one_each({"unit"})},
        {"shift", one_each({"shift"})},
        {"supervisor_id", one_each({"supervisor_id", "supervisor"})},
        {"active", one_each({"active"})},
        {"hire_date", one_each({"hire_date"})},
    };
}

std::map<std::string, StaffCategory> own_category_names() {
    return {{"sworn", StaffCategory::sworn},
            {"civilian", StaffCategory::civilian},
            {"dispatcher", StaffCategory::dispatcher}};
}

// The words HR systems commonly use for the kind of work; an agency adds its own.
std::map<std::string, StaffCategory> common_category_words() {
    std::map<std::string, StaffCategory> words = own_category_names();
    for (const char *w : {"sworn officer", "officer", "police officer", "deputy", "deputy sheriff",
                          "trooper", "law enforcement", "commissioned", "sworn staff"}) {
        words[w] = StaffCategory::sworn;
    }
    for (const char *w : {"non-sworn", "nonsworn", "non sworn", "professional staff",
                          "civilian staff", "support staff", "professional"}) {
        words[w] = StaffCategory::civilian;
    }
    for (const char *w : {"communications", "dispatch", "telecommunicator",
                          "public safety telecommunicator", "911", "emergency communications"}) {
        words[w] = StaffCategory::dispatcher;
    }
    return words;
}

std::map<std::string, bool> own_active_words() {
    return {{"true", true},   {"1", true},  {"yes", true},
            {"false", false}, {"0", false}, {"no", false}};
}

std::map<std::string, bool> common_active_words() {
    std::map<std::string, bool> words = own_active_words();
    // Payroll systems often export one-letter codes (A active, L and P on leave, T and U
    // terminated, R and Q retired, D deceased). Any other status, such as a suspension, is the
    // agency's to map: it is refused until then, never guessed.
    for (const char *w : {"active", "a", "on leave", "leave of absence", "leave", "l", "p"}) {
        words[w] = true;
    }
    for (const char *w : {"inactive", "i", "terminated", "t", "u", "separated", "retired", "r", "q",
                          "deceased", "d", "former"}) {
        words[w] = false;
    }
    return words;
}

DirectoryMapping plugin_profile() {
    DirectoryMapping m;
    m.profile = "plugin";
    m.scim = plugin_scim();
    m.csv = plugin_csv();
    m.category_values = own_category_names();
    m.active_values = own_active_words();
    return m;
}

// Entra ID's provisioning service: core and enterprise attributes, manager as a bare id, active
// possibly as the text "True"/"False"; no staff category or shift unless the agency maps one (a
// custom extension attribute, urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attr>).
DirectoryMapping entra_profile() {
    DirectoryMapping m = plugin_profile();
    m.profile = "entra_id_scim";
    m.scim["category"] =
        one_each({kPluginExtension + "staffCategory", "userType", kEnterprise + "employeeType"});
    m.category_values = common_category_words();
    m.active_values = common_active_words();
    return m;
}

// Okta's SCIM 2.0 apps: userType and the enterprise extension with manager as an object.
DirectoryMapping okta_profile() {
    DirectoryMapping m = plugin_profile();
    m.profile = "okta_scim";
    m.scim["category"] = one_each({kPluginExtension + "staffCategory", "userType"});
    m.category_values = common_category_words();
    m.active_values = common_active_words();
    return m;
}

// A generic HRIS or payroll CSV with its usual column names.
DirectoryMapping hris_csv_profile() {
    DirectoryMapping m = plugin_profile();
    m.profile = "hris_csv";
    m.csv = {
        {"id", one_each({"employee_id", "employee_number", "emp_id", "employee_no", "id"})},
        {"name",
         {{"full_name"},
          {"display_name"},
          {"employee_name"},
          {"name"},
          {"first_name", "last_name"}}},
        {"title", one_each({"job_title", "title", "rank", "position", "position_title"})},
        {"category", one_each({"employee_type", "employee_category", "worker_type",
                               "staff_category", "category", "job_family", "employee_class"})},
        {"agency", one_each({"agency", "company", "organization"})},
        {"division", one_each({"division", "bureau"})},
        {"unit", one_each({"department", "unit", "section", "team"})},
        {"shift", one_each({"shift", "work_shift", "shift_name", "schedule"})},
        {"supervisor_id", one_each({"reports_to", "reports_to_id", "supervisor_id", "manager_id",
                                    "supervisor_employee_id", "manager"})},
        {"active", one_each({"status", "employment_status", "employee_status", "active"})},
        {"hire_date", one_each({"hire_date", "date_of_hire", "start_date", "original_hire_date"})},
    };
    m.category_values = common_category_words();
    m.active_values = common_active_words();
    return m;
}

const std::map<std::string, DirectoryMapping, std::less<>> &profiles() {
    static const std::map<std::string, DirectoryMapping, std::less<>> all = {
        {"plugin", plugin_profile()},
        {"entra_id_scim", entra_profile()},
        {"okta_scim", okta_profile()},
        {"hris_csv", hris_csv_profile()},
    };
    return all;
}

FieldSources sources_of(const Json &list, bool csv) {
    FieldSources sources;
    for (const Json &item : list) {
        SourceNames names;
        for (const Json &name : item.is_array() ? item : Json::array({item})) {
            const std::string text = name.get<std::string>();
            names.push_back(csv ? normalised_header(text) : text);
        }
        sources.push_back(std::move(names));
    }
    return sources;
}

std::string joined(const SourceNames &names, const char *separator) {
    std::string text;
    for (const std::string &n : names) {
        text += (text.empty() ? "" : separator) + n;
    }
    return text;
}

// "3/7/2015" and "03/07/2015" (month first, as US HR systems write them) to "2015-03-07";
// anything else unchanged, for the allow-list to accept or refuse.
std::string iso_date(const std::string &value) {
    const auto first = value.find('/');
    const auto second = first == std::string::npos ? first : value.find('/', first + 1);
    if (second == std::string::npos || value.size() - second - 1 != 4 || first < 1 || first > 2 ||
        second - first - 1 < 1 || second - first - 1 > 2) {
        return value;
    }
    const std::string month = value.substr(0, first);
    const std::string day = value.substr(first + 1, second - first - 1);
    const std::string year = value.substr(second + 1);
    const auto digits = [](const std::string &s) {
        return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    if (!digits(month) || !digits(day) || !digits(year)) {
        return value;
    }
    const auto two = [](const std::string &s) { return s.size() == 1 ? "0" + s : s; };
    return year + "-" + two(month) + "-" + two(day);
}

}  // namespace

const std::vector<std::string> &directory_mapping_profiles() {
    static const std::vector<std::string> names = {"plugin", "entra_id_scim", "okta_scim",
                                                   "hris_csv"};
    return names;
}

const DirectoryMapping &directory_mapping_profile(std::string_view name) {
    const auto it = profiles().find(name);
    if (it == profiles().end()) {
        throw Error(ErrorCode::invalid_request,
                    "no mapping profile '" + std::string(name) +
                        "'; the profiles are plugin, entra_id_scim, okta_scim and hris_csv",
                    "/config/policy/directory/mapping/profile");
    }
    return it->second;
}

const DirectoryMapping &default_directory_mapping() {
    return directory_mapping_profile("plugin");
}

const Json &directory_mapping_schema() {
    static const Json schema = [] {
        const Json name = {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}};
        const Json source = {
            {"oneOf",
             {name, {{"type", "array"}, {"minItems", 1}, {"maxItems", 4}, {"items", name}}}}};
        const Json sources = {
            {"type", "array"}, {"minItems", 1}, {"maxItems", 16}, {"items", source}};
        Json fields = Json::object();
        for (const char *field : kMappedFields) {
            fields[field] = sources;
        }
        const Json by_field = {
            {"type", "object"}, {"additionalProperties", false}, {"properties", fields}};
        const auto value_map = [&](const Json &values) {
            return Json{
                {"type", "object"}, {"maxProperties", 1000}, {"additionalProperties", values}};
        };
        Json profile_names = Json::array();
        for (const std::string &p : directory_mapping_profiles()) {
            profile_names.push_back(p);
        }
        return Json{
            {"type", "object"},
            {"additionalProperties", false},
            {"properties",
             {{"profile", {{"enum", profile_names}}},
              {"scim", by_field},
              {"csv", by_field},
              {"category_values", value_map({{"enum", {"sworn", "civilian", "dispatcher"}}})},
              {"shift_values", value_map(name)},
              {"active_values", value_map({{"type", "boolean"}})},
              {"when_category_unknown", {{"enum", {"reject", "warn"}}}},
              {"when_shift_unknown", {{"enum", {"reject", "warn"}}}}}}};
    }();
    return schema;
}

DirectoryMapping parse_directory_mapping(const Json &json) {
    DirectoryMapping m = directory_mapping_profile(json.value("profile", "plugin"));
    for (const char *part : {"scim", "csv"}) {
        const bool csv = std::string_view(part) == "csv";
        const Json fields = json.value(part, Json::object());
        for (const auto &[field, list] : fields.items()) {
            (csv ? m.csv : m.scim)[field] = sources_of(list, csv);
        }
    }
    const Json categories = json.value("category_values", Json::object());
    for (const auto &[value, category] : categories.items()) {
        m.category_values[folded_value(value)] = *parse_staff_category(category.get<std::string>());
    }
    const Json shifts = json.value("shift_values", Json::object());
    for (const auto &[value, shift] : shifts.items()) {
        m.shift_values[folded_value(value)] = shift.get<std::string>();
    }
    const Json statuses = json.value("active_values", Json::object());
    for (const auto &[value, active] : statuses.items()) {
        m.active_values[folded_value(value)] = active.get<bool>();
    }
    const auto policy = [&](const char *key, UnknownValuePolicy fallback) {
        const auto it = json.find(key);
        return it == json.end()                     ? fallback
               : it->get<std::string>() == "reject" ? UnknownValuePolicy::reject
                                                    : UnknownValuePolicy::warn;
    };
    m.when_category_unknown = policy("when_category_unknown", m.when_category_unknown);
    m.when_shift_unknown = policy("when_shift_unknown", m.when_shift_unknown);
    return m;
}

std::string normalised_header(std::string_view header) {
    std::string out;
    bool pending_separator = false;
    for (const char raw : header) {
        const auto c = static_cast<unsigned char>(raw);
        if (std::isspace(c) != 0 || c == '-' || c == '_') {
            pending_separator = !out.empty();
            continue;
        }
        if (pending_separator) {
            out += '_';
            pending_separator = false;
        }
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::string folded_value(std::string_view value) {
    std::string out;
    bool pending_space = false;
    for (const char raw : value) {
        const auto c = static_cast<unsigned char>(raw);
        if (std::isspace(c) != 0) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

// Without building the folded text: a pull asks it of some twenty paths of each of 100,000 users.
bool has_content(std::string_view value) {
    return std::any_of(value.begin(), value.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) == 0; });
}

SourcedValue first_value(const FieldSources &sources,
                         const std::function<std::string(const std::string &)> &value_of) {
    std::string tried;
    for (const SourceNames &names : sources) {
        std::string value;
        for (const std::string &name : names) {
            const std::string part = value_of(name);
            if (has_content(part)) {
                value += (value.empty() ? "" : " ") + part;
            }
        }
        if (!value.empty()) {
            return {std::move(value), joined(names, "+")};
        }
        tried += (tried.empty() ? "" : ", ") + joined(names, "+");
    }
    return {{}, std::move(tried)};
}

void add_mapped_record(const DirectoryMapping &mapping, std::size_t row,
                       const SourcedFields &fields, const std::string &default_agency,
                       DirectoryImport &import) {
    const auto supervisor = fields.find("supervisor_id");
    add_pending_record(pend_mapped_record(mapping, row, fields, default_agency),
                       supervisor == fields.end() ? std::string_view() : supervisor->second.value,
                       import);
}

PendingRecord pend_mapped_record(const DirectoryMapping &mapping, std::size_t row,
                                 const SourcedFields &fields, const std::string &default_agency) {
    static const SourcedValue kAbsent;
    // The fields read by name below, found in the one pass that sets the plain ones: a pull asks
    // this of 100,000 rows, and a map lookup per name was a fifth of the row's mapping.
    enum Named : std::uint8_t { kId, kName, kCategory, kShift, kActive, kHireDate, kNamedCount };
    std::array<const SourcedValue *, kNamedCount> named{};
    named.fill(&kAbsent);
    const auto field = [&](Named which) -> const SourcedValue & { return *named[which]; };
    PendingRecord pending{row, EmployeeRecordBuilder(default_agency), {}, {}, {}};
    EmployeeRecordBuilder &builder = pending.builder;
    // The builder keeps the first problem in the order fields are set, by name: whether one was
    // found before supervisor_id decides whether the supervisor's own problem could come first.
    const auto set_plain = [&](std::string_view name, const SourcedValue &sourced) {
        if (name == "category") {
            named[kCategory] = &sourced;
        } else if (name == "shift") {
            named[kShift] = &sourced;
        } else if (name == "active") {
            named[kActive] = &sourced;
        } else if (name == "hire_date") {
            named[kHireDate] = &sourced;
        } else {
            if (name == "id") {
                named[kId] = &sourced;
            } else if (name == "name") {
                named[kName] = &sourced;
            }
            builder.set(name, sourced.value);
        }
    };
    auto next = fields.begin();
    for (; next != fields.end() && std::string_view(next->first) < "supervisor_id"; ++next) {
        set_plain(next->first, next->second);
    }
    const std::string before_supervisor = builder.take_noted_problem();
    for (; next != fields.end(); ++next) {
        if (std::string_view(next->first) != "supervisor_id") {
            set_plain(next->first, next->second);
        }
    }
    const std::string &id = field(kId).value;
    std::string reject;
    // A field the mapping cannot determine: the row is rejected or the field kept as unknown.
    const auto undetermined = [&](const char *name, UnknownValuePolicy policy,
                                  const std::string &why) {
        if (policy == UnknownValuePolicy::reject) {
            if (reject.empty()) {
                reject = std::string(name) + " cannot be determined: " + why;
            }
        } else {
            pending.warnings.push_back(
                {row, id, name, std::string(name) + " kept as unknown: " + why});
        }
    };

    const SourcedValue &category = field(kCategory);
    const std::string category_key = folded_value(category.value);
    if (category_key.empty()) {
        undetermined("category", mapping.when_category_unknown,
                     category.source.empty() ? "the mapping names no source for it"
                                             : "no value in " + category.source);
        builder.set_category(StaffCategory::unknown);
    } else if (const auto it = mapping.category_values.find(category_key);
               it != mapping.category_values.end()) {
        builder.set_category(it->second);
    } else {
        undetermined("category", mapping.when_category_unknown,
                     "the value of " + category.source +
                         " is not in policy.directory.mapping.category_values");
        builder.set_category(StaffCategory::unknown);
    }

    const SourcedValue &shift = field(kShift);
    const std::string shift_key = folded_value(shift.value);
    if (shift_key.empty()) {
        undetermined("shift", mapping.when_shift_unknown,
                     shift.source.empty() ? "the mapping names no source for it"
                                          : "no value in " + shift.source);
    } else {
        const auto it = mapping.shift_values.find(shift_key);
        builder.set("shift", it == mapping.shift_values.end() ? shift.value : it->second);
    }

    const SourcedValue &active = field(kActive);
    if (const std::string key = folded_value(active.value); !key.empty()) {
        const auto it = mapping.active_values.find(key);
        if (it == mapping.active_values.end()) {
            if (reject.empty()) {
                reject = "active: the value of " + active.source +
                         " is not in policy.directory.mapping.active_values";
            }
        } else {
            builder.set_active(it->second);
        }
    }
    builder.set("hire_date", iso_date(field(kHireDate).value));

    // After the noted problems (before, the supervisor's, after) the builder names a missing id
    // or name; a missing id or name overrides all of them, and the mapping's rejection comes last.
    std::string after_supervisor = builder.take_noted_problem();
    if (after_supervisor.empty()) {
        after_supervisor = builder.problem();
    }
    const SourcedValue &name = field(kName);
    if (!has_content(id)) {
        pending.rejection = "id: no value in " + field(kId).source;
    } else if (!has_content(name.value)) {
        pending.rejection = "name: no value in " + name.source + " for " + id;
    } else if (!before_supervisor.empty()) {
        pending.rejection = before_supervisor;
    } else {
        pending.otherwise = after_supervisor.empty() ? std::move(reject) : after_supervisor;
    }
    return pending;
}

void add_pending_record(PendingRecord &&pending, std::string_view supervisor_id,
                        DirectoryImport &import) {
    std::string problem = std::move(pending.rejection);
    if (problem.empty()) {
        pending.builder.set("supervisor_id", supervisor_id);
        problem = pending.builder.take_noted_problem();
    }
    if (problem.empty()) {
        problem = std::move(pending.otherwise);
    }
    if (!problem.empty()) {
        import.rejected.push_back({pending.row, std::move(problem)});
        return;
    }
    pending.builder.move_into(import.records);
    import.warnings.insert(import.warnings.end(), std::make_move_iterator(pending.warnings.begin()),
                           std::make_move_iterator(pending.warnings.end()));
}

}  // namespace psp
