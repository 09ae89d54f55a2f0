// maintenance_task.hpp: periodic work the host drives through maintenance.run.
//
// The plugin starts no threads (DESIGN.md, ABI rule 7): overdue training, agreement lapses,
// planned returns from leave, check-ins due and purges happen when the host calls
// maintenance.run, typically every few minutes. Each task runs inside the run's one transaction
// and queues notifications, which are sent to the host only after the transaction commits, so a
// failed run sends nothing and a retried run (same idempotency key) sends nothing twice.
#pragma once

#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"

namespace soci {
class session;
}

namespace psp {

class MethodContext;
struct AuditAnchor;

// {"seq": n, "hash": "..."}: the anchor as maintenance.run and audit.verify hand it to the host.
Json audit_anchor_json(const AuditAnchor &anchor);

struct MaintenanceOutcome {
    Json summary = Json::object();    // task name -> what it did (counts only, nothing identifying)
    std::vector<Json> notifications;  // for the host's notify, in order
};

struct MaintenanceTask {
    std::string name;
    void (*run)(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome);
};

// Every task, in the order maintenance.run runs them.
const std::vector<MaintenanceTask> &maintenance_tasks();

}  // namespace psp
