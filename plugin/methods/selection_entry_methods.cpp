// selection_entry_methods.cpp: how a person enters and leaves the selection path (IACP 4.1):
// applying, being nominated and accepting or declining, withdrawing at any step without a
// reason, and reinstatement after deselection (4.3) on the policy's shortened path.
#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/need_to_know.hpp"
#include "plugin/services/program_steps.hpp"

namespace psp {
namespace {

constexpr RoleSet kNominators = {Role::employee, Role::peer_supporter, Role::coordinator};

// May `employee` start a selection cycle? PSPs are volunteers in good standing, with the
// service the policy asks for, and supervisors only where the agency lets them serve (7.4).
void check_service(MethodContext &context, const EmployeeRecord &employee) {
    const int months = context.config().selection.min_service_months;
    if (months == 0) {
        return;
    }
    const auto hired = parse_iso_date(employee.hire_date);
    if (!hired) {
        throw Error(ErrorCode::conflict,
                    "the directory has no hire date for " + employee.id +
                        ", and this agency's policy asks for " + std::to_string(months) +
                        " months of service (policy.selection.min_service_months); the host's "
                        "directory export should carry hire_date",
                    "/params/employee_id", {employee.id});
    }
    const CivilDate today = context.config().calendar.local_date(context.now_ms());
    // Service is counted in calendar months, as HR counts it: from 2025-03-15, twelve months are
    // complete on 2026-03-15; from 31 January, one month ends on the last day of February.
    const CivilDate shifted = *hired + date::months(months);
    const CivilDate due =
        shifted.ok() ? shifted : CivilDate{shifted.year() / shifted.month() / date::last};
    if (today < due) {
        throw Error(ErrorCode::conflict,
                    employee.id + " has served less than the " + std::to_string(months) +
                        " months this agency's policy asks for; eligible from " +
                        format_iso_date(due),
                    "/params/employee_id", {employee.id});
    }
}

void check_eligible(MethodContext &context, const EmployeeRecord &employee) {
    const SelectionPolicy &policy = context.config().selection;
    check_service(context, employee);
    if (!policy.supervisors_may_serve) {
        const auto chart = context.org_chart();
        const OrgChartIndex::Node node = chart->find(employee.id);
        if (node != OrgChartIndex::npos && chart->has_reports(node)) {
            throw Error(ErrorCode::conflict,
                        employee.id +
                            " supervises others, and this agency's policy does not let "
                            "supervisors serve as PSPs (policy.selection."
                            "supervisors_may_serve)",
                        "/params/employee_id", {employee.id});
        }
    }
}

// The member record for a new cycle: a first one, or the next over a closed cycle.
ProgramMember new_cycle(ProgramStore &store, const std::string &id, const std::string &path,
                        ProgramStatus status, int64_t now_ms,
                        const std::string &nominated_by = {}) {
    std::optional<ProgramMember> earlier = store.find(id);
    if (earlier && !is_closed(earlier->status)) {
        throw Error(ErrorCode::conflict,
                    id + " is already " + std::string(program_status_name(earlier->status)),
                    "/params/employee_id", {id});
    }
    if (earlier && earlier->status == ProgramStatus::deselected && path == "full") {
        throw Error(ErrorCode::conflict,
                    id + " was deselected; a return goes through reinstatement "
                         "(selection.reinstate by the coordinator)",
                    "/params/employee_id", {id});
    }
    ProgramMember m;
    m.employee_id = id;
    m.status = status;
    m.path = path;
    m.cycle = earlier ? earlier->cycle + 1 : 1;
    m.revision = earlier ? earlier->revision + 1 : 0;
    m.nominated_by = nominated_by;
    m.status_since_ms = now_ms;
    store.start_cycle(m, earlier ? std::optional<int>(earlier->revision) : std::nullopt);
    return m;
}

Json selection_apply(MethodContext &context, const Json & /*params*/) {
    const std::string id = context.principal().id;
    return context.commit([&](soci::session &sql) {
        const EmployeeRecord employee = require_employee(sql, id, "/principal/id");
        check_eligible(context, employee);
        ProgramStore store(sql);
        const ProgramStatus first = status_after(std::nullopt, "full", context.config().selection);
        ProgramMember m = new_cycle(store, id, "full", first, context.now_ms());
        record_event(store, m, context, kSelf, "applied");
        return Json{{"member", member_json(m)}};
    });
}

Json selection_nominate(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    if (id == context.principal().id) {
        throw Error(ErrorCode::invalid_request,
                    "a person cannot nominate themself; use selection.apply",
                    "/params/employee_id");
    }
    try {
        return context.commit([&](soci::session &sql) {
            const EmployeeRecord nominee = require_employee(sql, id, "/params/employee_id");
            check_eligible(context, nominee);
            ProgramStore store(sql);
            ProgramMember m = new_cycle(store, id, "full", ProgramStatus::nominated,
                                        context.now_ms(), context.principal().id);
            record_event(store, m, context, kNominators, "nominated");
            return Json{{"member", member_json_for(context, m)}};
        });
    } catch (const Error &e) {
        // Why a colleague cannot be nominated (already under review, deselected, short of
        // service, gone from the directory) is theirs and the program's, not the nominator's.
        const bool about_nominee =
            e.code() == ErrorCode::conflict || e.code() == ErrorCode::not_found;
        if (!about_nominee || sees_program_records(context)) {
            throw;
        }
        throw Error(
            ErrorCode::conflict,
            "a nomination of " + id + " is not possible now; the program coordinator can say why",
            "/params/employee_id", {id});
    }
}

Json selection_respond(MethodContext &context, const Json &params) {
    const std::string id = context.principal().id;
    const bool accept = params.at("accept").get<bool>();
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::nominated}, "answering a nomination");
        if (accept) {
            require_employee(sql, id, "/principal/id");
        }
        const ProgramStatus next =
            accept ? status_after(std::nullopt, m.path, context.config().selection)
                   : ProgramStatus::nomination_declined;
        transition(store, m, context, kSelf, next,
                   accept ? "nomination_accepted" : "nomination_declined");
        return Json{{"member", member_json(m)}};
    });
}

