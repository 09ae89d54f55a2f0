// org_chart_change.cpp: the checks of validate_org_chart, restricted to what a change can break.
#include "plugin/domain/org_chart_change.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace psp {
namespace {

using Node = OrgChartIndex::Node;

class ChangedChart {
  public:
    ChangedChart(const OrgChartIndex &before, const std::vector<EmployeeRecord> &upserts,
                 const std::vector<std::string> &removals)
        : before_(before), removed_(removals.begin(), removals.end()) {
        for (const EmployeeRecord &e : upserts) {
            distinct_ = upserted_.emplace(e.id, &e).second && distinct_;
            distinct_ = !removed_.contains(e.id) && distinct_;
        }
    }

    bool distinct() const { return distinct_; }
    bool touched(std::string_view id) const {
        return upserted_.contains(id) || removed_.contains(id);
    }
    bool exists(std::string_view id) const {
        return upserted_.contains(id) ||
               (before_.find(id) != OrgChartIndex::npos && !removed_.contains(id));
    }

    // The supervisor afterwards of someone who exists afterwards ("" at the top).
    std::string_view supervisor(std::string_view id) const {
        if (const auto it = upserted_.find(id); it != upserted_.end()) {
            return it->second->supervisor_id;
        }
        const Node node = before_.find(id);
        const Node boss = node == OrgChartIndex::npos ? node : before_.parent(node);
        return boss == OrgChartIndex::npos ? std::string_view() : before_.id_of(boss);
    }

    // Walks up from `e`'s supervisor; a cycle through `e` comes back to it. A walk longer than
    // everyone there is went round a cycle that another changed person closes.
    bool reaches_top(const EmployeeRecord &e) const {
        const std::size_t longest = before_.size() + upserted_.size();
        std::string_view at = e.supervisor_id;
        for (std::size_t steps = 0; !at.empty(); ++steps) {
            if (at == e.id || steps > longest) {
                return false;
            }
            at = supervisor(at);
        }
        return true;
    }

    // Untouched people whose supervisor is removed, and the people at the top afterwards.
    bool untouched_keep_supervisors_and_count_tops(std::size_t &tops) const {
        std::unordered_set<Node> removed_nodes;
        for (const std::string_view id : removed_) {
            removed_nodes.insert(before_.find(id));
        }
        for (Node node = 0; node < before_.size(); ++node) {
            const Node boss = before_.parent(node);
            if (boss == OrgChartIndex::npos) {
                tops += touched(before_.id_of(node)) ? 0 : 1;
            } else if (removed_nodes.contains(boss) && !touched(before_.id_of(node))) {
                return false;
            }
        }
        return true;
    }

  private:
    const OrgChartIndex &before_;
    std::unordered_set<std::string_view> removed_;
    std::unordered_map<std::string_view, const EmployeeRecord *> upserted_;
    bool distinct_ = true;
};

}  // namespace

bool change_keeps_chart_valid(const OrgChartIndex &before,
                              const std::vector<EmployeeRecord> &upserts,
                              const std::vector<std::string> &removals,
                              const OrgChartPolicy &policy) {
    const ChangedChart after(before, upserts, removals);
    if (!after.distinct()) {
        return false;
    }
    for (const std::string &id : removals) {
        if (before.find(id) == OrgChartIndex::npos) {
            return false;
        }
    }
    std::size_t tops = 0;
    for (const EmployeeRecord &e : upserts) {
        if (e.supervisor_id.empty()) {
            ++tops;
        } else if (e.supervisor_id == e.id || !after.exists(e.supervisor_id)) {
            return false;
        }
    }
    // Every supervisor named exists now, so each walk below stays inside the chart.
    for (const EmployeeRecord &e : upserts) {
        if (!after.reaches_top(e)) {
            return false;
        }
    }
    if (!after.untouched_keep_supervisors_and_count_tops(tops)) {
        return false;
    }
    return tops >= 1 && (!policy.single_root || tops == 1);
}

}  // namespace psp
