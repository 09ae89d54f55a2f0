// program_policy.hpp: the agency's selection and coverage policy (IACP 3.8, 4.1, 6.8, 7.4).
//
// Parsed from the configuration's "policy.selection" and "policy.coverage" objects; every value
// has a documented default (docs/integration.md, "Policy").
#pragma once

#include <string>
#include <vector>

#include "plugin/core/enum_table.hpp"

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

inline constexpr auto kSelectionStepNames = enum_table<SelectionStep>({
    {SelectionStep::recommendations, "recommendations"},
    {SelectionStep::good_standing, "good_standing"},
    {SelectionStep::interview, "interview"},
    {SelectionStep::decision, "decision"},
    {SelectionStep::agreement, "agreement"},
    {SelectionStep::initial_training, "initial_training"},
});
inline constexpr auto kAllSelectionSteps = kSelectionStepNames.values();

inline std::string selection_step_name(SelectionStep step) {
    return std::string(kSelectionStepNames[step]);
}

struct SelectionPolicy {
    int recommendations_required = 2;
    std::vector<std::string> recommendation_relations = {"superior", "peer"};
    int min_service_months = 12;
    bool supervisors_may_serve = true;       // 7.4 lets the agency decide
    std::string decided_by = "coordinator";  // or "steering_committee"
    int agreement_resign_days = 30;
    // Where initial training comes from. Either way the training records must meet
    // policy.training.initial before a candidate becomes active: "records" (the default) reads
    // what training.record and training.import stored; "attestation" lets the coordinator attest
    // training done elsewhere, which is stored as attendance (course or topics, hours, provider).
    std::string initial_training_source = "records";
    // Four eyes on selection and deselection (methods/separation_of_duties.hpp).
    bool separation_of_duties = true;
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

}  // namespace psp
