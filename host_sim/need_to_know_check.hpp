// need_to_know_check.hpp: after every scenario, the answers that must tell nobody more than their
// role grants are attacked on the state the scenario left (issue 20, item 10 (c) and (d)):
// - every member PSP checks their pairs with everyone in the directory: no answer carries
//   same_incident (who else was involved in an incident);
// - a clinician checks every member with everyone: no answer carries a rule or a category (who is
//   on leave or under review, who declared a conflict);
// - every figure command staff can reach in coverage.report and readiness.report is one that
//   statistics.report publishes, and none is a small count (1 to threshold - 1).
// Reads only, so the scenario's data and audit log are left as they were.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "host_sim/agency_session.hpp"

namespace psp::host_sim {

struct NeedToKnowReport {
    std::vector<std::string> violations;  // one sentence each; empty when every answer held
    std::size_t pairs_checked = 0;
    std::size_t figures_checked = 0;
    std::vector<std::string> skipped;  // parts the scenario's state or role map left out

    bool held() const { return violations.empty(); }
};

NeedToKnowReport check_need_to_know(const AgencySession &session);

}  // namespace psp::host_sim