Json selection_withdraw(MethodContext &context, const Json & /*params*/) {
    const std::string id = context.principal().id;
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        if (!is_candidate(m.status)) {
            throw Error(ErrorCode::conflict,
                        id + " is " + std::string(program_status_name(m.status)) +
                            "; only a candidate withdraws (a member resigns: membership.resign)",
                        "/principal/id", {id});
        }
        transition(store, m, context, kSelf, ProgramStatus::withdrawn, "withdrawn");
        return Json{{"member", member_json(m)}};
    });
}

Json selection_reinstate(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    return context.commit([&](soci::session &sql) {
        const EmployeeRecord employee = require_employee(sql, id, "/params/employee_id");
        ProgramStore store(sql);
        require_status(require_member(store, id), {ProgramStatus::deselected}, "reinstatement");
        check_eligible(context, employee);
        const ProgramStatus first =
            status_after(std::nullopt, "reinstatement", context.config().selection);
        ProgramMember m = new_cycle(store, id, "reinstatement", first, context.now_ms());
        record_event(store, m, context, kCoordinator, "reinstatement_started");
        if (m.status == ProgramStatus::active) {
            // A policy with no reinstatement steps restores the member at once.
            transition(store, m, context, kCoordinator, ProgramStatus::active, "activated");
        }
        return Json{{"member", member_json(m)}};
    });
}

}  // namespace

void add_selection_entry_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "selection.apply",
        .summary = "The principal volunteers to become a PSP (IACP 4.1). Starts a selection cycle "
                   "at the first step of the policy's path.",
        .roles = kSelf,
        .writes = true,
        .handler = &selection_apply,
    });
    catalog.add({
        .name = "selection.nominate",
        .summary = "Nominates a colleague. A nomination becomes an application only when the "
                   "nominee accepts (PSPs are volunteers, 4.1). A nominator who is not the "
                   "coordinator sees only the nominee's id and status, and one refusal whatever "
                   "the reason.",
        .roles = kNominators,
        .writes = true,
        .handler = &selection_nominate,
    });
    catalog.add({
        .name = "selection.respond_nomination",
        .summary = "The nominee accepts (an application begins) or declines (no reason asked).",
        .roles = kSelf,
        .writes = true,
        .handler = &selection_respond,
    });
    catalog.add({
        .name = "selection.withdraw",
        .summary = "The candidate withdraws, at any step, without giving a reason.",
        .roles = kSelf,
        .writes = true,
        .handler = &selection_withdraw,
    });
    catalog.add({
        .name = "selection.reinstate",
        .summary = "Starts a deselected PSP's return on the shortened path of "
                   "policy.selection.reinstatement_steps (IACP 4.3).",
        .roles = kCoordinator,
        .writes = true,
        .handler = &selection_reinstate,
    });
}

}  // namespace psp
