// statistics_policy.hpp: the agency's policy for the anonymous statistics command staff read
// (IACP 3.1, 6.7), from "policy.statistics": the small-count threshold below which a count is
// suppressed and a breakdown by division or shift is refused.
#pragma once

#include "core/json_text.hpp"
#include "domain/small_cell_suppression.hpp"

namespace psp {

struct StatisticsPolicy {
    // Counts 1..threshold-1 are suppressed; a division or shift with 1..threshold-1 people in a
    // table's population refuses that breakdown. At least 2: 1 would publish everything.
    int threshold = 5;

    SuppressionPolicy suppression() const { return {threshold}; }
};

const Json &statistics_policy_schema();
// `json` has passed the schema above.
StatisticsPolicy parse_statistics_policy(const Json &json);

}  // namespace psp
