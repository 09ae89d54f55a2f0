// jurisdiction_facts.hpp: the agency's jurisdiction profile applied to its records: each PSP's
// privilege eligibility (optionally for one incident), the notice activation.assign returns, and
// the incident's involvement kinds. Shared by jurisdiction_methods.cpp, incident_methods.cpp and
// activation_methods.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/privilege_eligibility.hpp"
#include "plugin/storage/activation_store.hpp"

namespace psp {

struct PspPrivilege {
    std::string employee_id;
    std::string status;  // active, on_leave or under_review
    std::optional<std::string> designated_on;
    ComplianceState training = ComplianceState::compliant;
    PrivilegeEligibility eligibility;
};

// Every PSP (or only `employee_id`: Error(not_found) when they are not a PSP), by id, under the
// agency's profile; with `incident`, the incident rules too.
std::vector<PspPrivilege> psp_privileges(MethodContext &context, soci::session &sql,
                                         const Incident *incident,
                                         const std::string &employee_id = {});

// The incident by id for a privilege question: Error(not_found), or Error(conflict) once its
// identities are purged.
Incident require_incident_with_identities(soci::session &sql, int64_t incident_id,
                                          const std::string &field);

// A rule's or statement's source: {"url", "status", "enacted_by"?, "effective"?, "verified"}.
Json source_json(const RuleSource &source);
// A limit or open question: {"text", "citation", "basis"?, "source"?}.
Json statement_json(const ConfidentialityLimit &statement);
Json statements_json(const std::vector<ConfidentialityLimit> &statements);
// What the profile's law protects: {"kind", "citation", "summary", "privileged", "answer",
// "profile", "source"?}.
Json protection_json(const JurisdictionProfile &profile);

// [{"rule", "kind", "basis", "citation", "reason", "since"?}]
Json rule_failures_json(const PrivilegeEligibility &eligibility);

// activation.assign's notice: {"profile", "eligible", "answer", "warnings",
// "confidentiality_limits"}:
// whether `psp_id` would be privileged for this incident, and what the recipient is told at the
// outset about the limits of confidentiality (IACP 6.2, 6.4).
Json assignment_privilege(MethodContext &context, soci::session &sql, const Incident &incident,
                          const std::string &psp_id);

// activation.stats' "limits_explained": [{"quarter", "category", "explained", "not_explained"}],
// the check-ins at which the PSP recorded whether the limits of confidentiality were explained.
Json limits_explained_json(soci::session &sql);

// incident.open's optional "involvement": [{"employee_id", "kind"}], each an involved employee
// once. Checks and stores it (inside the opening transaction).
void record_involvement(soci::session &sql, int64_t incident_id, const Json &params,
                        const std::vector<std::string> &involved);

}  // namespace psp
