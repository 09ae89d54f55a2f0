// scim_directory.cpp: SCIM User attributes through the allow-list.
#include "adapters/scim_directory.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

// The resource's schema list says what the resource is, not anything about the person: read,
// neither kept nor reported. Everything else not kept is named, sub-attributes included.
bool is_structural(const std::string &attribute) {
    return attribute == "schemas";
}

std::string text_of(const Json &object, const char *key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "urn:...:User:manager.value" -> {"urn:...:User", "manager.value"}; a core path has no URN.
std::pair<std::string, std::string> split_path(std::string_view path) {
    if (!path.starts_with("urn:")) {
        return {{}, std::string(path)};
    }
    const auto colon = path.rfind(':');
    return {std::string(path.substr(0, colon)), std::string(path.substr(colon + 1))};
}

std::string scim_scalar_text(const Json &value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number()) {
        return value.dump();
    }
    return {};
}

// Every path whose value this record's fields were taken from ("name.givenName",
// "urn:...:User:manager.value"): a source tried but empty, or passed over for an earlier one, was
// not kept. The SCIM id is read for manager references.
std::set<std::string> used_paths(const SourcedFields &fields) {
    std::set<std::string> used = {"id"};
    for (const auto &[field, sourced] : fields) {
        if (sourced.value.empty()) {
            continue;
        }
        std::string_view rest = sourced.source;
        while (!rest.empty()) {
            const auto plus = rest.find('+');
            used.emplace(rest.substr(0, plus));
            rest = plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
        }
    }
    return used;
}

bool any_used_under(const std::set<std::string> &used, const std::string &path) {
    for (auto it = used.lower_bound(path); it != used.end() && it->starts_with(path); ++it) {
        if (it->size() == path.size() || (*it)[path.size()] == '.' || (*it)[path.size()] == ':') {
            return true;
        }
    }
    return false;
}

// Names `path` when nothing under it was used; its unused parts when some were.
void drop_unused(const Json &value, const std::string &path, const std::string &separator,
                 const std::set<std::string> &used, std::set<std::string> &dropped) {
    if (used.contains(path)) {
        return;
    }
    if (!value.is_object()) {
        // An empty value carried nothing to drop. A bare value where an object's part was read
        // (Entra ID's manager id) is that part.
        const bool empty =
            value.is_null() || (value.is_string() && value.get<std::string>().empty());
        if (!empty && !any_used_under(used, path)) {
            dropped.insert(path);
        }
        return;
    }
    for (const auto &[part, inner] : value.items()) {
        drop_unused(inner, path + separator + part, ".", used, dropped);
    }
}

// Reports every attribute of `user` that was not kept, sub-attributes by name; an extension
// nothing was read from is named by its URN alone.
void drop_unread(const Json &user, const std::set<std::string> &used,
                 std::set<std::string> &dropped) {
    for (const auto &[attribute, value] : user.items()) {
        if (is_structural(attribute)) {
            continue;
        }
        const bool extension = attribute.starts_with("urn:") && value.is_object();
        if (extension && !any_used_under(used, attribute)) {
            dropped.insert(attribute);
        } else {
            drop_unused(value, attribute, extension ? ":" : ".", used, dropped);
        }
    }
}

SourcedValue mapped(const Json &user, const DirectoryMapping &mapping, const char *field) {
    const auto it = mapping.scim.find(field);
    if (it == mapping.scim.end()) {
        return {};
    }
    return first_value(it->second,
                       [&](const std::string &path) { return scim_attribute(user, path); });
}

}  // namespace

std::string scim_attribute(const Json &user, std::string_view path) {
    auto [urn, attribute] = split_path(path);
    const Json *at = &user;
    if (!urn.empty()) {
        const auto ext = user.find(urn);
        if (ext == user.end() || !ext->is_object()) {
            return {};
        }
        at = &*ext;
    }
    std::string_view rest = attribute;
    while (!rest.empty()) {
        const auto dot = rest.find('.');
        const std::string segment(rest.substr(0, dot));
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        if (at->is_string() && segment == "value" && rest.empty()) {
            return at->get<std::string>();  // Entra ID's bare manager id
        }
        if (!at->is_object()) {
            return {};
        }
        const auto next = at->find(segment);
        if (next == at->end()) {
            return {};
        }
        at = &*next;
    }
    return scim_scalar_text(*at);
}

std::string scim_employee_id(const Json &user, const DirectoryMapping &mapping) {
    return mapped(user, mapping, "id").value;
}

DirectoryImport import_scim_users(const std::vector<Json> &users, const std::string &agency,
                                  const DirectoryMapping &mapping) {
    DirectoryImport import;
    // A manager reference holds the manager's SCIM id; the plugin keys people by employee id.
    std::unordered_map<std::string, std::string> employee_id_of;
    for (const Json &user : users) {
        // A user without a SCIM id is nobody's manager reference: "" means "no manager".
        const std::string scim_id = user.is_object() ? text_of(user, "id") : std::string();
        if (!scim_id.empty()) {
            employee_id_of[scim_id] = scim_employee_id(user, mapping);
        }
    }
    std::size_t row = 0;
    for (const Json &user : users) {
        ++row;
        if (!user.is_object()) {
            import.rejected.push_back({row, "a SCIM resource must be a JSON object"});
            continue;
        }
        SourcedFields fields;
        for (const auto &[field, sources] : mapping.scim) {
            fields[field] = mapped(user, mapping, field.c_str());
        }
        for (const char *field : {"category", "shift"}) {
            fields.try_emplace(field);  // named "no source" in warnings
        }
        if (auto manager = fields.find("supervisor_id"); manager != fields.end()) {
            const auto translated = employee_id_of.find(manager->second.value);
            if (translated != employee_id_of.end()) {
                manager->second.value = translated->second;
            }
        }
        drop_unread(user, used_paths(fields), import.dropped_fields);
        add_mapped_record(mapping, row, fields, agency, import);
    }
    return import;
}

DirectoryImport import_scim_list(const Json &list, const std::string &agency,
                                 const DirectoryMapping &mapping) {
    const auto schemas = list.find("schemas");
    const bool is_list =
        schemas != list.end() && schemas->is_array() &&
        std::find(schemas->begin(), schemas->end(), kScimListResponse) != schemas->end();
    if (!is_list) {
        throw Error(
            ErrorCode::invalid_request,
            "not a SCIM ListResponse: schemas must contain " + std::string(kScimListResponse),
            "/params/scim/schemas");
    }
    const auto resources = list.find("Resources");
    if (resources == list.end()) {
        return {};
    }
    if (!resources->is_array()) {
        throw Error(ErrorCode::invalid_request, "SCIM Resources must be an array",
                    "/params/scim/Resources");
    }
    return import_scim_users(resources->get<std::vector<Json>>(), agency, mapping);
}

}  // namespace psp
