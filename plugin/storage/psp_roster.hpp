// psp_roster.hpp: who is a PSP, since when, and their leaves, read from the program tables
// (program_members, leaves) for training compliance. Read-only: the selection, leave and
// deselection workflows own those tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/domain/training_compliance.hpp"

namespace soci {
class session;
}

namespace psp {

struct PspMember {
    std::string employee_id;
    std::string status;  // active, on_leave or under_review
    int64_t active_since_ms = 0;
    std::vector<LeaveInterval> leaves;
};

// Every PSP (program_members with status active, on_leave or under_review), by id.
std::vector<PspMember> load_psps(soci::session &sql);
std::optional<PspMember> find_psp(soci::session &sql, const std::string &employee_id);

}  // namespace psp
