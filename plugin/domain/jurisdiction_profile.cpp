// jurisdiction_profile.cpp: the names of the profile vocabulary, as the JSON files spell them.
#include "plugin/domain/jurisdiction_profile.hpp"

#include <algorithm>
#include <array>

namespace psp {
namespace {

constexpr std::array<std::string_view, 23> kRuleKinds = {
    "training_requirement",     "designated_before_incident",
    "not_involved_in_incident", "no_session_recording",
    "supervisor_not_required",  "multiple_supporters_allowed",
    "clinician_required",       "contact_24h",
    "alerting_process",         "meetings_quarterly",
    "written_procedures",       "team_records",
    "agency_approved_course",   "agency_may_rescind",
    "coordinator_designated",   "steering_committee",
    "quarterly_training",       "eligibility_roster",
    "critical_incident_only",   "federal_agency_only",
    "designated_by_agency",     "notice_before_first_session",
    "agency_confirms"};
constexpr std::array<std::string_view, 4> kBases = {"statute", "accreditation_criterion",
                                                    "agency_policy", "iacp_recommendation"};
constexpr std::array<std::string_view, 5> kLawStatuses = {"enacted", "passed_not_confirmed",
                                                          "pending", "failed", "not_law"};
constexpr std::array<std::string_view, 6> kProtectionKinds = {
    "none",
    "not_verified",
    "confidentiality",
    "public_records_confidentiality",
    "testimonial_privilege",
    "testimonial_privilege_and_public_records"};
constexpr std::array<std::string_view, 5> kInvolvements = {"unspecified", "responder", "witness",
                                                           "party", "other"};
constexpr std::array<std::string_view, 7> kRosterFields = {
    "employee_id",     "name",         "title", "division", "privilege_status",
    "training_status", "designated_on"};

template <typename Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N> &names, std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
        return std::nullopt;
    }
    return static_cast<Enum>(it - names.begin());
}

}  // namespace

std::string_view rule_kind_name(RuleKind kind) {
    return kRuleKinds[static_cast<int>(kind)];
}
std::optional<RuleKind> parse_rule_kind(std::string_view name) {
    return find_name<RuleKind>(kRuleKinds, name);
}

std::string_view rule_basis_name(RuleBasis basis) {
    return kBases[static_cast<int>(basis)];
}
std::optional<RuleBasis> parse_rule_basis(std::string_view name) {
    return find_name<RuleBasis>(kBases, name);
}

std::string_view law_status_name(LawStatus status) {
    return kLawStatuses[static_cast<int>(status)];
}
std::optional<LawStatus> parse_law_status(std::string_view name) {
    return find_name<LawStatus>(kLawStatuses, name);
}

std::string_view protection_kind_name(ProtectionKind kind) {
    return kProtectionKinds[static_cast<int>(kind)];
}
std::optional<ProtectionKind> parse_protection_kind(std::string_view name) {
    return find_name<ProtectionKind>(kProtectionKinds, name);
}

bool Protection::claims_privilege() const {
    const bool testimonial = kind == ProtectionKind::testimonial_privilege ||
                             kind == ProtectionKind::testimonial_privilege_and_public_records;
    return testimonial && source && source->status == LawStatus::enacted;
}

std::string_view involvement_name(Involvement involvement) {
    return kInvolvements[static_cast<int>(involvement)];
}
std::optional<Involvement> parse_involvement(std::string_view name) {
    return find_name<Involvement>(kInvolvements, name);
}

std::string_view roster_field_name(RosterField field) {
    return kRosterFields[static_cast<int>(field)];
}
std::optional<RosterField> parse_roster_field(std::string_view name) {
    return find_name<RosterField>(kRosterFields, name);
}

bool JurisdictionProfile::has(RuleKind kind) const {
    return std::any_of(rules.begin(), rules.end(),
                       [kind](const JurisdictionRule &r) { return r.kind == kind; });
}

}  // namespace psp
