// program_policy_schema.cpp: selection and coverage policy, with defaults.
#include "plugin/config/program_policy_schema.hpp"

namespace psp {
namespace {

SelectionStep parse_step(const std::string &name) {
    // The schema lists the names, so decision is unreachable.
    return kSelectionStepNames.parse(name).value_or(SelectionStep::decision);
}

}  // namespace

const Json &selection_policy_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false,
      "properties": {
        "recommendations_required": {"type": "integer", "minimum": 0, "maximum": 10},
        "recommendation_relations": {"type": "array", "minItems": 1, "uniqueItems": true,
          "items": {"enum": ["superior", "peer"]}},
        "min_service_months": {"type": "integer", "minimum": 0, "maximum": 600},
        "supervisors_may_serve": {"type": "boolean"},
        "decided_by": {"enum": ["coordinator", "steering_committee"]},
        "agreement_resign_days": {"type": "integer", "minimum": 1, "maximum": 365},
        "initial_training_source": {"enum": ["attestation", "records"]},
        "separation_of_duties": {"type": "boolean"},
        "reinstatement_steps": {"type": "array", "uniqueItems": true,
          "items": {"enum": ["recommendations", "good_standing", "interview", "decision",
                             "agreement", "initial_training"]}}
      }
    })");
    return schema;
}

const Json &coverage_policy_schema() {
    static const Json schema = Json::parse(R"({
      "type": "object", "additionalProperties": false,
      "properties": {
        "employees_per_psp": {"type": "integer", "minimum": 1, "maximum": 100000},
        "target_by": {"type": "array", "uniqueItems": true,
          "items": {"enum": ["division", "shift", "category"]}},
        "partner_agencies": {"type": "array", "maxItems": 64, "uniqueItems": true,
          "items": {"type": "string", "minLength": 1, "maxLength": 64}}
      }
    })");
    return schema;
}

SelectionPolicy parse_selection_policy(const Json &json) {
    SelectionPolicy p;
    p.recommendations_required = json.value("recommendations_required", p.recommendations_required);
    p.recommendation_relations = json.value("recommendation_relations", p.recommendation_relations);
    p.min_service_months = json.value("min_service_months", p.min_service_months);
    p.supervisors_may_serve = json.value("supervisors_may_serve", p.supervisors_may_serve);
    p.decided_by = json.value("decided_by", p.decided_by);
    p.agreement_resign_days = json.value("agreement_resign_days", p.agreement_resign_days);
    p.initial_training_source = json.value("initial_training_source", p.initial_training_source);
    p.separation_of_duties = json.value("separation_of_duties", p.separation_of_duties);
    if (const auto it = json.find("reinstatement_steps"); it != json.end()) {
        p.reinstatement_steps.clear();
        // Kept in selection order whatever order the configuration lists them in.
        for (SelectionStep step : kAllSelectionSteps) {
            for (const Json &name : *it) {
                if (parse_step(name.get<std::string>()) == step) {
                    p.reinstatement_steps.push_back(step);
                }
            }
        }
    }
    return p;
}

CoveragePolicy parse_coverage_policy(const Json &json) {
    CoveragePolicy p;
    p.employees_per_psp = json.value("employees_per_psp", p.employees_per_psp);
    p.target_by = json.value("target_by", p.target_by);
    p.partner_agencies = json.value("partner_agencies", p.partner_agencies);
    return p;
}

}  // namespace psp
