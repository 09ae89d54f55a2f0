// jurisdiction_profile.cpp: the names of the profile vocabulary, as the JSON files spell them.
#include "domain/jurisdiction_profile.hpp"

#include <algorithm>
#include <array>

namespace psp {
namespace {

constexpr std::array<std::string_view, 18> kRuleKinds = {
    "training_requirement",     "designated_before_incident",
    "not_involved_in_incident", "no_session_recording",
    "supervisor_not_required",  "multiple_supporters_allowed",
    "clinician_required",       "contact_24h",
    "alerting_process",         "meetings_quarterly",
    "written_procedures",       "team_records",
    "agency_approved_course",   "agency_may_rescind",
    "coordinator_designated",   "steering_committee",
    "quarterly_training",       "eligibility_roster"};
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
