// program_policy.hpp: the agency's selection and coverage policy (IACP 3.8, 4.1, 6.8, 7.4).
//
// Parsed from the configuration's "policy.selection" and "policy.coverage" objects; every value
// has a documented default (docs/integration.md, "Policy").
#pragma once

#include <string>
#include <vector>

#include "core/json_text.hpp"

namespace psp {

// The selection steps after the application, in the order a candidate takes them.
enum class SelectionStep {
    recommendations,
    good_standing,
    interview,
    decision,
    agreement,
    initial_training,
};

inline constexpr SelectionStep kAllSelectionSteps[] = {
    SelectionStep::recommendations, SelectionStep::good_standing, SelectionStep::interview,
    SelectionStep::decision,        SelectionStep::agreement,     SelectionStep::initial_training};

std::string selection_step_name(SelectionStep step);

struct SelectionPolicy {
    int recommendations_required = 2;
    std::vector<std::string> recommendation_relations = {"superior", "peer"};
    int min_service_months = 12;
    bool supervisors_may_serve = true;       // 7.4 lets the agency decide
    std::string decided_by = "coordinator";  // or "steering_committee"
    int agreement_resign_days = 30;
    // "attestation": the coordinator records completion; "records": the training records must
    // meet the initial training policy.
    std::string initial_training_source = "attestation";
    // The shortened path a deselected PSP takes back (4.3).
    std::vector<SelectionStep> reinstatement_steps = {
        SelectionStep::good_standing, SelectionStep::agreement, SelectionStep::initial_training};
};

struct CoveragePolicy {
    int employees_per_psp = 50;  // the target: one active PSP for this many employees
    // The level the target is set at: empty for agency-wide, or any of "division", "shift",
    // "category" to apply the ratio to each such group's headcount.
    std::vector<std::string> target_by;
    std::vector<std::string> partner_agencies;
};

const Json &selection_policy_schema();
const Json &coverage_policy_schema();
// `json` has passed the schema above.
SelectionPolicy parse_selection_policy(const Json &json);
CoveragePolicy parse_coverage_policy(const Json &json);

}  // namespace psp
