// org_chart_index.cpp: building the index and walking it.
#include "domain/org_chart_index.hpp"

#include <map>

namespace psp {
namespace {

uint32_t intern(std::map<std::string, uint32_t> &ids, std::vector<std::string> &names,
                const std::string &name) {
    const auto [it, added] = ids.emplace(name, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(name);
    return it->second;
}

}  // namespace

OrgChartIndex OrgChartIndex::build(const std::vector<EmployeeRecord> &employees,
                                   const std::vector<ActingAssignment> &acting) {
    OrgChartIndex index;
    const std::size_t n = employees.size();
    index.ids_.reserve(n);
    for (const EmployeeRecord &e : employees) index.ids_.push_back(e.id);
    index.by_id_.reserve(n);
    for (Node i = 0; i < n; ++i) index.by_id_.emplace(index.ids_[i], i);
    index.parent_.assign(n, npos);
    index.facts_.resize(n);
    index.report_count_.assign(n, 0);
    index.acting_parents_.resize(n);
    std::map<std::string, uint32_t> divisions, shifts;
    for (Node i = 0; i < n; ++i) {
        const EmployeeRecord &e = employees[i];
        index.parent_[i] = index.find(e.supervisor_id);
        if (index.parent_[i] != npos) ++index.report_count_[index.parent_[i]];
        index.facts_[i] = {intern(divisions, index.division_names_, e.division),
                           intern(shifts, index.shift_names_, e.shift), e.category, e.active};
    }
    for (const ActingAssignment &a : acting) {
        const Node lower = index.find(a.employee_id), upper = index.find(a.supervisor_id);
        if (lower == npos || upper == npos || lower == upper) continue;
        index.acting_parents_[lower].push_back(upper);
        ++index.report_count_[upper];
    }
    return index;
}

OrgChartIndex::Node OrgChartIndex::find(std::string_view id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? npos : it->second;
}

bool OrgChartIndex::supervises(Node upper, Node lower, unsigned max_depth) const {
    // Breadth-first over permanent and acting supervisors; the chart is small enough per person.
    std::vector<std::pair<Node, unsigned>> frontier = {{lower, 0}};
    std::vector<bool> seen(ids_.size(), false);
    for (std::size_t i = 0; i < frontier.size(); ++i) {
        const auto [node, depth] = frontier[i];
        if (max_depth != 0 && depth >= max_depth) continue;
        auto visit = [&](Node next) {
            if (next == npos || seen[next]) return false;
            seen[next] = true;
            frontier.emplace_back(next, depth + 1);
            return next == upper;
        };
        if (visit(parent_[node])) return true;
        for (Node acting : acting_parents_[node]) {
            if (visit(acting)) return true;
        }
    }
    return false;
}

bool OrgChartIndex::has_reports(Node node) const {
    return report_count_[node] > 0;
}

}  // namespace psp
