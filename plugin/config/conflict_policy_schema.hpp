// conflict_policy_schema.hpp: the JSON schema of policy.conflicts and its parsing into the
// policy value types of policy/conflict_policy.hpp.
#pragma once

#include "plugin/core/json_text.hpp"
#include "plugin/policy/conflict_policy.hpp"

namespace psp {

const Json &conflict_policy_schema();
// `json` has passed the schema above.
ConflictPolicy parse_conflict_policy(const Json &json);

}  // namespace psp
