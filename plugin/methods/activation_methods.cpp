// activation_methods.cpp: a PSP's assignment to someone involved in a critical incident: the
// coordinator assigns (one person or many at once, a PSP of ours or a partner agency's), the PSP
// is told through the host's notify and finds the assignment in their inbox, acknowledges and
// checks in within the policy window (24-72 hours from the incident, reference 001), and the
// employee may decline any PSP without a reason (IACP 3.6). When a PSP leaves the pool their open
// assignments are released for reassignment. Also the periodic tasks: overdue check-ins and people
// past the window without a PSP notify the coordinator, and closed incidents' identities are
// purged after the retention period.
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/error.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/activation_json.hpp"
#include "plugin/services/assignment_release.hpp"
#include "plugin/services/conflict_facts.hpp"
#include "plugin/services/involved_accounting.hpp"
#include "plugin/services/jurisdiction_facts.hpp"
#include "plugin/services/maintenance_task.hpp"
#include "plugin/services/psp_membership.hpp"
#include "plugin/storage/jurisdiction_store.hpp"
#include "plugin/storage/partner_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kCheckIn = {Role::peer_supporter, Role::coordinator};

std::string joined(const std::vector<std::string> &rules) {
    std::string out;
    for (const std::string &r : rules) {
        out += (out.empty() ? "" : ", ") + r;
    }
    return out;
}

bool live(const Assignment &a) {
    return a.status != "declined" && a.status != "released";
}

// The employee's assignment in the incident that is live (open or checked in), if any.
std::optional<Assignment> current_of(const std::vector<Assignment> &all,
                                     const std::string &employee_id) {
    for (const Assignment &a : all) {
        if (a.employee_id == employee_id && live(a)) {
            return a;
        }
    }
    return std::nullopt;
}

// Who is to be assigned: one of our PSPs, or a partner agency's (3.8.2).
struct Supporter {
    std::string psp_id;
    int64_t partner_no = 0;

    std::string label() const {
        return partner_no != 0 ? "partner PSP " + std::to_string(partner_no) : psp_id;
    }
};

// Everything one assignment is checked against, loaded once for a whole request.
struct AssignmentChecks {
    LoadedConflicts loaded;
    std::map<int64_t, PartnerPsp> partners;  // active partner PSPs
};

// The rule that refuses `who` for `employee_id`, or "" when they may be assigned. `field` is the
// request's pointer to the pair (e.g. "/params" or "/params/assignments/3").
std::string refusal(const AssignmentChecks &checks, const Supporter &who,
                    const std::string &employee_id, const std::vector<Assignment> &all,
                    std::string &field) {
    const OrgChartIndex &chart = *checks.loaded.chart;
    const OrgChartIndex::Node employee = chart.find(employee_id);
    if (employee == OrgChartIndex::npos) {
        field += "/employee_id";
        return "no employee " + employee_id + " in the directory";
    }
    if (who.partner_no != 0) {
        if (!checks.partners.contains(who.partner_no)) {
            field += "/partner_psp_id";
            return "no active partner PSP " + std::to_string(who.partner_no) + " (partner.list)";
        }
        const PartnerPsp &partner = checks.partners.at(who.partner_no);
        if (partner.training_status != "current") {
            field += "/partner_psp_id";
            return "partner PSP " + std::to_string(who.partner_no) + "'s training is " +
                   partner.training_status + "; partner.update once it is current";
        }
    } else {
        const OrgChartIndex::Node psp = chart.find(who.psp_id);
        if (psp == OrgChartIndex::npos) {
            field += "/psp_id";
            return "no employee " + who.psp_id + " in the directory";
        }
        const std::vector<std::string> rules = checks.loaded.facts->rules(psp, employee);
        if (!rules.empty()) {
            field += "/psp_id";
            return who.psp_id + " may not support " + employee_id + ": " + joined(rules);
        }
    }
    for (const Assignment &a : all) {
        if (a.employee_id != employee_id) {
            continue;
        }
        if (a.status == "declined" && a.psp_id == who.psp_id && a.partner_no == who.partner_no) {
            field += who.partner_no != 0 ? "/partner_psp_id" : "/psp_id";
            return employee_id + " has declined " + who.label();
        }
        if (live(a)) {
            field += "/employee_id";
            return employee_id + " already has a PSP (" + a.status + ")";
        }
    }
    return {};
}

