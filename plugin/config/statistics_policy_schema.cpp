// statistics_policy_schema.cpp: statistics policy, with defaults.
#include "plugin/config/statistics_policy_schema.hpp"

namespace psp {

const Json &statistics_policy_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false,
      "properties": {
        "threshold": {"type": "integer", "minimum": 2, "maximum": 100}
      }
    })");
    return schema;
}

StatisticsPolicy parse_statistics_policy(const Json &json) {
    StatisticsPolicy p;
    p.threshold = json.value("threshold", p.threshold);
    return p;
}

}  // namespace psp
