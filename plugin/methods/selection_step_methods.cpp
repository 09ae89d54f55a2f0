// selection_step_methods.cpp: the selection steps between application and activation (IACP
// 4.1-4.2): recommendations, HR's attestation of good standing (yes or no, never a reason), the
// interview panel's structured outcome, the decision and the initial training.
#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "plugin/core/error.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/need_to_know.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/services/separation_of_duties.hpp"
#include "plugin/services/training_recording.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kRecommenders = {Role::employee, Role::peer_supporter, Role::coordinator};
constexpr RoleSet kHr = {Role::hr_admin};
constexpr RoleSet kPanelRecorders = {Role::coordinator, Role::clinician};

const char *const kRatings[] = {"maturity", "judgment", "ethics", "credibility",
                                "education_training"};

// Completes the step the member awaits and moves on along their path.
void complete_step(ProgramStore &store, ProgramMember &m, const MethodContext &context,
                   RoleSet allowed, SelectionStep step, const std::string &event,
                   Json detail = Json::object()) {
    const ProgramStatus next = status_after(step, m.path, context.config().selection);
    transition(store, m, context, allowed, next, event, std::move(detail));
}

Json selection_recommend(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const std::string recommender = context.principal().id;
    require_not_self(context, id, kRuleNoSelfRecommendation, "recommend themself");
    const std::string given_on = past_date(context, params, "given_on");
    const SelectionPolicy &policy = context.config().selection;
    return context.commit([&](soci::session &sql) {
        require_employee(sql, recommender, "/principal/id");
        ProgramStore store(sql);
        ProgramMember m = require_member_for_step(
            context, store, id, {ProgramStatus::awaiting_recommendations}, "a recommendation");
        const auto chart = context.org_chart();
        const OrgChartIndex::Node upper = chart->find(recommender), lower = chart->find(id);
        const bool superior = upper != OrgChartIndex::npos && lower != OrgChartIndex::npos &&
                              chart->supervises(upper, lower);
        const std::string relation = superior ? "superior" : "peer";
        const auto &accepted = policy.recommendation_relations;
        if (std::find(accepted.begin(), accepted.end(), relation) == accepted.end()) {
            throw Error(ErrorCode::invalid_request,
                        "this agency accepts recommendations only from " + accepted.front() +
                            "s (policy.selection.recommendation_relations); " + recommender +
                            " is a " + relation,
                        "/principal/id");
        }
        const std::vector<Recommendation> given = store.recommendations(id, m.cycle);
        if (std::any_of(given.begin(), given.end(),
                        [&](const Recommendation &r) { return r.recommender_id == recommender; })) {
            throw Error(ErrorCode::conflict,
                        recommender + " has already recommended " + id + " in this cycle",
                        "/principal/id", {id});
        }
        store.add_recommendation(id, m.cycle, {recommender, relation, given_on});
        const int count = static_cast<int>(store.recommendations(id, m.cycle).size());
        const Json detail = {{"relation", relation}, {"given_on", given_on}, {"count", count}};
        if (count >= policy.recommendations_required) {
            complete_step(store, m, context, kRecommenders, SelectionStep::recommendations,
                          "recommended", detail);
        } else {
            record_event(store, m, context, kRecommenders, "recommended", detail);
        }
        Json out = {{"member", member_json_for(context, m)},
                    {"required", policy.recommendations_required}};
        if (sees_program_records(context)) {
            out["recommendations"] = count;  // how many others recommended is the program's
        }
        return out;
    });
}

// HR attests yes or no. A candidate awaiting it moves on or ends the cycle; a member's
// re-attestation is recorded, and a "no" is what lets the coordinator open a review on loss of
// good standing (4.3). The schema has no field for a reason, so none can be stored.
Json selection_attest_standing(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const bool good = params.at("in_good_standing").get<bool>();
    const std::string attested_on = past_date(context, params, "attested_on");
    require_not_self(context, id, kRuleNoSelfAttestation, "attest their own good standing");
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m,
                       {ProgramStatus::awaiting_standing, ProgramStatus::active,
                        ProgramStatus::on_leave, ProgramStatus::under_review},
                       "an attestation of good standing");
        store.save_standing(id, m.cycle, good, attested_on, context.principal().id);
        const Json detail = {{"in_good_standing", good}, {"attested_on", attested_on}};
        if (m.status != ProgramStatus::awaiting_standing) {
            record_event(store, m, context, kHr, "standing_attested", detail);
        } else if (good) {
            complete_step(store, m, context, kHr, SelectionStep::good_standing, "standing_attested",
                          detail);
        } else {
            transition(store, m, context, kHr, ProgramStatus::not_in_good_standing,
                       "standing_attested", detail);
        }
        return Json{{"member", member_json(m)}};
    });
}

