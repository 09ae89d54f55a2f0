// need_to_know.hpp: what an answer may tell a caller about someone else (issue 20, item 2).
//
// The role matrix says who may call a method; it does not make everything the method could say
// about a third party theirs to know. The coordinator runs the program and HR administers it:
// they see anyone's program records. Everyone else (an employee recommending or nominating a
// colleague, a clinician recording an interview) learns only whether the step they take is
// possible, never the other person's status, history or why not: a status such as
// not_in_good_standing, under_review or deselected, or a path of reinstatement, is exactly what
// IACP 4.3-4.4 keep between the person and the program.
#pragma once

#include <initializer_list>
#include <string>

#include "plugin/dispatch/method_context.hpp"
#include "plugin/storage/program_store.hpp"

namespace psp {

// The coordinator or HR: may see anyone's program status and history.
bool sees_program_records(const MethodContext &context);

// The member `id` on whom the principal takes a step (`action`, as in "a recommendation"),
// in one of `allowed`. A caller who sees program records, or who is `id`, gets the usual errors
// (never applied: not_found; wrong status: conflict naming it). Anyone else gets one error
// whatever the reason: Error(conflict) saying the step is not possible for `id` now.
ProgramMember require_member_for_step(const MethodContext &context, ProgramStore &store,
                                      const std::string &id,
                                      std::initializer_list<ProgramStatus> allowed,
                                      const std::string &action);

// member_json for a caller who sees program records or is the member; for anyone else only
// {"employee_id", "status"}: not the path (a reinstatement says they were deselected), the cycle
// (a second cycle says an earlier one ended) or since when.
Json member_json_for(const MethodContext &context, const ProgramMember &member);

}  // namespace psp
