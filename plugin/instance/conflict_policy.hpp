// conflict_policy.hpp: the agency's role-conflict policy (IACP 7.2), from "policy.conflicts".
#pragma once

#include "core/json_text.hpp"

namespace psp {

struct ConflictPolicy {
    // How many levels up or down the chain of command conflict; 0 (the default): any depth.
    unsigned chain_of_command_depth = 0;
};

const Json &conflict_policy_schema();
// `json` has passed the schema above.
ConflictPolicy parse_conflict_policy(const Json &json);

}  // namespace psp
