// involved_accounting.hpp: where each person involved in a critical incident stands, so nobody
// is left without a check-in (IACP 3.3; reference 001: within 24-72 hours of the incident).
//
// The window runs from the incident's time for everyone involved, assigned or not, so a person
// nobody was ever assigned to is as visible as one whose PSP is late. One reading of the
// assignments serves the coordinator's view (incident.status), the periodic notice
// (maintenance.run) and the counts taken when the incident closes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/policy/activation_policy.hpp"
#include "plugin/storage/activation_store.hpp"

namespace psp {

struct InvolvedStanding {
    std::string employee_id;
    // "checked_in", "covered" (an open assignment), "declined" (they declined their last PSP and
    // have no other yet) or "uncovered" (never assigned, or their PSP left the pool).
    std::string state;
    std::optional<Assignment> last;  // their latest assignment, if any
    // Set when their PSP left the pool (on_leave, resigned, under_review, deselected): the
    // coordinator should assign another.
    std::string reassignment_reason;
    bool checked_in_on_time = false;

    bool has_psp() const { return state == "covered" || state == "checked_in"; }
};

// When the check-in window closes for everyone involved in `incident`.
int64_t check_in_due_ms(const Incident &incident, const ActivationPolicy &policy);

// Where one employee stands, from the incident's assignments (any order, any employees).
InvolvedStanding involved_standing(const std::string &employee_id,
                                   const std::vector<Assignment> &assignments, int64_t due_ms);

}  // namespace psp
