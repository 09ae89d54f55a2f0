// employee_json.cpp: EmployeeRecord <-> wire JSON.
#include "plugin/services/employee_json.hpp"

namespace psp {

Json employee_to_json(const EmployeeRecord &e) {
    return {{"id", e.id},
            {"name", e.name},
            {"title", e.title},
            {"category", staff_category_name(e.category)},
            {"agency", e.agency},
            {"division", e.division},
            {"unit", e.unit},
            {"shift", e.shift},
            {"supervisor_id", e.supervisor_id.empty() ? Json(nullptr) : Json(e.supervisor_id)},
            {"active", e.active},
            {"hire_date", e.hire_date.empty() ? Json(nullptr) : Json(e.hire_date)}};
}

const Json &employee_json_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "name", "title", "category", "agency", "division", "unit", "shift",
                   "supervisor_id", "active", "hire_date"],
      "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "title": {"type": "string"},
        "category": {"enum": ["sworn", "civilian", "dispatcher", "unknown"]},
        "agency": {"type": "string"}, "division": {"type": "string"},
        "unit": {"type": "string"}, "shift": {"type": "string"},
        "supervisor_id": {"type": ["string", "null"]}, "active": {"type": "boolean"},
        "hire_date": {"type": ["string", "null"], "minLength": 10, "maxLength": 10}
      }
    })");
    return schema;
}

}  // namespace psp
