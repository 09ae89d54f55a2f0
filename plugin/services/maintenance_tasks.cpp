// maintenance_tasks.cpp: the list of periodic tasks. A feature with periodic work adds one line.
#include "plugin/services/maintenance_task.hpp"
#include "plugin/services/training_maintenance.hpp"

namespace psp {

void run_leave_returns(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome);
void run_check_ins_overdue(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome);
void run_window_passed_uncovered(MethodContext &context, soci::session &sql,
                                 MaintenanceOutcome &outcome);
void run_activation_purge(MethodContext &context, soci::session &sql, MaintenanceOutcome &outcome);
void run_confidential_quarters(MethodContext &context, soci::session &sql,
                               MaintenanceOutcome &outcome);

const std::vector<MaintenanceTask> &maintenance_tasks() {
    static const std::vector<MaintenanceTask> tasks = {
        {"leave_returns", &run_leave_returns},
        {"training", &run_training_maintenance},
        {"check_ins_overdue", &run_check_ins_overdue},
        {"window_passed_uncovered", &run_window_passed_uncovered},
        {"activation_purge", &run_activation_purge},
        {"confidential_quarters", &run_confidential_quarters},
    };
    return tasks;
}

}  // namespace psp
