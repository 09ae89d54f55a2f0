// psp_membership.hpp: a PSP's actions need a membership of the team, not only the host's role
// (issue 20, item 7).
//
// The host grants peer_supporter from its own groups, which lag behind the program: a PSP who
// resigned, was deselected or never finished selection may still hold the role. Logging contacts,
// acting on assignments and declaring conflicts change the program's records and statistics, so
// they ask the program's own state who is a PSP now.
#pragma once

#include <initializer_list>
#include <string>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/domain/program_status.hpp"

namespace psp {

// PSP actions that keep a member's own records straight (declaring or withdrawing a conflict,
// reading their declarations): a member in any state (active, on leave or under review).
inline constexpr std::initializer_list<ProgramStatus> kAnyMembership = {
    ProgramStatus::active, ProgramStatus::on_leave, ProgramStatus::under_review};

// The principal's program status, which must be one of `allowed`; otherwise Error(conflict)
// saying what `action` ("logging a contact") needs and what the principal's status is.
void require_psp_membership(MethodContext &context, soci::session &sql,
                            std::initializer_list<ProgramStatus> allowed,
                            const std::string &action);

}  // namespace psp
