// incident_methods.cpp: critical incidents (IACP 3.3): the coordinator opens one with its date,
// category and the involved employees' ids (the schema has no field for what happened), gets a
// ranked list of PSPs for each involved employee, and closes it. After closing, identities are
// purged on the agency's schedule (activation_methods.cpp); the counts remain.
#include <soci/soci.h>

#include <algorithm>
#include <unordered_set>

#include "core/error.hpp"
#include "domain/psp_proposals.hpp"
#include "methods/activation_json.hpp"
#include "methods/conflict_facts.hpp"
#include "methods/jurisdiction_facts.hpp"
#include "methods/method_groups.hpp"
#include "methods/program_steps.hpp"

namespace psp {
namespace {

constexpr RoleSet kCoordinator = {Role::coordinator};
constexpr std::size_t kMaxInvolved = 5000;

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

Json incident_json(const Incident &i, std::size_t involved) {
    return {{"incident_id", i.incident_id},
            {"date", i.date},
            {"category", i.category},
            {"status", i.status},
            {"involved", involved}};
}

Json incident_open(MethodContext &context, const Json &params) {
    Incident incident;
    incident.date = past_date(context, params, "date");
    incident.category = params.at("category").get<std::string>();
    incident.quarter = quarter_label(*parse_iso_date(incident.date));
    incident.status = "open";
    incident.opened_ms = context.now_ms();
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
        return Json{{"incident", incident_json(incident, involved.size())}};
    });
}

Json incident_close(MethodContext &context, const Json &params) {
    const int64_t id = params.at("incident_id").get<int64_t>();
    return context.commit([&](soci::session &sql) {
        ActivationStore store(sql);
        Incident incident = require_open_incident(store, id);
        store.close_incident(id, context.now_ms());
        incident.status = "closed";
        return Json{{"incident", incident_json(incident, store.involved(id).size())}};
    });
}

struct ProposalState {
    LoadedConflicts loaded;
    std::unique_ptr<PspRanker> ranker;
    std::vector<std::string> involved;
    std::vector<Assignment> assignments;
};

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
    return s;
}

Json proposals_for(ProposalState &s, const MethodContext &context, const std::string &employee_id,
                   std::size_t limit) {
    const OrgChartIndex &chart = *s.loaded.chart;
    std::vector<OrgChartIndex::Node> declined;
    Json current = nullptr;
    for (const Assignment &a : s.assignments) {
        if (a.employee_id != employee_id) {
            continue;
        }
        if (a.status == "declined") {
            declined.push_back(chart.find(a.psp_id));
        } else {
            current = {{"psp_id", a.psp_id}, {"status", a.status}};
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
    // 3.8.2: when the agency's own team is exhausted or conflicted, partner agencies serve.
    if (psps.empty()) {
        out["partner_agencies"] = context.config().coverage.partner_agencies;
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
                            {"check_ins_late", v[5]}});
        }
        limits = limits_explained_json(sql);
    });
    return {{"counts", std::move(rows)}, {"limits_explained", std::move(limits)}};
}

Json incident_result_schema() {
    return object_schema(
        {{"incident", object_schema({{"incident_id", {{"type", "integer"}}},
                                     {"date", {{"type", "string"}}},
                                     {"category", {{"enum", incident_categories()}}},
                                     {"status", {{"enum", {"open", "closed"}}}},
                                     {"involved", {{"type", "integer"}, {"minimum", 0}}}},
                                    {"incident_id", "date", "category", "status", "involved"})}},
        {"incident"});
}

Json proposal_schema() {
    Json psp = object_schema({{"psp_id", {{"type", "string"}}},
                              {"shift", {{"type", "string"}}},
                              {"category", {{"type", "string"}}},
                              {"open_assignments", {{"type", "integer"}, {"minimum", 0}}}},
                             {"psp_id", "shift", "category", "open_assignments"});
    return object_schema(
        {{"employee_id", {{"type", "string"}}},
         {"assignment", {{"type", {"object", "null"}}}},
         {"psps", {{"type", "array"}, {"items", psp}}},
         {"partner_agencies", {{"type", "array"}, {"items", {{"type", "string"}}}}}},
        {"employee_id", "assignment", "psps"});
}

}  // namespace

void add_incident_methods(MethodCatalog &catalog) {
    catalog.add({"incident.open",
                 "The coordinator opens a critical incident (IACP 3.3): its date, its category "
                 "(IACP 2.3) and the involved employees' ids, at most 5,000, each once. There is "
                 "no field for what happened: free text is refused. Optionally, how some were "
                 "involved (responder, witness, party, other), which some states' privilege "
                 "rules need (docs/jurisdictions.md).",
                 kCoordinator, true,
                 object_schema({{"date", date_schema()},
                                {"category", {{"enum", incident_categories()}}},
                                {"involved",
                                 {{"type", "array"},
                                  {"minItems", 1},
                                  {"maxItems", kMaxInvolved},
                                  {"items", employee_id_schema()}}},
                                {"involvement", involvement_param_schema()}},
                               {"date", "category", "involved"}),
                 incident_result_schema(), &incident_open});
    catalog.add({"incident.proposals",
                 "For each involved employee, the PSPs to offer, best first (IACP 3.6, 3.8.1): "
                 "available, no role conflict, not declined by them; same shift, then same kind "
                 "of work, then fewest open assignments, then id. When none is eligible, the "
                 "partner agencies of policy.coverage (3.8.2).",
                 kCoordinator, false,
                 object_schema({{"incident_id", incident_id_schema()},
                                {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}}}},
                               {"incident_id"}),
                 object_schema({{"incident_id", {{"type", "integer"}}},
                                {"employees", {{"type", "array"}, {"items", proposal_schema()}}}},
                               {"incident_id", "employees"}),
                 &incident_proposals});
    catalog.add({"incident.close",
                 "The coordinator closes an incident; its identities are purged "
                 "policy.activation.retention_days later, leaving only counts.",
                 kCoordinator, true,
                 object_schema({{"incident_id", incident_id_schema()}}, {"incident_id"}),
                 incident_result_schema(), &incident_close});
    catalog.add(
        {"activation.stats",
         "Anonymous activation counts by quarter and incident category: incidents, "
         "involved, assignments, declines, check-ins on time and late; and limits_explained: "
         "check-ins at which the PSP recorded that the limits of confidentiality were "
         "(not) explained at the outset.",
         kCoordinator, false, object_schema(Json::object()),
         object_schema({{"counts", {{"type", "array"}}}, {"limits_explained", {{"type", "array"}}}},
                       {"counts", "limits_explained"}),
         &activation_stats});
}

}  // namespace psp
