// training_policy.hpp: the agency's training policy (IACP 8.1-8.3), from "policy.training".
//
// Defaults follow 8.2 (four hours of update training per calendar quarter). The configuration:
//   "training": {"initial": {"hours": 40, "topics": [codes]},
//                "continuing": {"period": "month" | "quarter" | "half_year" | "year",
//                               "hours": 4, "grace_days": 30, "due_soon_days": 14,
//                               "cycle_periods": 4, "cycle_topics": [codes]},
//                "future_tolerance_days": 0, "leave_pauses_clock": true}
// Unknown keys and malformed codes are refused, so a typo never silently falls back to a default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plugin/core/enum_table.hpp"

namespace psp {

// The continuing-training period: calendar periods in the agency's time zone.
enum class TrainingPeriod { month, quarter, half_year, year };

inline constexpr auto kTrainingPeriodNames = enum_table<TrainingPeriod>({
    {TrainingPeriod::month, "month"},
    {TrainingPeriod::quarter, "quarter"},
    {TrainingPeriod::half_year, "half_year"},
    {TrainingPeriod::year, "year"},
});

inline std::string training_period_name(TrainingPeriod period) {
    return std::string(kTrainingPeriodNames[period]);
}

// Months in one period: 1, 3, 6 or 12.
inline int months_per_period(TrainingPeriod period) {
    constexpr int kMonths[] = {1, 3, 6, 12};
    return kMonths[static_cast<int>(period)];
}

struct InitialTrainingPolicy {
    // Hours before activation (a common basic peer support course).
    int64_t minutes = int64_t{40} * 60;
    std::vector<std::string> topics = {"confidentiality", "role_conflict", "limits_liability",
                                       "suicide_assessment", "referral"};
};

struct ContinuingTrainingPolicy {
    TrainingPeriod period = TrainingPeriod::quarter;
    int64_t minutes_per_period = int64_t{4} * 60;  // IACP 8.2
    int grace_days = 30;     // overdue this long (leave days not counted): lapsed
    int due_soon_days = 14;  // short of hours this close to the period's end
    int cycle_periods = 4;   // cycle_topics are due once per this many periods
    std::vector<std::string> cycle_topics;
};

struct TrainingPolicy {
    InitialTrainingPolicy initial;
    ContinuingTrainingPolicy continuing;
    int future_tolerance_days = 0;  // how far past today a record's date may be
    bool leave_pauses_clock = true;
};

}  // namespace psp
