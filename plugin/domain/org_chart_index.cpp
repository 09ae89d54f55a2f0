// org_chart_index.cpp: building the index and answering chain-of-command checks.
//
// The permanent chart is a forest numbered in pre-order: `upper` is above `lower` exactly when
// lower's number falls inside upper's subtree range, and the level count is a depth difference,
// so a check is two array reads. Acting assignments are few; each person with one (a "source")
// carries the list of acting supervisors it reaches, closed over chains of acting assignments
// with the fewest levels, and every node knows its nearest source up the permanent chain. A
// person with no source above them is answered by the tree alone.
#include "plugin/domain/org_chart_index.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <unordered_map>

namespace psp {
namespace {

using Interned = std::unordered_map<std::string, uint32_t>;

uint32_t intern(Interned &ids, std::vector<std::string> &names, const std::string &name) {
    const auto [it, added] = ids.emplace(name, static_cast<uint32_t>(names.size()));
    if (added) {
        names.push_back(name);
    }
    return it->second;
}

}  // namespace

OrgChartIndex::OrgChartIndex(const OrgChartIndex &other)
    : ids_(other.ids_),
      parent_(other.parent_),
      facts_(other.facts_),
      report_count_(other.report_count_),
      acting_parents_(other.acting_parents_),
      division_names_(other.division_names_),
      shift_names_(other.shift_names_),
      tree_(other.tree_),
      acting_sources_(other.acting_sources_),
      reaches_(other.reaches_),
      acting_count_(other.acting_count_) {
    index_ids();
}

OrgChartIndex &OrgChartIndex::operator=(const OrgChartIndex &other) {
    if (this != &other) {
        *this = OrgChartIndex(other);
    }
    return *this;
}

void OrgChartIndex::index_ids() {
    by_id_.clear();
    by_id_.reserve(ids_.size());
    for (Node i = 0; i < ids_.size(); ++i) {
        by_id_.emplace(ids_[i], i);
    }
}

OrgChartIndex OrgChartIndex::build(const std::vector<EmployeeRecord> &employees,
                                   const std::vector<ActingAssignment> &acting) {
    OrgChartIndex index;
    const std::size_t n = employees.size();
    index.ids_.reserve(n);
    for (const EmployeeRecord &e : employees) {
        index.ids_.push_back(e.id);
    }
    index.index_ids();
    index.parent_.assign(n, npos);
    index.facts_.resize(n);
    index.report_count_.assign(n, 0);
    index.acting_parents_.resize(n);
    Interned divisions, shifts;
    for (Node i = 0; i < n; ++i) {
        const EmployeeRecord &e = employees[i];
        index.parent_[i] = e.supervisor_id.empty() ? npos : index.find(e.supervisor_id);
        if (index.parent_[i] == i) {
            index.parent_[i] = npos;
        }
        if (index.parent_[i] != npos) {
            ++index.report_count_[index.parent_[i]];
        }
        index.facts_[i] = {intern(divisions, index.division_names_, e.division),
                           intern(shifts, index.shift_names_, e.shift), e.category, e.active};
    }
    std::vector<std::pair<Node, Node>> edges;  // (lower, upper)
    for (const ActingAssignment &a : acting) {
        const Node lower = index.find(a.employee_id), upper = index.find(a.supervisor_id);
        if (lower == npos || upper == npos || lower == upper) {
            continue;
        }
        std::vector<Node> &parents = index.acting_parents_[lower];
        if (std::find(parents.begin(), parents.end(), upper) != parents.end()) {
            continue;
        }
        parents.push_back(upper);
        ++index.report_count_[upper];
        edges.emplace_back(lower, upper);
    }
    index.acting_count_ = edges.size();
    index.index_acting(edges, index.place_in_tree());
    return index;
}

// Pre-order numbers, subtree spans and depths, without recursion (charts may be deep chains).
// Returns the nodes in pre-order.
std::vector<OrgChartIndex::Node> OrgChartIndex::place_in_tree() {
    const std::size_t n = ids_.size();
    std::vector<uint32_t> first_child(n + 1, 0);
    for (Node v = 0; v < n; ++v) {
        if (parent_[v] != npos) {
            ++first_child[parent_[v] + 1];
        }
    }
    for (std::size_t v = 0; v < n; ++v) {
        first_child[v + 1] += first_child[v];
    }
    std::vector<Node> children(first_child[n]);
    std::vector<uint32_t> fill(first_child.begin(), first_child.end() - 1);
    for (Node v = 0; v < n; ++v) {
        if (parent_[v] != npos) {
            children[fill[parent_[v]]++] = v;
        }
    }
    tree_.assign(n, TreePlace{});
    std::vector<bool> placed(n, false);
    std::vector<Node> order, stack;
    order.reserve(n);
    auto walk_from = [&](Node root) {
        placed[root] = true;
        stack.push_back(root);
        while (!stack.empty()) {
            const Node v = stack.back();
            stack.pop_back();
            tree_[v].enter = static_cast<uint32_t>(order.size());
            order.push_back(v);
            for (uint32_t c = first_child[v]; c < first_child[v + 1]; ++c) {
                const Node child = children[c];
                if (placed[child]) {
                    continue;
                }
                placed[child] = true;
                tree_[child].depth = tree_[v].depth + 1;
                stack.push_back(child);
            }
        }
    };
    for (Node v = 0; v < n; ++v) {
        if (parent_[v] == npos) {
            walk_from(v);
        }
    }
    // Only a supervisor cycle (which validation rejects) leaves people unplaced; each such
    // cycle is cut at its first member so the index stays well-formed.
    for (Node v = 0; v < n; ++v) {
        if (placed[v]) {
            continue;
        }
        --report_count_[parent_[v]];
        parent_[v] = npos;
        walk_from(v);
    }
    for (Node v = 0; v < n; ++v) {
        tree_[v].span = 1;
    }
    for (std::size_t i = order.size(); i-- > 0;) {
        const Node v = order[i];
        if (parent_[v] != npos) {
            tree_[parent_[v]].span += tree_[v].span;
        }
    }
    return order;
}

// Each source's reach: Dijkstra over the sources, an acting edge costing one level and the climb
// from an acting supervisor to a source above them costing the depth difference.
void OrgChartIndex::index_acting(const std::vector<std::pair<Node, Node>> &edges,
                                 const std::vector<Node> &order) {
    std::unordered_map<Node, uint32_t> source_number;  // node -> index into acting_sources_ + 1
    for (const auto &[lower, upper] : edges) {
        if (source_number.emplace(lower, acting_sources_.size() + 1).second) {
            acting_sources_.push_back({lower, 0, 0, 0});
        }
    }
    if (acting_sources_.empty()) {
        return;
    }
    for (const Node v : order) {
        const auto own = source_number.find(v);
        const uint32_t inherited = parent_[v] == npos ? 0 : tree_[parent_[v]].acting;
        tree_[v].acting = own == source_number.end() ? inherited : own->second;
        if (own != source_number.end()) {
            acting_sources_[own->second - 1].above = inherited;
        }
    }
    for (ActingSource &source : acting_sources_) {
        source.first = static_cast<uint32_t>(reaches_.size());
        for (const auto &[target, levels] : closest_acting_supervisors(source.node)) {
            reaches_.push_back({target, levels});
        }
        source.last = static_cast<uint32_t>(reaches_.size());
    }
}

std::map<OrgChartIndex::Node, uint32_t> OrgChartIndex::closest_acting_supervisors(
    Node source) const {
    constexpr uint32_t kFar = UINT32_MAX;
    std::vector<uint32_t> distance(acting_sources_.size(), kFar);
    using Entry = std::pair<uint32_t, uint32_t>;  // (levels, source number)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    const uint32_t start = tree_[source].acting;
    distance[start - 1] = 0;
    queue.emplace(0, start);
    std::map<Node, uint32_t> reach;
    while (!queue.empty()) {
        const auto [levels, number] = queue.top();
        queue.pop();
        if (levels != distance[number - 1]) {
            continue;
        }
        for (const Node target : acting_parents_[acting_sources_[number - 1].node]) {
            const uint32_t at_target = levels + 1;
            const auto [it, added] = reach.emplace(target, at_target);
            if (!added) {
                it->second = std::min(it->second, at_target);
            }
            for (uint32_t above = tree_[target].acting; above != 0;
                 above = acting_sources_[above - 1].above) {
                const Node node = acting_sources_[above - 1].node;
                const uint32_t climb = at_target + tree_[target].depth - tree_[node].depth;
                if (climb < distance[above - 1]) {
                    distance[above - 1] = climb;
                    queue.emplace(climb, above);
                }
            }
        }
    }
    return reach;
}

OrgChartIndex::Node OrgChartIndex::find(std::string_view id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? npos : it->second;
}

bool OrgChartIndex::supervises(Node upper, Node lower, unsigned max_depth) const {
    if (upper >= tree_.size() || lower >= tree_.size()) {
        return false;
    }
    if (permanently_above(upper, lower) &&
        within(tree_[lower].depth - tree_[upper].depth, max_depth)) {
        return true;
    }
    return tree_[lower].acting != 0 && upper != lower && supervises_acting(upper, lower, max_depth);
}

// Through each source on lower's permanent chain, to each acting supervisor it reaches, then up
// that supervisor's permanent chain to `upper`.
bool OrgChartIndex::supervises_acting(Node upper, Node lower, unsigned max_depth) const {
    const uint32_t lower_depth = tree_[lower].depth, upper_depth = tree_[upper].depth;
    for (uint32_t number = tree_[lower].acting; number != 0;) {
        const ActingSource &source = acting_sources_[number - 1];
        const uint32_t to_source = lower_depth - tree_[source.node].depth;
        for (uint32_t r = source.first; r < source.last; ++r) {
            const ActingReach &reach = reaches_[r];
            const bool reaches_upper =
                reach.target == upper || permanently_above(upper, reach.target);
            if (reaches_upper &&
                within(to_source + reach.levels + tree_[reach.target].depth - upper_depth,
                       max_depth)) {
                return true;
            }
        }
        number = source.above;
    }
    return false;
}

bool OrgChartIndex::has_reports(Node node) const {
    return node < report_count_.size() && report_count_[node] > 0;
}

}  // namespace psp
