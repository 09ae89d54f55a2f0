// privilege_eligibility.hpp: would a PSP's communications be privileged under the agency's
// jurisdiction profile, and if not, which rule fails and since when (IACP 2.2.3, 6.3-6.5).
//
// Two answers, kept apart: whether the PSP meets the profile's conditions (training, designation,
// not involved), and whether the conversation would be privileged, which needs an enacted
// testimonial privilege too. A profile without one (the IACP guidelines, West Virginia's failed
// bill, public-records confidentiality only) never answers "privileged".
//
// Pure: the method layer gathers each PSP's facts (status, designation date, training
// compliance) and, for a given incident, its date and the PSP's involvement in it. Rules about an
// incident are only checked when one is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/domain/jurisdiction_profile.hpp"
#include "plugin/domain/training_compliance.hpp"

namespace psp {

struct PspPrivilegeFacts {
    std::optional<CivilDate> designated_on;  // the selection decision (absent: not recorded)
    ComplianceState training = ComplianceState::compliant;
    std::optional<CivilDate> overdue_since;
    TrainingPeriod period = TrainingPeriod::quarter;  // policy.training.continuing.period
    int grace_days = 30;
    std::optional<int64_t> initial_minutes_done;  // loaded only when a rule needs it
};

struct IncidentPrivilegeFacts {
    CivilDate date;
    std::optional<Involvement> psp_involvement;  // absent: the PSP is not involved
    std::string category;                        // post_critical_incident, on_scene_support, ...
};

struct RuleFailure {
    std::string rule_id;
    RuleKind kind = RuleKind::training_requirement;
    std::string citation;
    std::string reason;  // "training requirement not met since 2027-Q1"
    std::string since;   // YYYY-MM-DD, or "" when it has no date
    RuleBasis basis = RuleBasis::statute;
};

struct PrivilegeEligibility {
    bool meets_requirements = true;  // no failure of a condition on the PSP
    bool eligible = true;            // privileged: an enacted testimonial privilege, all rules met
    std::string answer;              // one plain sentence: "no statutory privilege: ..."
    std::vector<RuleFailure> failures;  // in the profile's rule order
};

PrivilegeEligibility privilege_eligibility(const JurisdictionProfile &profile,
                                           const PspPrivilegeFacts &psp,
                                           const IncidentPrivilegeFacts *incident);

// The plain answer for a profile whose protection is not an enacted testimonial privilege, or ""
// when it is one.
std::string no_privilege_answer(const Protection &protection);

// Whether `profile` has rules that depend on the incident (designation, involvement, scope).
bool has_incident_rules(const JurisdictionProfile &profile);

}  // namespace psp
