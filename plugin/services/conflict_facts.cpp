// conflict_facts.cpp: one pass over the pool, the declarations and the open incidents.
#include "plugin/services/conflict_facts.hpp"

#include "plugin/core/error.hpp"
#include "plugin/services/program_steps.hpp"
#include "plugin/services/team_pool.hpp"
#include "plugin/storage/activation_store.hpp"

namespace psp {

LoadedConflicts load_conflicts(MethodContext &context, soci::session &sql,
                               const std::string &psp_id) {
    LoadedConflicts out;
    out.chart = context.org_chart();
    const OrgChartIndex &chart = *out.chart;
    out.facts =
        std::make_unique<ConflictFacts>(chart, context.config().conflicts.chain_of_command_depth);
    for (PoolMember &m : team_pool(context, sql, psp_id)) {
        const OrgChartIndex::Node node = chart.find(m.employee_id);
        if (node != OrgChartIndex::npos) {
            out.facts->add_member(node, std::move(m.unavailable));
        }
    }
    ActivationStore store(sql);
    for (Declaration &d : store.declarations(psp_id)) {
        const OrgChartIndex::Node psp = chart.find(d.psp_id), employee = chart.find(d.employee_id);
        if (psp != OrgChartIndex::npos && employee != OrgChartIndex::npos) {
            out.facts->add_declaration(psp, employee, std::move(d.category));
        }
    }
    for (const auto &[incident_id, employee_id] : store.open_involvement()) {
        const OrgChartIndex::Node node = chart.find(employee_id);
        if (node != OrgChartIndex::npos) {
            out.facts->add_involvement(node, incident_id);
        }
    }
    return out;
}

OrgChartIndex::Node require_node(const OrgChartIndex &chart, const std::string &id,
                                 const std::string &field) {
    const OrgChartIndex::Node node = chart.find(id);
    if (node == OrgChartIndex::npos) {
        throw Error(ErrorCode::not_found, "no employee " + id + " in the directory", field);
    }
    return node;
}

}  // namespace psp
