// role_conflicts.hpp: which role-conflict rules keep a PSP from supporting an employee (IACP 7.1,
// 7.2, 3.3): the chain of command either way, a conflict the PSP declared, both being involved in
// the same open incident, the PSP being unavailable, or the two being the same person.
//
// Pure: the method layer loads the facts (team pool, declarations, open incidents) once per
// request and every check after that is lookups in memory, so a bulk check or an incident's
// proposals never go back to the database per pair.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "plugin/domain/org_chart_index.hpp"

namespace psp {

class ConflictFacts {
  public:
    using Node = OrgChartIndex::Node;

    // `chart` must outlive the facts. `chain_of_command_depth` 0 means any depth.
    ConflictFacts(const OrgChartIndex &chart, unsigned chain_of_command_depth);

    // A team member (active, on leave or under review) and why they may not be offered now
    // (empty when available), as team_pool says.
    void add_member(Node psp, std::vector<std::string> unavailable);
    // The PSP declared they must not support `employee`; `category` may be empty.
    void add_declaration(Node psp, Node employee, std::string category);
    // `node` is involved in the open incident `incident_id`.
    void add_involvement(Node node, int64_t incident_id);

    const OrgChartIndex &chart() const { return chart_; }
    bool is_member(Node node) const { return member_[node] != 0; }
    bool available(Node node) const { return member_[node] == kAvailable; }
    // The declared category ("" when none was given), or nullptr when nothing was declared.
    const std::string *declared_category(Node psp, Node employee) const;

    // The rules that fire, in this order: "self", "not_a_psp", "psp_unavailable:<reason>" (one
    // per reason), "chain_of_command", "declared_conflict", "same_incident". Empty: no conflict.
    std::vector<std::string> rules(Node psp, Node employee) const;
    // No rule fires. Allocation-free; what proposals call for every (PSP, employee) pair.
    bool eligible(Node psp, Node employee) const;

  private:
    static constexpr uint8_t kAvailable = 1, kUnavailable = 2;
    static uint64_t pair_key(Node psp, Node employee) {
        return (static_cast<uint64_t>(psp) << 32) | employee;
    }
    bool share_open_incident(Node a, Node b) const;

    const OrgChartIndex &chart_;
    unsigned depth_;
    std::vector<uint8_t> member_;  // by node: 0, kAvailable or kUnavailable
    std::unordered_map<Node, std::vector<std::string>> unavailable_;
    std::vector<uint8_t> declared_against_;  // by employee node: someone declared
    std::unordered_map<uint64_t, std::string> declared_;
    std::vector<uint8_t> involved_;  // by node: in some open incident
    std::unordered_map<Node, std::vector<int64_t>> incidents_;
};

}  // namespace psp
