// conflict_policy_schema.cpp: role-conflict policy, with defaults.
#include "plugin/config/conflict_policy_schema.hpp"

namespace psp {

const Json &conflict_policy_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false,
      "properties": {
        "chain_of_command_depth": {"type": "integer", "minimum": 0, "maximum": 64}
      }
    })");
    return schema;
}

ConflictPolicy parse_conflict_policy(const Json &json) {
    ConflictPolicy p;
    p.chain_of_command_depth = json.value("chain_of_command_depth", p.chain_of_command_depth);
    return p;
}

}  // namespace psp
