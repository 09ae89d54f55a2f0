// activation_policy_schema.hpp: the JSON schema of policy.activation and its parsing into the
// policy value types of policy/activation_policy.hpp.
#pragma once

#include "plugin/core/json_text.hpp"
#include "plugin/policy/activation_policy.hpp"

namespace psp {

const Json &activation_policy_schema();
// `json` has passed the schema above.
ActivationPolicy parse_activation_policy(const Json &json);

}  // namespace psp
