// maintenance_methods.cpp: maintenance.run, the host's periodic call.
#include <soci/soci.h>

#include "dispatch/method_context.hpp"
#include "methods/maintenance_task.hpp"
#include "methods/method_groups.hpp"

namespace psp {
namespace {

constexpr RoleSet kMaintenanceCallers = {Role::it_admin};

Json maintenance_run(MethodContext &context, const Json & /*params*/) {
    MaintenanceOutcome outcome;
    Json result = context.commit([&](soci::session &sql) {
        for (const MaintenanceTask &task : maintenance_tasks()) {
            task.run(context, sql, outcome);
        }
        return Json{{"tasks", outcome.summary},
                    {"notifications_sent", outcome.notifications.size()}};
    });
    // Only after the commit, and never on a replay (outcome is then empty).
    for (const Json &notification : outcome.notifications) {
        context.host().notify(to_json_text(notification));
    }
    return result;
}

}  // namespace

void add_maintenance_methods(MethodCatalog &catalog) {
    catalog.add({"maintenance.run",
                 "The host's periodic call (every few minutes): overdue training, agreement "
                 "lapses, planned returns from leave, check-ins due and purges. Write: give each "
                 "run its own idempotency key; a retried run does nothing twice.",
                 kMaintenanceCallers, true, object_schema(Json::object()),
                 object_schema({{"tasks", {{"type", "object"}}},
                                {"notifications_sent", {{"type", "integer"}, {"minimum", 0}}}},
                               {"tasks", "notifications_sent"}),
                 &maintenance_run});
}

}  // namespace psp