AssignmentChecks load_checks(MethodContext &context, soci::session &sql) {
    AssignmentChecks checks;
    checks.loaded = load_conflicts(context, sql);
    for (PartnerPsp &p : PartnerStore(sql).list(/*active_only=*/true)) {
        const int64_t no = p.partner_no;
        checks.partners.emplace(no, std::move(p));
    }
    return checks;
}

// Stores the assignment (checked before) and counts it; returns it.
Assignment add_assignment(MethodContext &context, ActivationStore &store, const Incident &incident,
                          const std::vector<Assignment> &all, const std::string &employee_id,
                          const Supporter &who) {
    Assignment a;
    a.incident_id = incident.incident_id;
    a.employee_id = employee_id;
    a.psp_id = who.psp_id;
    a.partner_no = who.partner_no;
    a.status = "assigned";
    a.assignment_no = 1;
    for (const Assignment &b : all) {
        if (b.employee_id == employee_id) {
            a.assignment_no = std::max(a.assignment_no, b.assignment_no + 1);
        }
    }
    a.assigned_ms = context.now_ms();
    a.due_ms = check_in_due_ms(incident, context.config().activation);
    store.add_assignment(a);
    store.add_count(incident.quarter, incident.category, ActivationCount::assignments);
    if (who.partner_no != 0) {
        store.add_count(incident.quarter, incident.category, ActivationCount::partner_assignments);
    }
    return a;
}

// What the assigned PSP's notification carries: a reference to look up in their inbox, never
// the story (no incident category or description, no name or id of the person to support).
Json assignment_notice(const Assignment &a) {
    return {{"kind", "assignment_new"},     {"audience", "psp"},  {"psp_id", a.psp_id},
            {"incident_id", a.incident_id}, {"due_ms", a.due_ms}, {"see", "activation.inbox"}};
}

void send_all(const MethodContext &context, const std::vector<Json> &notices) {
    send_notifications(context, notices);
}

Supporter supporter_of(const Json &params) {
    Supporter who;
    if (params.contains("partner_psp_id")) {
        who.partner_no = params.at("partner_psp_id").get<int64_t>();
    } else {
        who.psp_id = params.at("psp_id").get<std::string>();
    }
    return who;
}

Json assigned_json(MethodContext &context, soci::session &sql, const Incident &incident,
                   const Assignment &a, const AssignmentChecks &checks) {
    Json out = {{"assignment", assignment_json(a)}};
    if (a.partner_no != 0) {
        out["partner_psp"] = partner_psp_json(checks.partners.at(a.partner_no));
        out["privilege"] = nullptr;  // a partner's privilege is their own state's question
    } else {
        out["privilege"] = assignment_privilege(context, sql, incident, a.psp_id);
    }
    return out;
}

ErrorCode refusal_code(const std::string &reason) {
    return reason.rfind("no ", 0) == 0 ? ErrorCode::not_found : ErrorCode::conflict;
}

Json activation_assign(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::string employee_id = params.at("employee_id");
    const Supporter who = supporter_of(params);
    std::vector<Json> notices;
    Json result = context.commit([&](soci::session &sql) {
        notices.clear();
        ActivationStore store(sql);
        const Incident incident = require_open_incident(store, id);
        if (!store.is_involved(id, employee_id)) {
            throw Error(ErrorCode::not_found,
                        employee_id + " is not involved in incident " + std::to_string(id),
                        "/params/employee_id");
        }
        const std::vector<Assignment> all = store.assignments(id);
        const AssignmentChecks checks = load_checks(context, sql);
        std::string field = "/params";
        const std::string why = refusal(checks, who, employee_id, all, field);
        if (!why.empty()) {
            throw Error(refusal_code(why), why, field);
        }
        const Assignment a = add_assignment(context, store, incident, all, employee_id, who);
        if (a.partner_no == 0) {
            notices.push_back(assignment_notice(a));
        }
        return assigned_json(context, sql, incident, a, checks);
    });
    send_all(context, notices);
    return result;
}

