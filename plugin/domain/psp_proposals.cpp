// psp_proposals.cpp: one sort per (shift, kind of work), then a walk with the conflict rules.
#include "plugin/domain/psp_proposals.hpp"

#include <algorithm>
#include <tuple>

namespace psp {

PspRanker::PspRanker(const ConflictFacts &facts, std::vector<Node> psps, std::vector<uint32_t> load)
    : facts_(facts), psps_(std::move(psps)), load_(std::move(load)) {}

const std::vector<PspRanker::Node> &PspRanker::order_for(const OrgChartIndex::Facts &who) {
    std::vector<Node> &order = orders_[{who.shift, who.category}];
    if (!order.empty() || psps_.empty()) {
        return order;
    }
    const OrgChartIndex &chart = facts_.chart();
    const auto key = [&](Node psp) {
        const OrgChartIndex::Facts &f = chart.facts(psp);
        return std::make_tuple(f.shift != who.shift, f.category != who.category, load(psp));
    };
    order = psps_;
    std::sort(order.begin(), order.end(), [&](Node a, Node b) {
        const auto ka = key(a), kb = key(b);
        return ka != kb ? ka < kb : chart.id_of(a) < chart.id_of(b);
    });
    return order;
}

std::vector<PspRanker::Node> PspRanker::rank(Node employee, const std::vector<Node> &declined,
                                             std::size_t limit) {
    std::vector<Node> out;
    for (Node psp : order_for(facts_.chart().facts(employee))) {
        if (out.size() == limit) {
            break;
        }
        if (std::find(declined.begin(), declined.end(), psp) != declined.end()) {
            continue;
        }
        if (facts_.eligible(psp, employee)) {
            out.push_back(psp);
        }
    }
    return out;
}

}  // namespace psp
