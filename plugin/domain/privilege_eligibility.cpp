// privilege_eligibility.cpp: the privilege rules of a jurisdiction profile, applied to one PSP.
#include "plugin/domain/privilege_eligibility.hpp"

#include <algorithm>

namespace psp {
namespace {

std::string hours_text(int64_t minutes) {
    const int64_t whole = minutes / 60, rest = minutes % 60;
    return std::to_string(whole) + (rest == 0 ? "" : ":" + std::to_string(100 + rest).substr(1)) +
           "h";
}

RuleFailure failure(const JurisdictionRule &rule, std::string reason, std::string since = {}) {
    return {rule.id, rule.kind, rule.citation, std::move(reason), std::move(since), rule.basis};
}

// A critical_incident_only rule is about what is said, not about the PSP: failing it does not
// make the PSP fall short of the profile's conditions.
void check_scope(const JurisdictionRule &rule, const IncidentPrivilegeFacts *incident,
                 std::vector<RuleFailure> &out) {
    if (incident == nullptr) {
        out.push_back(failure(rule,
                              "only information regarding a critical incident is covered: "
                              "ask with the incident's incident_id"));
        return;
    }
    const auto &kinds = rule.incident_categories;
    if (std::find(kinds.begin(), kinds.end(), incident->category) == kinds.end()) {
        out.push_back(failure(
            rule,
            "a " + incident->category + " incident is not a critical incident under this rule",
            format_iso_date(incident->date)));
    }
}

std::string all_reasons(const std::vector<RuleFailure> &failures) {
    std::string out;
    for (const RuleFailure &f : failures) {
        out += (out.empty() ? "" : "; ") + f.reason + " (" + f.citation + ")";
    }
    return out;
}

bool training_fails(const JurisdictionRule &rule, const PspPrivilegeFacts &psp) {
    if (psp.training == ComplianceState::lapsed) {
        return true;
    }
    return rule.fails_when == TrainingFailsWhen::overdue &&
           psp.training == ComplianceState::overdue;
}

void check_training(const JurisdictionRule &rule, const PspPrivilegeFacts &psp,
                    std::vector<RuleFailure> &out) {
    if (psp.training == ComplianceState::initial_training_incomplete) {
        out.push_back(failure(rule, "initial training not complete (policy.training.initial)"));
        return;
    }
    if (rule.initial_minutes > 0 && psp.initial_minutes_done &&
        *psp.initial_minutes_done < rule.initial_minutes) {
        out.push_back(failure(rule, "initial training " + hours_text(*psp.initial_minutes_done) +
                                        " recorded, " + hours_text(rule.initial_minutes) +
                                        " required"));
    }
    if (!training_fails(rule, psp)) {
        return;
    }
    if (!psp.overdue_since) {
        out.push_back(failure(rule, "training requirement not met"));
        return;
    }
    // overdue_since is the day after the first unmet period ended: that period is the answer.
    const DayNumber first_unmet = day_number(*psp.overdue_since) - 1;
    const std::string label = period_label(period_containing(first_unmet, psp.period), psp.period);
    out.push_back(failure(rule, "training requirement not met since " + label,
                          format_iso_date(*psp.overdue_since)));
}

void check_designation(const JurisdictionRule &rule, const PspPrivilegeFacts &psp,
                       const IncidentPrivilegeFacts &incident, std::vector<RuleFailure> &out) {
    if (!psp.designated_on) {
        out.push_back(failure(rule, "designation date not recorded"));
    } else if (*psp.designated_on >= incident.date) {
        out.push_back(failure(rule,
                              "designated after the incident (designated " +
                                  format_iso_date(*psp.designated_on) + ", incident " +
                                  format_iso_date(incident.date) + ")",
                              format_iso_date(*psp.designated_on)));
    }
}

void check_involvement(const JurisdictionRule &rule, const IncidentPrivilegeFacts &incident,
                       std::vector<RuleFailure> &out) {
    if (!incident.psp_involvement) {
        return;
    }
    const Involvement kind = *incident.psp_involvement;
    // Involved without a recorded kind: it may be one the rule names, so privilege is not assumed.
    if (kind == Involvement::unspecified) {
        out.push_back(failure(rule, "involved in the incident (how was not recorded)",
                              format_iso_date(incident.date)));
        return;
    }
    if (std::find(rule.involvement.begin(), rule.involvement.end(), kind) ==
        rule.involvement.end()) {
        return;
    }
    out.push_back(failure(rule, std::string(involvement_name(kind)) + " in the incident",
                          format_iso_date(incident.date)));
}

}  // namespace

PrivilegeEligibility privilege_eligibility(const JurisdictionProfile &profile,
                                           const PspPrivilegeFacts &psp,
                                           const IncidentPrivilegeFacts *incident) {
    PrivilegeEligibility result;
    for (const JurisdictionRule &rule : profile.rules) {
        if (rule.kind == RuleKind::training_requirement) {
            check_training(rule, psp, result.failures);
        } else if (rule.kind == RuleKind::designated_before_incident && incident != nullptr) {
            check_designation(rule, psp, *incident, result.failures);
        } else if (rule.kind == RuleKind::not_involved_in_incident && incident != nullptr) {
            check_involvement(rule, *incident, result.failures);
        } else if (rule.kind == RuleKind::critical_incident_only) {
            check_scope(rule, incident, result.failures);
        }
    }
    result.meets_requirements = std::none_of(
        result.failures.begin(), result.failures.end(),
        [](const RuleFailure &f) { return f.kind != RuleKind::critical_incident_only; });
    const Protection &protection = profile.protection;
    result.eligible = protection.claims_privilege() && result.failures.empty();
    if (!protection.claims_privilege()) {
        result.answer = no_privilege_answer(protection);
        if (!result.failures.empty()) {
            result.answer +=
                "; the profile's conditions are not met either: " + all_reasons(result.failures);
        }
    } else if (result.eligible) {
        result.answer =
            "privileged under " + protection.citation + ", within the limits the recipient is told";
    } else {
        result.answer =
            "not privileged under " + protection.citation + ": " + all_reasons(result.failures);
    }
    return result;
}

std::string no_privilege_answer(const Protection &p) {
    if (p.claims_privilege()) {
        return {};
    }
    switch (p.kind) {
        case ProtectionKind::none:
            return "no statutory privilege: " + p.summary;
        case ProtectionKind::not_verified:
            return "no privilege claimed: what " + p.citation +
                   " protects was not verified; ask the agency's legal advisor";
        case ProtectionKind::confidentiality:
            return "no testimonial privilege claimed: confidential under " + p.citation +
                   " with the exceptions it lists";
        case ProtectionKind::public_records_confidentiality:
            return "no testimonial privilege: " + p.citation +
                   " keeps participation out of public-records requests only";
        default:
            break;
    }
    const std::string status =
        p.source ? std::string(law_status_name(p.source->status)) : std::string("no source");
    return "no privilege claimed: " + p.citation + " is not confirmed as enacted law (" + status +
           ")";
}

bool has_incident_rules(const JurisdictionProfile &profile) {
    return profile.has(RuleKind::designated_before_incident) ||
           profile.has(RuleKind::not_involved_in_incident) ||
           profile.has(RuleKind::critical_incident_only);
}

}  // namespace psp
