// default_principals.hpp: who `psp-host call` acts as when no --principal is given: one named
// person of the generated agency per plugin role the host grants, so a forgotten --principal is
// said aloud instead of silently acting as the Chief.
#pragma once

#include <string>
#include <vector>

namespace psp::host_sim {

// The default person for the first of `host_roles`. Throws std::invalid_argument when there is
// none (no roles, or a role that is a person's own, such as employee or peer_supporter), saying
// to pass --principal.
std::string default_principal(const std::vector<std::string> &host_roles);

// "hr_admin E000002, auditor E000003, ...": for `generate` to print.
std::string default_principals_line();

}  // namespace psp::host_sim
