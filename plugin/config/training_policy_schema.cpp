// training_policy_schema.cpp: training policy, with defaults.
#include "plugin/config/training_policy_schema.hpp"

#include "plugin/core/error.hpp"
#include "plugin/domain/training_catalog.hpp"
#include "plugin/domain/training_record.hpp"

namespace psp {
namespace {

const char *const kPolicyField = "/config/policy/training";

int64_t minutes_of(const Json &hours) {
    return minutes_from_hours(hours.get<double>());
}

// The schema has no "pattern" (valijson), so codes are checked here.
std::vector<std::string> topic_codes(const Json &list, const std::string &field) {
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string code = list[i].get<std::string>();
        if (!is_valid_training_code(code)) {
            throw Error(ErrorCode::invalid_request,
                        "'" + code + "' is not a topic code (a-z, 0-9 and '_', 1 to 64)",
                        field + "/" + std::to_string(i));
        }
        codes.push_back(code);
    }
    return codes;
}

TrainingPeriod parse_period(const std::string &name) {
    // The schema lists the names, so quarter is unreachable.
    return kTrainingPeriodNames.parse(name).value_or(TrainingPeriod::quarter);
}

void parse_initial(const Json &json, InitialTrainingPolicy &p) {
    if (json.contains("hours")) {
        p.minutes = minutes_of(json.at("hours"));
    }
    if (json.contains("topics")) {
        p.topics = topic_codes(json.at("topics"), std::string(kPolicyField) + "/initial/topics");
    }
}

void parse_continuing(const Json &json, ContinuingTrainingPolicy &p) {
    p.period = parse_period(json.value("period", training_period_name(p.period)));
    if (json.contains("hours")) {
        p.minutes_per_period = minutes_of(json.at("hours"));
    }
    p.grace_days = json.value("grace_days", p.grace_days);
    p.due_soon_days = json.value("due_soon_days", p.due_soon_days);
    p.cycle_periods = json.value("cycle_periods", p.cycle_periods);
    if (json.contains("cycle_topics")) {
        p.cycle_topics = topic_codes(json.at("cycle_topics"),
                                     std::string(kPolicyField) + "/continuing/cycle_topics");
    }
}

}  // namespace

const Json &training_policy_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false,
      "properties": {
        "initial": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "hours": {"type": "number", "minimum": 0, "maximum": 1000},
            "topics": {"type": "array", "maxItems": 256, "uniqueItems": true,
                       "items": {"type": "string"}}
          }
        },
        "continuing": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "period": {"enum": ["month", "quarter", "half_year", "year"]},
            "hours": {"type": "number", "minimum": 0, "maximum": 1000},
            "grace_days": {"type": "integer", "minimum": 0, "maximum": 366},
            "due_soon_days": {"type": "integer", "minimum": 0, "maximum": 366},
            "cycle_periods": {"type": "integer", "minimum": 1, "maximum": 48},
            "cycle_topics": {"type": "array", "maxItems": 256, "uniqueItems": true,
                             "items": {"type": "string"}}
          }
        },
        "future_tolerance_days": {"type": "integer", "minimum": 0, "maximum": 366},
        "leave_pauses_clock": {"type": "boolean"}
      }
    })");
    return schema;
}

TrainingPolicy parse_training_policy(const Json &json) {
    TrainingPolicy p;
    parse_initial(json.value("initial", Json::object()), p.initial);
    parse_continuing(json.value("continuing", Json::object()), p.continuing);
    p.future_tolerance_days = json.value("future_tolerance_days", p.future_tolerance_days);
    p.leave_pauses_clock = json.value("leave_pauses_clock", p.leave_pauses_clock);
    return p;
}

}  // namespace psp
