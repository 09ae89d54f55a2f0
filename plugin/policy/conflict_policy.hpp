// conflict_policy.hpp: the agency's role-conflict policy (IACP 7.2), from "policy.conflicts".
#pragma once

namespace psp {

struct ConflictPolicy {
    // How many levels up or down the chain of command conflict; 0 (the default): any depth.
    unsigned chain_of_command_depth = 0;
};

}  // namespace psp
