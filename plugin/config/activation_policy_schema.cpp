// activation_policy_schema.cpp: activation policy, with defaults.
#include "plugin/config/activation_policy_schema.hpp"

namespace psp {

const Json &activation_policy_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false,
      "properties": {
        "check_in_hours": {"type": "integer", "minimum": 24, "maximum": 720},
        "retention_days": {"type": "integer", "minimum": 0, "maximum": 3650},
        "referral_prompt_at": {"type": "integer", "minimum": 2, "maximum": 100}
      }
    })");
    return schema;
}

ActivationPolicy parse_activation_policy(const Json &json) {
    ActivationPolicy p;
    p.check_in_hours = json.value("check_in_hours", p.check_in_hours);
    p.retention_days = json.value("retention_days", p.retention_days);
    p.referral_prompt_at = json.value("referral_prompt_at", p.referral_prompt_at);
    return p;
}

}  // namespace psp
