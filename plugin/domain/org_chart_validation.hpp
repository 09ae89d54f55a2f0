// org_chart_validation.hpp: the rules a directory must satisfy before it replaces the old one.
//
// A broken org chart would make every chain-of-command check wrong, so a sync that would leave
// one is rejected whole: duplicate ids, self-supervision, a supervisor that does not exist, a
// supervisor cycle, or more than one root where policy says one.
#pragma once

#include <vector>

#include "plugin/domain/employee.hpp"

namespace psp {

struct OrgChartPolicy {
    bool single_root = false;  // true: exactly one employee without a supervisor
};

// Throws Error(invalid_org_chart) naming the rule and the first offending records (at most 10).
void validate_org_chart(const std::vector<EmployeeRecord> &employees, const OrgChartPolicy &policy);

}  // namespace psp
