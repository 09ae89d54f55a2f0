// org_chart_change.hpp: whether a few changes keep a valid org chart valid, decided from the
// changes and the chart's index, without a pass over every person's record.
//
// An incremental sync of 1,000 people at 100,000 would otherwise validate 100,000 records to learn
// what only the changed edges can break: a cycle must run through a changed supervisor, a
// dangling supervisor must be a changed one or a removed person's report, and the count of people
// at the top moves only with the changes.
#pragma once

#include <string>
#include <vector>

#include "plugin/domain/employee.hpp"
#include "plugin/domain/org_chart_index.hpp"
#include "plugin/domain/org_chart_validation.hpp"

namespace psp {

// True when `before` (the index of a valid chart) with `upserts` added or replaced and `removals`
// taken out is certainly valid under `policy`. False when it may not be: the caller then
// validates the whole chart (validate_org_chart), which names the problem.
bool change_keeps_chart_valid(const OrgChartIndex &before,
                              const std::vector<EmployeeRecord> &upserts,
                              const std::vector<std::string> &removals,
                              const OrgChartPolicy &policy);

}  // namespace psp
