// conflict_facts.hpp: loads what the role-conflict rules need (org chart index, team pool,
// declarations, open incidents) in one read, for conflict checks and activation proposals.
#pragma once

#include <memory>
#include <string>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/role_conflicts.hpp"

namespace psp {

struct LoadedConflicts {
    std::shared_ptr<const OrgChartIndex> chart;
    std::unique_ptr<ConflictFacts> facts;
};

// Availability comes from team_pool only; the chart from org_chart(). With `psp_id`, only what
// that PSP's checks need (their membership and declarations): one pair costs one PSP's reads,
// not the whole team's.
LoadedConflicts load_conflicts(MethodContext &context, soci::session &sql,
                               const std::string &psp_id = {});

// The node of `id`, or Error(not_found) naming `field`.
OrgChartIndex::Node require_node(const OrgChartIndex &chart, const std::string &id,
                                 const std::string &field);

}  // namespace psp
