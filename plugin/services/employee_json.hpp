// employee_json.hpp: the employee record on the wire, and its JSON Schema.
#pragma once

#include "plugin/core/json_text.hpp"
#include "plugin/domain/employee.hpp"

namespace psp {

Json employee_to_json(const EmployeeRecord &employee);

}  // namespace psp
