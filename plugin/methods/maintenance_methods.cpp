// maintenance_methods.cpp: maintenance.run, the host's periodic call.
#include <soci/soci.h>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/methods/method_groups.hpp"
#include "plugin/services/maintenance_task.hpp"
#include "plugin/storage/audit_log.hpp"

namespace psp {
namespace {

constexpr RoleSet kMaintenanceCallers = {Role::it_admin};

Json maintenance_run(MethodContext &context, const Json & /*params*/) {
    MaintenanceOutcome outcome;
    Json result = context.commit([&](soci::session &sql) {
        for (const MaintenanceTask &task : maintenance_tasks()) {
            task.run(context, sql, outcome);
        }
        // The chain's head before this run's own entry: the host keeps it outside the
        // database and hands it to audit.verify (docs/integration.md, "The audit anchor").
        // Entries staged by other writers are chained first, so the anchor covers them.
        AuditLog(sql).chain_staged();
        return Json{{"tasks", outcome.summary},
                    {"notifications_sent", outcome.notifications.size()},
                    {"audit_anchor", audit_anchor_json(AuditLog(sql).head())}};
    });
    // Only after the commit, and never on a replay (outcome is then empty).
    for (const Json &notification : outcome.notifications) {
        context.host().notify(to_json_text(notification));
    }
    // What a purge deleted (overwritten in place: secure_delete) also leaves the write-ahead
    // log, so a copy of the folder taken from now on holds none of it.
    context.truncate_wal();
    return result;
}

}  // namespace

void add_maintenance_methods(MethodCatalog &catalog) {
    catalog.add({
        .name = "maintenance.run",
        .summary = "The host's periodic call (every few minutes): overdue training, agreement "
                   "lapses, planned returns from leave, check-ins due and purges. Write: give each "
                   "run its own idempotency key; a retried run does nothing twice.",
        .roles = kMaintenanceCallers,
        .writes = true,
        .handler = &maintenance_run,
    });
}

}  // namespace psp
