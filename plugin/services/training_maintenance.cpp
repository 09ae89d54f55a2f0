// training_maintenance.cpp: the "training" maintenance task: due-soon and overdue notices to the
// host, each once per PSP and period; a deselection review proposed to the coordinator for each
// PSP lapsed (overdue past the grace period); and the compliance snapshot team_pool reads.
#include "plugin/services/training_maintenance.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/services/training_status.hpp"
#include "plugin/storage/training_store.hpp"

namespace psp {

void run_training_maintenance(MethodContext &context, soci::session &sql,
                              MaintenanceOutcome &outcome) {
    const auto all = compliance_of_all_psps(sql, context.config(), context.now_ms());
    std::vector<std::string> ids;
    ids.reserve(all.size());
    for (const auto &entry : all) {
        ids.push_back(entry.first);
    }
    std::sort(ids.begin(), ids.end());  // notices in a stable order
    TrainingStore store(sql);
    std::vector<std::pair<std::string, std::string>> snapshot;
    snapshot.reserve(ids.size());
    for (const std::string &id : ids) {
        snapshot.emplace_back(id, std::string(compliance_state_name(all.at(id).state)));
    }
    store.save_states(snapshot, context.now_ms());
    int due_soon = 0, overdue = 0, lapsed = 0;
    for (const std::string &id : ids) {
        const ComplianceStatus &s = all.at(id);
        // Continuing-training notices do not apply before initial training is complete; the
        // member is simply not offered (team_pool) until it is.
        if (s.state == ComplianceState::compliant ||
            s.state == ComplianceState::initial_training_incomplete) {
            continue;
        }
        // Overdue past the grace period: the coordinator is told once a period that a review on
        // the grounds of failure to attend training is proposed (IACP 4.3).
        if (s.state == ComplianceState::lapsed &&
            store.record_notification(id, "deselection_proposed", s.period, context.now_ms())) {
            ++lapsed;
            outcome.notifications.push_back({{"kind", "deselection_proposed"},
                                             {"employee_id", id},
                                             {"grounds", "training_failure"}});
        }
        const bool late = s.state != ComplianceState::due_soon;
        const std::string kind = late ? "training_overdue" : "training_due_soon";
        if (!store.record_notification(id, kind, s.period, context.now_ms())) {
            continue;
        }
        (late ? overdue : due_soon) += 1;
        outcome.notifications.push_back(
            {{"kind", kind}, {"employee_id", id}, {"period", s.period}});
    }
    outcome.summary["training"] = {{"due_soon_notices", due_soon},
                                   {"overdue_notices", overdue},
                                   {"deselection_proposals", lapsed}};
}

}  // namespace psp
