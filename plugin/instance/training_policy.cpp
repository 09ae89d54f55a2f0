// training_policy.cpp: training policy, with defaults.
#include "instance/training_policy.hpp"

namespace psp {

const Json &training_policy_schema() {
    static const Json schema =
        Json::parse(R"({"type": "object", "additionalProperties": false, "properties": {}})");
    return schema;
}

TrainingPolicy parse_training_policy(const Json & /*json*/) {
    return {};
}

}  // namespace psp
