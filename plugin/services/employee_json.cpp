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

}  // namespace psp
