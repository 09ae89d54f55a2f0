// program_steps.hpp: what every program method shares: finding the person, checking the status
// a step needs, recording the step in the person's history, and the request fields they share.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/employee.hpp"
#include "plugin/domain/org_chart_index.hpp"
#include "plugin/storage/program_store.hpp"

namespace psp {

// The active employee `id`, or Error(not_found) naming `field`.
EmployeeRecord require_employee(soci::session &sql, const std::string &id,
                                const std::string &field);
// The person's program record, or Error(not_found).
ProgramMember require_member(ProgramStore &store, const std::string &id);
// Error(conflict) unless `member` is in one of `allowed`, saying what `action` needs.
void require_status(const ProgramMember &member, std::initializer_list<ProgramStatus> allowed,
                    const std::string &action);
// Error(forbidden) unless the principal is `employee_id`: steps a person takes for themself.
void require_self(const MethodContext &context, const std::string &employee_id);

// The role under which the principal acts in this method: the first of their roles the method
// allows (recorded in the history; the audit log keeps all of them).
std::string acting_role(const MethodContext &context, RoleSet allowed);

// Appends `event` to the member's history with their current status.
void record_event(ProgramStore &store, const ProgramMember &member, const MethodContext &context,
                  RoleSet allowed, const std::string &event, Json detail = Json::object());
// Moves the member to `status` and records `event`.
void transition(ProgramStore &store, ProgramMember &member, const MethodContext &context,
                RoleSet allowed, ProgramStatus status, const std::string &event,
                Json detail = Json::object());

// A date the request gives ("attested_on", "held_on", ...): YYYY-MM-DD and not after today in
// the agency's time zone; today (the host clock, the agency's local date) when it gives none.
std::string past_date(const MethodContext &context, const Json &params, const std::string &key);

// {"employee_id", "status", "path", "cycle", "status_since_ms"}.
Json member_json(const ProgramMember &member);

}  // namespace psp
