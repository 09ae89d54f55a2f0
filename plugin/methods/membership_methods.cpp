// membership_methods.cpp: an active PSP's membership after selection: leave of absence (IACP
// 4.4) and resignation, both without a reason, and deselection reviews (4.3) on the grounds the
// guidelines name, never on disciplinary data (the request has no field that could carry it).
#include <soci/soci.h>

#include <algorithm>

#include "plugin/core/error.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/assignment_release.hpp"
#include "plugin/services/maintenance_task.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/services/separation_of_duties.hpp"
#include "plugin/services/training_status.hpp"

namespace psp {
namespace {

Json leave_start(MethodContext &context, const Json &params) {
    const std::string id = context.principal().id;
    LeaveRecord leave;
    leave.start_ms = context.now_ms();
    if (params.contains("planned_return")) {
        const std::string text = params.at("planned_return").get<std::string>();
        const CivilDate day = require_iso_date(text, "/params/planned_return");
        if (day <= context.config().calendar.local_date(context.now_ms())) {
            throw Error(ErrorCode::invalid_request, "planned_return must be after today",
                        "/params/planned_return");
        }
        leave.planned_return = text;
    }
    std::vector<Json> notices;
    Json result = context.commit_member_change(id, [&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::active}, "a leave of absence");
        store.start_leave(id, leave);
        transition(store, m, context, kSelf, ProgramStatus::on_leave, "leave_started",
                   {{"planned_return", leave.planned_return}});
        notices = release_open_assignments(context, sql, id, "on_leave");
        return Json{{"member", member_json(m)}};
    });
    send_notifications(context, notices);
    return result;
}

void end_leave(ProgramStore &store, ProgramMember &m, const MethodContext &context, RoleSet allowed,
               const std::string &event) {
    store.end_open_leave(m.employee_id, context.now_ms());
    transition(store, m, context, allowed, ProgramStatus::active, event);
}

Json leave_end(MethodContext &context, const Json & /*params*/) {
    const std::string id = context.principal().id;
    return context.commit_member_change(id, [&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::on_leave}, "returning from leave");
        end_leave(store, m, context, kSelf, "leave_ended");
        return Json{{"member", member_json(m)}};
    });
}

Json membership_resign(MethodContext &context, const Json & /*params*/) {
    const std::string id = context.principal().id;
    std::vector<Json> notices;
    Json result = context.commit_member_change(id, [&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(
            m, {ProgramStatus::active, ProgramStatus::on_leave, ProgramStatus::under_review},
            "resigning");
        notices = release_open_assignments(context, sql, id, "resigned");
        store.end_open_leave(id, context.now_ms());
        if (auto review = store.open_review(id)) {
            review->outcome = "closed_by_resignation";
            store.decide_review(id, *review);
        }
        transition(store, m, context, kSelf, ProgramStatus::resigned, "resigned");
        return Json{{"member", member_json(m)}};
    });
    send_notifications(context, notices);
    return result;
}

// Grounds other than breach of confidentiality need a fact the plugin holds: loss of good
// standing exists only as HR's "no" attestation, failure to attend training only as a PSP
// overdue past the grace period.
void check_grounds(MethodContext &context, soci::session &sql, ProgramStore &store,
                   const ProgramMember &m, const std::string &grounds) {
    if (grounds == "training_failure") {
        const auto lapsed = lapsed_psps(sql, context.config(), context.now_ms());
        if (std::find(lapsed.begin(), lapsed.end(), m.employee_id) == lapsed.end()) {
            throw Error(ErrorCode::conflict,
                        m.employee_id +
                            " is not overdue past the grace period for continuing "
                            "training (training.compliance)",
                        "/params/grounds", {m.employee_id});
        }
    }
    if (grounds == "loss_of_good_standing" && store.standing(m.employee_id, m.cycle) != false) {
        throw Error(ErrorCode::conflict,
                    "loss of good standing needs HR's attestation that " + m.employee_id +
                        " is not in good standing (selection.attest_standing)",
                    "/params/grounds", {m.employee_id});
    }
}

Json review_open(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const std::string grounds = params.at("grounds").get<std::string>();
    require_not_self(context, id, kRuleNoSelfReview, "open a review of themself");
    std::vector<Json> notices;
    Json result = context.commit_member_change(id, [&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::active, ProgramStatus::on_leave}, "opening a review");
        notices = release_open_assignments(context, sql, id, "under_review");
        check_grounds(context, sql, store, m, grounds);
        ReviewRecord review;
        review.grounds = grounds;
        review.opened_ms = context.now_ms();
        review.opened_by = context.principal().id;
        review.resume_status = std::string(program_status_name(m.status));
        store.add_review(id, review);
        transition(store, m, context, kCoordinator, ProgramStatus::under_review, "review_opened",
                   {{"grounds", grounds}});
        return Json{{"member", member_json(m)}};
    });
    send_notifications(context, notices);
    return result;
}

