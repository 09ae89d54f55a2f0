// coverage_summary.hpp: coverage.report as command staff see it (issue 20, item 3).
//
// The coordinator's report counts PSPs and headcount in every division x shift x category cell,
// exactly: a cell holding one dispatcher who is a PSP says so. Command staff may see only what
// statistics.report publishes, so their coverage report is built from its published coverage and
// headcount tables (agency view, by staff category) and carries no other figure: a suppressed
// count is null here as there, and `needed` and `below_target` are derived from published
// figures only. The projection over departures (named employees) is the coordinator's.
#pragma once

#include "plugin/dispatch/method_context.hpp"

namespace psp {

// The same keys as coverage.report, with "view": "published_statistics".
Json published_coverage_report(MethodContext &context);

}  // namespace psp
