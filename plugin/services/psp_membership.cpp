// psp_membership.cpp: the principal's own status, read in the caller's session.
#include "plugin/services/psp_membership.hpp"

#include <soci/soci.h>

#include "plugin/core/error.hpp"
#include "plugin/storage/program_store.hpp"

namespace psp {

void require_psp_membership(MethodContext &context, soci::session &sql,
                            std::initializer_list<ProgramStatus> allowed,
                            const std::string &action) {
    const std::string &id = context.principal().id;
    const std::optional<ProgramMember> m = ProgramStore(sql).find(id);
    for (ProgramStatus status : allowed) {
        if (m && m->status == status) {
            return;
        }
    }
    std::string wanted;
    for (ProgramStatus status : allowed) {
        wanted += (wanted.empty() ? "" : " or ") + std::string(program_status_name(status));
    }
    // The caller's own status: theirs to know, and what they need to put it right.
    const std::string now =
        m ? "is " + std::string(program_status_name(m->status))
          : "is not a member of the peer support team (the host's peer_supporter role alone "
            "does not make one)";
    throw Error(ErrorCode::conflict,
                action + " needs a PSP whose team membership is " + wanted + "; " + id + " " + now,
                "/principal/id");
}

}  // namespace psp
