// psp_proposals.hpp: the PSPs to offer someone involved in a critical incident, best first
// (IACP 3.3, 3.6, 3.8.1): eligible (available, no role conflict, not declined by them), then the
// same shift, then the same kind of work (sworn / dispatcher / civilian), then the fewest open
// assignments, then id, so the load spreads across the team and the order is reproducible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/role_conflicts.hpp"

namespace psp {

struct ProposalInputs {
    const ConflictFacts *facts = nullptr;
    std::vector<OrgChartIndex::Node> psps;  // the available members
    std::vector<uint32_t> load;             // by node: open assignments
};

// At most `limit` PSPs for `employee`, never one of `declined`.
std::vector<OrgChartIndex::Node> rank_psps(const ProposalInputs &inputs,
                                           OrgChartIndex::Node employee,
                                           const std::vector<OrgChartIndex::Node> &declined,
                                           std::size_t limit);

}  // namespace psp
