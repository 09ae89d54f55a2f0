// reidentification_check.hpp: after every scenario, what someone holding the plugin's database,
// the host's logs and the directory could link back to who made a confidential call (issue 20,
// item 10 (a) and (b)). The attacker knows every confidential request the scenario made except
// who made it, and tries every employee in the directory:
// - brute force: no value stored anywhere in the database is a SHA-256 of method, principal and
//   params (the old idempotency fingerprint), of the principal, or of method and principal;
// - joins: no audit entry for a confidential call names its caller (a refusal by role aside), no
//   idempotency row keeps a confidential call, no contact row holds an employee id or a time finer
//   than its quarter, no host log line names a confidential method with an employee id, and the
//   plugin made no fetch while serving a confidential call (the fetch log would time it).
// What the program keeps on purpose while it works with it (an open assignment's decline until
// its purge, a standing conflict declaration, a leave) is not this check's business; see
// docs/confidentiality.md. SQLite only: a PostgreSQL run reports the database part skipped.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host_sim/agency_session.hpp"

namespace psp::host_sim {

// One confidential call as the scenario made it, and how many fetches the plugin made meanwhile.
struct ConfidentialCall {
    std::string method;
    std::string principal;
    nlohmann::json params;
    std::size_t fetches_during = 0;
};

// The methods docs/confidentiality.md lists as confidential: the attacker reads the docs too.
bool is_confidential_method(const std::string &method);

struct ReidentificationReport {
    std::vector<std::string> violations;  // one sentence each; empty when nothing linked
    std::size_t guesses = 0;              // hashes computed in the brute force
    std::size_t values_scanned = 0;       // stored values the guesses were matched against
    std::vector<std::string> skipped;

    bool held() const { return violations.empty(); }
};

ReidentificationReport check_reidentification(const AgencySession &session,
                                              const std::vector<std::string> &directory_ids,
                                              const std::vector<ConfidentialCall> &calls);

}  // namespace psp::host_sim