struct PanelMember {
    std::string id;
    std::string role;  // "clinician", "peer_supporter" or "member"
};

// The panel must have a registered clinician and an active PSP, and nobody in the candidate's
// chain of command (4.1). Clinicians may be external (not in the directory).
void check_panel(MethodContext &context, soci::session &sql, const std::string &candidate,
                 const std::vector<PanelMember> &panel) {
    ProgramStore store(sql);
    const auto chart = context.org_chart();
    const OrgChartIndex::Node candidate_node = chart->find(candidate);
    std::set<std::string> seen;
    bool clinician = false, psp = false;
    for (std::size_t i = 0; i < panel.size(); ++i) {
        const PanelMember &p = panel[i];
        const std::string field = "/params/panel/" + std::to_string(i);
        if (p.id == candidate || !seen.insert(p.id).second) {
            throw Error(ErrorCode::invalid_request,
                        p.id == candidate ? "the candidate cannot sit on their own panel"
                                          : p.id + " is listed twice on the panel",
                        field);
        }
        if (p.role == "clinician") {
            const auto registered = store.clinician(p.id);
            if (!registered || !registered->active) {
                throw Error(ErrorCode::invalid_request,
                            p.id +
                                " is not an active clinician in the program's register "
                                "(clinician.register)",
                            field);
            }
            clinician = true;
        } else if (p.role == "peer_supporter") {
            const auto member = store.find(p.id);
            if (!member || member->status != ProgramStatus::active) {
                throw Error(ErrorCode::invalid_request, p.id + " is not an active PSP", field);
            }
            psp = true;
        }
        const OrgChartIndex::Node node = chart->find(p.id);
        if (node == OrgChartIndex::npos) {
            if (p.role == "clinician") {
                continue;  // an external clinician
            }
            throw Error(ErrorCode::not_found, "no employee " + p.id + " in the directory", field);
        }
        if (candidate_node != OrgChartIndex::npos &&
            chart->in_chain_of_command(node, candidate_node)) {
            throw Error(ErrorCode::invalid_request,
                        p.id +
                            " is in the candidate's chain of command and may not sit on the "
                            "panel",
                        field, {p.id});
        }
    }
    // The first members of a new team cannot have a PSP on their panel: until the team has an
    // active PSP, panels are formed without one (the founding members).
    const bool founding = store.ids_with_status(ProgramStatus::active).empty();
    if (!clinician || (!psp && !founding)) {
        throw Error(ErrorCode::invalid_request,
                    std::string("the panel needs ") +
                        (!clinician ? "a licensed clinician (role \"clinician\")"
                                    : "an active PSP (role \"peer_supporter\")"),
                    "/params/panel");
    }
}

Json selection_record_interview(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    InterviewRecord record;
    record.held_on = past_date(context, params, "held_on");
    record.suitable = params.at("suitable").get<bool>();
    const Json &ratings = params.at("ratings");
    record.maturity = ratings.at("maturity");
    record.judgment = ratings.at("judgment");
    record.ethics = ratings.at("ethics");
    record.credibility = ratings.at("credibility");
    record.education_training = ratings.at("education_training");
    std::vector<PanelMember> panel;
    std::vector<std::string> panel_ids;
    for (const Json &p : params.at("panel")) {
        panel.push_back({p.at("member_id").get<std::string>(), p.at("role").get<std::string>()});
        panel_ids.push_back(panel.back().id);
        record.panel.push_back({{"member_id", panel.back().id}, {"role", panel.back().role}});
    }
    require_not_self(context, id, kRuleNoSelfInterview, "record their own interview");
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member_for_step(
            context, store, id, {ProgramStatus::awaiting_interview}, "an interview");
        check_panel(context, sql, id, panel);
        require_panel_member(context, panel_ids);  // after the panel itself is sound
        store.save_interview(id, m.cycle, record);
        const Json detail = {{"held_on", record.held_on}, {"suitable", record.suitable}};
        if (record.suitable) {
            complete_step(store, m, context, kPanelRecorders, SelectionStep::interview,
                          "interviewed", detail);
        } else {
            transition(store, m, context, kPanelRecorders, ProgramStatus::not_suitable,
                       "interviewed", detail);
        }
        return Json{{"member", member_json_for(context, m)}};
    });
}

