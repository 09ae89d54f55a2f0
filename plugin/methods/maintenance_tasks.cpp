// maintenance_tasks.cpp: the list of periodic tasks. A feature with periodic work adds one line.
#include "methods/maintenance_task.hpp"
#include "methods/training_maintenance.hpp"

namespace psp {

const std::vector<MaintenanceTask> &maintenance_tasks() {
    static const std::vector<MaintenanceTask> tasks = {
        {"training", &run_training_maintenance},
    };
    return tasks;
}

}  // namespace psp
