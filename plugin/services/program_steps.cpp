// program_steps.cpp: the checks and history records every program method shares.
#include "plugin/services/program_steps.hpp"

#include <soci/soci.h>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/error.hpp"
#include "plugin/storage/directory_store.hpp"

namespace psp {

EmployeeRecord require_employee(soci::session &sql, const std::string &id,
                                const std::string &field) {
    std::optional<EmployeeRecord> found = DirectoryStore(sql).find(id);
    if (!found) {
        throw Error(ErrorCode::not_found, "no employee " + id + " in the directory", field);
    }
    if (!found->active) {
        throw Error(ErrorCode::conflict, "employee " + id + " is not active in the directory",
                    field, {id});
    }
    return *found;
}

ProgramMember require_member(ProgramStore &store, const std::string &id) {
    std::optional<ProgramMember> member = store.find(id);
    if (!member) {
        throw Error(ErrorCode::not_found, id + " has never applied to the peer support program",
                    "/params/employee_id", {id});
    }
    return *member;
}

void require_status(const ProgramMember &member, std::initializer_list<ProgramStatus> allowed,
                    const std::string &action) {
    for (ProgramStatus status : allowed) {
        if (member.status == status) {
            return;
        }
    }
    std::string wanted;
    for (ProgramStatus status : allowed) {
        wanted += (wanted.empty() ? "" : " or ") + std::string(program_status_name(status));
    }
    throw Error(ErrorCode::conflict,
                member.employee_id + " is " + std::string(program_status_name(member.status)) +
                    "; " + action + " needs " + wanted,
                "/params/employee_id", {member.employee_id});
}

void require_self(const MethodContext &context, const std::string &employee_id) {
    if (context.principal().id != employee_id) {
        throw Error(ErrorCode::forbidden,
                    "only " + employee_id + " may take this step for themself", "/principal/id");
    }
}

std::string acting_role(const MethodContext &context, RoleSet allowed) {
    for (Role role : kAllRoles) {
        if (allowed.contains(role) && context.roles().contains(role)) {
            return std::string(role_name(role));
        }
    }
    return "-";
}

namespace {

ProgramEvent program_event_of(int cycle, ProgramStatus status, const MethodContext &context,
                              RoleSet allowed, const std::string &event, Json detail) {
    ProgramEvent e;
    e.cycle = cycle;
    e.at_ms = context.now_ms();
    e.event = event;
    e.status = std::string(program_status_name(status));
    e.actor = context.principal().id;
    e.actor_role = acting_role(context, allowed);
    e.detail = std::move(detail);
    return e;
}

}  // namespace

void record_event(ProgramStore &store, const ProgramMember &member, const MethodContext &context,
                  RoleSet allowed, const std::string &event, Json detail) {
    store.append_event(member, program_event_of(member.cycle, member.status, context, allowed,
                                                event, std::move(detail)));
}

void transition(ProgramStore &store, ProgramMember &member, const MethodContext &context,
                RoleSet allowed, ProgramStatus status, const std::string &event, Json detail) {
    store.set_status_with_event(
        member, status, context.now_ms(),
        program_event_of(member.cycle, status, context, allowed, event, std::move(detail)));
}

std::string past_date(const MethodContext &context, const Json &params, const std::string &key) {
    if (!params.contains(key)) {
        // The step happens as it is recorded: today in the agency's time zone, by the host clock.
        return format_iso_date(context.config().calendar.local_date(context.now_ms()));
    }
    std::string text = params.at(key).get<std::string>();
    const CivilDate day = require_iso_date(text, "/params/" + key);
    if (day > context.config().calendar.local_date(context.now_ms())) {
        throw Error(ErrorCode::invalid_request, key + " " + text + " is in the future",
                    "/params/" + key);
    }
    return text;
}

Json member_json(const ProgramMember &m) {
    return {{"employee_id", m.employee_id},
            {"status", program_status_name(m.status)},
            {"path", m.path},
            {"cycle", m.cycle},
            {"status_since_ms", m.status_since_ms}};
}

}  // namespace psp
