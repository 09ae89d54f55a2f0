// program_policy_schema.hpp: the JSON schema of policy.selection and policy.coverage and its
// parsing into the policy value types of policy/program_policy.hpp.
#pragma once

#include "plugin/core/json_text.hpp"
#include "plugin/policy/program_policy.hpp"

namespace psp {

const Json &selection_policy_schema();
const Json &coverage_policy_schema();
// `json` has passed the schema above.
SelectionPolicy parse_selection_policy(const Json &json);
CoveragePolicy parse_coverage_policy(const Json &json);

}  // namespace psp
