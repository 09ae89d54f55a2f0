// roster_methods.cpp: who is on the team. Employees see the PSPs they may choose from (IACP 3.6),
// never one in their own chain of command; the coordinator and HR see everyone's program status
// and history.
#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/activation_json.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/services/team_pool.hpp"
#include "plugin/storage/directory_store.hpp"

namespace psp {
namespace {

constexpr RoleSet kProgramAdmins = {Role::coordinator, Role::hr_admin};

bool matches(const EmployeeRecord &e, const Json &params) {
    if (params.contains("shift") && e.shift != params.at("shift")) {
        return false;
    }
    if (params.contains("division") && e.division != params.at("division")) {
        return false;
    }
    return !params.contains("category") ||
           staff_category_name(e.category) == params.at("category").get<std::string>();
}

Json roster_available(MethodContext &context, const Json &params) {
    const std::string viewer = context.principal().id;
    std::vector<EmployeeRecord> records;
    std::shared_ptr<const OrgChartIndex> chart;
    context.read([&](soci::session &sql) {
        std::vector<std::string> ids;
        for (const PoolMember &m : team_pool(context, sql)) {
            if (m.available() && m.employee_id != viewer) {
                ids.push_back(m.employee_id);
            }
        }
        records = DirectoryStore(sql).find_many(ids);
        chart = context.org_chart();
    });
    const OrgChartIndex::Node viewer_node = chart->find(viewer);
    Json psps = Json::array();
    for (const EmployeeRecord &e : records) {
        if (!e.active || !matches(e, params)) {
            continue;
        }
        const OrgChartIndex::Node node = chart->find(e.id);
        // Never offered: someone who supervises the viewer, or whom the viewer supervises.
        if (viewer_node != OrgChartIndex::npos && node != OrgChartIndex::npos &&
            chart->in_chain_of_command(node, viewer_node)) {
            continue;
        }
        psps.push_back({{"employee_id", e.id},
                        {"name", e.name},
                        {"title", e.title},
                        {"division", e.division},
                        {"shift", e.shift},
                        {"category", staff_category_name(e.category)}});
    }
    return {{"psps", std::move(psps)}};
}

Json event_json(const ProgramEvent &e) {
    return {{"event_no", e.event_no},     {"cycle", e.cycle},   {"at_ms", e.at_ms},
            {"event", e.event},           {"status", e.status}, {"actor", e.actor},
            {"actor_role", e.actor_role}, {"detail", e.detail}};
}

Json program_status(MethodContext &context, const Json &params) {
    const std::string id = params.at("employee_id").get<std::string>();
    Json out;
    context.read([&](soci::session &sql) {
        ProgramStore store(sql);
        const ProgramMember m = require_member(store, id);
        Json history = Json::array();
        for (const ProgramEvent &e : store.history(id)) {
            history.push_back(event_json(e));
        }
        Json unavailable = Json::array();
        for (const PoolMember &p : team_pool(context, sql)) {
            if (p.employee_id == id) {
                unavailable = p.unavailable;
            }
        }
        out = {{"member", member_json(m)},
               {"recommendations", store.recommendations(id, m.cycle).size()},
               {"unavailable", unavailable},
               {"history", std::move(history)}};
    });
    return out;
}

Json program_list(MethodContext &context, const Json &params) {
    std::vector<ProgramStatus> statuses;
    for (const Json &name : params.value("statuses", Json::array())) {
        statuses.push_back(*parse_program_status(name.get<std::string>()));
    }
    const std::size_t limit = params.value("limit", std::size_t{100});
    std::vector<ProgramMember> members;
    std::unordered_map<std::string, EmployeeRecord> records;
    context.read([&](soci::session &sql) {
        members = ProgramStore(sql).list(statuses, params.value("after_id", ""), limit);
        std::vector<std::string> ids;
        for (const ProgramMember &m : members) {
            ids.push_back(m.employee_id);
        }
        records = directory_records(sql, ids);
    });
    Json list = Json::array();
    for (const ProgramMember &m : members) {
        Json member = member_json(m);
        member["name"] = name_of(records, m.employee_id);
        list.push_back(std::move(member));
    }
    const bool more = members.size() == limit;
    return {{"members", std::move(list)},
            {"next_after_id", more ? Json(members.back().employee_id) : Json(nullptr)}};
}

}  // namespace

void add_roster_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "roster.available",
        .summary = "The PSPs the principal may choose from (IACP 3.6): available now, filterable "
                   "by shift, division and category, never one in the principal's own chain of "
                   "command.",
        .roles = kSelf,
        .handler = &roster_available,
    });
    catalog.add({
        .name = "program.status",
        .summary = "One person's program status, availability and full history (what happened "
                   "and when, never why).",
        .roles = kProgramAdmins,
        .handler = &program_status,
    });
    catalog.add({
        .name = "program.list",
        .summary = "Everyone who entered the program, by status, in id order, a page at a time, "
                   "with their name from the directory (null when no longer in it).",
        .roles = kProgramAdmins,
        .handler = &program_list,
    });
}

}  // namespace psp
