// psp_proposals.cpp: filter with the conflict rules, then a partial sort on the ranking key.
#include "domain/psp_proposals.hpp"

#include <algorithm>
#include <tuple>

namespace psp {

std::vector<OrgChartIndex::Node> rank_psps(const ProposalInputs &inputs,
                                           OrgChartIndex::Node employee,
                                           const std::vector<OrgChartIndex::Node> &declined,
                                           std::size_t limit) {
    using Node = OrgChartIndex::Node;
    const ConflictFacts &facts = *inputs.facts;
    const OrgChartIndex &chart = facts.chart();
    const OrgChartIndex::Facts &who = chart.facts(employee);
    std::vector<Node> eligible;
    for (Node psp : inputs.psps) {
        if (std::find(declined.begin(), declined.end(), psp) != declined.end()) continue;
        if (facts.eligible(psp, employee)) eligible.push_back(psp);
    }
    const auto key = [&](Node psp) {
        const OrgChartIndex::Facts &f = chart.facts(psp);
        return std::make_tuple(f.shift != who.shift, f.category != who.category,
                               psp < inputs.load.size() ? inputs.load[psp] : 0u);
    };
    const auto better = [&](Node a, Node b) {
        const auto ka = key(a), kb = key(b);
        return ka != kb ? ka < kb : chart.id_of(a) < chart.id_of(b);
    };
    const std::size_t keep = std::min(limit, eligible.size());
    std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(keep),
                      eligible.end(), better);
    eligible.resize(keep);
    return eligible;
}

}  // namespace psp
