// involved_accounting.cpp: a person's standing from their assignments, latest first.
#include "plugin/services/involved_accounting.hpp"

#include "plugin/core/agency_calendar.hpp"

namespace psp {

int64_t check_in_due_ms(const Incident &incident, const ActivationPolicy &policy) {
    return incident.occurred_ms + int64_t{policy.check_in_hours} * kHourMs;
}

InvolvedStanding involved_standing(const std::string &employee_id,
                                   const std::vector<Assignment> &assignments, int64_t due_ms) {
    InvolvedStanding s;
    s.employee_id = employee_id;
    s.state = "uncovered";
    for (const Assignment &a : assignments) {
        if (a.employee_id != employee_id) {
            continue;
        }
        if (a.status == "checked_in") {
            s.state = "checked_in";
            s.last = a;
            s.checked_in_on_time = a.ended_ms <= due_ms;
            s.reassignment_reason.clear();
            return s;
        }
        if (!s.last || a.assignment_no > s.last->assignment_no) {
            s.last = a;
        }
    }
    if (!s.last) {
        return s;
    }
    if (s.last->open()) {
        s.state = "covered";
    } else if (s.last->status == "declined") {
        s.state = "declined";
    } else if (s.last->status == "released") {
        s.reassignment_reason = s.last->released_reason;
    }
    return s;
}

}  // namespace psp
