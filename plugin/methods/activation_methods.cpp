// activation_methods.cpp: a PSP's assignment to someone involved in a critical incident: the
// coordinator assigns, the PSP acknowledges and checks in within the policy window (24-72 hours,
// reference 001), and the employee may decline any PSP without a reason (IACP 3.6). Also the
// periodic tasks: overdue check-ins notify the coordinator, and closed incidents' identities are
// purged after the retention period.
#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "methods/activation_json.hpp"
#include "methods/conflict_facts.hpp"
#include "methods/jurisdiction_facts.hpp"
#include "methods/maintenance_task.hpp"
#include "methods/method_groups.hpp"
#include "methods/program_steps.hpp"

namespace psp {
namespace {

constexpr RoleSet kCoordinator = {Role::coordinator};
constexpr RoleSet kPsp = {Role::peer_supporter};
constexpr RoleSet kEmployees = {Role::employee, Role::peer_supporter};
constexpr int64_t kHourMs = 3'600'000;

std::string joined(const std::vector<std::string> &rules) {
    std::string out;
    for (const std::string &r : rules) {
        out += (out.empty() ? "" : ", ") + r;
    }
    return out;
}

// The employee's assignment in the incident that is not declined (open or checked in), if any.
std::optional<Assignment> current_of(const std::vector<Assignment> &all,
                                     const std::string &employee_id) {
    for (const Assignment &a : all) {
        if (a.employee_id == employee_id && a.status != "declined") {
            return a;
        }
    }
    return std::nullopt;
}

void check_assignable(MethodContext &context, soci::session &sql, const std::string &psp_id,
                      const std::string &employee_id, const std::vector<Assignment> &all) {
    const LoadedConflicts loaded = load_conflicts(context, sql);
    const OrgChartIndex::Node psp = require_node(*loaded.chart, psp_id, "/params/psp_id");
    const OrgChartIndex::Node employee =
        require_node(*loaded.chart, employee_id, "/params/employee_id");
    const std::vector<std::string> rules = loaded.facts->rules(psp, employee);
    if (!rules.empty()) {
        throw Error(ErrorCode::conflict,
                    psp_id + " may not support " + employee_id + ": " + joined(rules),
                    "/params/psp_id");
    }
    // The first assignment of the employee that bars this one: a live one, or this PSP declined.
    const auto barring = std::find_if(all.begin(), all.end(), [&](const Assignment &a) {
        return a.employee_id == employee_id && (a.status != "declined" || a.psp_id == psp_id);
    });
    if (barring == all.end()) {
        return;
    }
    if (barring->status == "declined") {
        throw Error(ErrorCode::conflict, employee_id + " has declined " + psp_id, "/params/psp_id");
    }
    throw Error(ErrorCode::conflict, employee_id + " already has a PSP (" + barring->status + ")",
                "/params/employee_id");
}

Json activation_assign(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::string employee_id = params.at("employee_id"), psp_id = params.at("psp_id");
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        const Incident incident = require_open_incident(store, id);
        if (!store.is_involved(id, employee_id)) {
            throw Error(ErrorCode::not_found,
                        employee_id + " is not involved in incident " + std::to_string(id),
                        "/params/employee_id");
        }
        const std::vector<Assignment> all = store.assignments(id);
        check_assignable(context, sql, psp_id, employee_id, all);
        Assignment a;
        a.incident_id = id;
        a.employee_id = employee_id;
        a.psp_id = psp_id;
        a.status = "assigned";
        a.assignment_no = 1;
        for (const Assignment &b : all) {
            if (b.employee_id == employee_id) {
                a.assignment_no = b.assignment_no + 1;
            }
        }
        a.assigned_ms = context.now_ms();
        a.due_ms = a.assigned_ms + context.config().activation.check_in_hours * kHourMs;
        store.add_assignment(a);
        store.add_count(incident.quarter, incident.category, ActivationCount::assignments);
        return Json{{"assignment", assignment_json(a)},
                    {"privilege", assignment_privilege(context, sql, incident, psp_id)}};
    });
}

// The open assignment of `employee_id` in the incident, which must be the principal's (a PSP
// acts only on their own assignments).
Assignment require_own_assignment(ActivationStore &store, const MethodContext &context, int64_t id,
                                  const std::string &employee_id) {
    const auto a = current_of(store.assignments(id), employee_id);
    if (!a || a->psp_id != context.principal().id) {
        throw Error(
            ErrorCode::not_found,
            "you have no assignment with " + employee_id + " in incident " + std::to_string(id),
            "/params/employee_id");
    }
    return *a;
}

Json activation_acknowledge(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::string employee_id = params.at("employee_id");
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        require_open_incident(store, id);
        Assignment a = require_own_assignment(store, context, id, employee_id);
        if (a.status != "assigned") {
            throw Error(ErrorCode::conflict, "the assignment is " + a.status,
                        "/params/employee_id");
        }
        a.status = "acknowledged";
        a.acknowledged_ms = context.now_ms();
        store.update_assignment(a);
        return Json{{"assignment", assignment_json(a)}};
    });
}

Json activation_check_in(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::string employee_id = params.at("employee_id");
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        const Incident incident = require_open_incident(store, id);
        Assignment a = require_own_assignment(store, context, id, employee_id);
        if (!a.open()) {
            throw Error(ErrorCode::conflict, "the assignment is " + a.status,
                        "/params/employee_id");
        }
        a.status = "checked_in";
        a.ended_ms = context.now_ms();
        store.update_assignment(a);
        store.add_count(incident.quarter, incident.category,
                        a.ended_ms <= a.due_ms ? ActivationCount::check_ins_on_time
                                               : ActivationCount::check_ins_late);
        return Json{{"assignment", assignment_json(a)}};
    });
}

