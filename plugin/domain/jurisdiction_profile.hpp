// jurisdiction_profile.hpp: a jurisdiction profile as the domain sees it: the conditions a state
// (or the IACP guidelines) attaches to peer support privilege and program accreditation, each a
// rule of a small closed vocabulary citing its source. The instance layer parses the JSON files
// (plugin/jurisdictions/) into this; nothing here knows their wire format.
//
// Profiles are data, not legal advice: each carries the notice that the agency's legal advisor
// must review it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

namespace psp {

enum class RuleKind {
    training_requirement,
    designated_before_incident,
    not_involved_in_incident,
    no_session_recording,
    supervisor_not_required,
    multiple_supporters_allowed,
    clinician_required,
    contact_24h,
    alerting_process,
    meetings_quarterly,
    written_procedures,
    team_records,
    agency_approved_course,
    agency_may_rescind,
    coordinator_designated,
    steering_committee,
    quarterly_training,
    eligibility_roster,
    critical_incident_only,       // the privilege covers only information about such an incident
    federal_agency_only,          // the statute covers federal agencies only (checked at start)
    designated_by_agency,         // the selection decision is the agency's designation
    notice_before_first_session,  // written notice of the limits before the first session
    agency_confirms,              // a condition the plugin cannot see: the agency confirms it
};

inline constexpr auto kRuleKindNames = enum_table<RuleKind>({
    {RuleKind::training_requirement, "training_requirement"},
    {RuleKind::designated_before_incident, "designated_before_incident"},
    {RuleKind::not_involved_in_incident, "not_involved_in_incident"},
    {RuleKind::no_session_recording, "no_session_recording"},
    {RuleKind::supervisor_not_required, "supervisor_not_required"},
    {RuleKind::multiple_supporters_allowed, "multiple_supporters_allowed"},
    {RuleKind::clinician_required, "clinician_required"},
    {RuleKind::contact_24h, "contact_24h"},
    {RuleKind::alerting_process, "alerting_process"},
    {RuleKind::meetings_quarterly, "meetings_quarterly"},
    {RuleKind::written_procedures, "written_procedures"},
    {RuleKind::team_records, "team_records"},
    {RuleKind::agency_approved_course, "agency_approved_course"},
    {RuleKind::agency_may_rescind, "agency_may_rescind"},
    {RuleKind::coordinator_designated, "coordinator_designated"},
    {RuleKind::steering_committee, "steering_committee"},
    {RuleKind::quarterly_training, "quarterly_training"},
    {RuleKind::eligibility_roster, "eligibility_roster"},
    {RuleKind::critical_incident_only, "critical_incident_only"},
    {RuleKind::federal_agency_only, "federal_agency_only"},
    {RuleKind::designated_by_agency, "designated_by_agency"},
    {RuleKind::notice_before_first_session, "notice_before_first_session"},
    {RuleKind::agency_confirms, "agency_confirms"},
});

inline std::string_view rule_kind_name(RuleKind kind) {
    return kRuleKindNames[kind];
}
inline std::optional<RuleKind> parse_rule_kind(std::string_view name) {
    return kRuleKindNames.parse(name);
}

// How an employee was involved in an incident; `unspecified` when the coordinator did not say.
enum class Involvement { unspecified, responder, witness, party, other };

inline constexpr auto kInvolvementNames = enum_table<Involvement>({
    {Involvement::unspecified, "unspecified"},
    {Involvement::responder, "responder"},
    {Involvement::witness, "witness"},
    {Involvement::party, "party"},
    {Involvement::other, "other"},
});
inline std::string_view involvement_name(Involvement involvement) {
    return kInvolvementNames[involvement];
}
inline std::optional<Involvement> parse_involvement(std::string_view name) {
    return kInvolvementNames.parse(name);
}

// What a rule (or a limit) rests on: the law itself, accreditation criteria, or something stricter
// than the law that the agency (or the IACP) chose. An answer never says "the law requires" a
// rule whose basis is not statute.
enum class RuleBasis { statute, accreditation_criterion, agency_policy, iacp_recommendation };

inline constexpr auto kRuleBasisNames = enum_table<RuleBasis>({
    {RuleBasis::statute, "statute"},
    {RuleBasis::accreditation_criterion, "accreditation_criterion"},
    {RuleBasis::agency_policy, "agency_policy"},
    {RuleBasis::iacp_recommendation, "iacp_recommendation"},
});
inline std::string_view rule_basis_name(RuleBasis basis) {
    return kRuleBasisNames[basis];
}
inline std::optional<RuleBasis> parse_rule_basis(std::string_view name) {
    return kRuleBasisNames.parse(name);
}

// The status of the law a source records: only `enacted` law supports a privilege claim.
enum class LawStatus { enacted, passed_not_confirmed, pending, failed, not_law };

inline constexpr auto kLawStatusNames = enum_table<LawStatus>({
    {LawStatus::enacted, "enacted"},
    {LawStatus::passed_not_confirmed, "passed_not_confirmed"},
    {LawStatus::pending, "pending"},
    {LawStatus::failed, "failed"},
    {LawStatus::not_law, "not_law"},
});
inline std::string_view law_status_name(LawStatus status) {
    return kLawStatusNames[status];
}
inline std::optional<LawStatus> parse_law_status(std::string_view name) {
    return kLawStatusNames.parse(name);
}

// What a rule was checked against: the statute text or legislative record, the law's status,
// when it was enacted or took effect, and when it was verified (YYYY, YYYY-MM or YYYY-MM-DD).
struct RuleSource {
    std::string url;
    LawStatus status = LawStatus::enacted;
    std::string enacted_by;
    std::string effective;
    std::string verified;
};

// What the jurisdiction's law protects. Only an enacted testimonial privilege makes a PSP's
// conversations "privileged"; statutory or public-records confidentiality is told as such.
enum class ProtectionKind {
    none,
    not_verified,
    confidentiality,
    public_records_confidentiality,
    testimonial_privilege,
    testimonial_privilege_and_public_records,
};

inline constexpr auto kProtectionKindNames = enum_table<ProtectionKind>({
    {ProtectionKind::none, "none"},
    {ProtectionKind::not_verified, "not_verified"},
    {ProtectionKind::confidentiality, "confidentiality"},
    {ProtectionKind::public_records_confidentiality, "public_records_confidentiality"},
    {ProtectionKind::testimonial_privilege, "testimonial_privilege"},
    {ProtectionKind::testimonial_privilege_and_public_records,
     "testimonial_privilege_and_public_records"},
});
inline std::string_view protection_kind_name(ProtectionKind kind) {
    return kProtectionKindNames[kind];
}
inline std::optional<ProtectionKind> parse_protection_kind(std::string_view name) {
    return kProtectionKindNames.parse(name);
}

struct Protection {
    ProtectionKind kind = ProtectionKind::none;
    std::string citation;
    std::string summary;
    std::optional<RuleSource> source;
    std::string profile_id;  // the profile that declares it

