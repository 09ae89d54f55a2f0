// need_to_know.cpp: one refusal for whatever keeps a step from a third party.
#include "plugin/services/need_to_know.hpp"

#include "plugin/core/error.hpp"
#include "plugin/services/program_steps.hpp"

namespace psp {

bool sees_program_records(const MethodContext &context) {
    return context.roles().intersects({Role::coordinator, Role::hr_admin});
}

ProgramMember require_member_for_step(const MethodContext &context, ProgramStore &store,
                                      const std::string &id,
                                      std::initializer_list<ProgramStatus> allowed,
                                      const std::string &action) {
    if (sees_program_records(context) || context.principal().id == id) {
        ProgramMember m = require_member(store, id);
        require_status(m, allowed, action);
        return m;
    }
    std::optional<ProgramMember> m = store.find(id);
    bool fits = false;
    for (ProgramStatus status : allowed) {
        fits = fits || (m && m->status == status);
    }
    if (!fits) {
        // The same words whether they never applied, are further along, or were turned down.
        throw Error(
            ErrorCode::conflict,
            action + " for " + id + " is not possible now; the program coordinator can say why",
            "/params/employee_id", {id});
    }
    return *m;
}

Json member_json_for(const MethodContext &context, const ProgramMember &member) {
    if (sees_program_records(context) || context.principal().id == member.employee_id) {
        return member_json(member);
    }
    return {{"employee_id", member.employee_id}, {"status", program_status_name(member.status)}};
}

}  // namespace psp
