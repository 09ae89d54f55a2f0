// statistics_policy.hpp: the agency's policy for the anonymous statistics command staff read
// (IACP 3.1, 6.7), from "policy.statistics": the small-count threshold below which a count is
// suppressed and a breakdown by division or shift is refused.
#pragma once

namespace psp {

struct StatisticsPolicy {
    // Counts 1..threshold-1 are suppressed; a division or shift with 1..threshold-1 people in a
    // table's population refuses that breakdown. At least 2: 1 would publish everything.
    int threshold = 5;
};

}  // namespace psp