Json review_decide(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const std::string outcome = params.at("outcome").get<std::string>();
    const std::string decided_on = past_date(context, params, "decided_on");
    Json conditions = params.value("conditions", Json::array());
    if (outcome == "deselected" && !conditions.empty()) {
        throw Error(ErrorCode::invalid_request, "conditions go with a retained PSP only",
                    "/params/conditions");
    }
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        require_iso_date(conditions[i].at("due").get<std::string>(),
                         "/params/conditions/" + std::to_string(i) + "/due");
    }
    require_independent_decider(context, id);
    std::vector<Json> notices;
    Json result = context.commit_member_change(id, [&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::under_review}, "a review decision");
        // Released when the review opened; anything assigned since is released now.
        if (outcome == "deselected") {
            notices = release_open_assignments(context, sql, id, "deselected");
        }
        ReviewRecord review = *store.open_review(id);
        review.outcome = outcome;
        review.conditions = conditions;
        review.decided_on = decided_on;
        review.decided_by = context.principal().id;
        review.decided_role = context.config().selection.decided_by;
        store.decide_review(id, review);
        const ProgramStatus next = outcome == "deselected"
                                       ? ProgramStatus::deselected
                                       : *parse_program_status(review.resume_status);
        transition(store, m, context, kCoordinator, next, "review_decided",
                   {{"outcome", outcome},
                    {"decided_on", decided_on},
                    {"decided_role", review.decided_role},
                    {"conditions", conditions.size()}});
        return Json{{"member", member_json(m)}, {"conditions", conditions}};
    });
    send_notifications(context, notices);
    return result;
}

Json review_conditions_met(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const std::string met_on = past_date(context, params, "met_on");
    return context.commit_member_change(id, [&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        auto review = store.last_review(id);
        const bool open_conditions = review && review->outcome == "retained" &&
                                     !review->conditions.empty() &&
                                     !review->conditions.back().contains("met_on");
        if (!open_conditions || !is_member(m.status)) {
            throw Error(ErrorCode::conflict, id + " has no retention conditions awaiting",
                        "/params/employee_id", {id});
        }
        for (Json &condition : review->conditions) {
            condition["met_on"] = met_on;
        }
        store.decide_review(id, *review);
        record_event(store, m, context, kCoordinator, "conditions_met", {{"met_on", met_on}});
        return Json{{"member", member_json(m)}, {"conditions", review->conditions}};
    });
}

// Members whose planned return date has come are back from leave.
void return_from_leave(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome) {
    ProgramStore store(sql);
    const CivilDate today = context.config().calendar.local_date(context.now_ms());
    int returned = 0;
    for (const std::string &id : store.ids_with_status(ProgramStatus::on_leave)) {
        const auto leave = store.open_leave(id);
        if (!leave || leave->planned_return.empty()) {
            continue;
        }
        if (*parse_iso_date(leave->planned_return) > today) {
            continue;
        }
        ProgramMember m = *store.find(id);
        end_leave(store, m, context, RoleSet::all(), "leave_ended_as_planned");
        ++returned;
    }
    outcome.summary["leave_returns"] = returned;
}

}  // namespace

void run_leave_returns(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome) {
    return_from_leave(context, sql, outcome);
}

void add_membership_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "leave.start",
        .summary = "The principal, an active PSP, takes a leave of absence (IACP 4.4), with an "
                   "optional planned return date. No reason is asked or accepted.",
        .roles = kSelf,
        .writes = true,
        .handler = &leave_start,
    });
    catalog.add({
        .name = "leave.end",
        .summary = "The principal returns from leave before any planned date.",
        .roles = kSelf,
        .writes = true,
        .handler = &leave_end,
    });
    catalog.add({
        .name = "membership.resign",
        .summary = "The principal resigns from the team at any time, without a reason.",
        .roles = kSelf,
        .writes = true,
        .handler = &membership_resign,
    });
    catalog.add({
        .name = "review.open",
        .summary = "The coordinator opens a deselection review (4.3). The PSP is not offered for "
                   "support while it is open. Grounds: breach of confidentiality, failure to "
                   "attend training, loss of good standing (only after HR attests \"no\"), or "
                   "other.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &review_open,
    });
    catalog.add({
        .name = "review.decide",
        .summary = "The review's outcome: deselected, or retained (with conditions such as "
                   "catch-up training by a date), with date; the deciding role is the policy's.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &review_decide,
    });
    catalog.add({
        .name = "review.conditions_met",
        .summary = "Records that a retained PSP has met the conditions of their retention.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &review_conditions_met,
    });
}

}  // namespace psp