// Many involved at once, all or nothing: every pair is checked first and every refused pair is
// named in one error, so the coordinator fixes them together and nothing half-happens.
Json activation_assign_bulk(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const Json &list = params.at("assignments");
    std::vector<Json> notices;
    Json result = context.commit([&](soci::session &sql) {
        notices.clear();
        ActivationStore store(sql);
        const Incident incident = require_open_incident(store, id);
        const std::vector<std::string> involved = store.involved(id);
        const std::unordered_set<std::string> involved_ids(involved.begin(), involved.end());
        std::vector<Assignment> all = store.assignments(id);
        const AssignmentChecks checks = load_checks(context, sql);
        std::vector<std::string> refused, refused_ids;
        std::string first_field;
        std::unordered_set<std::string> seen;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string employee_id = list[i].at("employee_id");
            const Supporter who = supporter_of(list[i]);
            std::string field = "/params/assignments/" + std::to_string(i);
            std::string why;
            if (!seen.insert(employee_id).second) {
                why = employee_id + " is listed twice";
                field += "/employee_id";
            } else if (!involved_ids.contains(employee_id)) {
                why = employee_id + " is not involved in incident " + std::to_string(id);
                field += "/employee_id";
            } else {
                why = refusal(checks, who, employee_id, all, field);
            }
            if (!why.empty()) {
                refused.push_back(employee_id + " with " + who.label() + ": " + why);
                refused_ids.push_back(employee_id);
                if (first_field.empty()) {
                    first_field = field;
                }
            }
        }
        if (!refused.empty()) {
            std::string message = std::to_string(refused.size()) + " of " +
                                  std::to_string(list.size()) +
                                  " assignments refused, so none was made; fix or remove these "
                                  "and send them again: ";
            for (std::size_t i = 0; i < refused.size(); ++i) {
                message += (i == 0 ? "" : "; ") + refused[i];
            }
            throw Error(ErrorCode::conflict, message, first_field, refused_ids);
        }
        Json made = Json::array();
        for (const Json &item : list) {
            const Assignment a = add_assignment(context, store, incident, all,
                                                item.at("employee_id"), supporter_of(item));
            all.push_back(a);
            if (a.partner_no == 0) {
                notices.push_back(assignment_notice(a));
            }
            made.push_back(assigned_json(context, sql, incident, a, checks));
        }
        return Json{{"incident_id", id}, {"assigned", std::move(made)}};
    });
    send_all(context, notices);
    return result;
}

// The open assignment of `employee_id` in the incident, which must be the principal's (a PSP
// acts only on their own assignments); the coordinator acts for a partner agency's PSP, who has
// no account here.
//
// Checked before anything about the incident, with one answer for every way it can fail, so a PSP
// learns nothing about incidents, people or assignments that are not theirs.
Assignment require_own_assignment(ActivationStore &store, const MethodContext &context, int64_t id,
                                  const std::string &employee_id) {
    const auto a = current_of(store.assignments(id), employee_id);
    const bool own = a && a->partner_no == 0 && a->psp_id == context.principal().id &&
                     context.roles().contains(Role::peer_supporter);
    const bool for_partner = a && a->partner_no != 0 && context.roles().contains(Role::coordinator);
    if (!own && !for_partner) {
        throw Error(
            ErrorCode::not_found,
            "you have no assignment with " + employee_id + " in incident " + std::to_string(id),
            "/params/employee_id");
    }
    return *a;
}

// A PSP acting on their own assignment must be an active member of the team; the coordinator
// acting for a partner agency's PSP need not be.
void require_active_supporter(MethodContext &context, soci::session &sql, const Assignment &a,
                              const std::string &action) {
    if (a.partner_no == 0) {
        require_psp_membership(context, sql, {ProgramStatus::active}, action);
    }
}

