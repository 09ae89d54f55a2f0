// training_policy.hpp: the agency's training policy (IACP 8.1-8.3), from "policy.training".
#pragma once

#include "core/json_text.hpp"

namespace psp {

struct TrainingPolicy {};

const Json &training_policy_schema();
// `json` has passed the schema above.
TrainingPolicy parse_training_policy(const Json &json);

}  // namespace psp
