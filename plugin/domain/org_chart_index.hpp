// org_chart_index.hpp: the org chart in memory, for chain-of-command checks in constant time.
//
// Built from the directory at each sync (and when another host process has synced since), never
// walked in the database per check. Nodes are dense numbers; every query takes nodes, so a bulk
// check resolves ids once. The index is immutable once built and safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugin/domain/employee.hpp"

namespace psp {

// An acting supervisor the host reports: `supervisor_id` temporarily leads `employee_id` besides
// (not instead of) the employee's permanent supervisor.
struct ActingAssignment {
    std::string employee_id;
    std::string supervisor_id;
};

class OrgChartIndex {
  public:
    using Node = uint32_t;
    static constexpr Node npos = UINT32_MAX;

    // What coverage and matching need about a person, without their record.
    struct Facts {
        uint32_t division = 0;  // into division_names()
        uint32_t shift = 0;     // into shift_names()
        StaffCategory category = StaffCategory::sworn;
        bool active = true;
    };

    OrgChartIndex() = default;
    // Copies re-point the id lookup at their own id strings.
    OrgChartIndex(const OrgChartIndex &other);
    OrgChartIndex &operator=(const OrgChartIndex &other);
    OrgChartIndex(OrgChartIndex &&) noexcept = default;
    OrgChartIndex &operator=(OrgChartIndex &&) noexcept = default;

    // `employees` must form a valid org chart (validate_org_chart); acting assignments naming an
    // unknown employee are ignored.
    static OrgChartIndex build(const std::vector<EmployeeRecord> &employees,
                               const std::vector<ActingAssignment> &acting = {});

    std::size_t size() const { return ids_.size(); }
    Node find(std::string_view id) const;  // npos when unknown
    const std::string &id_of(Node node) const { return ids_[node]; }
    const Facts &facts(Node node) const { return facts_[node]; }
    // The permanent supervisor's node, npos at the top.
    Node parent(Node node) const { return parent_[node]; }
    const std::vector<std::string> &division_names() const { return division_names_; }
    const std::vector<std::string> &shift_names() const { return shift_names_; }

    // True when `upper` is above `lower` in the chain of command: their supervisor, their
    // supervisor's supervisor, and so on, through acting assignments too. `max_depth` limits the
    // number of levels (0: any depth). A person does not supervise themself.
    bool supervises(Node upper, Node lower, unsigned max_depth = 0) const;
    // Either supervises the other.
    bool in_chain_of_command(Node a, Node b, unsigned max_depth = 0) const {
        return supervises(a, b, max_depth) || supervises(b, a, max_depth);
    }
    // Someone reports to them, permanently or acting (IACP 7.4: supervisors as PSPs).
    bool has_reports(Node node) const;

    // Levels between a person and the top of their permanent chart (0 at the top).
    unsigned depth(Node node) const { return tree_[node].depth; }
    // The acting assignments the index holds (unknown employees and self-assignments left out).
    std::size_t acting_count() const { return acting_count_; }

  private:
    // Where a node sits in the permanent tree, packed so a check touches one cache line per node.
    struct TreePlace {
        uint32_t enter = 0;   // pre-order number
        uint32_t span = 0;    // size of the subtree, the node included
        uint32_t depth = 0;   // 0 at a root
        uint32_t acting = 0;  // nearest ancestor-or-self with acting supervisors: index into
                              // acting_sources_ + 1, 0 for none
    };
    // An acting supervisor reachable from a source: `target` and all its permanent supervisors,
    // at `levels` levels (plus their distance from `target`) above the source.
    struct ActingReach {
        Node target = 0;
        uint32_t levels = 0;
    };
    struct ActingSource {
        Node node = 0;
        uint32_t above = 0;  // the next source up the permanent chain, as in TreePlace::acting
        uint32_t first = 0;  // its reach: reaches_[first, last)
        uint32_t last = 0;
    };

    bool permanently_above(Node upper, Node lower) const {
        const TreePlace &u = tree_[upper];
        return tree_[lower].enter - u.enter - 1u < u.span - 1u;
    }
    bool within(unsigned levels, unsigned max_depth) const {
        return max_depth == 0 || levels <= max_depth;
    }
    bool supervises_acting(Node upper, Node lower, unsigned max_depth) const;
    void index_ids();
    std::vector<Node> place_in_tree();
    void index_acting(const std::vector<std::pair<Node, Node>> &edges,
                      const std::vector<Node> &order);
    // Acting supervisor -> fewest levels above `source`, through one or more acting assignments.
    std::map<Node, uint32_t> closest_acting_supervisors(Node source) const;

    std::vector<std::string> ids_;
    std::unordered_map<std::string_view, Node> by_id_;
    std::vector<Node> parent_;  // npos at the top
    std::vector<Facts> facts_;
    std::vector<uint32_t> report_count_;
    std::vector<std::vector<Node>> acting_parents_;
    std::vector<std::string> division_names_;
    std::vector<std::string> shift_names_;
    std::vector<TreePlace> tree_;
    std::vector<ActingSource> acting_sources_;
    std::vector<ActingReach> reaches_;
    std::size_t acting_count_ = 0;
};

}  // namespace psp
