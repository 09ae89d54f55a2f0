// training_compliance.hpp: is a PSP's training up to date (IACP 8.2), and is a candidate's
// initial training complete. Pure: records, policy, calendar and the clock in, a status out.
//
// The rules:
// - Periods are calendar months, quarters, half years or years in the agency's time zone; a
//   record counts for the period of its local date.
// - Each period since the PSP became active requires policy hours, prorated by the days of the
//   period the PSP was active and not on leave (when leave pauses the clock), rounded down to a
//   quarter hour: a period entirely before activation or on leave requires nothing.
// - Records count from the activation period on (initial training taken in that period counts for
//   it); earlier records are initial training only.
// - A shortfall is a debt: hours recorded later pay the oldest debt first, then count for their
//   own period. While a debt remains the PSP is overdue, since the day after the first unpaid
//   period ended; lapsed once overdue for grace_days (days on leave not counted).
// - Cycle topics are due once per cycle of N periods; a cycle ended without one (the PSP active
//   since its start and not on leave all of it) makes the PSP overdue until attended.
// - due_soon: no debt, but this period's hours or this cycle's topics are still short within
//   due_soon_days of the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

#include "plugin/core/agency_calendar.hpp"
#include "plugin/policy/training_policy.hpp"

namespace psp {

// A civil date as days since 1970-01-01: cheap to compare and subtract.
using DayNumber = int32_t;
DayNumber day_number(CivilDate day);
CivilDate civil_date(DayNumber day);

struct TrainingAttendance {
    DayNumber day = 0;  // the record's local date
    int64_t minutes = 0;
    std::vector<std::string> topics;  // the topic, or the topics its course covers
};

// [start_ms, end_ms) in UTC milliseconds; end_ms == 0 while the leave goes on.
struct LeaveInterval {
    int64_t start_ms = 0;
    int64_t end_ms = 0;
};

struct TrainingSubject {
    int64_t active_since_ms = 0;
    std::vector<LeaveInterval> leaves;
    std::vector<TrainingAttendance> attendance;  // any order
};

// initial_training_incomplete: a member whose initial training (policy.training.initial) is not
// met by their records; it outranks every continuing-training state, since nobody serves before
// initial training (IACP 4.2, 8.1).
enum class ComplianceState { compliant, due_soon, overdue, lapsed, initial_training_incomplete };

inline constexpr auto kComplianceStateNames = enum_table<ComplianceState>({
    {ComplianceState::compliant, "compliant"},
    {ComplianceState::due_soon, "due_soon"},
    {ComplianceState::overdue, "overdue"},
    {ComplianceState::lapsed, "lapsed"},
    {ComplianceState::initial_training_incomplete, "initial_training_incomplete"},
});
inline std::string_view compliance_state_name(ComplianceState state) {
    return kComplianceStateNames[state];
}

// One period of the policy's kind: its index (months since year 0 / months per period) and days.
struct TrainingPeriodSpan {
    int64_t index = 0;
    DayNumber first = 0;
    DayNumber end = 0;  // exclusive
};
TrainingPeriodSpan period_containing(DayNumber day, TrainingPeriod period);
TrainingPeriodSpan period_at(int64_t index, TrainingPeriod period);
// "2026-Q1", "2026-03", "2026-H1" or "2026".
std::string period_label(const TrainingPeriodSpan &span, TrainingPeriod period);

struct ComplianceStatus {
    ComplianceState state = ComplianceState::compliant;
    std::string period;  // the current period's label
    CivilDate period_start;
    CivilDate period_end;                     // inclusive
    int64_t minutes_this_period = 0;          // recorded in the current period
    int64_t minutes_required = 0;             // for the current period, after proration
    int64_t minutes_outstanding = 0;          // earlier periods' shortfall not yet made up
    std::vector<std::string> missing_topics;  // cycle topics not attended this cycle
    std::optional<CivilDate> overdue_since;
    bool on_leave = false;
};

ComplianceStatus training_compliance(const TrainingSubject &subject, const TrainingPolicy &policy,
                                     const AgencyCalendar &calendar, int64_t now_ms);

struct InitialTrainingStatus {
    bool complete = false;
    int64_t minutes_done = 0;
    int64_t minutes_required = 0;
    std::vector<std::string> missing_topics;
};

// Over every record given (the caller picks which count as initial training).
InitialTrainingStatus initial_training(const std::vector<TrainingAttendance> &attendance,
                                       const InitialTrainingPolicy &policy);

}  // namespace psp
