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
};

std::string_view rule_kind_name(RuleKind kind);
std::optional<RuleKind> parse_rule_kind(std::string_view name);

// How an employee was involved in an incident; `unspecified` when the coordinator did not say.
enum class Involvement { unspecified, responder, witness, party, other };
std::string_view involvement_name(Involvement involvement);
std::optional<Involvement> parse_involvement(std::string_view name);

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

struct ConfidentialityLimit {
    std::string text;
    std::string citation;
};

struct JurisdictionProfile {
    std::string id = "generic";
    std::string version;
    std::string title;
    std::string legal_review;
    std::vector<std::string> lineage;  // the base profiles' ids then this one's, root first
    std::vector<ConfidentialityLimit> confidentiality_limits;  // the bases' first
    std::vector<JurisdictionRule> rules;                       // the bases' first
    std::vector<RosterField> roster_fields = {RosterField::employee_id, RosterField::name,
                                              RosterField::privilege_status};
    std::string roster_citation;

    bool has(RuleKind kind) const;
};

}  // namespace psp
