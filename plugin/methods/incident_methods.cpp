// incident_methods.cpp: critical incidents (IACP 3.3): the coordinator opens one with its date,
// time, category and the involved employees' ids (the schema has no field for what happened),
// gets a ranked list of PSPs for each involved employee (a partner agency's when none of ours is
// eligible), sees where every involved person stands against the check-in window, and closes
// it. After closing, identities are purged on the agency's schedule (activation_methods.cpp);
// the counts remain.
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "plugin/core/agency_calendar.hpp"
#include "plugin/core/error.hpp"
#include "plugin/domain/psp_proposals.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/activation_json.hpp"
#include "plugin/services/conflict_facts.hpp"
#include "plugin/services/involved_accounting.hpp"
#include "plugin/services/jurisdiction_facts.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/storage/partner_store.hpp"

namespace psp {
namespace {

// Whole hours from `now` to `due`, rounded down (negative once past).
int64_t hours_left(int64_t due_ms, int64_t now_ms) {
    const int64_t diff = due_ms - now_ms;
    return diff >= 0 ? diff / kHourMs : -((-diff + kHourMs - 1) / kHourMs);
}

// When the incident happened: its date at "time" (HH:MM, the agency's zone) when given; without
// a time, when it was opened, but no later than the end of its date (an incident opened days
// later counts from the end of its day, the latest it can have happened).
int64_t occurred_ms(const MethodContext &context, const std::string &date, const Json &params) {
    const AgencyCalendar &calendar = context.config().calendar;
    const CivilDate day = *parse_iso_date(date);
    if (!params.contains("time")) {
        const int64_t next_day =
            calendar.start_of_day_ms(CivilDate{date::sys_days{day} + date::days{1}});
        return std::min(context.now_ms(), next_day - 1);
    }
    const std::string text = params.at("time").get<std::string>();
    const int minutes = std::stoi(text.substr(0, 2)) * 60 + std::stoi(text.substr(3, 2));
    const int64_t at = calendar.local_time_ms(day, minutes);
    if (at > context.now_ms()) {
        throw Error(ErrorCode::invalid_request,
                    "date and time " + date + " " + text +
                        " are in the future in the agency's time zone; give when it happened",
                    "/params/time");
    }
    return at;
}

// Every id once, each in the directory and active.
std::vector<std::string> check_involved(const OrgChartIndex &chart, const Json &list) {
    std::vector<std::string> ids;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string id = list[i].get<std::string>();
        const std::string field = "/params/involved/" + std::to_string(i);
        if (!seen.insert(id).second) {
            throw Error(ErrorCode::invalid_request, id + " is listed twice", field, {id});
        }
        const OrgChartIndex::Node node = require_node(chart, id, field);
        if (!chart.facts(node).active) {
            throw Error(ErrorCode::conflict, "employee " + id + " is not active in the directory",
                        field, {id});
        }
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

Json incident_json(const MethodContext &context, const Incident &i, std::size_t involved) {
    return {{"incident_id", i.incident_id},
            {"date", i.date},
            {"category", i.category},
            {"status", i.status},
            {"involved", involved},
            {"occurred_ms", i.occurred_ms},
            {"check_in_due_ms", check_in_due_ms(i, context.config().activation)}};
}

Json incident_open(MethodContext &context, const Json &params) {
    Incident incident;
    incident.date = past_date(context, params, "date");
    incident.category = params.at("category").get<std::string>();
    incident.quarter = quarter_label(*parse_iso_date(incident.date));
    incident.status = "open";
    incident.opened_ms = context.now_ms();
    incident.occurred_ms = occurred_ms(context, incident.date, params);
    return context.commit([&](soci::session &sql) {
        const std::vector<std::string> involved =
            check_involved(*context.org_chart(), params.at("involved"));
        ActivationStore store(sql);
        incident.incident_id = store.next_incident_id();
        store.add_incident(incident, involved);
        record_involvement(sql, incident.incident_id, params, involved);
        store.add_count(incident.quarter, incident.category, ActivationCount::incidents);
        store.add_count(incident.quarter, incident.category, ActivationCount::involved,
                        static_cast<int>(involved.size()));
        return Json{{"incident", incident_json(context, incident, involved.size())}};
    });
}

// Closing counts where everyone involved ended up: with a PSP or without, checked in within the
// window or not. These numbers outlive the purge; the identities do not.
void count_outcomes(MethodContext &context, ActivationStore &store, const Incident &incident) {
    const int64_t due = check_in_due_ms(incident, context.config().activation);
    const std::vector<Assignment> all = store.assignments(incident.incident_id);
    int covered = 0, uncovered = 0, late = 0;
    for (const std::string &id : store.involved(incident.incident_id)) {
        const InvolvedStanding s = involved_standing(id, all, due);
        ++(s.has_psp() ? covered : uncovered);
        if (!s.checked_in_on_time) {
            ++late;
        }
    }
    store.add_count(incident.quarter, incident.category, ActivationCount::covered, covered);
    store.add_count(incident.quarter, incident.category, ActivationCount::uncovered, uncovered);
    store.add_count(incident.quarter, incident.category, ActivationCount::late, late);
}

Json incident_close(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        Incident incident = require_open_incident(store, id);
        count_outcomes(context, store, incident);
        store.close_incident(id, context.now_ms());
        incident.status = "closed";
        return Json{{"incident", incident_json(context, incident, store.involved(id).size())}};
    });
}

struct ProposalState {
    LoadedConflicts loaded;
    std::unique_ptr<PspRanker> ranker;
    std::vector<std::string> involved;
    std::vector<Assignment> assignments;
    std::vector<PartnerPsp> partners;  // active, trained (training_status "current")
};

// Names next to ids, read once for the whole answer: the people and the PSPs proposed.
void add_names(MethodContext &context, Json &employees) {
    std::vector<std::string> ids;
    for (const Json &e : employees) {
        ids.push_back(e.at("employee_id"));
        for (const Json &p : e.at("psps")) {
            ids.push_back(p.at("psp_id"));
        }
        if (e.at("assignment").is_object() && e.at("assignment").at("psp_id").is_string()) {
            ids.push_back(e.at("assignment").at("psp_id"));
        }
    }
    std::unordered_map<std::string, EmployeeRecord> records;
    context.read([&](soci::session &sql) { records = directory_records(sql, ids); });
    for (Json &e : employees) {
        e["name"] = name_of(records, e.at("employee_id"));
        for (Json &p : e.at("psps")) {
            p["name"] = name_of(records, p.at("psp_id"));
        }
        if (e.at("assignment").is_object() && e.at("assignment").at("psp_id").is_string()) {
            e["assignment"]["psp_name"] = name_of(records, e.at("assignment").at("psp_id"));
        }
    }
}

ProposalState load_proposal_state(MethodContext &context, soci::session &sql, int64_t id) {
    ProposalState s;
    ActivationStore store(sql);
    require_open_incident(store, id);
    s.loaded = load_conflicts(context, sql);
    const OrgChartIndex &chart = *s.loaded.chart;
    std::vector<uint32_t> load(chart.size(), 0);
    for (const auto &[psp_id, n] : store.open_load()) {
        const OrgChartIndex::Node node = chart.find(psp_id);
        if (node != OrgChartIndex::npos) {
            load[node] = n;
        }
    }
    std::vector<OrgChartIndex::Node> psps;
    for (OrgChartIndex::Node node = 0; node < chart.size(); ++node) {
        if (s.loaded.facts->available(node)) {
            psps.push_back(node);
        }
    }
    s.ranker = std::make_unique<PspRanker>(*s.loaded.facts, std::move(psps), std::move(load));
    s.involved = store.involved(id);
    s.assignments = store.assignments(id);
    for (PartnerPsp &p : PartnerStore(sql).list(/*active_only=*/true)) {
        if (p.training_status == "current") {
            s.partners.push_back(std::move(p));
        }
    }
    return s;
}

Json proposals_for(ProposalState &s, const MethodContext &context, const std::string &employee_id,
                   std::size_t limit) {
    const OrgChartIndex &chart = *s.loaded.chart;
    std::vector<OrgChartIndex::Node> declined;
    std::vector<int64_t> declined_partners;
    Json current = nullptr;
    for (const Assignment &a : s.assignments) {
        if (a.employee_id != employee_id) {
            continue;
        }
        if (a.status == "declined") {
            if (a.partner_no != 0) {
                declined_partners.push_back(a.partner_no);
            } else {
                declined.push_back(chart.find(a.psp_id));
            }
        } else if (a.status != "released") {
            current = {{"psp_id", a.partner_no != 0 ? Json(nullptr) : Json(a.psp_id)},
                       {"status", a.status}};
            if (a.partner_no != 0) {
                current["partner_psp_id"] = a.partner_no;
            }
        }
    }
    Json out = {{"employee_id", employee_id}, {"assignment", current}};
    const OrgChartIndex::Node employee = chart.find(employee_id);
    Json psps = Json::array();
    if (employee != OrgChartIndex::npos) {
        for (OrgChartIndex::Node psp : s.ranker->rank(employee, declined, limit)) {
            psps.push_back({{"psp_id", chart.id_of(psp)},
                            {"shift", chart.shift_names()[chart.facts(psp).shift]},
                            {"category", staff_category_name(chart.facts(psp).category)},
                            {"open_assignments", s.ranker->load(psp)}});
        }
    }
    // 3.8.2: when the agency's own team is exhausted or conflicted, partner agencies serve: their
    // trained PSPs, with how to reach them, and the agencies the policy names.
    if (psps.empty()) {
        out["partner_agencies"] = context.config().coverage.partner_agencies;
        Json partners = Json::array();
        for (const PartnerPsp &p : s.partners) {
            if (partners.size() == limit) {
                break;
            }
            if (std::find(declined_partners.begin(), declined_partners.end(), p.partner_no) ==
                declined_partners.end()) {
                partners.push_back(partner_psp_json(p));
            }
        }
        out["partner_psps"] = std::move(partners);
    }
    out["psps"] = std::move(psps);
    return out;
}

Json incident_proposals(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    const std::size_t limit = params.value("limit", std::size_t{5});
    ProposalState state;
    context.read([&](soci::session &sql) { state = load_proposal_state(context, sql, id); });
    Json employees = Json::array();
    for (const std::string &employee_id : state.involved) {
        employees.push_back(proposals_for(state, context, employee_id, limit));
    }
    add_names(context, employees);
    return {{"incident_id", id}, {"employees", std::move(employees)}};
}

Json activation_stats(MethodContext &context, const Json & /*params*/) {
    Json rows = Json::array(), limits = Json::array();
    context.read([&](soci::session &sql) {
        for (const auto &[key, v] : ActivationStore(sql).counts()) {
            rows.push_back({{"quarter", key.first},
                            {"category", key.second},
                            {"incidents", v[0]},
                            {"involved", v[1]},
                            {"assignments", v[2]},
                            {"declines", v[3]},
                            {"check_ins_on_time", v[4]},
                            {"check_ins_late", v[5]},
                            {"covered", v[6]},
                            {"uncovered", v[7]},
                            {"late", v[8]},
                            {"partner_assignments", v[9]}});
        }
        limits = limits_explained_json(sql);
    });
    return {{"counts", std::move(rows)}, {"limits_explained", std::move(limits)}};
}

// One incident as the coordinator tracks it: every involved person's standing, hours left in the
// window, and the totals by standing.
Json incident_standing_json(MethodContext &context, ActivationStore &store,
                            const Incident &incident,
                            std::unordered_map<std::string, EmployeeRecord> &records) {
    const int64_t due = check_in_due_ms(incident, context.config().activation);
    const std::vector<Assignment> all = store.assignments(incident.incident_id);
    std::map<std::string, int> totals = {
        {"covered", 0}, {"declined", 0}, {"uncovered", 0}, {"checked_in", 0}};
    Json people = Json::array();
    for (const std::string &id : store.involved(incident.incident_id)) {
        const InvolvedStanding st = involved_standing(id, all, due);
        ++totals[st.state];
        Json person = {{"employee_id", id},
                       {"name", name_of(records, id)},
                       {"state", st.state},
                       {"past_window", st.state != "checked_in" && context.now_ms() > due}};
        if (st.last && st.state != "uncovered" && st.state != "declined") {
            person["psp_id"] = st.last->partner_no != 0 ? Json(nullptr) : Json(st.last->psp_id);
            if (st.last->partner_no != 0) {
                person["partner_psp_id"] = st.last->partner_no;
            } else {
                person["psp_name"] = name_of(records, st.last->psp_id);
            }
        }
        if (st.state == "checked_in") {
            person["on_time"] = st.checked_in_on_time;
        } else {
            person["hours_left"] = hours_left(due, context.now_ms());
        }
        if (!st.reassignment_reason.empty()) {
            person["needs_reassignment"] = st.reassignment_reason;
        }
        people.push_back(std::move(person));
    }
    Json out = incident_json(context, incident, people.size());
    out["hours_left"] = hours_left(due, context.now_ms());
    out["totals"] = totals;
    out["employees"] = std::move(people);
    return out;
}

Json incident_status(MethodContext &context, const Json &params) {
    Json incidents = Json::array();
    context.read([&](soci::session &sql) {
        ActivationStore store(sql);
        std::vector<Incident> chosen;
        if (params.contains("incident_id")) {
            chosen.push_back(require_open_incident(store, params.at("incident_id").get<int64_t>()));
        } else {
            chosen = store.open_incidents();
        }
        std::vector<std::string> ids;
        for (const Incident &i : chosen) {
            for (const std::string &id : store.involved(i.incident_id)) {
                ids.push_back(id);
            }
            for (const Assignment &a : store.assignments(i.incident_id)) {
                ids.push_back(a.psp_id);
            }
        }
        auto records = directory_records(sql, ids);
        for (const Incident &i : chosen) {
            incidents.push_back(incident_standing_json(context, store, i, records));
        }
    });
    return {{"incidents", std::move(incidents)}};
}

}  // namespace

