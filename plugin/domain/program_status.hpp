// program_status.hpp: where a person stands in the peer support program, and the selection path.
//
// A person becomes an active PSP only by taking, in order, the steps of their path (IACP 4.1-4.2,
// 6.8): the full path for a first selection, a shortened one set by policy for reinstatement
// after deselection (4.3). While on a path, the status names the step awaited. Each cycle ends
// in "active" or in one of the closing statuses; a new application starts a new cycle.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "plugin/core/enum_table.hpp"

#include "plugin/policy/program_policy.hpp"

namespace psp {

enum class ProgramStatus {
    nominated,                 // nominated by someone else; becomes an application on acceptance
    awaiting_recommendations,  // applied
    awaiting_standing,
    awaiting_interview,
    awaiting_decision,
    awaiting_agreement,
    awaiting_training,
    active,
    on_leave,
    under_review,
    // Closing statuses of a cycle.
    nomination_declined,
    withdrawn,
    not_in_good_standing,
    not_suitable,
    declined,
    deselected,
    resigned,
};

inline constexpr auto kProgramStatusNames = enum_table<ProgramStatus>({
    {ProgramStatus::nominated, "nominated"},
    {ProgramStatus::awaiting_recommendations, "awaiting_recommendations"},
    {ProgramStatus::awaiting_standing, "awaiting_standing"},
    {ProgramStatus::awaiting_interview, "awaiting_interview"},
    {ProgramStatus::awaiting_decision, "awaiting_decision"},
    {ProgramStatus::awaiting_agreement, "awaiting_agreement"},
    {ProgramStatus::awaiting_training, "awaiting_training"},
    {ProgramStatus::active, "active"},
    {ProgramStatus::on_leave, "on_leave"},
    {ProgramStatus::under_review, "under_review"},
    {ProgramStatus::nomination_declined, "nomination_declined"},
    {ProgramStatus::withdrawn, "withdrawn"},
    {ProgramStatus::not_in_good_standing, "not_in_good_standing"},
    {ProgramStatus::not_suitable, "not_suitable"},
    {ProgramStatus::declined, "declined"},
    {ProgramStatus::deselected, "deselected"},
    {ProgramStatus::resigned, "resigned"},
});

inline std::string_view program_status_name(ProgramStatus status) {
    return kProgramStatusNames[status];
}
inline std::optional<ProgramStatus> parse_program_status(std::string_view name) {
    return kProgramStatusNames.parse(name);
}
const std::vector<std::string_view> &program_status_names();

// Still taking selection steps (a candidate may withdraw).
bool is_candidate(ProgramStatus status);
// A member of the team: active, on leave or under review.
bool is_member(ProgramStatus status);
// The cycle has ended; a new application may start another.
bool is_closed(ProgramStatus status);

// The status that awaits `step`.
ProgramStatus awaiting(SelectionStep step);

// The path's steps in order: every step for "full", the policy's for "reinstatement".
std::vector<SelectionStep> path_steps(std::string_view path, const SelectionPolicy &policy);

// The status after completing the step `status` awaits (or, for a new application, after
// applying: pass nullopt), on `path`: the next step's status, or active when none is left.
ProgramStatus status_after(std::optional<SelectionStep> completed, std::string_view path,
                           const SelectionPolicy &policy);

}  // namespace psp