Json activation_acknowledge(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::string employee_id = params.at("employee_id");
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        Assignment a = require_own_assignment(store, context, id, employee_id);
        require_active_supporter(context, sql, a, "acknowledging an assignment");
        require_open_incident(store, id);
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
        Assignment a = require_own_assignment(store, context, id, employee_id);
        require_active_supporter(context, sql, a, "checking in");
        const Incident incident = require_open_incident(store, id);
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
        // IACP 6.2, 6.4: a yes/no, counted by quarter and category, never kept per assignment.
        if (const auto explained = params.find("limits_explained"); explained != params.end()) {
            JurisdictionStore(sql).count_limits_explained(incident.quarter, incident.category,
                                                          explained->get<bool>());
        }
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
        // Their own assignment first: nothing about an incident that is not theirs.
        auto a = current_of(store.assignments(id), self);
        if (!a || !a->open()) {
            throw Error(ErrorCode::not_found,
                        "you have no PSP assigned in incident " + std::to_string(id),
                        "/params/incident_id");
        }
        const Incident incident = require_open_incident(store, id);
        a->status = "declined";
        a->ended_ms = context.now_ms();
        store.update_assignment(*a);
        store.add_count(incident.quarter, incident.category, ActivationCount::declines);
        return Json{{"incident_id", id}, {"declined", true}};
    });
}

// The principal's open assignments: who, where to find them in the directory (no phone or
// address: the plugin's directory record has none; the host's own directory reaches them by id),
// and when the check-in is due.
Json activation_inbox(MethodContext &context, const Json & /*params*/) {
    Json list = Json::array();
    context.read([&](soci::session &sql) {
        ActivationStore store(sql);
        const std::vector<Assignment> open = store.open_assignments_of(context.principal().id);
        std::vector<std::string> ids;
        for (const Assignment &a : open) {
            ids.push_back(a.employee_id);
        }
        const auto records = directory_records(sql, ids);
        for (const Assignment &a : open) {
            Json who = {{"employee_id", a.employee_id}, {"name", name_of(records, a.employee_id)}};
            if (const auto it = records.find(a.employee_id); it != records.end()) {
                who["title"] = it->second.title;
                who["division"] = it->second.division;
                who["unit"] = it->second.unit;
                who["shift"] = it->second.shift;
            }
            list.push_back({{"incident_id", a.incident_id},
                            {"employee", std::move(who)},
                            {"status", a.status},
                            {"assigned_ms", a.assigned_ms},
                            {"due_ms", a.due_ms},
                            {"hours_left", (a.due_ms - context.now_ms()) / kHourMs}});
        }
    });
    return {{"assignments", std::move(list)}};
}

const char *const kActivationMethods =
    "('incident.open', 'incident.close', 'activation.assign', 'activation.assign_bulk',"
    " 'activation.acknowledge', 'activation.decline', 'activation.check_in')";

}  // namespace

void send_notifications(const MethodContext &context, const std::vector<Json> &notifications) {
    for (const Json &n : notifications) {
        context.host().notify(to_json_text(n));
    }
}

std::vector<Json> release_open_assignments(MethodContext &context, soci::session &sql,
                                           const std::string &psp_id, const std::string &reason) {
    ActivationStore store(sql);
    std::map<int64_t, int> released;
    for (Assignment &a : store.open_assignments_of(psp_id)) {
        a.status = "released";
        a.released_reason = reason;
        a.ended_ms = context.now_ms();
        store.update_assignment(a);
        ++released[a.incident_id];
    }
    std::vector<Json> out;
    for (const auto &[incident_id, n] : released) {
        out.push_back({{"kind", "reassignment_needed"},
                       {"audience", "coordinator"},
                       {"incident_id", incident_id},
                       {"assignments", n},
                       {"see", "incident.status"}});
    }
    return out;
}

