// program_readiness.hpp: the program's readiness checklist against its jurisdiction profile and
// the IACP guidelines (written procedures 3.5, clinical consultation 3.4/5.1, coordinator 3.9,
// quarterly training 8.2, steering committee 3.2, and what the state adds: Virginia's 24-hour
// contact, alerting process and quarterly meetings, ...). Each item is met, not met, or not
// tracked (nothing recorded yet), with what is missing.
//
// Pure: the method layer counts what the plugin keeps (clinicians, courses, PSPs meeting the
// training rule) and reads the dated yes/no facts the coordinator records for the rest.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

#include "plugin/core/agency_calendar.hpp"
#include "plugin/domain/jurisdiction_profile.hpp"
#include "plugin/domain/small_cell_suppression.hpp"

namespace psp {

// What the coordinator records because the plugin cannot see it: dated booleans, no text.
enum class ReadinessFact {
    procedures_manual_adopted,
    coordinator_designated,
    steering_committee_in_place,
    contact_24h_in_place,
    alerting_process_in_place,
    team_meeting_held,
};

inline constexpr auto kReadinessFactNames = enum_table<ReadinessFact>({
    {ReadinessFact::procedures_manual_adopted, "procedures_manual_adopted"},
    {ReadinessFact::coordinator_designated, "coordinator_designated"},
    {ReadinessFact::steering_committee_in_place, "steering_committee_in_place"},
    {ReadinessFact::contact_24h_in_place, "contact_24h_in_place"},
    {ReadinessFact::alerting_process_in_place, "alerting_process_in_place"},
    {ReadinessFact::team_meeting_held, "team_meeting_held"},
});
inline constexpr ReadinessFact kAllReadinessFacts[] = {
    ReadinessFact::procedures_manual_adopted,   ReadinessFact::coordinator_designated,
    ReadinessFact::steering_committee_in_place, ReadinessFact::contact_24h_in_place,
    ReadinessFact::alerting_process_in_place,   ReadinessFact::team_meeting_held};
inline std::string_view readiness_fact_name(ReadinessFact fact) {
    return kReadinessFactNames[fact];
}
inline std::optional<ReadinessFact> parse_readiness_fact(std::string_view name) {
    return kReadinessFactNames.parse(name);
}

struct RecordedFact {
    bool value = false;
    CivilDate as_of;
};

struct ReadinessInputs {
    CivilDate today;
    int active_clinicians = 0;
    int training_courses = 0;
    bool training_at_least_quarterly = false;  // policy.training.continuing
    int psps = 0;
    int psps_meeting_training = 0;
    // The clinical consultation log (3.4, 5.1): how many in the last twelve months, and the
    // latest ever logged.
    int consultations_last_year = 0;
    std::optional<CivilDate> last_consultation;
    // The procedures manual (3.5) as published (document.publish): its version and date.
    int procedures_manual_version = 0;  // 0: never published
    CivilDate procedures_manual_published;
    // Check-ins at which the PSP recorded that the limits were (not) explained at the outset.
    long long limits_explained = 0;
    long long limits_not_explained = 0;
    // The latest recorded value of each fact (for team_meeting_held: the latest meeting).
    std::map<ReadinessFact, RecordedFact> recorded;
    // For readers who see only suppressed statistics (command staff): every count in a detail
    // passes the same small-count suppression as statistics.report ("all PSPs meet", "some of
    // the PSPs"); nothing: exact counts (the coordinator).
    std::optional<SuppressionPolicy> suppression;
};

enum class ReadinessState { met, not_met, not_tracked };

inline constexpr auto kReadinessStateNames = enum_table<ReadinessState>({
    {ReadinessState::met, "met"},
    {ReadinessState::not_met, "not_met"},
    {ReadinessState::not_tracked, "not_tracked"},
});
inline std::string_view readiness_state_name(ReadinessState state) {
    return kReadinessStateNames[state];
}

struct ReadinessItem {
    const JurisdictionRule *rule = nullptr;
    ReadinessState state = ReadinessState::not_tracked;
    std::string detail;  // what satisfies it, or what is missing
    std::string as_of;   // YYYY-MM-DD of the recorded fact, or ""
};

// One item per profile rule that concerns the program (incident-only rules have none), in the
// profile's order.
std::vector<ReadinessItem> program_readiness(const JurisdictionProfile &profile,
                                             const ReadinessInputs &inputs);

}  // namespace psp
