// team_pool.hpp: the team as support can use it: every member and whether they may be offered
// to someone now (roster, coverage, activation and conflict checks all ask this one place).
#pragma once

#include <string>
#include <vector>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/program_status.hpp"

namespace psp {

struct PoolMember {
    std::string employee_id;
    ProgramStatus status = ProgramStatus::active;
    // Why they may not be offered now: "on_leave", "under_review", "agreement_not_signed",
    // "initial_training_incomplete" (as of now), "training_overdue" (as of the last
    // maintenance.run); empty when available.
    std::vector<std::string> unavailable;

    bool available() const { return unavailable.empty(); }
};

// Every member (active, on leave or under review), in id order. With `only_id`, that member alone
// (none when they are not a member): one pair's check need not read the whole team.
std::vector<PoolMember> team_pool(MethodContext &context, soci::session &sql,
                                  const std::string &only_id = {});

}  // namespace psp