Json selection_decide(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const bool selected = params.at("selected").get<bool>();
    const std::string decided_on = past_date(context, params, "decided_on");
    const std::string &body = context.config().selection.decided_by;
    if (params.value("decided_by", body) != body) {
        throw Error(ErrorCode::invalid_request,
                    "this agency's selections are decided by the " + body +
                        " (policy.selection.decided_by)",
                    "/params/decided_by");
    }
    require_independent_decider(context, id);
    return context.commit([&](soci::session &sql) {
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::awaiting_decision}, "a decision");
        const Json detail = {
            {"selected", selected}, {"decided_on", decided_on}, {"decided_by", body}};
        if (selected) {
            complete_step(store, m, context, kCoordinator, SelectionStep::decision, "decided",
                          detail);
        } else {
            transition(store, m, context, kCoordinator, ProgramStatus::declined, "decided", detail);
        }
        return Json{{"member", member_json(m)}};
    });
}

// Initial training complete: judged on the training records against policy.training.initial,
// whatever the source (IACP 4.2, 8.1). No candidate becomes active without it.
void check_initial_training(soci::session &sql, const MethodContext &context,
                            const std::string &id) {
    if (without_initial_training(sql, context.config(), id).empty()) {
        return;
    }
    const InitialTrainingStatus t = initial_training_status(sql, context.config(), id);
    std::string missing;
    for (const std::string &topic : t.missing_topics) {
        missing += (missing.empty() ? "" : ", ") + topic;
    }
    const bool attestation = context.config().selection.initial_training_source == "attestation";
    throw Error(ErrorCode::conflict,
                id + "'s initial training is not complete: " + std::to_string(t.minutes_done / 60) +
                    " of " + std::to_string(t.minutes_required / 60) + " hours recorded" +
                    (missing.empty() ? std::string() : "; topics missing: " + missing) +
                    (attestation ? " (attest the training done, with its hours and topics)"
                                 : " (record the attendance with training.record or "
                                   "training.import first)"),
                "/params/employee_id", {id});
}

const char *const kAttestationFields[] = {"completed_on", "hours", "course", "topics", "provider"};

// Under "attestation", what the candidate did elsewhere, as attendance records (source
// "attestation"): one record for a course, or one per topic with the hours shared out.
std::vector<AttendanceRecord> attested_records(MethodContext &context, const Json &params,
                                               const std::string &id) {
    if (params.contains("course") == params.contains("topics")) {
        throw Error(ErrorCode::invalid_request,
                    "an attestation of initial training names the course or the topics covered "
                    "(one of course, topics)",
                    params.contains("course") ? "/params/topics" : "/params/course");
    }
    if (!params.contains("hours")) {
        throw Error(ErrorCode::invalid_request,
                    "an attestation of initial training gives the hours attended (hours, for "
                    "example 40)",
                    "/params/hours");
    }
    AttendanceRecord base;
    base.employee_id = id;
    base.date = *parse_iso_date(past_date(context, params, "completed_on"));
    base.provider = params.value("provider", "");
    base.source = "attestation";
    const int64_t minutes = minutes_from_hours(params.at("hours").get<double>());
    std::vector<AttendanceRecord> out;
    if (params.contains("course")) {
        base.course_code = params.at("course").get<std::string>();
        base.minutes = minutes;
        out.push_back(base);
        return out;
    }
    const auto topics = params.at("topics").get<std::vector<std::string>>();
    const auto n = static_cast<int64_t>(topics.size());
    for (int64_t i = 0; i < n; ++i) {
        AttendanceRecord r = base;
        r.topic_code = topics[static_cast<std::size_t>(i)];
        r.minutes = minutes / n + (i < minutes % n ? 1 : 0);
        out.push_back(std::move(r));
    }
    return out;
}