    // An enacted testimonial privilege: the only basis for answering "privileged".
    bool claims_privilege() const;
};

// When the training requirement stops being met: as soon as the PSP is overdue, or only once
// overdue past the grace period (lapsed).
enum class TrainingFailsWhen { overdue, lapsed };

struct JurisdictionRule {
    std::string id;
    RuleKind kind = RuleKind::team_records;
    std::string citation;
    std::string summary;
    std::string profile_id;  // the profile that declares it (a base profile's rules keep theirs)
    TrainingFailsWhen fails_when = TrainingFailsWhen::lapsed;  // training_requirement
    int64_t initial_minutes = 0;                               // training_requirement; 0: none
    std::vector<Involvement> involvement;                      // not_involved_in_incident
    std::vector<std::string> incident_categories;              // critical_incident_only
    RuleBasis basis = RuleBasis::statute;
    std::optional<RuleSource> source;
};

// The roster columns a profile may ask for. None of them is contact information: the employee
// record has none.
enum class RosterField {
    employee_id,
    name,
    title,
    division,
    privilege_status,
    training_status,
    designated_on
};

inline constexpr auto kRosterFieldNames = enum_table<RosterField>({
    {RosterField::employee_id, "employee_id"},
    {RosterField::name, "name"},
    {RosterField::title, "title"},
    {RosterField::division, "division"},
    {RosterField::privilege_status, "privilege_status"},
    {RosterField::training_status, "training_status"},
    {RosterField::designated_on, "designated_on"},
});
inline std::string_view roster_field_name(RosterField field) {
    return kRosterFieldNames[field];
}
inline std::optional<RosterField> parse_roster_field(std::string_view name) {
    return kRosterFieldNames.parse(name);
}

// A limit of confidentiality the recipient is told at the outset (IACP 6.2, 6.4), or an open
// question the profile's authors could not verify.
struct ConfidentialityLimit {
    std::string text;
    std::string citation;
    std::optional<RuleBasis> basis;
    std::optional<RuleSource> source;
    std::string profile_id;  // the profile that declares it
};

struct JurisdictionProfile {
    std::string id = "generic";
    std::string version;
    std::string title;
    std::string legal_review;
    std::vector<std::string> lineage;  // the base profiles' ids then this one's, root first
    Protection protection;             // the nearest profile's
    std::vector<ConfidentialityLimit> confidentiality_limits;  // the bases' first
    std::vector<ConfidentialityLimit> open_questions;          // the bases' first
    std::vector<JurisdictionRule> rules;                       // the bases' first
    std::vector<RosterField> roster_fields = {RosterField::employee_id, RosterField::name,
                                              RosterField::privilege_status};
    std::string roster_citation;

    bool has(RuleKind kind) const;
};

}  // namespace psp
