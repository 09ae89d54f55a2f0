// scim_directory.cpp: SCIM User attributes through the allow-list.
#include "adapters/scim_directory.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"

namespace psp {
namespace {

// The resource's schema list says what the resource is, not anything about the person: read,
// neither kept nor reported. Everything else not kept is named, sub-attributes included.
bool is_structural(const std::string &attribute) {
    return attribute == "schemas";
}

// Names `prefix`.<sub> for every sub-attribute of `object` not in `read` (or `prefix` itself when
// it is not an object and nothing of it is read).
void drop_unread_parts(const Json &object, const std::string &prefix,
                       std::initializer_list<std::string_view> read,
                       std::set<std::string> &dropped) {
    if (!object.is_object()) {
        if (read.size() == 0) {
            dropped.insert(prefix);
        }
        return;
    }
    for (const auto &[sub, value] : object.items()) {
        if (std::find(read.begin(), read.end(), sub) == read.end()) {
            dropped.insert(prefix + "." + sub);
        }
    }
}

std::string text_of(const Json &object, const char *key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Which parts of name person_name read: none under a displayName, formatted alone when present.
void drop_unread_name(const Json &user, std::set<std::string> &dropped) {
    const auto name = user.find("name");
    if (name == user.end()) {
        return;
    }
    if (!text_of(user, "displayName").empty()) {
        drop_unread_parts(*name, "name", {}, dropped);
    } else if (name->is_object() && !text_of(*name, "formatted").empty()) {
        drop_unread_parts(*name, "name", {"formatted"}, dropped);
    } else {
        drop_unread_parts(*name, "name", {"formatted", "givenName", "familyName"}, dropped);
    }
}

std::string person_name(const Json &user) {
    if (std::string display = text_of(user, "displayName"); !display.empty()) {
        return display;
    }
    const auto name = user.find("name");
    if (name == user.end() || !name->is_object()) {
        return {};
    }
    if (std::string formatted = text_of(*name, "formatted"); !formatted.empty()) {
        return formatted;
    }
    std::string given = text_of(*name, "givenName");
    const std::string family = text_of(*name, "familyName");
    return given.empty() ? family : (family.empty() ? given : given + " " + family);
}

std::string manager_reference(const Json &enterprise) {
    const auto manager = enterprise.find("manager");
    if (manager == enterprise.end()) {
        return {};
    }
    if (manager->is_string()) {
        return manager->get<std::string>();  // Entra ID's bare id
    }
    return manager->is_object() ? text_of(*manager, "value") : std::string();
}

const Json &extension(const Json &user, std::string_view urn) {
    static const Json empty = Json::object();
    const auto it = user.find(std::string(urn));
    return it != user.end() && it->is_object() ? *it : empty;
}

// Reports every attribute of an extension that the mapping does not read.
void drop_unread(const Json &ext, std::string_view urn, std::initializer_list<const char *> read,
                 std::set<std::string> &dropped) {
    for (const auto &[attribute, value] : ext.items()) {
        bool kept = false;
        for (const char *name : read) {
            kept = kept || attribute == name;
        }
        if (!kept) {
            dropped.insert(std::string(urn) + ":" + attribute);
        }
    }
}

void drop_unread_core(const Json &user, std::set<std::string> &dropped) {
    // meta and name are named part by part (drop_unread_parts).
    static const char *const kRead[] = {"id",       "displayName", "name", "title",
                                        "userType", "active",      "meta"};
    for (const auto &[attribute, value] : user.items()) {
        if (is_structural(attribute) || attribute == kScimEnterpriseUser ||
            attribute == kScimPluginUser) {
            continue;
        }
        bool kept = false;
        for (const char *name : kRead) {
            kept = kept || attribute == name;
        }
        if (!kept) {
            dropped.insert(attribute);
        }
    }
}

std::string employee_id(const Json &user) {
    const std::string number = text_of(extension(user, kScimEnterpriseUser), "employeeNumber");
    return number.empty() ? text_of(user, "id") : number;
}

std::string scim_category(const Json &user, const Json &plugin_ext) {
    if (std::string c = text_of(plugin_ext, "staffCategory"); !c.empty()) {
        return c;
    }
    const std::string type = text_of(user, "userType");
    return parse_staff_category(type) ? type : "civilian";
}

}  // namespace

std::string scim_employee_id(const Json &user) {
    return employee_id(user);
}

DirectoryImport import_scim_users(const std::vector<Json> &users, const std::string &agency) {
    DirectoryImport import;
    // manager.value holds the manager's SCIM id; the plugin keys people by employeeNumber.
    std::unordered_map<std::string, std::string> employee_number_of;
    for (const Json &user : users) {
        // A user without a SCIM id is nobody's manager reference: "" means "no manager".
        const std::string scim_id = user.is_object() ? text_of(user, "id") : std::string();
        if (!scim_id.empty()) {
            employee_number_of[scim_id] = employee_id(user);
        }
    }
    std::size_t row = 0;
    for (const Json &user : users) {
        ++row;
        if (!user.is_object()) {
            import.rejected.push_back({row, "a SCIM resource must be a JSON object"});
            continue;
        }
        const Json &enterprise = extension(user, kScimEnterpriseUser);
        const Json &plugin_ext = extension(user, kScimPluginUser);
        EmployeeRecordBuilder b(agency);
        b.set("id", employee_id(user));
        b.set("name", person_name(user));
        b.set("title", text_of(user, "title"));
        b.set("category", scim_category(user, plugin_ext));
        b.set("agency", text_of(enterprise, "organization"));
        b.set("division", text_of(enterprise, "division"));
        const std::string unit = text_of(plugin_ext, "unit");
        b.set("unit", unit.empty() ? text_of(enterprise, "department") : unit);
        b.set("shift", text_of(plugin_ext, "shift"));
        b.set("hire_date", text_of(plugin_ext, "hireDate"));
        const std::string manager = manager_reference(enterprise);
        const auto mapped = employee_number_of.find(manager);
        b.set("supervisor_id", mapped == employee_number_of.end() ? manager : mapped->second);
        if (const auto active = user.find("active"); active != user.end() && active->is_boolean()) {
            b.set_active(active->get<bool>());
        }
        drop_unread_core(user, import.dropped_fields);
        drop_unread_name(user, import.dropped_fields);
        if (const auto meta = user.find("meta"); meta != user.end()) {
            drop_unread_parts(*meta, "meta", {}, import.dropped_fields);
        }
        if (const auto manager = enterprise.find("manager");
            manager != enterprise.end() && manager->is_object()) {
            drop_unread_parts(*manager, std::string(kScimEnterpriseUser) + ":manager", {"value"},
                              import.dropped_fields);
        }
        drop_unread(enterprise, kScimEnterpriseUser,
                    {"employeeNumber", "organization", "division", "department", "manager"},
                    import.dropped_fields);
        drop_unread(plugin_ext, kScimPluginUser, {"staffCategory", "unit", "shift", "hireDate"},
                    import.dropped_fields);
        if (std::string problem = b.problem(); !problem.empty()) {
            import.rejected.push_back({row, std::move(problem)});
            continue;
        }
        import.records.push_back(b.take());
    }
    return import;
}

DirectoryImport import_scim_list(const Json &list, const std::string &agency) {
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
    return import_scim_users(resources->get<std::vector<Json>>(), agency);
}

}  // namespace psp
