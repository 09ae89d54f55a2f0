// call_audit.hpp: how one call enters the audit log, and which calls are confidential.
//
// A confidential call (a contact logged, a PSP declined, a leave started or ended, a conflict
// declared or withdrawn) is not an entry of its own: its principal and millisecond, kept forever
// in an append-only log, would link it to a person (docs/confidentiality.md, "Threat model"). It
// is counted under its quarter instead, and maintenance.run writes the counts into the chain once
// the quarter has ended. Its stored answer is found by a hash of the idempotency key and checked
// with an HMAC keyed by the key itself, so nothing stored can be recomputed from a guess.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/dispatch/method_catalog.hpp"
#include "plugin/domain/roles.hpp"

namespace soci {
class session;
}

namespace psp {

// The confidential methods, in name order.
const std::vector<std::string> &confidential_methods();
bool is_confidential(std::string_view method);

// "2024-Q1": the quarter of the agency's local day at `ms`.
std::string quarter_of_ms(const AgencyCalendar &calendar, int64_t ms);

// Audits one call of `spec` (nullptr: no such method, recorded as "(unknown method)", never the
// caller's text) inside the caller's write transaction: an entry of the chain, or for a
// confidential method (other than a refusal by role, which keeps its own entry) a count for its
// quarter.
void audit_call(soci::session &sql, const AgencyCalendar &calendar, const MethodSpec *spec,
                int64_t now_ms, const std::string &principal, RoleSet roles,
                const std::string &outcome);

}  // namespace psp
