// transition_workload.hpp: a repeatable cycle of program state transitions on an active PSP, for
// the race and crash tests and the transitions/s benchmark (issue 7).
//
// Round r moves the PSP one step round a cycle of four that ends where it began:
//   r % 4 == 0  leave.start    (the PSP)           active       -> on_leave
//   r % 4 == 1  leave.end      (the PSP)           on_leave     -> active
//   r % 4 == 2  review.open    (the coordinator)   active       -> under_review
//   r % 4 == 3  review.decide  (the coordinator)   under_review -> active (retained)
// Two hosts sending the same round race for the same transition: one wins, the other finds the
// PSP already moved on and gets `conflict`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "host_sim/agency_generator.hpp"
#include "host_sim/agency_session.hpp"
#include "host_sim/plugin_call.hpp"

namespace psp::host_sim {

// Rounds in one cycle of the workload.
inline constexpr int64_t kTransitionCycle = 4;

// Round `round` on `psp_id` as `worker` sends it. The idempotency key is unique to (worker, PSP,
// round): a worker re-sending a round after a lost answer has its effect once, while two workers
// sending the same round are two different requests racing.
CallRequest transition_request(const std::string &worker, const std::string &psp_id, int64_t round);

// The event round `round` adds to the PSP's history (program.status), e.g. "leave_started".
std::string transition_event(int64_t round);

// The program status after rounds 0..rounds-1 from active.
std::string status_after_rounds(int64_t rounds);

// Who opens and decides the reviews and decides the selections: the agency's program coordinator,
// engaged from outside the department and so in nobody's chain of command (the chief, in every
// chain, may not decide a selection or a review under the default separation of duties).
inline constexpr const char *kWorkloadCoordinator = "COORD-1";

// Takes `count` employees of a freshly created workspace's agency through the real selection
// path to active (directory pull, clinicians, agreement, then each step for every candidate, all
// interviews before the first activation so the founding panels need no PSP). Returns their ids.
// Throws std::runtime_error naming the failed call.
std::vector<std::string> activate_psps(const AgencySession &session, const GeneratedAgency &agency,
                                       std::size_t count);

}  // namespace psp::host_sim
