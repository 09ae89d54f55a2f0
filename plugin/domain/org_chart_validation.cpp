// org_chart_validation.cpp: linear-time checks over the whole chart.
#include "plugin/domain/org_chart_validation.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

#include "plugin/core/error.hpp"

namespace psp {
namespace {

constexpr std::size_t kNamedRecords = 10;

[[noreturn]] void reject(const std::string &rule, std::vector<std::string> records) {
    std::string message = "the org chart was rejected: " + rule + " (";
    for (std::size_t i = 0; i < records.size(); ++i) {
        message += (i == 0 ? "" : ", ") + records[i];
    }
    message += "); the previous directory is unchanged";
    throw Error(ErrorCode::invalid_org_chart, message, {}, std::move(records));
}

using IndexById = std::unordered_map<std::string_view, std::size_t>;

IndexById index_unique_ids(const std::vector<EmployeeRecord> &employees) {
    IndexById index;
    index.reserve(employees.size());
    std::vector<std::string> duplicates;
    for (std::size_t i = 0; i < employees.size(); ++i) {
        if (!index.emplace(employees[i].id, i).second && duplicates.size() < kNamedRecords) {
            duplicates.push_back(employees[i].id);
        }
    }
    if (!duplicates.empty()) {
        reject("duplicate employee ids", std::move(duplicates));
    }
    return index;
}

void check_supervisors_exist(const std::vector<EmployeeRecord> &employees, const IndexById &index) {
    std::vector<std::string> self;
    std::vector<std::string> dangling;
    for (const EmployeeRecord &e : employees) {
        if (e.supervisor_id.empty()) {
            continue;
        }
        if (e.supervisor_id == e.id) {
            if (self.size() < kNamedRecords) {
                self.push_back(e.id);
            }
        } else if (!index.contains(e.supervisor_id) && dangling.size() < kNamedRecords) {
            dangling.push_back(e.id + " -> " + e.supervisor_id);
        }
    }
    if (!self.empty()) {
        reject("employees who supervise themselves", std::move(self));
    }
    if (!dangling.empty()) {
        reject("supervisors that do not exist", std::move(dangling));
    }
}

void check_roots(const std::vector<EmployeeRecord> &employees, const OrgChartPolicy &policy) {
    std::vector<std::string> roots;
    for (const EmployeeRecord &e : employees) {
        if (e.supervisor_id.empty()) {
            roots.push_back(e.id);
        }
    }
    if (!employees.empty() && roots.empty()) {
        reject("no employee is at the top of the chart", {employees.front().id});
    }
    if (policy.single_root && roots.size() > 1) {
        roots.resize(std::min(roots.size(), kNamedRecords));
        reject("more than one employee without a supervisor, and policy requires one",
               std::move(roots));
    }
}

// Walks up from every employee, colouring nodes: 0 unvisited, 1 on the current path, 2 known to
// reach a root. Each node is finished once, so the whole check is linear.
void check_no_cycles(const std::vector<EmployeeRecord> &employees, const IndexById &index) {
    std::vector<unsigned char> state(employees.size(), 0);
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < employees.size(); ++start) {
        std::size_t node = start;
        path.clear();
        while (state[node] == 0) {
            state[node] = 1;
            path.push_back(node);
            const std::string &boss = employees[node].supervisor_id;
            if (boss.empty()) {
                break;
            }
            node = index.at(boss);
        }
        if (state[node] == 1 && !employees[node].supervisor_id.empty()) {
            std::vector<std::string> cycle;
            const std::size_t first = node;
            do {
                cycle.push_back(employees[node].id);
                node = index.at(employees[node].supervisor_id);
            } while (node != first && cycle.size() < kNamedRecords);
            reject("a supervisor cycle", std::move(cycle));
        }
        for (std::size_t visited : path) {
            state[visited] = 2;
        }
    }
}

}  // namespace

void validate_org_chart(const std::vector<EmployeeRecord> &employees,
                        const OrgChartPolicy &policy) {
    const IndexById index = index_unique_ids(employees);
    check_supervisors_exist(employees, index);
    check_no_cycles(employees, index);
    check_roots(employees, policy);
}

}  // namespace psp
