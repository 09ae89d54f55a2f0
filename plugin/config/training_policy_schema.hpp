// training_policy_schema.hpp: the JSON schema of policy.training and its parsing into the
// policy value types of policy/training_policy.hpp.
#pragma once

#include "plugin/core/json_text.hpp"
#include "plugin/policy/training_policy.hpp"

namespace psp {

const Json &training_policy_schema();
// `json` has passed the schema above. Throws Error(invalid_request) for a malformed topic code.
TrainingPolicy parse_training_policy(const Json &json);

}  // namespace psp
