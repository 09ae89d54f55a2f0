// role_conflicts.cpp: the rules, over dense per-node flags so the common "no conflict" answer
// costs a chain-of-command check and a few array reads.
#include "plugin/domain/role_conflicts.hpp"

#include <algorithm>

namespace psp {

ConflictFacts::ConflictFacts(const OrgChartIndex &chart, unsigned chain_of_command_depth)
    : chart_(chart),
      depth_(chain_of_command_depth),
      member_(chart.size(), 0),
      declared_against_(chart.size(), 0),
      involved_(chart.size(), 0) {}

void ConflictFacts::add_member(Node psp, std::vector<std::string> unavailable) {
    member_[psp] = unavailable.empty() ? kAvailable : kUnavailable;
    if (!unavailable.empty()) {
        unavailable_[psp] = std::move(unavailable);
    }
}

void ConflictFacts::add_declaration(Node psp, Node employee, std::string category) {
    declared_against_[employee] = 1;
    declared_[pair_key(psp, employee)] = std::move(category);
}

void ConflictFacts::add_involvement(Node node, int64_t incident_id) {
    involved_[node] = 1;
    std::vector<int64_t> &list = incidents_[node];
    list.insert(std::upper_bound(list.begin(), list.end(), incident_id), incident_id);
}

const std::string *ConflictFacts::declared_category(Node psp, Node employee) const {
    if (!declared_against_[employee]) {
        return nullptr;
    }
    const auto it = declared_.find(pair_key(psp, employee));
    return it == declared_.end() ? nullptr : &it->second;
}

bool ConflictFacts::share_open_incident(Node a, Node b) const {
    if (!involved_[a] || !involved_[b]) {
        return false;
    }
    const std::vector<int64_t> &x = incidents_.at(a), &y = incidents_.at(b);
    std::size_t i = 0, j = 0;
    while (i < x.size() && j < y.size()) {
        if (x[i] == y[j]) {
            return true;
        }
        x[i] < y[j] ? ++i : ++j;
    }
    return false;
}

std::vector<std::string> ConflictFacts::rules(Node psp, Node employee) const {
    std::vector<std::string> fired;
    if (psp == employee) {
        fired.emplace_back("self");
    }
    if (!is_member(psp)) {
        fired.emplace_back("not_a_psp");
    }
    if (const auto it = unavailable_.find(psp); it != unavailable_.end()) {
        for (const std::string &reason : it->second) {
            fired.push_back("psp_unavailable:" + reason);
        }
    }
    if (psp != employee && chart_.in_chain_of_command(psp, employee, depth_)) {
        fired.emplace_back("chain_of_command");
    }
    if (declared_category(psp, employee) != nullptr) {
        fired.emplace_back("declared_conflict");
    }
    if (psp != employee && share_open_incident(psp, employee)) {
        fired.emplace_back("same_incident");
    }
    return fired;
}

bool ConflictFacts::eligible(Node psp, Node employee) const {
    return psp != employee && available(psp) && !share_open_incident(psp, employee) &&
           declared_category(psp, employee) == nullptr &&
           !chart_.in_chain_of_command(psp, employee, depth_);
}

}  // namespace psp
