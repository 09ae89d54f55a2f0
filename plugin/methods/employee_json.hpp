// employee_json.hpp: the employee record on the wire, and its JSON Schema.
#pragma once

#include "core/json_text.hpp"
#include "domain/employee.hpp"

namespace psp {

Json employee_to_json(const EmployeeRecord &employee);
const Json &employee_json_schema();

}  // namespace psp