void add_incident_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "incident.open",
        .summary = "The coordinator opens a critical incident (IACP 3.3): its date, optionally its "
                   "time (HH:MM in the agency's zone), its category (IACP 2.3) and the involved "
                   "employees' ids, at most 5,000, each once. The check-in window "
                   "(policy.activation.check_in_hours) runs from the incident's time for everyone "
                   "involved; without a time, from when it is opened, but no later than the end of "
                   "its date. There is "
                   "no field for what happened: free text is refused. Optionally, how some were "
                   "involved (responder, witness, party, other), which some states' privilege "
                   "rules need (docs/jurisdictions.md).",
        .roles = kCoordinator,
        .writes = true,
        .handler = &incident_open,
    });
    catalog.add({
        .name = "incident.proposals",
        .summary = "For each involved employee, the PSPs to offer, best first (IACP 3.6, 3.8.1): "
                   "available, no role conflict, not declined by them; same shift, then same kind "
                   "of work, then fewest open assignments, then id; names next to ids. When none "
                   "is eligible, partner agencies' trained PSPs (partner.add) with how to reach "
                   "them, and the partner agencies of policy.coverage (3.8.2).",
        .roles = kCoordinator,
        .handler = &incident_proposals,
    });
    catalog.add({
        .name = "incident.status",
        .summary =
            "Every involved employee of an open incident (or of every open incident) accounted "
            "for: covered (a PSP assigned), declined (they declined their PSP and have no other "
            "yet), uncovered (never assigned, or their PSP left the pool: needs_reassignment says "
            "why) or checked_in (on time or not), with names, their PSP, the hours left in the "
            "check-in window (which runs from the incident's time) and totals by state.",
        .roles = kCoordinator,
        .handler = &incident_status,
    });
    catalog.add({
        .name = "incident.close",
        .summary = "The coordinator closes an incident; the counts keep how many involved had a "
                   "PSP (covered), how many had none (uncovered) and how many were not checked in "
                   "within the window (late). Its identities are purged "
                   "policy.activation.retention_days later, leaving only counts.",
        .roles = kCoordinator,
        .writes = true,
        .handler = &incident_close,
    });
    catalog.add({
        .name = "activation.stats",
        .summary =
            "Anonymous activation counts by quarter and incident category: incidents, "
            "involved, assignments, declines, check-ins on time and late; of the involved "
            "in closed incidents, covered, uncovered and late (not checked in within the "
            "window); assignments to partner agencies' PSPs. And limits_explained: check-ins "
            "at which the PSP recorded that the limits of confidentiality were (not) explained "
            "at the outset.",
        .roles = kCoordinator,
        .handler = &activation_stats,
    });
}

}  // namespace psp
