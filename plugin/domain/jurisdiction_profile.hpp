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

std::string_view rule_kind_name(RuleKind kind);
std::optional<RuleKind> parse_rule_kind(std::string_view name);

// How an employee was involved in an incident; `unspecified` when the coordinator did not say.
enum class Involvement { unspecified, responder, witness, party, other };
std::string_view involvement_name(Involvement involvement);
std::optional<Involvement> parse_involvement(std::string_view name);

// What a rule (or a limit) rests on: the law itself, accreditation criteria, or something stricter
// than the law that the agency (or the IACP) chose. An answer never says "the law requires" a
// rule whose basis is not statute.
enum class RuleBasis { statute, accreditation_criterion, agency_policy, iacp_recommendation };
std::string_view rule_basis_name(RuleBasis basis);
std::optional<RuleBasis> parse_rule_basis(std::string_view name);

// The status of the law a source records: only `enacted` law supports a privilege claim.
enum class LawStatus { enacted, passed_not_confirmed, pending, failed, not_law };
std::string_view law_status_name(LawStatus status);
std::optional<LawStatus> parse_law_status(std::string_view name);

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
std::string_view protection_kind_name(ProtectionKind kind);
std::optional<ProtectionKind> parse_protection_kind(std::string_view name);

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
std::string_view roster_field_name(RosterField field);
std::optional<RosterField> parse_roster_field(std::string_view name);

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
