// psp_proposals.hpp: the PSPs to offer someone involved in a critical incident, best first
// (IACP 3.3, 3.6, 3.8.1): eligible (available, no role conflict, not declined by them), then the
// same shift, then the same kind of work (sworn / dispatcher / civilian), then the fewest open
// assignments, then id, so the load spreads across the team and the order is reproducible.
//
// The order depends on the employee only through their shift and kind of work, so the ranker
// sorts the PSPs once per (shift, kind) it meets and then walks that order, checking conflicts
// only until it has enough: an incident's proposals check a handful of pairs per person instead
// of every PSP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "plugin/domain/role_conflicts.hpp"

namespace psp {

class PspRanker {
  public:
    using Node = OrgChartIndex::Node;

    // `psps`: the available members; `load`: open assignments by node. `facts` must outlive it.
    PspRanker(const ConflictFacts &facts, std::vector<Node> psps, std::vector<uint32_t> load);

    // At most `limit` PSPs for `employee`, never one of `declined`.
    std::vector<Node> rank(Node employee, const std::vector<Node> &declined, std::size_t limit);

    uint32_t load(Node psp) const { return psp < load_.size() ? load_[psp] : 0; }
    // The available members it ranks.
    const std::vector<Node> &members() const { return psps_; }

  private:
    const std::vector<Node> &order_for(const OrgChartIndex::Facts &who);

    const ConflictFacts &facts_;
    std::vector<Node> psps_;
    std::vector<uint32_t> load_;
    std::map<std::pair<uint32_t, StaffCategory>, std::vector<Node>> orders_;
};

}  // namespace psp