// One notification per incident where someone involved passed the check-in window without a
// PSP (never assigned, declined, or their PSP left), once per person, naming nobody.
void run_window_passed_uncovered(MethodContext &context, soci::session &sql,
                                 MaintenanceOutcome &outcome) {
    ActivationStore store(sql);
    int passed = 0;
    for (const Incident &incident : store.open_incidents()) {
        const int64_t due = check_in_due_ms(incident, context.config().activation);
        if (context.now_ms() <= due) {
            continue;
        }
        const std::vector<Assignment> all = store.assignments(incident.incident_id);
        int here = 0;
        for (const InvolvedRow &v : store.involvements(incident.incident_id)) {
            if (v.window_notified || involved_standing(v.employee_id, all, due).has_psp()) {
                continue;
            }
            store.mark_window_notified(incident.incident_id, v.employee_id);
            ++here;
        }
        if (here > 0) {
            outcome.notifications.push_back({{"kind", "check_in_window_passed_uncovered"},
                                             {"audience", "coordinator"},
                                             {"incident_id", incident.incident_id},
                                             {"uncovered", here},
                                             {"see", "incident.status"}});
            passed += here;
        }
    }
    outcome.summary["window_passed_uncovered"] = passed;
}

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
    catalog.add({
        .name = "activation.assign",
        .summary =
            "The coordinator assigns a PSP (psp_id), or a partner agency's PSP (partner_psp_id, "
            "IACP 3.8.2), to an involved employee; refused (conflict) when a role-conflict rule "
            "fires, the PSP is unavailable, the employee declined them or already has a PSP. The "
            "check-in is due policy.activation.check_in_hours (default 72) after the incident's "
            "time. The PSP is notified through the host's notify with a reference only (kind "
            "assignment_new, their id, the incident number, the due time: no name, no category, "
            "no description) and finds the rest in activation.inbox. The result's privilege "
            "notice warns when the PSP would not be privileged for this incident under the "
            "jurisdiction profile (the coordinator may pick another) and gives the "
            "confidentiality limits the recipient is told at the outset (IACP 6.2, 6.4); it is "
            "null for a partner's PSP.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &activation_assign,
    });
    catalog.add({
        .name = "activation.assign_bulk",
        .summary =
            "The coordinator accepts proposals for many involved at once (at most 5,000): each "
            "item as activation.assign's employee_id with psp_id or partner_psp_id. All or "
            "nothing: when any pair is refused, none is made and the error names every refused "
            "pair and why.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &activation_assign_bulk,
    });
    catalog.add({
        .name = "activation.inbox",
        .summary = "The principal's open assignments, a PSP's to-do list: who (id, name, title, "
                   "division, unit and shift from the directory, to find them), the incident "
                   "number, status, and when the check-in is due (hours_left, negative when late).",
        .roles = kPsp,
        .handler = &activation_inbox,
    });
    catalog.add({
        .name = "activation.acknowledge",
        .summary = "The assigned PSP acknowledges the assignment (the coordinator does so for a "
                   "partner agency's PSP).",
        .roles = kCheckIn,
        .writes = true,
        .handler = &activation_acknowledge,
    });
    catalog.add({
        .name = "activation.check_in",
        .summary = "The assigned PSP records that the check-in happened (counted on time or late "
                   "against the window from the incident's time); the coordinator records it for a "
                   "partner agency's PSP, who has no account here. Optionally limits_explained: "
                   "whether the limits of confidentiality were explained at the outset (IACP 6.2, "
                   "6.4; jurisdiction.limits). Only the yes/no is counted, by quarter and category "
                   "(activation.stats).",
        .roles = kCheckIn,
        .writes = true,
        .handler = &activation_check_in,
    });
    catalog.add({
        .name = "activation.decline",
        .summary = "The principal, an involved employee, declines the PSP assigned to them, for "
                   "any reason or none (IACP 3.6); no reason is asked or accepted. The audit "
                   "records the call with the principal withheld.",
        .roles = kSelf,
        .writes = true,
        .principal_is_recipient = true,
        .handler = &activation_decline,
    });
}

}  // namespace psp
