// data_scopes.hpp: the host data scopes the plugin asks for, and those it never asks for.
//
// The manifest publishes both lists; the host grants only the first; HostServices::fetch refuses
// to ask for anything outside it, so no code path can reach the forbidden scopes (IACP 3.10).
#pragma once

#include <string_view>

namespace psp {

inline constexpr std::string_view kRequestedScopes[] = {"directory"};

// Forbidden scopes: the disciplinary firewall. Never requested, never accepted.
// clang-format off
inline constexpr std::string_view kForbiddenScopes[] = {"discipline", "internal_affairs", "complaints", "investigations", "grievances"};
// clang-format on

inline bool is_requested_scope(std::string_view scope) {
    for (std::string_view s : kRequestedScopes) {
        if (s == scope) {
            return true;
        }
    }
    return false;
}

}  // namespace psp
