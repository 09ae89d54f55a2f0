// org_chart_index.hpp: the org chart in memory, for chain-of-command checks in constant time.
//
// Built from the directory at each sync (and when another host process has synced since), never
// walked in the database per check. Nodes are dense numbers; every query takes nodes, so a bulk
// check resolves ids once. The index is immutable once built and safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/employee.hpp"

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
    // `employees` must form a valid org chart (validate_org_chart); acting assignments naming an
    // unknown employee are ignored.
    static OrgChartIndex build(const std::vector<EmployeeRecord> &employees,
                               const std::vector<ActingAssignment> &acting = {});

    std::size_t size() const { return ids_.size(); }
    Node find(std::string_view id) const;  // npos when unknown
    const std::string &id_of(Node node) const { return ids_[node]; }
    const Facts &facts(Node node) const { return facts_[node]; }
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

  private:
    std::vector<std::string> ids_;
    std::unordered_map<std::string_view, Node> by_id_;
    std::vector<Node> parent_;  // npos at the top
    std::vector<Facts> facts_;
    std::vector<uint32_t> report_count_;
    std::vector<std::vector<Node>> acting_parents_;
    std::vector<std::string> division_names_;
    std::vector<std::string> shift_names_;
};

}  // namespace psp