void store_attested(MethodContext &context, soci::session &sql,
                    std::vector<AttendanceRecord> records) {
    TrainingImport import;
    import.records = std::move(records);
    RecordingOutcome outcome =
        check_attendance(sql, context.config().training,
                         context.config().calendar.local_date(context.now_ms()), std::move(import));
    if (!outcome.rejected.empty()) {
        throw Error(ErrorCode::invalid_request,
                    "the attested training cannot be recorded: " + outcome.rejected.front().reason,
                    "/params");
    }
    TrainingStore(sql).insert(outcome.fresh, context.now_ms());
}

Json selection_complete_training(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    const bool attestation = context.config().selection.initial_training_source == "attestation";
    if (!attestation) {
        for (const char *key : kAttestationFields) {
            if (params.contains(key)) {
                throw Error(ErrorCode::invalid_request,
                            std::string(key) +
                                " is for an attestation, and this agency takes initial training "
                                "from its training records (policy.selection."
                                "initial_training_source \"records\"): record the attendance "
                                "with training.record or training.import, then send employee_id "
                                "alone",
                            std::string("/params/") + key);
            }
        }
    }
    return context.commit([&](soci::session &sql) {
        require_employee(sql, id, "/params/employee_id");
        ProgramStore store(sql);
        ProgramMember m = require_member(store, id);
        require_status(m, {ProgramStatus::awaiting_training}, "initial training");
        Json detail = {{"source", attestation ? "attestation" : "records"}};
        if (attestation) {
            std::vector<AttendanceRecord> records = attested_records(context, params, id);
            detail["completed_on"] = format_iso_date(records.front().date);
            int64_t minutes = 0;
            for (const AttendanceRecord &r : records) {
                minutes += r.minutes;
            }
            detail["hours"] = hours_from_minutes(minutes);
            store_attested(context, sql, std::move(records));
        }
        check_initial_training(sql, context, id);
        complete_step(store, m, context, kCoordinator, SelectionStep::initial_training,
                      "initial_training_completed", detail);
        return Json{{"member", member_json(m)}};
    });
}

}  // namespace

void add_selection_step_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "selection.recommend",
        .summary = "The principal recommends a candidate. Whether they count as a superior or a "
                   "peer comes from the org chart; the policy sets how many and from whom. A "
                   "recommender who is not the coordinator or HR sees only the candidate's id and "
                   "status, not how many others recommended, and one refusal whatever the reason.",
        .roles = kRecommenders,
        .writes = true,
        .handler = &selection_recommend,
    });
    catalog.add({
        .name = "selection.attest_standing",
        .summary = "HR attests that a candidate (or member) is, or is not, in good standing: yes "
                   "or no, with date. No reason is accepted or stored.",
        .roles = kHr,
        .writes = true,
        .handler = &selection_attest_standing,
    });
    catalog.add({
        .name = "selection.record_interview",
        .summary = "The interview panel's outcome: suitable or not, with structured ratings "
                   "(4.2). The panel needs a registered clinician and an active PSP, and nobody "
                   "in the candidate's chain of command. No free-text notes are accepted.",
        .roles = kPanelRecorders,
        .writes = true,
        .handler = &selection_record_interview,
    });
    catalog.add({
        .name = "selection.decide",
        .summary = "The coordinator's (or steering committee's, by policy) decision: selected "
                   "or declined, with date.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &selection_decide,
    });
    catalog.add({
        .name = "selection.complete_training",
        .summary =
            "Activates a candidate whose initial training (policy.training.initial) is complete "
            "in their training records. By default (policy.selection.initial_training_source "
            "\"records\") send employee_id alone, after training.record or training.import; "
            "under \"attestation\" the coordinator attests training done elsewhere (course or "
            "topics, hours, provider, completed_on: default today), which is recorded as "
            "attendance and checked the same way.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &selection_complete_training,
    });
}

}  // namespace psp
