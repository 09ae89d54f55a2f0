// separation_of_duties.hpp: four eyes on selection and deselection (IACP 4.1-4.3). Nobody
// attests, recommends, interviews or decides for themself; an interview is recorded by a member
// of its panel; a selection or deselection is decided by someone who is neither the person nor in
// their chain of command (the org chart index, acting supervisors included).
//
// On by default (policy.selection.separation_of_duties); each refusal is Error(forbidden) at
// /principal/id and names its rule, so the person knows who may take the step instead. The
// rules and the step each guards are listed in docs/integration.md ("Separation of duties").
#pragma once

#include <string>
#include <vector>

#include "plugin/dispatch/method_context.hpp"

namespace psp {

// The rules, by the name a refusal gives.
inline constexpr const char *kRuleNoSelfRecommendation = "no_self_recommendation";
inline constexpr const char *kRuleNoSelfAttestation = "no_self_attestation";
inline constexpr const char *kRuleNoSelfInterview = "no_self_interview";
inline constexpr const char *kRuleRecorderOnPanel = "interview_recorded_by_panel_member";
inline constexpr const char *kRuleNoSelfDecision = "no_self_decision";
inline constexpr const char *kRuleDeciderOutsideChain = "decider_outside_chain_of_command";
inline constexpr const char *kRuleNoSelfReview = "no_self_review";

// Error(forbidden) naming `rule` unless the principal is someone other than `subject_id`;
// `step` says what they tried ("attest their own good standing").
void require_not_self(const MethodContext &context, const std::string &subject_id, const char *rule,
                      const std::string &step);

// Error(forbidden) unless the principal is among `panel_ids`.
void require_panel_member(const MethodContext &context, const std::vector<std::string> &panel_ids);

// Error(forbidden) when the principal is `subject_id` or in their chain of command.
void require_independent_decider(MethodContext &context, const std::string &subject_id);

}  // namespace psp
