// training_maintenance.hpp: the "training" maintenance task (training_maintenance.cpp).
#pragma once

#include "plugin/services/maintenance_task.hpp"

namespace psp {

// Due-soon and overdue notices, once per PSP and period; counts in outcome.summary["training"].
void run_training_maintenance(MethodContext &context, soci::session &sql,
                              MaintenanceOutcome &outcome);

}  // namespace psp
