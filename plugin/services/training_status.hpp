// training_status.hpp: training status queries over the stored records, for the training
// methods, the maintenance task and the program workflows (selection asks whether initial
// training is complete; deselection asks who is lapsed).
//
// All run inside the caller's session (a read or the write transaction of a commit).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "plugin/config/agency_config.hpp"
#include "plugin/domain/training_compliance.hpp"

namespace soci {
class session;
}

namespace psp {

class MethodContext;

// Initial training against policy.training.initial, over every record of the person.
InitialTrainingStatus initial_training_status(soci::session &sql, const AgencyConfig &config,
                                              const std::string &employee_id);

// The program members (active, on leave or under review) whose initial training is incomplete,
// or of `employee_id` alone when given (then whatever their status): THE fact that no PSP serves
// before initial training. training.compliance and training.overdue (through psp_compliance and
// compliance_of_all_psps), jurisdiction.eligibility and readiness.report (through the
// compliance state), roster.available, incident.proposals and coverage (through team_pool) all
// read it here, so they cannot disagree.
std::set<std::string> without_initial_training(soci::session &sql, const AgencyConfig &config,
                                               const std::string &employee_id = {});

// One PSP's continuing-training status (initial_training_incomplete first); nullopt when the person
// is not a PSP (program_members status active, on_leave or under_review).
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
