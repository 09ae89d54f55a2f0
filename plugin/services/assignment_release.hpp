// assignment_release.hpp: a PSP who leaves the pool (leave of absence, resignation, a deselection
// review opened or decided, IACP 4.3-4.4) gives up their open assignments at once: each is
// released (status "released", with the reason) so the person they supported shows as uncovered
// and flagged for reassignment in incident.status, and the coordinator is told.
#pragma once

#include <string>
#include <vector>

#include "plugin/core/json_text.hpp"

namespace soci {
class session;
}

namespace psp {

class MethodContext;

// Inside the caller's transaction: releases every open assignment of `psp_id` in open incidents
// with `reason` ("on_leave", "resigned", "under_review", "deselected") and returns the
// coordinator's notifications to send after the commit: one per incident, naming nobody (the
// reason stays in incident.status, not in a notification channel).
std::vector<Json> release_open_assignments(MethodContext &context, soci::session &sql,
                                           const std::string &psp_id, const std::string &reason);

// Sends `notifications` through the host's notify (after the commit that queued them).
void send_notifications(const MethodContext &context, const std::vector<Json> &notifications);

}  // namespace psp
