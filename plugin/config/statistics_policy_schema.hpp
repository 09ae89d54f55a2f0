// statistics_policy_schema.hpp: the JSON schema of policy.statistics and its parsing into the
// policy value types of policy/statistics_policy.hpp.
#pragma once

#include "plugin/core/json_text.hpp"
#include "plugin/policy/statistics_policy.hpp"

namespace psp {

const Json &statistics_policy_schema();
// `json` has passed the schema above.
StatisticsPolicy parse_statistics_policy(const Json &json);

}  // namespace psp
