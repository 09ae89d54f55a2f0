// published_statistics.hpp: statistics.report's tables as published, for other answers command
// staff can reach (coverage.report), so every figure they see passes one suppression and no two
// answers can be played against each other (issue 20, item 3).
#pragma once

#include <string>
#include <vector>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/management_statistics.hpp"

namespace psp {

// The agency view of the group tables named ("training_compliance", "coverage", "headcount"),
// exactly as statistics.report publishes them now (in the order asked).
std::vector<StatisticsTable> published_group_statistics(MethodContext &context,
                                                        const std::vector<std::string> &tables);

}  // namespace psp
