// training_status.hpp: training status queries over the stored records, for the training
// methods, the maintenance task and the program workflows (selection asks whether initial
// training is complete; deselection asks who is lapsed).
//
// All run inside the caller's session (a read or the write transaction of a commit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/training_compliance.hpp"
#include "instance/agency_config.hpp"

namespace soci {
class session;
}

namespace psp {

class MethodContext;

// Initial training against policy.training.initial, over every record of the person.
InitialTrainingStatus initial_training_status(soci::session &sql, const AgencyConfig &config,
                                              const std::string &employee_id);

// One PSP's continuing-training status; nullopt when the person is not a PSP (program_members
// status active, on_leave or under_review).
std::optional<ComplianceStatus> psp_compliance(soci::session &sql, const AgencyConfig &config,
                                               const std::string &employee_id, int64_t now_ms);

// Where compliance_of_all_psps reads the minutes: the summary kept with the records (about
// ten rows a PSP), or every record (the reference, for tests and the benchmark's baseline).
enum class MinutesSource { summary, records };

// Every PSP's status, by employee id, in a few bulk queries (4,000 PSPs with ten years of
// records, see tests/bench/training_bench.cpp).
std::unordered_map<std::string, ComplianceStatus> compliance_of_all_psps(
    soci::session &sql, const AgencyConfig &config, int64_t now_ms,
    MinutesSource source = MinutesSource::summary);

// PSPs overdue past the grace period (status lapsed), sorted: the candidates for a
// deselection review on the grounds of failure to attend training (IACP 4.3).
std::vector<std::string> lapsed_psps(soci::session &sql, const AgencyConfig &config,
                                     int64_t now_ms);
std::vector<std::string> lapsed_psps(MethodContext &context, soci::session &sql);

}  // namespace psp
