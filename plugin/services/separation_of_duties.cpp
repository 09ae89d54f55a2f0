// separation_of_duties.cpp: the rules, each refusal naming its own.
#include "plugin/services/separation_of_duties.hpp"

#include <algorithm>

#include "plugin/core/error.hpp"
#include "plugin/domain/org_chart_index.hpp"

namespace psp {
namespace {

bool enforced(const MethodContext &context) {
    return context.config().selection.separation_of_duties;
}

[[noreturn]] void refuse(const char *rule, const std::string &message) {
    throw Error(ErrorCode::forbidden,
                "separation of duties (rule " + std::string(rule) + "): " + message,
                "/principal/id");
}

}  // namespace

void require_not_self(const MethodContext &context, const std::string &subject_id, const char *rule,
                      const std::string &step) {
    // A self-recommendation is never a recommendation, whatever the policy.
    const bool always = std::string(rule) == kRuleNoSelfRecommendation;
    if ((always || enforced(context)) && context.principal().id == subject_id) {
        refuse(rule, subject_id + " may not " + step + "; someone else must");
    }
}

void require_panel_member(const MethodContext &context, const std::vector<std::string> &panel_ids) {
    const std::string &who = context.principal().id;
    if (enforced(context) &&
        std::find(panel_ids.begin(), panel_ids.end(), who) == panel_ids.end()) {
        refuse(kRuleRecorderOnPanel,
               who +
                   " is not on this interview's panel; a member of the panel records its "
                   "outcome");
    }
}

void require_independent_decider(MethodContext &context, const std::string &subject_id) {
    if (!enforced(context)) {
        return;
    }
    const std::string &who = context.principal().id;
    if (who == subject_id) {
        refuse(kRuleNoSelfDecision, who + " may not decide their own selection or deselection");
    }
    const auto chart = context.org_chart();
    const OrgChartIndex::Node decider = chart->find(who), subject = chart->find(subject_id);
    if (decider != OrgChartIndex::npos && subject != OrgChartIndex::npos &&
        chart->in_chain_of_command(decider, subject)) {
        refuse(kRuleDeciderOutsideChain,
               who + " is in " + subject_id +
                   "'s chain of command; the decision is made by someone outside it");
    }
}

}  // namespace psp