// The employee declines the PSP assigned to them, for any reason or none (3.6): the request has
// no field for one. The next proposals leave that PSP out.
Json activation_decline(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::string self = context.principal().id;
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        const Incident incident = require_open_incident(store, id);
        auto a = current_of(store.assignments(id), self);
        if (!a || !a->open()) {
            throw Error(ErrorCode::not_found,
                        "you have no PSP assigned in incident " + std::to_string(id),
                        "/params/incident_id");
        }
        a->status = "declined";
        a->ended_ms = context.now_ms();
        store.update_assignment(*a);
        store.add_count(incident.quarter, incident.category, ActivationCount::declines);
        return Json{{"incident_id", id}, {"declined", true}};
    });
}

const char *const kActivationMethods =
    "('incident.open', 'incident.close', 'activation.assign', 'activation.acknowledge',"
    " 'activation.decline', 'activation.check_in')";

}  // namespace

// One notification per incident with overdue check-ins, once per assignment, naming nobody.
void run_check_ins_overdue(MethodContext &context, soci::session &sql,
                           MaintenanceOutcome &outcome) {
    ActivationStore store(sql);
    std::set<int64_t> incidents;
    int overdue = 0;
    for (Assignment &a : store.overdue_unnotified(context.now_ms())) {
        a.overdue_notified = true;
        store.update_assignment(a);
        incidents.insert(a.incident_id);
        ++overdue;
    }
    for (int64_t id : incidents) {
        outcome.notifications.push_back(
            {{"kind", "check_in_overdue"}, {"audience", "coordinator"}, {"incident_id", id}});
    }
    outcome.summary["check_ins_overdue"] = overdue;
}

// Identities of incidents closed retention_days ago or more are deleted, with the stored answers
// to the requests that named them (a retry that late is not a retry).
void run_activation_purge(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome) {
    const int64_t cutoff =
        context.now_ms() - int64_t{context.config().activation.retention_days} * 24 * kHourMs;
    ActivationStore store(sql);
    const std::vector<int64_t> due = store.closed_before(cutoff);
    if (!due.empty()) {
        // Every SQLite connection has secure_delete on (storage/database.cpp), and
        // maintenance.run checkpoints the log afterwards: the bytes go, not only the rows.
        for (int64_t id : due) {
            store.purge(id);
        }
        const long long before = cutoff;
        sql << "DELETE FROM idempotency WHERE at_ms <= :t AND method IN " << kActivationMethods,
            soci::use(before);
    }
    outcome.summary["activations_purged"] = due.size();
}

void add_activation_methods(MethodCatalog &catalog) {
    Json assignment =
        object_schema({{"incident_id", {{"type", "integer"}}},
                       {"employee_id", {{"type", "string"}}},
                       {"psp_id", {{"type", "string"}}},
                       {"status", {{"enum", {"assigned", "acknowledged", "checked_in"}}}},
                       {"assigned_ms", {{"type", "integer"}}},
                       {"due_ms", {{"type", "integer"}}}},
                      {"incident_id", "employee_id", "psp_id", "status", "due_ms"});
    Json result = object_schema({{"assignment", assignment}}, {"assignment"});
    Json pair = object_schema(
        {{"incident_id", incident_id_schema()}, {"employee_id", employee_id_schema()}},
        {"incident_id", "employee_id"});
    catalog.add(
        {"activation.assign",
         "The coordinator assigns a PSP to an involved employee; refused (conflict) when "
         "a role-conflict rule fires, the PSP is unavailable, the employee declined them "
         "or already has a PSP. The check-in is due within policy.activation."
         "check_in_hours (default 72). The result's privilege notice warns when the PSP "
         "would not be privileged for this incident under the jurisdiction profile (the "
         "coordinator may pick another) and gives the confidentiality limits the "
         "recipient is told at the outset (IACP 6.2, 6.4).",
         kCoordinator, true,
         object_schema({{"incident_id", incident_id_schema()},
                        {"employee_id", employee_id_schema()},
                        {"psp_id", employee_id_schema()}},
                       {"incident_id", "employee_id", "psp_id"}),
         object_schema({{"assignment", assignment}, {"privilege", assignment_privilege_schema()}},
                       {"assignment", "privilege"}),
         &activation_assign});
    catalog.add({"activation.acknowledge", "The assigned PSP acknowledges the assignment.", kPsp,
                 true, pair, result, &activation_acknowledge});
    catalog.add({"activation.check_in",
                 "The assigned PSP records that the check-in happened (counted on time or late).",
                 kPsp, true, pair, result, &activation_check_in});
    catalog.add({"activation.decline",
                 "The principal, an involved employee, declines the PSP assigned to them, for "
                 "any reason or none (IACP 3.6); no reason is asked or accepted. The audit "
                 "records the call with the principal withheld.",
                 kEmployees, true,
                 object_schema({{"incident_id", incident_id_schema()}}, {"incident_id"}),
                 object_schema(
                     {{"incident_id", {{"type", "integer"}}}, {"declined", {{"type", "boolean"}}}},
                     {"incident_id", "declined"}),
                 &activation_decline, /*principal_is_recipient=*/true});
}

}  // namespace psp
